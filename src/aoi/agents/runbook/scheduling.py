"""Scheduling: Pending pods whose FailedScheduling event says no node matches their selector.

The event names the pod; the follow-ups read the deployment's nodeSelector and the node names.
A selector on ``kubernetes.io/hostname`` (or any label) that no node carries is a
Virtualization / Dependency Problem; the fix removes the nodeSelector from the pod template.
"""

from __future__ import annotations

import json
import re

from .check import Check, deployment_of
from .evidence_parsing import Block
from .notes import Finding, Notes

__all__ = ["SCHEDULING"]

_SELECTOR = "jsonpath={.spec.template.spec.nodeSelector}"
_NODES = "kubectl get nodes -o custom-columns=NAME:.metadata.name"
_PAIR = re.compile(r'"?([\w./-]+)"?\s*:\s*"?([\w./-]+)"?')


def _unschedulable(notes: Notes) -> set[str]:
    found = set()
    for event in notes.facts.get("warnings", []):
        message = event.get("MESSAGE", "")
        if event.get("REASON") == "FailedScheduling" and ("affinity/selector" in message or "node(s) didn't match" in message):
            found.add(deployment_of(event.get("OBJECT", "")))
    return found


def _read(block: Block, notes: Notes) -> None:
    if block.command == _NODES:
        names = [line.strip() for line in block.lines] or [block.summary]
        notes.facts["nodes"] = {n for n in names if n and n != "NAME" and " " not in n}
    elif _SELECTOR in block.command:
        name = block.command.split("deploy/", 1)[-1].split()[0]
        pairs = dict(_PAIR.findall("\n".join(block.lines)))
        if pairs:
            notes.fact("node_selectors", {})[name] = pairs
    else:
        return
    nodes = notes.facts.get("nodes")
    if not nodes:
        return
    for name, pairs in notes.facts.get("node_selectors", {}).items():
        host = pairs.get("kubernetes.io/hostname")
        if host is not None and host in nodes:
            continue
        patch = json.dumps([{"op": "remove", "path": "/spec/template/spec/nodeSelector"}])
        notes.add(Finding(
            "node_selector", name, "Virtualization", "Dependency Problem",
            f"deployment {name} selects nodes {pairs}, which no node matches", 30,
            (f"kubectl patch deployment {name} -n {notes.namespace} --type=json -p '{patch}'",),
        ))


def _follow_ups(notes: Notes) -> list[str]:
    names = sorted(_unschedulable(notes))
    if not names:
        return []
    ns = notes.namespace
    return [_NODES, *(f"kubectl get deploy/{n} -n {ns} -o '{_SELECTOR}'" for n in names[:3])]


SCHEDULING = Check("scheduling", lambda notes: [], _read, _follow_ups)
