"""The Purifier: which Observer decisions of a successful run become training samples.

The paper trains on successful trajectories "after a Purifier strips retries and dead ends"
(aoi-paper.md §4.1). A failed run gives no samples at all. In a successful one, each decision
(`timeline.Decision`) is judged by the first rule that applies, in this order:

1. ``invalid``: the reply was no usable decision; nothing was recorded to learn from.
2. the answer: the run's last submit decision is always kept.
3. ``failed``: an earlier submit (one the environment did not take), or a probe all of whose
   commands failed: refused before running (safety gate, command limit), or answered an error
   (kubectl's ``Error from server (NotFound)``, AIOpsLab's ``[ERROR]``, a shell's).
4. ``fallback``: the LLM Observer's read-only survey after an unusable reply (`is_fallback`).
5. ``retry``: the decision made right after an invalid one (the runtime's re-ask).
6. ``not-applied``: an Executor order that did not end ``applied`` (refused, rolled back, dry
   run, rejected); an applied order is the fix and is kept.
7. ``repeated``: a probe every command of which already ran (by the Probe or the Executor) since
   the last write that ran (rolled back or not: either way the state changed), so reading again
   after a write is verification, not a repeat. Commands compare with whitespace collapsed.
8. ``unused``: a probe after which the Observer's belief did not move: the next valid decision
   has the same phase, hypothesis, confidence and summary (its "what you have learnt so far")
   as the decision that asked for the evidence, so nothing in it was acted on. (For the runbook
   this drops a fixed stage of its procedure that found nothing; the same stage is kept in the
   runs where it found the fault, so the step is still learnt where it pays.)

Everything else is kept: the probes whose evidence moved the run on, the applied fix, the answer.
The kept decisions' prompts stay exactly as recorded (what the Observer saw, dead ends included)
and their prefixes keep every action that ran (`timeline.prefix_actions`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from aoi.agents.contracts import NextAction, ObserverDecision
from aoi.agents.llm_observer import is_fallback
from aoi.problems import TaskType
from aoi.trajectories import Trajectory

from .timeline import Decision, decisions

__all__ = ["DropReason", "Dropped", "PurifyReport", "purify", "successful", "summarize"]


class DropReason(StrEnum):
    """Why a decision is not a training sample (module docstring, rules 1 and 3-8)."""

    UNSUCCESSFUL_RUN = "unsuccessful-run"
    INVALID = "invalid"
    FAILED = "failed"
    FALLBACK = "fallback"
    RETRY = "retry"
    NOT_APPLIED = "not-applied"
    REPEATED = "repeated"
    UNUSED = "unused"


@dataclass(frozen=True)
class Dropped:
    """One decision left out, by iteration, with the rule and a one-line detail."""

    iteration: int
    reason: DropReason
    detail: str


@dataclass(frozen=True)
class PurifyReport:
    """What the Purifier made of one trajectory: the iterations kept and those dropped, why."""

    trajectory_id: str
    problem_id: str
    success: bool
    kept: tuple[int, ...]
    dropped: tuple[Dropped, ...]

    def counts(self) -> dict[str, int]:
        """``{"kept": n, <reason>: n, ...}`` (reasons that occurred only)."""
        return {"kept": len(self.kept), **Counter(d.reason.value for d in self.dropped)}


def successful(trajectory: Trajectory) -> bool:
    """AIOpsLab's verdict, and for mitigation AOI's strict verdict too when the results hold one
    (AIOpsLab's mitigation oracle misses fixes that break something else)."""
    strict = trajectory.results.get("strict_success")
    return trajectory.success and not (trajectory.task == TaskType.MITIGATION.value and strict is False)


def purify(trajectory: Trajectory) -> PurifyReport:
    """Judge every decision of ``trajectory`` by the rules in the module docstring."""
    timeline = decisions(trajectory)
    verdicts: list[tuple[int, tuple[DropReason, str] | None]] = []
    if not successful(trajectory):
        verdicts = [(d.iteration, (DropReason.UNSUCCESSFUL_RUN, "the run did not succeed")) for d in timeline]
    else:
        answer = _answer(timeline)
        verdicts = [(d.iteration, _judge(timeline, i, answer)) for i, d in enumerate(timeline)]
    return PurifyReport(
        trajectory_id=trajectory.id,
        problem_id=trajectory.problem_id,
        success=successful(trajectory),
        kept=tuple(iteration for iteration, why in verdicts if why is None),
        dropped=tuple(Dropped(iteration, *why) for iteration, why in verdicts if why is not None),
    )


def summarize(reports: Iterable[PurifyReport]) -> dict[str, int]:
    """Totals over many reports, for a one-line summary: trajectories, successful, kept, each reason."""
    reports = list(reports)
    total: Counter[str] = Counter(trajectories=len(reports), successful=sum(r.success for r in reports))
    for report in reports:
        total.update(report.counts())
    return dict(total)


def _answer(timeline: list[Decision]) -> int | None:
    """The index of the run's last submit decision."""
    submits = [i for i, d in enumerate(timeline) if d.decision and d.decision.next_action is NextAction.SUBMIT]
    return submits[-1] if submits else None


def _judge(timeline: list[Decision], i: int, answer: int | None) -> tuple[DropReason, str] | None:
    """None to keep ``timeline[i]``, else the first rule that drops it and why."""
    d = timeline[i]
    if d.decision is None:
        return DropReason.INVALID, d.error or "no decision"
    if i == answer:
        return None
    action = d.decision.next_action
    if action is NextAction.SUBMIT:
        return DropReason.FAILED, "a submit the environment did not take"
    if action is NextAction.PROBE and all(c.failed for c in d.commands):
        return DropReason.FAILED, f"all {len(d.commands)} command(s) failed or were refused"
    if is_fallback(d.decision):
        return DropReason.FALLBACK, "the survey fallback after an unusable reply"
    if i > 0 and timeline[i - 1].decision is None:
        return DropReason.RETRY, f"asked again after iteration {timeline[i - 1].iteration}'s invalid decision"
    if action is NextAction.EXECUTOR:
        applied = d.order_status == "applied"
        return None if applied else (DropReason.NOT_APPLIED, f"the order ended {d.order_status}")
    if _repeated(timeline, i):
        return DropReason.REPEATED, "every command already ran since the last write"
    following = next((n.decision for n in timeline[i + 1 :] if n.decision is not None), None)
    if following is not None and _belief(following) == _belief(d.decision):
        return DropReason.UNUSED, f"the next decision's belief is unchanged: {d.decision.hypothesis[:80]}"
    return None


def _repeated(timeline: list[Decision], i: int) -> bool:
    """True when every command of ``timeline[i]`` already ran since the last write before it."""
    seen: set[str] = set()
    for earlier in timeline[:i]:
        for c in earlier.commands:
            if c.role == "executor" and c.verdict == "write" and c.ran:
                seen.clear()
            elif c.ran:
                seen.add(_normal(c.command))
    asked = [_normal(c.command) for c in timeline[i].commands]
    return bool(asked) and all(command in seen for command in asked)


def _normal(command: str) -> str:
    return " ".join(command.split())


def _belief(decision: ObserverDecision) -> tuple[str, str, int, str]:
    return decision.phase.value, decision.hypothesis, decision.confidence, decision.summary
