"""`RunbookObserver`: the SRE procedure, stage by stage, with no LLM.

1. survey: pods, deployments, events and claims (``docker ps -a`` for Flower);
2. investigate: service ports, images and commands, chaos objects, flags, TLS, a log scan;
3. follow-ups that the facts call for (crash logs, mongo users, node selectors, volumes);
4. diagnose: the lowest-priority finding; submit, or for mitigation order its fix, verify the
   namespace turned healthy (re-reading a few times while pods restart), then ``submit()``.

Commands go out at most `BATCH` per probe so each iteration's evidence stays well inside the
Observer's context budget. Findings live in `Notes`, built only from the evidence text.
"""

from __future__ import annotations

from aoi.agents.contracts import NextAction, ObserverContext, ObserverDecision, Phase, ProbeRequest

from .chaos import CHAOS
from .check import Check
from .diagnosis import answer, fix_order, root_cause, verify_commands
from .docker import DOCKER
from .evidence_parsing import split_blocks
from .flags import FLAGS
from .images import IMAGES
from .logs import LOGS
from .mongo import MONGO
from .notes import Notes
from .pods import PODS, crash_findings
from .scheduling import SCHEDULING
from .services import SERVICES
from .storage import STORAGE

__all__ = ["BATCH", "RunbookObserver"]

BATCH = 4
#: Verification reads after a fix before submitting anyway.
VERIFY_ROUNDS = 4
_SURVEY: tuple[Check, ...] = (PODS, STORAGE)
_INVESTIGATE: tuple[Check, ...] = (IMAGES, SERVICES, CHAOS, MONGO, FLAGS, LOGS, SCHEDULING)
_ALL = (*_SURVEY, *_INVESTIGATE)


class RunbookObserver:
    """A deterministic Observer that follows the runbook; one instance per episode (or `reset`)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._notes: Notes | None = None
        self._queue: list[str] = []
        self._stage = 0
        self._read_iterations: set[int] = set()
        self._ordered = False
        self._verify_rounds = 0

    def decide(self, context: ObserverContext) -> ObserverDecision:
        notes = self._notes_for(context)
        self._read(context, notes)
        if self._ordered:
            return self._after_fix(notes)
        reserve = 4 if notes.task == "mitigation" else 1
        if context.iteration < context.max_iterations - reserve and self._refill(notes):
            commands, self._queue = self._queue[:BATCH], self._queue[BATCH:]
            notes.ran.update(commands)
            phase = Phase.SURVEY if self._stage == 1 else Phase.INVESTIGATE
            return ObserverDecision(
                phase=phase, hypothesis=self._hypothesis(notes), confidence=30, next_action=NextAction.PROBE,
                summary=self._summary(notes), probe=ProbeRequest(goal=f"{phase.value} {notes.namespace}",
                                                                 commands=tuple(commands), namespace=notes.namespace),
            )
        return self._diagnose(notes)

    # --- evidence -------------------------------------------------------------------------------

    def _notes_for(self, context: ObserverContext) -> Notes:
        if self._notes is None or context.iteration <= 1 and self._read_iterations:
            self.reset()
            self._notes = Notes(namespace=context.namespace, task=context.task)
        return self._notes

    def _read(self, context: ObserverContext, notes: Notes) -> None:
        for entry in context.recent:
            if entry.iteration in self._read_iterations:
                continue
            self._read_iterations.add(entry.iteration)
            for block in split_blocks(entry.evidence):
                for check in (*_ALL, DOCKER):
                    check.read(block, notes)

    def _refill(self, notes: Notes) -> bool:
        """Queue the next stage's commands; False when the procedure has nothing left to read."""
        while not self._queue:
            if self._stage == 0:
                checks = (DOCKER,) if notes.namespace == "docker" else _SURVEY
                self._queue = [c for check in checks for c in check.survey(notes)]
            elif self._stage == 1 and notes.namespace != "docker":
                self._queue = [c for check in _INVESTIGATE for c in check.survey(notes)]
            else:
                checks = (DOCKER,) if notes.namespace == "docker" else _ALL
                self._queue = [c for check in checks for c in check.follow_ups(notes) if c not in notes.ran]
                self._queue = list(dict.fromkeys(self._queue))
                if self._stage >= 2 and not self._queue:
                    return False
            self._stage += 1
        return True

    # --- decisions ------------------------------------------------------------------------------

    def _judge(self, notes: Notes) -> None:
        for check in _ALL:
            if check.judge is not None:
                check.judge(notes)
        if not any(f.priority < 90 for f in notes.findings.values()):
            crash_findings(notes)

    def _hypothesis(self, notes: Notes) -> str:
        self._judge(notes)
        cause = root_cause(notes)
        return cause.detail if cause else "no anomaly found yet"

    def _summary(self, notes: Notes) -> str:
        found = sorted(notes.findings.values(), key=lambda f: f.priority)[:3]
        return "; ".join(f.detail for f in found) or f"stage {self._stage}: nothing abnormal yet"

    def _diagnose(self, notes: Notes) -> ObserverDecision:
        self._judge(notes)
        cause = root_cause(notes)
        hypothesis = cause.detail if cause else "the namespace is healthy"
        if notes.task == "mitigation" and cause is not None and cause.fix:
            self._ordered = True
            return ObserverDecision(
                phase=Phase.MITIGATE, hypothesis=hypothesis, confidence=80, next_action=NextAction.EXECUTOR,
                summary=f"fixing: {cause.detail}", order=fix_order(notes, cause),
            )
        submission = None if notes.task == "mitigation" else answer(notes.task, cause)
        return ObserverDecision(
            phase=Phase.SUBMIT, hypothesis=hypothesis, confidence=85 if cause else 70,
            next_action=NextAction.SUBMIT, summary=f"submit: {hypothesis}", submission=submission,
        )

    def _after_fix(self, notes: Notes) -> ObserverDecision:
        healthy = notes.facts.get("pods_healthy") and notes.facts.get("deploys_healthy", True)
        if notes.namespace == "docker":
            healthy = all(state == "Up" for state in notes.facts.get("containers", {}).values())
        if (self._verify_rounds and healthy) or self._verify_rounds >= VERIFY_ROUNDS:
            return ObserverDecision(
                phase=Phase.SUBMIT, hypothesis="fix applied", confidence=90 if healthy else 40,
                next_action=NextAction.SUBMIT, summary="verified healthy" if healthy else "submitting unverified",
            )
        self._verify_rounds += 1
        notes.facts.pop("pods_healthy", None)
        return ObserverDecision(
            phase=Phase.VERIFY, hypothesis="fix applied; checking the namespace", confidence=70,
            next_action=NextAction.PROBE, summary=f"verify round {self._verify_rounds}",
            probe=ProbeRequest(goal="verify the fix", commands=verify_commands(notes.namespace),
                               namespace=notes.namespace),
        )
