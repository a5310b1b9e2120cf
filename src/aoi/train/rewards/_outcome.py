"""`VerifiedOutcomeReward`: carry a candidate decision out on the twin and score what it achieved.

For each completion the twin is put back at the sample's step (`ReplayCache`: one replay per
prompt, a checkpoint restore per candidate) and the decision runs through the runtime itself
(`run_problem` for one iteration with a `ScriptedObserver`): the Probe's read gate for probe
commands, the Executor's checks, whitelist, checkpoint and rollback for orders, the episode's
``submit`` for submissions. Nothing is re-implemented, so a reward can only be earned by what the
live agent could do. The scale (`OutcomeScores`, every value in [-1, 1]):

=====================================================================  ==========
what the decision achieved                                             reward
=====================================================================  ==========
a submission the oracle accepts (mitigation: AIOpsLab's and the        correct  1.0
strict verdict)
an applied order after which the mitigation oracle passes (both        fixed    1.0
verdicts, after ``settle_seconds`` of virtual time)
a probe whose fresh output surfaces the root cause (`_evidence`)       evidence 0.5
before any output of the prefix did
an applied order that leaves the namespace healthier, not fixed        improved 0.25
a probe with no new evidence (none, or evidence the prefix's outputs   neutral  0.0
already showed; on a mitigation task, also only commands the prefix
already ran, since re-reading after a fix verifies it); an applied
order with no effect
a probe off mitigation whose commands the prefix all ran already: an   redundant -0.25
iteration spent on nothing (the Observer is told not to ask again)
each failed probe command (non-zero exit, over the per-request         failed   -0.25 x the
limit, or a goal without commands), added to the probe's score;        share that failed
an order the Executor rolled back (its write or verification failed)   failed   -0.25
a submission the oracle rejects (detection, localization, analysis)    wrong    -0.5
a submission on a mitigation task while the oracle still fails: the    abandoned -1.0
incident is left unrepaired; anything but a submission at the last
iteration of a detection, localization or analysis task (the prompt's
"Iteration N of N."): the episode ends unanswered
a write the gates refuse (in a probe, or an order off the whitelist    refused  -1.0
or without commands), a decision the runtime refuses, or a submission
the episode does not accept (a wrong shape for the task)
an applied order that leaves the namespace worse (`_health`)           harmful  -1.0
a completion with no usable decision                                   unparseable -1.0
=====================================================================  ==========

"Worse" compares the namespace after the order with the same step left alone for as long
(restored and waited the same virtual time), so a cluster that drifts on its own is not blamed on
the order; it is checked before "fixed", so a fix that also breaks something else is harmful.
Evidence counts once: were it paid again after the prefix showed the cause, probing on would
earn +0.5 at every later step, more than a submission's expected score unless the policy is sure
of it, and GRPO on a policy's own states learnt exactly that (a tiny model probed until its
iteration budget ran out, on every problem). Giving up on a mitigation, or submitting what the
episode cannot take, scores as low as a refused write: at -0.5 either was the safe harbour of a
policy unsure of its orders, and GRPO learned it
(a tiny model's greedy decisions at the expert's repair steps went from 3 verified fixes to 7
``submit("Yes")`` in 158 steps, which a mitigation episode rejects and carries on). A repeated
probe and a probe at the last iteration are what a looping policy does (a tiny SFT model ran
out of iterations in 8 of its 14 failed detection episodes, re-running earlier probes), so they
score as the waste they are; a one-step reward still cannot say what a new but useless probe
costs later, which is `EpisodeReturnReward`'s job. Rows without ``problem_id`` (or whose prefix cannot
be replayed) score None, which TRL leaves out of the sum. Ground truth is read here and only
here; nothing flows back to agents.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from typing import Any

from aoi.agents.contracts import NextAction, ObserverDecision
from aoi.agents.llm_observer import DecisionError
from aoi.agents.observer import ScriptedObserver
from aoi.agents.recording import CommandStep, Event, ExecutorStep, ObserverStep, RunEnded, SubmitStep
from aoi.agents.runtime import run_problem
from aoi.problems import TaskType, UnknownProblem, evaluate
from aoi.trajectories import aiopslab_success

from ._evidence import RootCause, root_cause, surfaces_root_cause
from ._health import Health, health
from ._inputs import Row, completion_text, decision_of, rows_of
from ._replay_cache import PrefixError, ReplayCache, StepState, command_key

__all__ = ["Outcome", "OutcomeScores", "VerifiedOutcomeReward"]

_log = logging.getLogger(__name__)

# Episode steps a candidate may use: a probe runs at most 6 commands, an order its verify reads
# twice around its writes; the runtime's 8 per iteration could cut a long order short.
_CANDIDATE_STEPS = 64


@dataclass(frozen=True)
class OutcomeScores:
    """The reward for each outcome (module docstring); the order there must hold."""

    correct: float = 1.0
    fixed: float = 1.0
    evidence: float = 0.5
    improved: float = 0.25
    neutral: float = 0.0
    redundant: float = -0.25
    failed: float = -0.25
    wrong: float = -0.5
    abandoned: float = -1.0
    refused: float = -1.0
    harmful: float = -1.0
    unparseable: float = -1.0

    def __post_init__(self) -> None:
        outside = [f.name for f in fields(self) if not -1.0 <= getattr(self, f.name) <= 1.0]
        if outside:
            raise ValueError(f"outcome scores must lie in [-1, 1]; out of range: {', '.join(outside)}")
        ladder = (min(self.correct, self.fixed), self.evidence, self.neutral, self.redundant, self.wrong,
                  max(self.abandoned, self.refused, self.harmful, self.unparseable))
        if any(a <= b for a, b in zip(ladder, ladder[1:], strict=False)):
            raise ValueError("outcome scores must keep correct/fixed > evidence > neutral > redundant > wrong > "
                             f"abandoned/refused/harmful/unparseable; got {ladder}")


@dataclass(frozen=True)
class Outcome:
    """What one decision achieved: the kind (a field of `OutcomeScores`), the reward, and why."""

    kind: str
    reward: float
    detail: str = ""


class VerifiedOutcomeReward:
    """TRL reward: each completion's decision executed on the twin at its step (module docstring).

    A callable class rather than a closure, so that it keeps its cache between calls and can be
    pickled (the cache, which holds live twins, is dropped and rebuilt on the other side).
    """

    def __init__(self, *, cache_size: int = 32, settle_seconds: float = 30.0,
                 scores: OutcomeScores | None = None, name: str = "outcome") -> None:
        if settle_seconds < 0:
            raise ValueError(f"settle_seconds must be >= 0, got {settle_seconds}")
        self.__name__ = name
        self.settle_seconds = settle_seconds  # virtual time a fix gets to take effect before judging
        self.scores = scores or OutcomeScores()
        self.cache = ReplayCache(cache_size)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "cache": self.cache.maxsize}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update({**state, "cache": ReplayCache(state["cache"])})

    def __call__(self, completions: list[Any], **kwargs: Any) -> list[float | None]:
        rows = rows_of(len(completions), kwargs)
        outcomes = [self.assess(completion_text(c), row) for c, row in zip(completions, rows, strict=True)]
        log_extra = kwargs.get("log_extra")
        if callable(log_extra):  # TRL's completions table gets a column saying what each one did
            log_extra(f"{self.__name__}_kind", [o.kind if o else None for o in outcomes])
        return [o.reward if o else None for o in outcomes]

    # ------------------------------------------------------------- one row
    def assess(self, text: str, row: Row) -> Outcome | None:
        """The `Outcome` of one completion at its row's step; None when the row has no twin step."""
        problem_id = row.get("problem_id")
        if not problem_id:
            return None
        try:
            decision = decision_of(text, row)
        except DecisionError as exc:
            return self._outcome("unparseable", str(exc))
        if row.last_iteration and decision.next_action is not NextAction.SUBMIT and row.task != TaskType.MITIGATION:
            # Nothing to replay: the runtime ends the episode after this iteration, unanswered.
            return self._outcome("abandoned", f"a {decision.next_action.value} at the last iteration: the "
                                              "episode ends without an answer")  # fmt: skip
        try:
            state = self.cache.state(problem_id, row.get("seed", 0), row.get("noise", "realistic"),
                                     row.get("prefix_actions", []))
        except (PrefixError, UnknownProblem) as exc:
            _log.warning("outcome reward skips a row of %s: %s", problem_id, exc)
            return None
        return self._verify(decision, state)

    def _verify(self, decision: ObserverDecision, state: StepState) -> Outcome:
        events: list[Event] = []
        run_problem(state.problem, ScriptedObserver([decision]), backend=state.backend, seed=state.seed,
                    max_iterations=1, max_steps=_CANDIDATE_STEPS, noise=state.noise, on_event=events.append,
                    agent=self.__name__)  # fmt: skip
        refusal = next((e.error for e in events if isinstance(e, ObserverStep) and e.error), None)
        if refusal:
            return self._outcome("refused", f"the runtime refused the decision: {refusal}")
        if decision.next_action is NextAction.SUBMIT:
            return self._submission(events, state)
        if decision.next_action is NextAction.PROBE:
            return self._probe([e for e in events if isinstance(e, CommandStep)], state)
        report = next(e for e in events if isinstance(e, ExecutorStep))
        return self._order(report, state)

    # ------------------------------------------------------------ by action
    def _submission(self, events: list[Event], state: StepState) -> Outcome:
        submit = next(e for e in events if isinstance(e, SubmitStep))
        if not submit.submitted:
            return self._outcome("refused", f"the episode did not accept {submit.action}: {submit.observation[:200]}")
        results = next(e.results for e in events if isinstance(e, RunEnded))
        right = aiopslab_success(results)
        if state.problem.task is TaskType.MITIGATION:
            right = right and bool(results.get("strict_success"))
            return self._outcome("correct" if right else "abandoned", f"{submit.action}: {_verdicts(results)}")
        return self._outcome("correct" if right else "wrong", f"{submit.action}: {_verdicts(results)}")

    def _probe(self, steps: list[CommandStep], state: StepState) -> Outcome:
        smuggled = [s.command for s in steps if not s.ran and s.verdict != "read"]
        if smuggled:
            return self._outcome("refused", f"the read gate refused {smuggled[0]!r}")
        ok = [s for s in steps if s.ran and s.exit_code == 0]
        fresh = [s for s in ok if command_key(s.command) not in state.ran]
        cause = _cause(state)
        found = next((s.command for s in fresh if surfaces_root_cause(s.command, s.raw, cause)), None)
        failed = len(steps) - len(ok)
        in_hand = _in_hand(state)
        base = self.scores.evidence if found and not in_hand else self.scores.neutral
        reward = base + self.scores.failed * failed / max(len(steps), 1)
        if found and not in_hand:
            return Outcome("evidence", reward, f"{found!r} surfaces the root cause")
        if not ok:
            return Outcome("failed", reward, f"every command failed or did not run ({len(steps)})")
        if not fresh and state.problem.task is not TaskType.MITIGATION:
            # Off mitigation nothing writes, so a repeat can only show again what the Observer has seen.
            reward += self.scores.redundant - base
            return Outcome("redundant", reward, "every command that ran repeats the prefix: an iteration spent on "
                                                "evidence already in hand")  # fmt: skip
        if found:
            why = f"{found!r} surfaces the root cause, which the prefix's output already showed"
        else:
            why = "no new command surfaced the root cause" if fresh else "every command that ran repeats the prefix"
        return Outcome("neutral", reward, why + (f"; {failed} of {len(steps)} command(s) failed" if failed else ""))

    def _order(self, report: ExecutorStep, state: StepState) -> Outcome:
        if report.status == "rolled-back":
            return self._outcome("failed", f"the Executor rolled the order back: {report.reason}")
        if report.status != "applied":
            return self._outcome("refused", f"the Executor {report.status} the order: {report.reason}")
        backend = state.backend
        reader = backend.reader()
        reader.wait(self.settle_seconds)
        evaluation = evaluate(state.problem, None, reader)
        after = health(reader, state.problem.namespace)
        before = _left_alone(state, backend.cluster.clock.now - state.time)
        if after.worse_than(before):
            return self._outcome("harmful", f"the namespace got worse: {_compare(before, after)}")
        if evaluation.success and evaluation.strict.success:
            return self._outcome("fixed", "the mitigation oracle passes (AIOpsLab and strict)")
        if after.better_than(before):
            return self._outcome("improved", f"healthier but not fixed: {_compare(before, after)}")
        return self._outcome("neutral", f"applied without effect on health: {_compare(before, after)}")

    def _outcome(self, kind: str, detail: str) -> Outcome:
        return Outcome(kind, getattr(self.scores, kind), detail)


def _cause(state: StepState) -> RootCause:
    cause = state.memo.get("cause")
    if not isinstance(cause, RootCause):
        cause = state.memo["cause"] = root_cause(state.problem)
    return cause


def _in_hand(state: StepState) -> bool:
    """Whether an output of the prefix already surfaced the root cause (memoised per state).

    The prefix's outputs carry no exit codes, so only the output's own lines count (rules a and
    b of `_evidence`): a failed command naming a culprit is not mistaken for evidence.
    """
    if "in-hand" not in state.memo:
        cause = _cause(state)
        state.memo["in-hand"] = any(surfaces_root_cause("", output, cause) for output in state.seen)
    return bool(state.memo["in-hand"])


def _left_alone(state: StepState, seconds: float) -> Health:
    """The namespace's health had the step been left alone for ``seconds`` (memoised by second)."""
    key = f"left-alone:{round(seconds)}"
    if key not in state.memo:
        state.rewind()
        reader = state.backend.reader()
        reader.wait(seconds)
        state.memo[key] = health(reader, state.problem.namespace)
    found = state.memo[key]
    assert isinstance(found, Health)
    return found


def _compare(before: Health, after: Health) -> str:
    lost = sorted(before.serving - after.serving)
    text = f"unhealthy pods {before.unhealthy_pods} -> {after.unhealthy_pods}"
    return text + (f"; no longer serving: {', '.join(lost)}" if lost else "")


def _verdicts(results: dict[str, Any]) -> str:
    return f"AIOpsLab success={aiopslab_success(results)}, strict={results.get('strict_success')}"
