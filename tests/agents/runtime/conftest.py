"""Shared pieces: a backend that records every command, decision builders, a twin Executor."""

from __future__ import annotations

import pytest

from aoi.agents.contracts import ExecutorOrder, NextAction, ObserverDecision, Phase, ProbeRequest
from aoi.agents.executor import Approval, AuditLog, Executor
from aoi.agents.probe import RawOutput, gate
from aoi.env import TwinBackend
from aoi.problems import get_problem
from aoi.safety import Verdict

SOCIAL = "test-social-network"
TARGET_PORT = "k8s_target_port-misconfig-mitigation-1"
PATCH = (f"kubectl patch service user-service -n {SOCIAL} --type=json "
         """-p '[{"op": "replace", "path": "/spec/ports/0/targetPort", "value": 9090}]'""")
SVC_YAML = f"kubectl get svc user-service -n {SOCIAL} -o yaml"


class Recording:
    """A runner that records every command it receives and answers from a function."""

    def __init__(self, answer=lambda c: RawOutput(f"ran {c}\n")) -> None:
        self.received: list[str] = []
        self._answer = answer

    def __call__(self, command: str) -> RawOutput:
        self.received.append(command)
        return self._answer(command)


def probe(*commands: str, goal: str = "look") -> ObserverDecision:
    return ObserverDecision(phase=Phase.SURVEY, hypothesis="h", confidence=10, next_action=NextAction.PROBE,
                            probe=ProbeRequest(goal=goal, commands=commands))


def order(*commands: str, verify: tuple[str, ...] = (), namespace: str = SOCIAL,
          target: str = "user-service") -> ObserverDecision:
    return ObserverDecision(phase=Phase.MITIGATE, hypothesis="h", confidence=80, next_action=NextAction.EXECUTOR,
                            order=ExecutorOrder(namespace=namespace, target=target, intent="fix",
                                                commands=commands, verify=verify))


def submit(value=None) -> ObserverDecision:
    return ObserverDecision(phase=Phase.SUBMIT, hypothesis="h", confidence=99, next_action=NextAction.SUBMIT,
                            submission=value)


@pytest.fixture
def twin():
    """A TwinBackend with the target-port fault injected."""
    backend = TwinBackend()
    backend.reset(get_problem(TARGET_PORT), 0)
    return backend


def twin_runner(backend: TwinBackend):
    def run(command: str) -> RawOutput:
        result = backend._shell.run(command)
        return RawOutput(result.stdout, result.stderr, result.exit_code)

    return run


@pytest.fixture
def twin_executor(twin):
    def make(mode: str = "auto", confirm=None, verify_ok=None) -> Executor:
        run = twin_runner(twin)
        return Executor(gate(run, Verdict.READ, Verdict.WRITE), gate(run, Verdict.READ), twin.checkpoint,
                        twin.restore, Approval.of(mode, confirm), AuditLog(), verify_ok=verify_ok)

    return make


def cluster_state(backend: TwinBackend) -> object:
    """The cluster's snapshot, decoded into plain values (sets sorted, objects as their fields):
    `Cluster.snapshot` bytes are not canonical, since a set's order depends on its history."""
    import pickle
    import random

    def normal(x):
        if isinstance(x, dict):
            return {k: normal(v) for k, v in x.items()}
        if isinstance(x, list | tuple):
            return [normal(v) for v in x]
        if isinstance(x, set | frozenset):
            return sorted((normal(v) for v in x), key=repr)
        if isinstance(x, random.Random):
            return x.getstate()
        if hasattr(x, "__dict__"):
            return type(x).__name__, normal(vars(x))
        if hasattr(type(x), "__slots__"):
            return type(x).__name__, {s: normal(getattr(x, s, None)) for s in type(x).__slots__}
        return x

    return normal(pickle.loads(backend.cluster.snapshot()))
