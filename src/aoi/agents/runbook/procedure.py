"""`RunbookObserver`: the SRE procedure, stage by stage, with no LLM.

1. survey: pods, deployments, events and claims (``docker ps -a`` for Flower);
2. investigate: service ports, images and commands, chaos objects, flags, TLS, a log scan;
3. follow-ups that the facts call for (crash logs, mongo users, node selectors, volumes);
4. diagnose: the lowest-priority finding; submit, or for mitigation order its fix, verify the
   namespace turned healthy (re-reading a few times while pods restart), then ``submit()``.

Commands go out at most `BATCH` per probe so each iteration's evidence stays well inside the
Observer's context budget. Findings live in `Notes`, built only from the evidence text.

Two knobs change the procedure. ``ablate`` removes named check families (`CHECKS`) wholesale:
no survey, no reading, no judging, so the problems only they catch fail (how the Evolver's loop
gets failures to learn from). Guidance lines in the context (`guidance.Guides`) add checks the
procedure lacks: a matching symptom queues the entry's check, and a confirmed one is a finding.
"""

from __future__ import annotations

from collections.abc import Iterable

from aoi.agents.contracts import NextAction, ObserverContext, ObserverDecision, Phase, ProbeRequest

from .chaos import CHAOS
from .check import Check
from .diagnosis import answer, fix_order, root_cause, verify_commands
from .docker import DOCKER
from .evidence_parsing import split_blocks
from .flags import FLAGS
from .guidance import Guides
from .images import IMAGES
from .logs import LOGS
from .mongo import MONGO
from .notes import Notes
from .pods import PODS, crash_findings
from .scheduling import SCHEDULING
from .services import SERVICES
from .storage import STORAGE

__all__ = ["BATCH", "CHECKS", "RunbookObserver", "UnknownCheck", "check_names"]

BATCH = 4
#: Verification reads after a fix before submitting anyway.
VERIFY_ROUNDS = 4
_SURVEY: tuple[Check, ...] = (PODS, STORAGE)
_INVESTIGATE: tuple[Check, ...] = (IMAGES, SERVICES, CHAOS, MONGO, FLAGS, LOGS, SCHEDULING)
#: Every diagnostic check family by name: what ``ablate`` may remove.
CHECKS: dict[str, Check] = {c.name: c for c in (*_SURVEY, *_INVESTIGATE, DOCKER)}


class UnknownCheck(ValueError):
    """An ablated name that is no check family; the message lists the valid ones."""


def check_names(names: str | Iterable[str] = ()) -> tuple[str, ...]:
    """``names`` (one, several, or comma-separated) checked against `CHECKS`, sorted, no repeats."""
    given = [names] if isinstance(names, str) else list(names)
    wanted = {n.strip() for item in given for n in item.split(",") if n.strip()}
    unknown = sorted(wanted - CHECKS.keys())
    if unknown:
        raise UnknownCheck(f"unknown runbook check {', '.join(map(repr, unknown))}; "
                           f"expected one of: {', '.join(CHECKS)}")
    return tuple(sorted(wanted))


class RunbookObserver:
    """A deterministic Observer that follows the runbook; one instance per episode (or `reset`).

    ``ablate`` names check families to leave out (`CHECKS`; `UnknownCheck` otherwise)."""

    def __init__(self, *, ablate: str | Iterable[str] = ()) -> None:
        self.ablated = check_names(ablate)
        keep = [c for c in CHECKS.values() if c.name not in self.ablated]
        self._survey = tuple(c for c in _SURVEY if c in keep)
        self._investigate = tuple(c for c in _INVESTIGATE if c in keep)
        self._all = (*self._survey, *self._investigate)
        self._docker = (DOCKER,) if DOCKER in keep else ()
        self.reset()

    def reset(self) -> None:
        self._notes: Notes | None = None
        self._guides = Guides()
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
                for check in (*self._all, *self._docker):
                    check.read(block, notes)
                self._guides.read(block, notes)
        self._guides.learn(context.guidance, notes)

    def _refill(self, notes: Notes) -> bool:
        """Queue the next stage's commands; False when the procedure has nothing left to read."""
        while not self._queue:
            if self._stage == 0:
                checks = self._docker if notes.namespace == "docker" else self._survey
                self._queue = [c for check in checks for c in check.survey(notes)]
            elif self._stage == 1 and notes.namespace != "docker":
                self._queue = [c for check in self._investigate for c in check.survey(notes)]
            else:
                checks = self._docker if notes.namespace == "docker" else self._all
                follow = [c for check in checks for c in check.follow_ups(notes)]
                follow += self._guides.follow_ups(notes)
                self._queue = [c for c in follow if c not in notes.ran]
                self._queue = list(dict.fromkeys(self._queue))
                if self._stage >= 2 and not self._queue:
                    return False
            self._stage += 1
        return True

    # --- decisions ------------------------------------------------------------------------------

    def _judge(self, notes: Notes) -> None:
        for check in self._all:
            if check.judge is not None:
                check.judge(notes)
        self._guides.judge(notes)
        if PODS in self._all and not any(f.priority < 90 for f in notes.findings.values()):
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
