"""`Incident`: a live incident described in free text, which the runtime runs like a problem but never scores.

On a real cluster an on-call engineer has a symptom, not an AIOpsLab problem id: "checkout is
slow since the last deploy". An `Incident` carries that text, the namespace to look at and the
task to perform, and offers the attributes the episode and the runtime read from a `Problem`
(``id``, ``task``, ``namespace``; ``app``, ``split``, ``fault`` and ``answer`` are None). There is
no answer key, so `evaluate` returns `oracles.unscored` for it: the submission as it was given.
"""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .models import TaskType

__all__ = ["Incident"]


class Incident(BaseModel):
    """A free-text incident in one namespace, investigated as one of AIOpsLab's four tasks."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    description: str = Field(description="the user's account of the incident, shown to the agent as given")
    namespace: str = Field(description="the Kubernetes namespace the incident is in")
    task: TaskType = Field(TaskType.LOCALIZATION, description="what the agent should deliver")

    app: None = None
    split: None = None
    fault: None = None
    answer: None = None

    @field_validator("description", "namespace")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    @property
    def id(self) -> str:
        """``incident-<task>-<8 hex digits of the text and namespace>``: stable for the same report."""
        digest = hashlib.sha256(f"{self.namespace}\n{self.description}".encode()).hexdigest()[:8]
        return f"incident-{self.task.value}-{digest}"

    def __hash__(self) -> int:
        return hash(self.id)

