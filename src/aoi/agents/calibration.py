"""Calibration Observers: the floor a real agent must beat. They only submit; they never diagnose.

* `AlwaysYesObserver` (``always-yes``) submits at its first iteration, the same answer for every
  problem of a task type: detection ``"Yes"``, localization ``[]``, analysis ``{}``, mitigation
  ``submit()``. On AIOpsLab's detection oracle it scores 31 of 34 (only the three noop problems
  expect ``"No"``); localization and analysis are always wrong; mitigation scores whatever the
  cluster's state already is (a fault that heals on its own passes).
* `RandomObserver` (``random``) draws, from ``random.Random(seed)``, one answer of a valid shape:
  detection ``"Yes"`` or ``"No"``; localization one service name listed by ``kubectl get svc`` (it
  probes once and reads the names from the compressed evidence, never raw output; ``[]`` when no
  service is listed, e.g. Flower's docker namespace); analysis a (system level, fault type) pair
  from AIOpsLab's RCA taxonomy; mitigation ``submit()``. The same seed gives the same answers.

Both are ordinary Observers, so the runtime records their trajectories like any other agent's.
"""

from __future__ import annotations

import random
from typing import Any

from .contracts import NextAction, ObserverContext, ObserverDecision, Phase, ProbeRequest

__all__ = ["FAULT_TYPES", "SYSTEM_LEVELS", "AlwaysYesObserver", "RandomObserver", "service_names"]

# AIOpsLab's RCA taxonomy, as its analysis task lists it to agents
# (aiopslab/orchestrator/tasks/analysis.py; the same lists are in aoi/env/prompts.yaml).
SYSTEM_LEVELS = ("Hardware", "Operating System", "Virtualization", "Application")
FAULT_TYPES = (
    "Misconfiguration", "Code Defect", "Authentication Issue", "Network/Storage Issue", "Operation Error",
    "Dependency Problem",
)  # fmt: skip

_ALWAYS: dict[str, Any] = {"detection": "Yes", "localization": [], "analysis": {}, "mitigation": None}


def _submit(submission: Any, hypothesis: str) -> ObserverDecision:
    return ObserverDecision(phase=Phase.SUBMIT, hypothesis=hypothesis, confidence=0,
                            next_action=NextAction.SUBMIT, submission=submission)


class AlwaysYesObserver:
    """Submits the fixed answer of the task type (see the module docstring) at once."""

    def decide(self, context: ObserverContext) -> ObserverDecision:
        return _submit(_ALWAYS[context.task], "calibration: the fixed answer, without looking")


class RandomObserver:
    """Submits a random answer of a valid shape, drawn from ``random.Random(seed)``."""

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.reset()

    def reset(self) -> None:
        self._rng = random.Random(self.seed)

    def decide(self, context: ObserverContext) -> ObserverDecision:
        rng = self._rng
        if context.task == "detection":
            return _submit(rng.choice(("Yes", "No")), "calibration: a coin toss")
        if context.task == "analysis":
            pair = {"system_level": rng.choice(SYSTEM_LEVELS), "fault_type": rng.choice(FAULT_TYPES)}
            return _submit(pair, "calibration: a random RCA pair")
        if context.task == "localization":
            if not context.recent:
                command = f"kubectl get svc -n {context.namespace}"
                return ObserverDecision(phase=Phase.SURVEY, hypothesis="calibration: list the services",
                                        confidence=0, next_action=NextAction.PROBE,
                                        probe=ProbeRequest(goal="list the services", commands=(command,)))
            names = service_names(context.recent[-1].evidence)
            return _submit([rng.choice(names)] if names else [], "calibration: a random service")
        return _submit(None, "calibration: submit without acting")


def service_names(evidence: str) -> list[str]:
    """Service names in the compressed evidence of ``kubectl get svc`` (a table under a NAME header)."""
    names: list[str] = []
    in_table = False
    for line in evidence.splitlines():
        words = line.split()
        if not words:
            continue
        if words[0] == "NAME":
            in_table = True
        elif in_table and line.startswith(" "):
            names.append(words[0])
        else:
            in_table = False
    return names
