"""`run_bench` end to end: a small run on 2 workers, what it stores, progress, broken samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from aoi.agents.contracts import ObserverContext
from aoi.agents.registry import AGENTS, AgentSpec
from aoi.bench import BenchConfig, BenchProgress, load_run, run_bench, select_ids
from aoi.bench.store import TRAJECTORY_FILE
from aoi.problems import UnknownProblem
from aoi.trajectories import Status, TrajectoryStore

PROBLEMS = (
    "revoke_auth_mongodb-detection-1",
    "k8s_target_port-misconfig-localization-1",
    "scale_pod_zero_social_net-mitigation-1",
)


def test_a_small_run_stores_every_sample_with_its_seed_and_trajectory(tmp_path: Path):
    config = BenchConfig(agent="runbook", k=2, problems=PROBLEMS)
    seen: list[BenchProgress] = []
    run = run_bench(config, tmp_path, workers=2, on_progress=lambda state, _: seen.append(state))

    assert [(s.problem_id, s.sample) for s in run.samples] == [(p, j) for p in PROBLEMS for j in range(2)]
    for i, pid in enumerate(PROBLEMS):
        assert tuple(s.seed for s in run.samples if s.problem_id == pid) == config.seeds(i)
    assert all(s.success and s.strict_success and s.error is None for s in run.samples)
    sample = run.samples[0]
    assert sample.task == "detection" and sample.family == "revoke_auth_mongodb"
    assert sample.submission == "Yes" and sample.expected == {"has_anomaly": "Yes"}
    assert sample.steps > 0 and sample.tokens_in > 0 and sample.wall_s > 0
    assert sample.virtual_s == pytest.approx(10.0 * sample.steps)  # one 10 s tick per step, no oracle wait
    assert run.finished_at is not None
    assert [state.done for state in seen] == list(range(7)) and seen[-1].total == 6

    assert load_run(tmp_path) == run
    with TrajectoryStore(tmp_path / TRAJECTORY_FILE) as store:
        for s in run.samples:
            trajectory = store.get(s.trajectory_id)
            assert (trajectory.problem_id, trajectory.seed, trajectory.status) == (s.problem_id, s.seed,
                                                                                   Status.FINISHED)


def test_selection_by_filter_and_by_id():
    assert select_ids(task="detection", app="HotelReservation", split="test") == [
        pid for pid in select_ids(task="detection", split="all") if pid in select_ids(app="HotelReservation")
        and pid in select_ids(split="test")
    ]
    assert len(select_ids()) == 89 and len(select_ids(variants=True)) > 89
    with pytest.raises(UnknownProblem):
        select_ids(["no-such-problem-1"])


class _Broken:
    def decide(self, context: ObserverContext):
        raise RuntimeError(f"cannot decide on {context.namespace}")


def test_a_sample_whose_agent_raises_is_stored_as_a_failure(tmp_path: Path, monkeypatch):
    # A thread-pool agent, so the patched registry is the one the samples see.
    monkeypatch.setitem(AGENTS, "broken", AgentSpec("observer", _Broken, pool="thread"))
    run = run_bench(BenchConfig(agent="broken", k=2, problems=PROBLEMS[:1]), tmp_path, workers=2)
    assert [s.success for s in run.samples] == [False, False]
    assert run.samples[0].error == "RuntimeError: cannot decide on test-hotel-reservation"
    assert run.samples[0].expected == {"has_anomaly": "Yes"}
