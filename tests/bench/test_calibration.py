"""The calibration agents: always-yes's fixed answers (31/34 on detection), random's seeded shapes."""

from __future__ import annotations

from pathlib import Path

from aoi.agents.calibration import FAULT_TYPES, SYSTEM_LEVELS, service_names
from aoi.agents.registry import run_agent
from aoi.bench import BenchConfig, run_bench, select_ids
from aoi.env import TwinBackend
from aoi.problems import get_problem


def test_always_yes_scores_31_of_34_on_detection(tmp_path: Path):
    ids = select_ids(task="detection")
    run = run_bench(BenchConfig(agent="always-yes", k=1, problems=tuple(ids)), tmp_path, workers=2)
    assert len(ids) == 34
    assert sum(s.success for s in run.samples) == 31
    assert {s.problem_id for s in run.samples if not s.success} == {
        pid for pid in ids if get_problem(pid).answer.has_anomaly == "No"
    }
    assert {s.steps for s in run.samples} == {1}  # the submit, nothing else


def test_always_yes_answers_by_task_type():
    answers = {task: run_agent("always-yes", select_ids(task=task)[0]).submission
               for task in ("detection", "localization", "analysis", "mitigation")}  # fmt: skip
    assert answers == {"detection": "Yes", "localization": [], "analysis": {}, "mitigation": []}  # submit() stores []


def _services(problem_id: str) -> list[str]:
    backend = TwinBackend()
    problem = get_problem(problem_id)
    backend.reset(problem, 0)
    listing = backend.exec_shell(f"kubectl get svc -n {problem.namespace}")
    return [line.split()[0] for line in listing.splitlines()[1:]]


def test_random_is_seeded_and_submits_valid_shapes():
    localization = "k8s_target_port-misconfig-localization-1"
    picks = [run_agent("random", localization, seed=seed).submission for seed in range(8)]
    assert picks == [run_agent("random", localization, seed=seed).submission for seed in range(8)]
    services = _services(localization)
    assert all(len(p) == 1 and p[0] in services for p in picks) and len({p[0] for p in picks}) > 1

    analysis = [run_agent("random", select_ids(task="analysis")[0], seed=s).submission for s in range(8)]
    assert all(a["system_level"] in SYSTEM_LEVELS and a["fault_type"] in FAULT_TYPES for a in analysis)
    detection = {run_agent("random", select_ids(task="detection")[0], seed=s).submission for s in range(8)}
    assert detection == {"Yes", "No"}
    assert run_agent("random", select_ids(task="mitigation")[0], seed=1).submission == []  # submit()


def test_service_names_read_the_compressed_table():
    evidence = "$ kubectl get svc -n x\n2 services (ClusterIP 2):\n  NAME  TYPE  PORT(S)\n  a  ClusterIP  80/TCP\n" \
               "  b  ClusterIP  81/TCP\nnote: done"
    assert service_names(evidence) == ["a", "b"]
    assert service_names("No resources found in docker namespace.") == []
