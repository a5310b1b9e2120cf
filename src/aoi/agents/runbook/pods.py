"""Pods, deployments and events: crash loops, zero replicas, restart counts, Warning events.

Survey: ``kubectl get pods``, ``get deploy``, ``get events --sort-by=.lastTimestamp``. A
crash-looping or restarting deployment gets its logs read (`mongo` and `logs` interpret them);
a deployment scaled to 0/0 is an operation error with the fix ``kubectl scale --replicas=1``.
A crash with no better explanation stays a low-priority finding on the crashing deployment.
"""

from __future__ import annotations

import re

from .check import Check, deployment_of
from .evidence_parsing import Block, rows
from .notes import Finding, Notes

__all__ = ["PODS"]

_FRACTION = re.compile(r"^(\d+)/(\d+)$")


def _survey(notes: Notes) -> list[str]:
    ns = notes.namespace
    return [f"kubectl get pods -n {ns}", f"kubectl get deploy -n {ns}",
            f"kubectl get events -n {ns} --sort-by=.lastTimestamp"]


def _read(block: Block, notes: Notes) -> None:
    cmd = block.command
    if cmd.startswith("kubectl get pods -n") and "-o" not in cmd.split():
        _read_pods(block, notes)
    elif cmd.startswith("kubectl get deploy -n") and "-o" not in cmd.split():
        _read_deploy(block, notes)
    elif cmd.startswith("kubectl get events"):
        for row in rows(block.lines):
            if row.get("TYPE") == "Warning":
                notes.fact("warnings", []).append(row)


def _read_pods(block: Block, notes: Notes) -> None:
    unhealthy = notes.fact("unhealthy", {})
    unhealthy.clear()
    notes.facts["pods_healthy"] = not block.failed and not rows(block.lines)
    for row in rows(block.lines):
        status = row.get("STATUS", "")
        restarts = row.get("RESTARTS", "0").split(" ", 1)[0]
        if status in ("Completed", "Succeeded"):
            continue
        unhealthy[row.get("NAME", "")] = (status, restarts)
        if status in ("CrashLoopBackOff", "Error") or (status == "Running" and restarts not in ("0", "")):
            notes.fact("crashing", set()).add(deployment_of(row.get("NAME", "")))
        if status == "Pending":
            notes.fact("pending", set()).add(deployment_of(row.get("NAME", "")))


def _read_deploy(block: Block, notes: Notes) -> None:
    names = notes.fact("deployments", set())
    summary_count = re.match(r"(\d+) deployments", block.summary)
    notes.facts["deploys_healthy"] = bool(summary_count) and ", 0 not" in block.summary
    for row in rows(block.lines):
        name, ready = row.get("NAME", ""), _FRACTION.match(row.get("READY", ""))
        names.add(name)
        if ready and ready.group(2) == "0":
            notes.add(Finding(
                "zero_replicas", name, "Virtualization", "Operation Error",
                f"deployment {name} is scaled to 0 replicas", 30,
                (f"kubectl scale deployment {name} -n {notes.namespace} --replicas=1",),
            ))


def _follow_ups(notes: Notes) -> list[str]:
    ns = notes.namespace
    crashing = sorted(notes.facts.get("crashing", set()))[:4]
    return [f"kubectl logs deploy/{name} -n {ns} --tail=30" for name in crashing]


PODS = Check("pods", _survey, _read, _follow_ups)


def crash_findings(notes: Notes) -> None:
    """A crash nothing else explains: localise it to the crashing deployment, restart as the fix."""
    for name in sorted(notes.facts.get("crashing", set())):
        notes.add(Finding(
            "crash", name, "Application", "Code Defect", f"deployment {name} is crash-looping or restarting",
            90, (f"kubectl rollout restart deployment {name} -n {notes.namespace}",),
        ))
