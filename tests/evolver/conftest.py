"""A small bench run built in-process from scripted Observers that fail on purpose, one per pattern.

``failing_run`` is built once per session: each sample is a real `run_problem` on a fresh twin,
stored with `BenchStore` and `TrajectoryStore` exactly as `aoi bench` stores it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aoi.agents import RunbookObserver, run_problem
from aoi.agents.contracts import ExecutorOrder, NextAction, ObserverDecision, Phase, ProbeRequest
from aoi.agents.observer import ScriptedObserver
from aoi.bench import BenchConfig, BenchStore, SampleResult
from aoi.bench.store import TRAJECTORY_FILE
from aoi.problems import get_problem
from aoi.trajectories import TrajectoryStore

SOCIAL, HOTEL = "test-social-network", "test-hotel-reservation"


def probe(*commands: str, ns: str = SOCIAL, confidence: int = 30) -> ObserverDecision:
    return ObserverDecision(phase=Phase.INVESTIGATE, hypothesis="looking", confidence=confidence,
                            next_action=NextAction.PROBE, probe=ProbeRequest(goal="look", commands=commands,
                                                                             namespace=ns))


def submit(value: object = None, confidence: int = 90) -> ObserverDecision:
    return ObserverDecision(phase=Phase.SUBMIT, hypothesis="done", confidence=confidence,
                            next_action=NextAction.SUBMIT, submission=value)


def order(target: str, *commands: str, ns: str = SOCIAL) -> ObserverDecision:
    return ObserverDecision(phase=Phase.MITIGATE, hypothesis="fixing", confidence=80,
                            next_action=NextAction.EXECUTOR,
                            order=ExecutorOrder(namespace=ns, target=target, intent="fix", commands=commands))


#: problem id -> (scripted decisions, the pattern the miner must find)
SCRIPTS: dict[str, tuple[list[ObserverDecision], str]] = {
    # A: probes only; the script runs out and the run ends without a submit.
    "k8s_target_port-misconfig-detection-1": ([probe(f"kubectl get pods -n {SOCIAL}")], "A"),
    # E: an immediate, unsure submit.
    "k8s_target_port-misconfig-localization-1": ([submit(["compose-post-service"], confidence=20)], "E"),
    # C: looked only at another service, then submitted it confidently.
    "k8s_target_port-misconfig-localization-2": (
        [probe(f"kubectl get service compose-post-service -n {SOCIAL} -o yaml"), submit(["compose-post-service"])],
        "C"),
    # B: saw the target's logs, but the wrong root cause.
    "revoke_auth_mongodb-analysis-1": (
        [probe(f"kubectl logs deploy/geo -n {HOTEL} --tail=50", ns=HOTEL),
         submit({"system_level": "Hardware", "fault_type": "Network/Storage Issue"})], "B"),
    # F: a plausible but wrong fix, checked, submitted.
    "scale_pod_zero_social_net-mitigation-1": (
        [probe(f"kubectl get pods -n {SOCIAL}"), order("nginx-thrift", f"kubectl rollout restart deployment "
                                                       f"nginx-thrift -n {SOCIAL}"),
         probe(f"kubectl get pods -n {SOCIAL}"), submit()], "F"),
    # D: touched the target without checking the result.
    "assign_to_non_existent_node_social_net-mitigation-1": (
        [probe(f"kubectl get pods -n {SOCIAL}"),
         order("user-service", f"kubectl rollout restart deployment user-service -n {SOCIAL}"), submit()], "D"),
}
SUCCESS = "k8s_target_port-misconfig-mitigation-1"  # solved by the runbook: a seed for augmentation


def build_run(out: Path, scripts: dict[str, tuple[list[ObserverDecision], str]], *, success: bool = True) -> Path:
    problems = (*scripts, *((SUCCESS,) if success else ()))
    config = BenchConfig(agent="scripted", k=1, problems=problems, noise="realistic")
    out.mkdir(parents=True, exist_ok=True)
    trajectories = TrajectoryStore(out / TRAJECTORY_FILE)
    with BenchStore.open(out, config) as store:
        for i, pid in enumerate(problems):
            seed = config.seeds(i)[0]
            observer = RunbookObserver() if pid == SUCCESS else ScriptedObserver(scripts[pid][0])
            result = run_problem(pid, observer, seed=seed, store=trajectories,
                                 max_iterations=15 if pid == SUCCESS else 6)
            problem = get_problem(pid)
            store.add(SampleResult(
                problem_id=pid, task=problem.task.value, app=problem.app.value, split=problem.split.value,
                family=problem.fault.family, sample=0, seed=seed, success=result.success,
                strict_success=bool(result.strict_success), results=result.results, submission=result.submission,
                expected=problem.answer.model_dump(mode="json", exclude_defaults=True),
                trajectory_id=result.trajectory_id,
            ))  # fmt: skip
    trajectories.close()
    return out


@pytest.fixture(scope="session")
def failing_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_run(tmp_path_factory.mktemp("evolver") / "run", SCRIPTS)


@pytest.fixture(scope="session")
def cases(failing_run: Path):
    from aoi.evolver import mine_run

    return mine_run(failing_run)


@pytest.fixture(scope="session")
def library(cases):
    from aoi.evolver import build_library

    return build_library(cases)
