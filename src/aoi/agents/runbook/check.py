"""The shape every check family shares: commands to run, a reader for their evidence, follow-ups.

A check is three plain functions over `Notes`, so families stay independent modules:

* ``survey(notes)``: read-only commands for the wide scan (may depend on what the first scan saw);
* ``read(block, notes)``: update facts and findings from one command's evidence (ignore others);
* ``follow_ups(notes)``: targeted read-only commands that the facts so far call for;
* ``judge(notes)`` (optional): turn facts gathered by several reads into findings, run before
  every diagnosis so that the order in which evidence arrived does not matter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .evidence_parsing import Block
from .notes import Notes

__all__ = ["Check", "deployment_of"]


@dataclass(frozen=True)
class Check:
    name: str
    survey: Callable[[Notes], list[str]]
    read: Callable[[Block, Notes], None]
    follow_ups: Callable[[Notes], list[str]]
    judge: Callable[[Notes], None] | None = None


def deployment_of(pod: str) -> str:
    """``user-service-4rtpxh448j-kmj67`` -> ``user-service`` (ReplicaSet hash and pod suffix cut)."""
    name = pod.split("/", 1)[-1]
    parts = name.rsplit("-", 2)
    return parts[0] if len(parts) == 3 else name
