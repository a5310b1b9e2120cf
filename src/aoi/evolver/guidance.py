"""Guidance entries: what a repaired failure teaches, in a form both Observers can use.

An entry says: when the evidence shows this symptom, check this next, here is what the answer
means, and here is the fix. The LLM Observer reads `GuidanceEntry.render()` as prose; the runbook
Observer reads the same line structurally (`parse_rendered`), so one library serves both.
Every entry comes from a repair that was validated by executing it in a fresh twin.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["PATTERNS", "GuidanceEntry", "parse_rendered"]

#: The AOI paper's failure patterns (reference/aoi-paper.md §5).
PATTERNS: dict[str, str] = {
    "A": "no resolution",
    "B": "incomplete diagnosis",
    "C": "wrong diagnostic path",
    "D": "missing verification",
    "E": "premature termination",
    "F": "wrong fix",
}

_PREFIX = "[guidance]"
_FIELD = re.compile(r"(\w+)=(\{.*?\}|\S+)")


class GuidanceEntry(BaseModel):
    """One lesson. ``symptom`` holds words that appear in compressed evidence when it applies;
    ``check`` is a read command template (``{namespace}``, ``{target}`` placeholders);
    ``means`` the conclusion per task type (the submit value, e.g. ``{"localization": ["{target}"]}``);
    ``fix`` the write command templates for mitigation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    family: str
    pattern: str = Field(pattern="^[A-F]$")
    symptom: tuple[str, ...]
    check: tuple[str, ...] = ()
    means: dict[str, Any] = Field(default_factory=dict)
    fix: tuple[str, ...] = ()
    verify: tuple[str, ...] = ()
    note: str = ""
    source: str = Field(description="the problem id whose validated repair produced this entry")

    def render(self) -> str:
        """One line for the Observer's context: readable prose that is also machine-parseable."""
        import json

        payload = {"symptom": list(self.symptom), "check": list(self.check), "means": self.means,
                   "fix": list(self.fix), "verify": list(self.verify)}
        return f"{_PREFIX} id={self.id} family={self.family} pattern={self.pattern} {json.dumps(payload)}" + (
            f" -- {self.note}" if self.note else "")


def parse_rendered(line: str) -> dict[str, Any] | None:
    """The structured content of a rendered entry, or None if ``line`` is not one."""
    import json

    if not line.startswith(_PREFIX):
        return None
    head, brace, rest = line.partition(" {")
    if not brace:
        return None
    body = "{" + rest.split(" -- ", 1)[0]
    try:
        payload = json.loads(body)
    except ValueError:
        return None
    fields = dict(_FIELD.findall(head))
    return {**fields, **payload}
