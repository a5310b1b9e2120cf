"""Runs on the twin shared by the data-layer tests: the runbook's, and scripted ones whose
decisions exercise every Purifier rule. Each is made once per test session (`functools.cache`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from aoi.agents.contracts import (
    ExecutorOrder,
    NextAction,
    ObserverContext,
    ObserverDecision,
    Phase,
    ProbeRequest,
)
from aoi.agents.llm_observer import LLMObserver
from aoi.agents.observer import InvalidDecision, ScriptedObserver
from aoi.agents.recording import Event, ObserverStep
from aoi.agents.registry import run_agent
from aoi.agents.runtime import run_problem
from aoi.llm import ScriptedChatClient
from aoi.trajectories import Trajectory

SOCIAL = "test-social-network"
DETECTION = "k8s_target_port-misconfig-detection-1"  # answer: "Yes"
MITIGATION = "scale_pod_zero_social_net-mitigation-1"  # fix: scale user-service back to 1
FIX = f"kubectl scale deployment user-service --replicas=1 -n {SOCIAL}"
Step = ObserverDecision | Exception | Callable[[ObserverContext], ObserverDecision]


def probe(*commands: str, hypothesis: str, summary: str = "", confidence: int = 30) -> ObserverDecision:
    return ObserverDecision(phase=Phase.INVESTIGATE, hypothesis=hypothesis, confidence=confidence,
                            next_action=NextAction.PROBE, summary=summary,
                            probe=ProbeRequest(goal="look", commands=commands, namespace=SOCIAL))


def order(*commands: str, verify: tuple[str, ...]) -> ObserverDecision:
    return ObserverDecision(phase=Phase.MITIGATE, hypothesis="user-service is scaled to 0", confidence=80,
                            next_action=NextAction.EXECUTOR,
                            order=ExecutorOrder(namespace=SOCIAL, target="deployment/user-service",
                                                intent="scale it back", commands=commands, verify=verify))


def submit(value: object = None) -> ObserverDecision:
    return ObserverDecision(phase=Phase.SUBMIT, hypothesis="done", confidence=95, next_action=NextAction.SUBMIT,
                            submission=value)


def fallback(context: ObserverContext) -> ObserverDecision:
    return LLMObserver(ScriptedChatClient([])).fallback(context, "no JSON in the reply")


#: The detection run: iteration -> what the Observer does, and the Purifier's verdict on it.
DETECTION_SCRIPT: list[tuple[Step, str]] = [
    (probe(f"kubectl get pods -n {SOCIAL}", hypothesis="a", summary="pods listed"), "kept"),
    (InvalidDecision("no JSON in the reply"), "invalid"),
    (probe(f"kubectl get svc -n {SOCIAL}", hypothesis="b"), "retry"),
    (fallback, "fallback"),
    (probe(f"kubectl get pod nope -n {SOCIAL}", f"kubectl delete pod nope -n {SOCIAL}", hypothesis="c"), "failed"),
    (probe(f"kubectl  get pods -n {SOCIAL}", hypothesis="d"), "repeated"),
    (probe(f"kubectl get deploy -n {SOCIAL}", hypothesis="e"), "unused"),
    (probe(f"kubectl get ep -n {SOCIAL}", hypothesis="e"), "kept"),
    (submit("Yes"), "kept"),
]

#: The mitigation run: a fix that is rolled back (its verify read fails), the real fix, a check.
MITIGATION_SCRIPT: list[tuple[Step, str]] = [
    (probe(f"kubectl get pods -n {SOCIAL}", hypothesis="a"), "kept"),
    (order(FIX, verify=(f"kubectl get pod nope -n {SOCIAL}",)), "not-applied"),
    (probe(f"kubectl get deploy user-service -n {SOCIAL}", hypothesis="b"), "kept"),
    (order(FIX, verify=(f"kubectl get pods -n {SOCIAL}",)), "kept"),
    # The same read as iteration 3, but after a write: verification, not a repeat.
    (probe(f"kubectl get deploy user-service -n {SOCIAL}", hypothesis="c"), "kept"),
    (submit(), "kept"),
]


def _observer(script: list[tuple[Step, str]]) -> ScriptedObserver:
    def decide(context: ObserverContext) -> ObserverDecision:
        step = script[context.iteration - 1][0]
        if isinstance(step, Exception):
            raise step
        return step if isinstance(step, ObserverDecision) else step(context)

    return ScriptedObserver(decide)


@cache
def scripted_run(problem_id: str) -> Trajectory:
    """The scripted run of ``problem_id`` (`DETECTION` or `MITIGATION`), seed 3."""
    script = DETECTION_SCRIPT if problem_id == DETECTION else MITIGATION_SCRIPT
    result = run_problem(problem_id, _observer(script), seed=3, max_iterations=len(script), agent="llm")
    assert result.trajectory is not None and result.success, result.results
    return result.trajectory


@cache
def runbook_run(problem_id: str) -> tuple[Trajectory, dict[int, ObserverContext]]:
    """The runbook's run of ``problem_id`` (seed 0) and the context it saw at each iteration."""
    contexts: dict[int, ObserverContext] = {}

    def listen(event: Event) -> None:
        if isinstance(event, ObserverStep):
            contexts[event.iteration] = event.context

    result = run_agent("runbook", problem_id, seed=0, on_event=listen)
    assert result.trajectory is not None and result.success, result.results
    return result.trajectory, contexts
