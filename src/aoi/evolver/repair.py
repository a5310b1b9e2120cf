"""Repair: a `FailureCase` becomes a validated four-phase `RepairedPlan`, behind one interface.

`Repairer.repair(case) -> RepairedPlan | None`. `OfflineRepairer` needs no model: it knows the
answer (the problem's answer key and `aoi.problems.solutions.reference_actions`) and searches,
shortest first, for a plan of catalogue probes (`aoi.evolver.probes`) and fixes that the oracle
accepts when executed (`validate_plan`). A probe "reveals" the root cause when its compressed
evidence on the faulty twin differs from the same read on the healthy app (the app's noop problem,
same seed) -- or, for an app without one, when it names the target. The LLM repairer lives in
`llm_repair.py`; both return only plans that were validated by execution.
"""

from __future__ import annotations

import re
from typing import Protocol, runtime_checkable

from aoi.agents.compressor import RuleCompressor
from aoi.env import Episode, TwinBackend, exec_shell_action, fence, parse_action
from aoi.problems import Problem, TaskType, all_problems, get_problem
from aoi.problems.solutions import reference_actions

from .cases import FailureCase, RepairedPlan
from .mine import primary_target, target_names
from .probes import candidate_probes, discovery_probes
from .validate import validate_plan

__all__ = ["MAX_TRIES", "OfflineRepairer", "Repairer", "ground_truth", "plan_for", "revealing_probes",
           "trajectory_evidence"]

MAX_TRIES = 6  # candidate plans executed per case before giving up


@runtime_checkable
class Repairer(Protocol):
    """Turns a failure into a corrected plan, or None when it cannot find one that validates."""

    def repair(self, case: FailureCase) -> RepairedPlan | None: ...


def ground_truth(problem: Problem) -> tuple[object, list[str]]:
    """(the correct submission, the reference fix's shell commands) for ``problem``."""
    actions = reference_actions(problem)
    submit = parse_action(fence(actions[-1]))
    submission = submit.args[0] if submit.args else None
    fix = [parse_action(fence(a)).args[0] for a in actions[1:-1] if a.startswith("exec_shell")]
    return submission, fix


def trajectory_evidence(case: FailureCase) -> str:
    """All the compressed evidence the failed run's Observer was shown, in order."""
    return "\n".join(s.output for s in case.trajectory.steps if s.role.value == "compressor" and s.output)


_HASH = re.compile(r"-(?=[a-z]*\d)[a-z0-9]{5,10}\b")
_AGES = re.compile(r"\b\d+(?:\.\d+)?(?:ms|s|m|h|d)\b|\d{4}-\d\d-\d\dT[\d:.]+Z?")


def _normal(text: str) -> str:
    return _AGES.sub("#", _HASH.sub("-*", text))


def _read_all(problem: Problem, seed: int, commands: list[str]) -> list[str]:
    """Compressed evidence of each read on a fresh twin of ``problem`` (telemetry noise off)."""
    episode = Episode(problem, TwinBackend(noise="off"), max_steps=len(commands) + 1, seed=seed)
    episode.reset()
    compressor = RuleCompressor()
    out = []
    for command in commands:
        turn = episode.act(fence(exec_shell_action(command)))
        out.append(compressor.compress(command, turn.observation, "", 0).render())
    return out


def _healthy(problem: Problem) -> Problem | None:
    return next((p for p in all_problems() if p.app is problem.app and p.fault.injector.value == "noop"), None)


def revealing_probes(problem: Problem, seed: int = 0) -> list[str]:
    """The catalogue reads whose evidence shows the fault (see the module docstring), in order."""
    candidates = candidate_probes(problem)
    if not candidates:
        return []
    faulty = _read_all(problem, seed, candidates)
    healthy_problem = _healthy(problem)
    names = target_names(problem)
    if healthy_problem is None:
        return [c for c, ev in zip(candidates, faulty, strict=True) if any(n in ev for n in names)]
    healthy = _read_all(healthy_problem, seed, candidates)
    return [c for c, bad, good in zip(candidates, faulty, healthy, strict=True) if _normal(bad) != _normal(good)]


def _verification(problem: Problem, check: list[str]) -> list[str]:
    if problem.task is not TaskType.MITIGATION:
        return []
    return [*discovery_probes(problem), *(c for c in check if c not in discovery_probes(problem))]


def plan_for(problem: Problem, *, seed: int, noise: str, plan_id: str, repairer: str,
             pattern: str | None = None, failed_evidence: str = "", discovery: list[str] | None = None,
             max_tries: int = MAX_TRIES) -> RepairedPlan | None:
    """The shortest validated plan for ``problem`` from the ground truth and the catalogue."""
    submission, fix = ground_truth(problem)
    revealing = revealing_probes(problem, seed)
    checks = [[r] for r in revealing] or [[]]
    fixes = [[]]
    if problem.task is TaskType.MITIGATION:
        quick = [c for c in fix if not c.startswith("sleep ")]
        fixes = [quick, fix] if quick != fix else [fix]
    candidates = sorted(((c, f) for f in fixes for c in checks), key=lambda cf: len(cf[0]) + len(cf[1]))
    base = dict(id=plan_id, problem_id=problem.id, task=problem.task.value, family=problem.fault.family,
                namespace=problem.namespace, target=primary_target(problem), seed=seed, noise=noise,
                pattern=pattern, repairer=repairer, submission=submission, failed_evidence=failed_evidence,
                discovery=discovery if discovery is not None else discovery_probes(problem))  # fmt: skip
    for check, writes in candidates[:max_tries]:
        plan = RepairedPlan(**base, diagnosis=list(check), check=list(check), resolution=list(writes),
                            verification=_verification(problem, check))
        validated = validate_plan(plan)
        if validated.validated:
            return validated
    return None


class OfflineRepairer:
    """The model-free repairer: ground truth plus a shortest-first search, validated in the twin."""

    name = "offline"

    def __init__(self, max_tries: int = MAX_TRIES) -> None:
        self.max_tries = max_tries

    def repair(self, case: FailureCase) -> RepairedPlan | None:
        problem = get_problem(case.problem_id)
        return plan_for(problem, seed=case.seed, noise=case.noise, plan_id=plan_id(case, self.name),
                        repairer=self.name, pattern=case.pattern, failed_evidence=trajectory_evidence(case),
                        max_tries=self.max_tries)


def plan_id(case: FailureCase, repairer: str) -> str:
    """A stable id: problem, sample and pattern, and who repaired it."""
    return f"{case.problem_id}#s{case.sample}-{case.pattern}-{repairer}"
