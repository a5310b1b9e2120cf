"""Storage: PersistentVolumeClaims that stay Pending while their old volumes sit Released.

Survey: ``kubectl get pvc``. Pending claims bring ``kubectl get pv``: volumes Released by a
deleted namespace keep a stale claimRef, so the recreated claims cannot bind. That is the
redeploy-without-PV operation error (Virtualization / Operation Error); the fix clears the
claimRef of each Released volume and recreates the namespace's pods.
"""

from __future__ import annotations

import json

from .check import Check
from .evidence_parsing import Block, rows
from .notes import Finding, Notes

__all__ = ["STORAGE"]

_PV = "kubectl get pv"


def _read(block: Block, notes: Notes) -> None:
    if block.command.startswith("kubectl get pvc -n"):
        notes.facts["pending_claims"] = [r["NAME"] for r in rows(block.lines) if r.get("STATUS") == "Pending"]
    elif block.command == _PV:
        notes.facts["released"] = [
            r["NAME"] for r in rows(block.lines)
            if r.get("STATUS") == "Released" and r.get("CLAIM", "").startswith(f"{notes.namespace}/")
        ]
    else:
        return
    claims, released = notes.facts.get("pending_claims"), notes.facts.get("released")
    if claims and released:
        patch = json.dumps({"spec": {"claimRef": None}})
        ns = notes.namespace
        fix = tuple(f"kubectl patch pv {pv} -p '{patch}'" for pv in released)
        notes.add(Finding(
            "unbound_claims", claims[0].removesuffix("-pvc"), "Virtualization", "Operation Error",
            f"claims {', '.join(claims)} Pending while volumes {', '.join(released)} are Released", 20,
            (*fix, f"kubectl delete pods --all -n {ns}"),
        ))


def _follow_ups(notes: Notes) -> list[str]:
    return [_PV] if notes.facts.get("pending_claims") else []


STORAGE = Check("storage", lambda notes: [f"kubectl get pvc -n {notes.namespace}"], _read, _follow_ups)
