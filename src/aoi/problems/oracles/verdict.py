"""What an oracle returns: AIOpsLab's result keys plus AOI's strict verdict beside them.

`Evaluation.results` holds exactly the keys AIOpsLab's `eval` writes for the task (without the
timing and token keys, which the episode adds), so a result JSON stays comparable with AIOpsLab's.
`StrictVerdict` is AOI's own judgement, which closes the oracles' known blind spots; it never
changes `results`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["Evaluation", "StrictVerdict"]


class StrictVerdict(BaseModel):
    """AOI's strict judgement: `success`, and when it fails, one human-readable reason per defect."""

    model_config = ConfigDict(frozen=True)

    success: bool
    reasons: list[str] = []

    @classmethod
    def from_reasons(cls, reasons: list[str]) -> StrictVerdict:
        """Success exactly when no defect was found."""
        return cls(success=not reasons, reasons=reasons)


class Evaluation(BaseModel):
    """The outcome of scoring one submission against one problem."""

    model_config = ConfigDict(frozen=True)

    results: dict[str, Any]
    strict: StrictVerdict

    @property
    def success(self) -> bool:
        """AIOpsLab's verdict: detection "Correct", otherwise the ``success`` key."""
        if "Detection Accuracy" in self.results:
            return self.results["Detection Accuracy"] == "Correct"
        return bool(self.results.get("success", False))

    def as_results(self) -> dict[str, Any]:
        """AIOpsLab's result keys followed by ``strict_success`` and ``strict_reasons``."""
        return {
            **self.results,
            "strict_success": self.strict.success,
            "strict_reasons": list(self.strict.reasons),
        }
