"""Validation by execution: a plan counts only if it succeeds when run in a fresh twin.

`plan_decisions` turns the four phases into the Observer decisions an agent would make
(discovery and diagnosis probes, one Executor order with the resolution, a verification probe,
the submit); `validate_plan` plays them with a `ScriptedObserver` through `aoi.agents.run_problem`
on a fresh `TwinBackend` (the plan's problem, seed and noise), so every command passes the same
safety gate and Executor checks as a live agent's, and the episode is scored by the oracle.
The plan is kept, with the validating trajectory, only when both AIOpsLab's and the strict
verdict say success.
"""

from __future__ import annotations

from aoi.agents import run_problem
from aoi.agents.contracts import ExecutorOrder, NextAction, ObserverDecision, Phase, ProbeRequest
from aoi.agents.observer import ScriptedObserver
from aoi.env import TwinBackend
from aoi.problems import get_problem

from .cases import RepairedPlan
from .mine import evidence_of

__all__ = ["BATCH", "plan_decisions", "validate_plan"]

BATCH = 4  # commands per probe decision, as the runbook batches them


def _probes(phase: Phase, commands: list[str], confidence: int, namespace: str, hypothesis: str,
            goal: str) -> list[ObserverDecision]:
    return [
        ObserverDecision(phase=phase, hypothesis=hypothesis, confidence=confidence, next_action=NextAction.PROBE,
                         summary=f"{goal}: {'; '.join(commands[i:i + BATCH])}",
                         probe=ProbeRequest(goal=goal, commands=tuple(commands[i:i + BATCH]), namespace=namespace))
        for i in range(0, len(commands), BATCH)
    ]  # fmt: skip


def plan_decisions(plan: RepairedPlan) -> list[ObserverDecision]:
    """The plan as the Observer decisions that carry it out, phase by phase."""
    where = f"{plan.target or plan.namespace}"
    suspect = f"{plan.family} fault at {where}"
    ns = plan.namespace
    out = [
        *_probes(Phase.SURVEY, plan.discovery, 20, ns, "nothing known yet", f"discovery in {ns}"),
        *_probes(Phase.INVESTIGATE, plan.diagnosis, 60, ns, suspect, f"diagnose {where}"),
    ]
    if plan.resolution:
        out.append(ObserverDecision(
            phase=Phase.MITIGATE, hypothesis=suspect, confidence=80, next_action=NextAction.EXECUTOR,
            summary=f"fix {where}", order=ExecutorOrder(namespace=ns, target=where, intent=f"repair {suspect}",
                                                        commands=tuple(plan.resolution)),
        ))  # fmt: skip
    out += _probes(Phase.VERIFY, plan.verification, 90, ns, suspect, f"verify {where}")
    out.append(ObserverDecision(phase=Phase.SUBMIT, hypothesis=suspect, confidence=95,
                                next_action=NextAction.SUBMIT, summary="submit", submission=plan.submission))
    return out


def validate_plan(plan: RepairedPlan) -> RepairedPlan:
    """``plan`` executed in a fresh twin: a copy with ``validated``, ``results``, ``trajectory``
    and ``check_evidence`` set (``validated`` is False when the oracle did not say success)."""
    problem = get_problem(plan.problem_id)
    decisions = plan_decisions(plan)
    result = run_problem(problem, ScriptedObserver(decisions), backend=TwinBackend(noise=plan.noise),
                         seed=plan.seed, max_iterations=max(len(decisions), 1), agent=f"evolver-{plan.repairer}")
    trajectory = result.trajectory
    ok = bool(result.success and result.strict_success)
    checks = set(plan.check)
    evidence = "\n".join(evidence_of(trajectory, s.index) for s in trajectory.steps
                         if s.command in checks) if trajectory else ""  # fmt: skip
    return plan.model_copy(update={"validated": ok, "results": result.results, "trajectory": trajectory,
                                   "check_evidence": evidence})
