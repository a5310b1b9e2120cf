"""What the runbook has learnt so far: facts read from evidence and the findings they support.

Everything here is derived from compressed evidence text; nothing reads the cluster or an answer
key. A `Finding` is one suspected root cause with its RCA labels and the fix template filled in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Finding", "Notes"]


@dataclass(frozen=True)
class Finding:
    """A suspected root cause. Lower `priority` wins when several are found. ``means`` (from
    guidance) gives the submission per task outright; ``verify`` adds reads after its fix."""

    rule: str
    service: str
    system_level: str
    fault_type: str
    detail: str
    priority: int
    fix: tuple[str, ...] = ()
    means: dict[str, Any] | None = field(default=None, compare=False)
    verify: tuple[str, ...] = ()


@dataclass
class Notes:
    """The runbook's memory across iterations (the runtime only shows it the last evidence)."""

    namespace: str
    task: str
    ran: set[str] = field(default_factory=set)
    facts: dict[str, Any] = field(default_factory=dict)
    findings: dict[str, Finding] = field(default_factory=dict)

    def add(self, finding: Finding) -> None:
        self.findings[f"{finding.rule}:{finding.service}"] = finding

    def fact(self, key: str, default: Any) -> Any:
        """The fact under ``key``, created from ``default`` on first use."""
        return self.facts.setdefault(key, default)
