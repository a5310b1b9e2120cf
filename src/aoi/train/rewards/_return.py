"""`EpisodeReturnReward`: a policy finishes the episode after the candidate; the oracle scores it.

`VerifiedOutcomeReward` scores what one decision achieves, which is myopic: a probe that finds
nothing new costs nothing, a wrong submission costs half a point, so at any step where a policy
is unsure of its answer, probing on is the safer bet, and GRPO on a policy's own states learnt
to probe until the iteration budget ran out (a tiny model went from 27.5 % to 0 % success). What
a decision is worth depends on what comes after it, so this reward lets the episode finish:

1. the sample's step is rebuilt whole, the cluster *and* the Observer's memory, by running the
   row's ``prefix_decisions`` through the runtime on (``problem_id``, ``seed``, ``noise``): the
   runtime is deterministic, so the same replies give the same context (`aoi.train.samples`);
2. the candidate decision runs next, through the same gates as any decision;
3. a *continuation* Observer decides from then on (by default the model GRPO started from,
   greedy) until the episode is submitted or ``max_iterations`` run out;
4. the reward is ``success`` (1.0) when the oracle accepts the episode (for mitigation, AIOpsLab's
   verdict and AOI's strict one), ``failure`` (0.0) when it does not, and ``unparseable`` (-1.0)
   for a completion with no decision in it.

That is the candidate's Monte Carlo value under the continuation policy, so GRPO on it is a step
of policy improvement over that policy. A fixed continuation can be exploited: on its own states
a tiny model learnt to hand every step on and let the warm start answer, and then never answered
at evaluation, when it finished its episodes itself; with the model being trained as the
continuation (`aoi.train.live_policy.LivePolicy`), handing on is worth what it will do itself.
With either, at a step where it would submit a wrong answer, a candidate that looks further and
lets it answer right scores higher, and one that answers right now scores highest of all. Costs
one episode per distinct candidate at a step (identical ones share it, memoised); with a greedy
continuation of fixed weights, the same candidate always scores the same.
Rows without ``prefix_decisions`` (data saved before the column), or whose prefix holds a
redacted credential (its replay would not be faithful), score None, which TRL leaves out.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from aoi.agents.contracts import ObserverContext, ObserverDecision
from aoi.agents.llm_observer import DecisionError
from aoi.agents.observer import InvalidDecision, Observer
from aoi.agents.runtime import RunResult, reset_observer, run_problem
from aoi.problems import TaskType, UnknownProblem, get_problem
from aoi.train.samples import replayed_decision

from ._inputs import Row, completion_text, decision_of, rows_of
from ._replay_cache import REDACTED

__all__ = ["EpisodeReturnReward", "solved"]

_log = logging.getLogger(__name__)

ObserverFactory = Callable[[int], Observer]
"""Builds a fresh continuation Observer for one episode, given the episode's seed."""


def solved(result: RunResult, task: TaskType | str) -> bool:
    """AIOpsLab's verdict on the run, and for mitigation AOI's strict verdict too (which does not
    pass a faulty cluster that AIOpsLab's mitigation oracle happens to accept)."""
    strict = TaskType(task) is not TaskType.MITIGATION or bool(result.strict_success)
    return bool(result.success) and strict


class _Continued:
    """Answers from ``script`` first (a decision, or an `InvalidDecision` to raise), then asks ``then``."""

    def __init__(self, script: Sequence[ObserverDecision | InvalidDecision], then: Observer) -> None:
        self.script, self.then, self.asked = list(script), then, 0
        # The runtime takes the Observer's own Compressor and planners when it has them.
        for role in ("compressor", "planner", "executor_planner"):
            if getattr(then, role, None) is not None:
                setattr(self, role, getattr(then, role))

    def reset(self, problem_summary: str) -> None:
        self.asked = 0
        reset_observer(self.then, problem_summary)

    def decide(self, context: ObserverContext) -> ObserverDecision:
        self.asked += 1
        if self.asked > len(self.script):
            return self.then.decide(context)
        answer = self.script[self.asked - 1]
        if isinstance(answer, InvalidDecision):
            raise answer
        return answer


class EpisodeReturnReward:
    """TRL reward: the oracle's verdict on the episode a policy finishes after each completion.

    ``policy`` is the continuation: a model name for the LLM Observer (``hf:PATH``, or any
    model `aoi.llm.make_client` takes), sampled at ``temperature`` with ``max_tokens`` a
    decision, or a function building an `Observer` from the episode's seed (e.g. the runbook, or
    `aoi.train.live_policy.LivePolicy`: the model being trained; a ``version`` attribute on the
    function says when the policy changed, so that values of an older one are not reused).
    ``max_iterations`` is the whole episode's budget, prefix included (that of the evaluation).
    """

    def __init__(self, policy: str | ObserverFactory, *, max_iterations: int = 8, max_tokens: int = 160,
                 temperature: float = 0.0, success: float = 1.0, failure: float = 0.0,
                 unparseable: float = -1.0, cache_size: int = 4096, name: str = "return") -> None:
        if max_iterations < 1:
            raise ValueError(f"max_iterations must be at least 1, got {max_iterations}")
        if not unparseable <= failure < success:
            raise ValueError(f"need unparseable <= failure < success, got {unparseable}, {failure}, {success}")
        self.__name__ = name
        self.policy = policy
        self.max_iterations, self.max_tokens, self.temperature = max_iterations, max_tokens, temperature
        self.success, self.failure, self.unparseable = success, failure, unparseable
        self.cache_size = cache_size
        self.episodes = 0  # episodes run (cache misses)
        self._memo: OrderedDict[tuple, float] = OrderedDict()

    def __call__(self, completions: list[Any], **kwargs: Any) -> list[float | None]:
        rows = rows_of(len(completions), kwargs)
        return [self.score(completion_text(c), row) for c, row in zip(completions, rows, strict=True)]

    def score(self, text: str, row: Row) -> float | None:
        """The reward of one completion at its row's step; None when the step cannot be rebuilt."""
        prefix = row.get("prefix_decisions")
        problem_id = row.get("problem_id")
        if prefix is None or not problem_id:
            return None
        if any(REDACTED in item for item in prefix):
            return None
        try:
            decision = decision_of(text, row)
        except DecisionError:
            return self.unparseable
        # A policy that trains (`aoi.train.live_policy.LivePolicy`) has a version: older values are stale.
        key = (problem_id, int(row.get("seed", 0)), row.get("noise", "realistic"), tuple(prefix),
               decision.model_dump_json(), getattr(self.policy, "version", None))  # fmt: skip
        if key not in self._memo:
            try:
                self._memo[key] = self._episode(problem_id, key[1], key[2], prefix, decision)
            except (UnknownProblem, ValueError) as exc:
                _log.warning("return reward skips a row of %s: %s", problem_id, exc)
                return None
            if len(self._memo) > self.cache_size:
                self._memo.popitem(last=False)
        self._memo.move_to_end(key)
        return self._memo[key]

    def _episode(self, problem_id: str, seed: int, noise: str, prefix: Sequence[str],
                 decision: ObserverDecision) -> float:
        problem = get_problem(problem_id)
        script = [*map(replayed_decision, prefix), decision]
        observer = _Continued(script, self._continuation(seed))
        budget = max(self.max_iterations, len(script))
        result = run_problem(problem, observer, seed=seed, max_iterations=budget, noise=noise, agent=self.__name__)
        self.episodes += 1
        return self.success if solved(result, problem.task) else self.failure

    def _continuation(self, seed: int) -> Observer:
        if callable(self.policy):
            return self.policy(seed)
        from aoi.agents.llm_observer import LLMObserverConfig, build_llm_observer

        config = LLMObserverConfig(max_tokens=self.max_tokens, temperature=self.temperature, reasks=0)
        return build_llm_observer(model=self.policy, config=config, seed=seed)
