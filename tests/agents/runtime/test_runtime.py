"""The runtime loop on the twin: solve, never leak raw output, record everything, end cleanly."""

from __future__ import annotations

import pytest

from aoi.agents.contracts import ObserverContext
from aoi.agents.observer import InvalidDecision, ScriptedObserver
from aoi.agents.recording import CommandStep, ExecutorStep, ObserverStep, RunEnded, SubmitStep
from aoi.agents.runtime import MAX_INVALID_IN_A_ROW, run_problem
from aoi.env import ScriptedBackend
from aoi.trajectories import Role, Status, TrajectoryStore

from .conftest import PATCH, SOCIAL, SVC_YAML, TARGET_PORT, order, probe, submit

SOLVE = [
    probe(f"kubectl get pods -n {SOCIAL}", SVC_YAML),
    order(PATCH, verify=(SVC_YAML,)),
    probe(f"kubectl get endpoints user-service -n {SOCIAL}"),
    submit(),
]


def test_scripted_observer_solves_target_port_mitigation_on_the_twin():
    events = []
    result = run_problem(TARGET_PORT, ScriptedObserver(SOLVE), on_event=events.append)
    assert result.success and result.strict_success and result.iterations == 4
    assert result.end_reason == "the Observer submitted" and result.results["success"] is True
    kinds = [type(e) for e in events]
    assert kinds.count(ObserverStep) == 4 and ExecutorStep in kinds and kinds[-2:] == [SubmitStep, RunEnded]
    executor = next(e for e in events if isinstance(e, ExecutorStep))
    assert executor.status == "applied"
    roles = {s.role for s in result.trajectory.steps}
    assert roles == {Role.OBSERVER, Role.PROBE, Role.EXECUTOR, Role.COMPRESSOR}
    write = next(s for s in result.trajectory.steps if s.command == PATCH)
    assert write.verdict == "write" and "patched" in write.observation


class _StrictObserver(ScriptedObserver):
    """Records the type of every argument it is ever handed."""

    def __init__(self, decisions):
        super().__init__(decisions)
        self.handed: list[type] = []

    def reset(self, problem_summary):
        self.handed.append(type(problem_summary))
        super().reset(problem_summary)

    def decide(self, context):
        self.handed.append(type(context))
        return super().decide(context)


def test_no_observer_context_contains_raw_output():
    big = f"kubectl get pods -A -o wide && kubectl get svc user-service -n {SOCIAL} -o yaml"
    observer = _StrictObserver([probe(big), probe(f"kubectl describe pods -n {SOCIAL}"), order(PATCH), submit()])
    result = run_problem(TARGET_PORT, observer)
    steps = result.trajectory.steps
    raw = "\n".join(s.observation or "" for s in steps if s.role in (Role.PROBE, Role.EXECUTOR))
    evidence = "\n".join(s.output for s in steps if s.role is Role.COMPRESSOR)
    only_raw = {line for line in raw.splitlines() if len(line.strip()) > 8 and line not in evidence}
    assert len(only_raw) > 100  # the outputs were large and most of them was compressed away
    for context in observer.contexts:
        seen = set(context.render().splitlines()) | set(context.instructions.splitlines())
        assert not (only_raw & seen)
    assert observer.handed == [str] + [ObserverContext] * len(observer.contexts)
    assert result.max_context_tokens <= 4096


def test_interruption_leaves_a_valid_trajectory(tmp_path):
    def decide(context):
        if context.iteration == 2:
            raise KeyboardInterrupt
        return SOLVE[0]

    with TrajectoryStore(tmp_path / "t.db") as store:
        with pytest.raises(KeyboardInterrupt):
            run_problem(TARGET_PORT, ScriptedObserver(decide), store=store)
        [summary] = store.list()
        trajectory = store.get(summary.id)
    assert trajectory.status is Status.INTERRUPTED
    assert [s.index for s in trajectory.steps] == list(range(len(trajectory.steps))) and len(trajectory.steps) >= 5


def test_invalid_decisions_are_observations_and_n_in_a_row_end_the_run():
    def decide(context):
        raise InvalidDecision("not JSON")

    observer = ScriptedObserver(decide)
    result = run_problem(TARGET_PORT, observer, backend=None)
    assert result.iterations == MAX_INVALID_IN_A_ROW and not result.success
    assert "invalid decisions in a row" in result.end_reason
    assert "invalid decision: not JSON" in observer.contexts[-1].render()


def test_executor_orders_are_refused_outside_mitigation():
    observer = ScriptedObserver([order(PATCH), submit("Yes")])
    result = run_problem("k8s_target_port-misconfig-detection-1", observer)
    assert "only acts on mitigation" in observer.contexts[1].render()
    assert result.success and result.submission == "Yes"


def test_when_iterations_run_out_the_episode_is_scored_with_no_submission():
    result = run_problem(TARGET_PORT, ScriptedObserver(lambda c: SOLVE[0]), max_iterations=2)
    assert result.iterations == 2 and result.submission is None and result.results["success"] is False
    assert result.end_reason == "the iteration budget ran out"


def test_deny_mode_sends_no_write_to_the_backend():
    received: list[str] = []
    backend = ScriptedBackend(shell=lambda c: received.append(c) or "ok\n")
    result = run_problem(TARGET_PORT, ScriptedObserver([order(PATCH), submit()]), backend=backend, approval="deny")
    executor = [s for s in result.trajectory.steps if s.role is Role.EXECUTOR and s.command is None]
    assert received == [] and executor[0].output.startswith("dry-run: approval mode is deny")


def test_probe_writes_never_reach_the_backend():
    received: list[str] = []
    backend = ScriptedBackend(shell=lambda c: received.append(c) or "ok\n")
    events = []
    run_problem(TARGET_PORT, ScriptedObserver([probe("kubectl get pods -n x", PATCH), submit()]),
                backend=backend, on_event=events.append)
    assert received == ["kubectl get pods -n x"]
    refused = [e for e in events if isinstance(e, CommandStep) and not e.ran]
    assert [e.command for e in refused] == [PATCH] and "refused: write" in refused[0].evidence


class _Planner:
    """A planner that proposes a write next to a read, as a careless model might."""

    def __init__(self) -> None:
        self.namespaces: list[str | None] = []

    def plan(self, request, *, namespace=None):
        self.namespaces.append(namespace)
        return (f"kubectl delete svc user-service -n {SOCIAL}", SVC_YAML)


class _CountingCompressor:
    def __init__(self) -> None:
        from aoi.agents.compressor import RuleCompressor

        self.commands: list[str] = []
        self._rule = RuleCompressor()

    def compress(self, command, stdout, stderr, exit_code, *, budget_tokens=700):
        self.commands.append(command)
        return self._rule.compress(command, stdout, stderr, exit_code, budget_tokens=budget_tokens)


def test_the_observers_planner_and_compressor_are_used_and_planned_writes_refused():
    observer = ScriptedObserver([probe(goal="inspect the service"), submit()])
    observer.planner, observer.compressor = _Planner(), _CountingCompressor()
    events = []
    run_problem(TARGET_PORT, observer, on_event=events.append)
    steps = [e for e in events if isinstance(e, CommandStep)]
    assert [(s.command, s.verdict, s.ran) for s in steps] == [
        (f"kubectl delete svc user-service -n {SOCIAL}", "write", False),
        (SVC_YAML, "read", True),
    ]
    assert observer.planner.namespaces == [SOCIAL]
    assert SVC_YAML in observer.compressor.commands and "submit()" in observer.compressor.commands


def test_the_step_budget_can_be_set_and_command_steps_carry_exit_codes():
    events = []
    look = probe(f"kubectl get pods -n {SOCIAL}", f"kubectl logs deploy/no-such-service -n {SOCIAL}",
                 f"kubectl get svc -n {SOCIAL}")
    result = run_problem(TARGET_PORT, ScriptedObserver([look]), max_iterations=1, max_steps=2, on_event=events.append)
    codes = [e.exit_code for e in events if isinstance(e, CommandStep)]
    assert codes == [0, 1, 1]  # the third command finds the two-step episode over
    assert result.end_reason == "the episode's step budget ran out"
