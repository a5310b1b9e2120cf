"""Chaos Mesh experiments in the namespace: PodChaos and NetworkChaos objects.

Any experiment object is an injected fault; its label selector names the service it hits
(``io.kompose.service: user``). The fix deletes the experiments, which ends them.
"""

from __future__ import annotations

import re

from .check import Check
from .evidence_parsing import Block, rows
from .notes import Finding, Notes

__all__ = ["CHAOS"]

_KINDS = "podchaos,networkchaos"
_SELECTOR = re.compile(r'"labelSelectors":\{"[^"]+":"([\w.-]+)"')
_ACTION = re.compile(r"spec\.action: ([\w-]+)")


def _read(block: Block, notes: Notes) -> None:
    ns = notes.namespace
    if block.command == f"kubectl get {_KINDS} -n {ns}":
        notes.facts["chaos"] = [r.get("NAME", "") for r in rows(block.lines)]
    elif block.command == f"kubectl get {_KINDS} -n {ns} -o yaml":
        actions = _ACTION.findall(block.text)
        for index, target in enumerate(_SELECTOR.findall(block.text)):
            action = actions[index] if index < len(actions) else "chaos"
            notes.add(Finding(
                "chaos", target, "Virtualization", "Operation Error",
                f"Chaos Mesh {action} experiment selects {target}", 10,
                (f"kubectl delete {_KINDS} --all -n {ns}",),
            ))


def _follow_ups(notes: Notes) -> list[str]:
    return [f"kubectl get {_KINDS} -n {notes.namespace} -o yaml"] if notes.facts.get("chaos") else []


CHAOS = Check("chaos", lambda notes: [f"kubectl get {_KINDS} -n {notes.namespace}"], _read, _follow_ups)
