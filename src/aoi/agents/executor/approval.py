"""Approval of write orders: ``auto`` runs them, ``ask`` asks a person, ``deny`` is a dry run.

``ask`` calls an injectable ``confirm(prompt) -> bool`` (a rich ``Confirm`` on the terminal by
default), once per order, showing every command of the order: as in kubectl-ai, one write in a
batch gates the whole batch (peers.md §5). ``deny`` never runs a write; the Executor reports what
would have run, which makes every run of an agent safe to try on a real cluster.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Approval", "ApprovalMode", "Confirm", "rich_confirm"]

Confirm = Callable[[str], bool]
"""Asks a person one yes/no question; True means go ahead."""


class ApprovalMode(StrEnum):
    AUTO = "auto"  # run approved-by-policy writes without asking
    ASK = "ask"  # ask a person before each order
    DENY = "deny"  # dry run: report what would run, run nothing


def rich_confirm(prompt: str) -> bool:
    """Ask on the terminal (default No)."""
    from rich.prompt import Confirm as RichConfirm

    return RichConfirm.ask(prompt, default=False)


@dataclass(frozen=True)
class Approval:
    """The approval policy of one run; `decide` answers (allowed, how it was decided)."""

    mode: ApprovalMode = ApprovalMode.AUTO
    confirm: Confirm = rich_confirm

    @classmethod
    def of(cls, mode: str | ApprovalMode, confirm: Confirm | None = None) -> Approval:
        """An `Approval` from a mode name; an unknown name raises ValueError listing the valid ones."""
        try:
            chosen = ApprovalMode(mode)
        except ValueError:
            valid = ", ".join(m.value for m in ApprovalMode)
            raise ValueError(f"unknown approval mode {mode!r}; expected one of: {valid}") from None
        return cls(chosen, confirm or rich_confirm)

    def decide(self, summary: str, commands: tuple[str, ...]) -> tuple[bool, str]:
        """Whether the order may run, and the audit word for the decision."""
        if self.mode is ApprovalMode.AUTO:
            return True, "auto"
        if self.mode is ApprovalMode.DENY:
            return False, "dry-run"
        prompt = "\n".join([f"The Executor wants to {summary}:", *(f"  $ {c}" for c in commands), "Run it?"])
        return (True, "approved") if self.confirm(prompt) else (False, "rejected")
