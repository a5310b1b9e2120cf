"""TrajectoryStore: round trips, filters, ownership of running trajectories, versions, threads."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading

import pytest

from aoi.trajectories import (
    SCHEMA_VERSION,
    Role,
    Status,
    StoreVersionError,
    Trajectory,
    TrajectoryExists,
    TrajectoryNotFound,
    TrajectoryNotRunning,
    TrajectoryStore,
)
from aoi.trajectories import migrations as migrations_module

from .conftest import make_step, make_trajectory


@pytest.fixture
def store(tmp_path):
    with TrajectoryStore(tmp_path / "t.db") as s:
        yield s


def test_start_append_finish_get_round_trip(store, trajectory):
    running = trajectory.model_copy(
        update={"steps": [], "results": {}, "submission": None, "status": Status.RUNNING, "ended_at": None}
    )
    tid = store.start(running)
    assert tid == trajectory.id
    for step in trajectory.steps:
        store.append_step(tid, step)
    assert store.get(tid).status is Status.RUNNING
    store.finish(tid, trajectory.results, trajectory.submission, ended_at=trajectory.ended_at)
    assert store.get(tid) == trajectory
    assert list(store.get(tid).results) == list(trajectory.results)  # AIOpsLab's key order is kept


def test_start_imports_a_finished_trajectory_whole(store, trajectory):
    store.start(trajectory)
    assert store.get(trajectory.id) == trajectory


def test_start_fills_in_a_missing_start_time(store):
    tid = store.start(Trajectory(problem_id="p"))
    assert store.get(tid).started_at is not None


def test_pragmas_are_wal_and_normal(tmp_path):
    with TrajectoryStore(tmp_path / "t.db") as store:
        assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store._conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_duplicates_are_refused_and_change_nothing(store, trajectory):
    store.start(trajectory)
    with pytest.raises(TrajectoryExists, match="already in the store"):
        store.start(trajectory)
    tid = store.start(Trajectory(problem_id="p"))
    store.append_step(tid, make_step(0))
    with pytest.raises(TrajectoryExists, match="index 0"):
        store.append_step(tid, make_step(0, output="other"))
    assert store.get(tid).steps == [make_step(0)]


def test_steps_come_back_in_index_order(store):
    tid = store.start(Trajectory(problem_id="p"))
    for index in (2, 0, 1):
        store.append_step(tid, make_step(index))
    assert [s.index for s in store.get(tid).steps] == [0, 1, 2]


def test_unknown_ids_and_closed_trajectories(store):
    for call in (store.get, store.delete, lambda tid: store.append_step(tid, make_step(0))):
        with pytest.raises(TrajectoryNotFound, match="no trajectory with id 'nope'"):
            call("nope")
    tid = store.start(Trajectory(problem_id="p"))
    store.finish(tid, {"success": True})
    with pytest.raises(TrajectoryNotRunning, match="is finished"):
        store.append_step(tid, make_step(0))
    with pytest.raises(ValueError, match="final status"):
        store.finish(tid, {}, status="running")


def test_list_filters(store):
    rows = [
        ("p1", "aoi", {"success": True}, Status.FINISHED),
        ("p1", "react", {"success": False}, Status.FINISHED),
        ("p2", "aoi", {"Detection Accuracy": "Correct"}, Status.FINISHED),
        ("p2", "aoi", {}, Status.FAILED),
    ]
    ids = []
    for n, (problem, agent, results, status) in enumerate(rows):
        t = make_trajectory(problem_id=problem, agent=agent, results=results, status=status,
                            started_at=1_700_000_000.0 + n)  # fmt: skip
        ids.append(store.start(t))
    running = store.start(Trajectory(problem_id="p3", agent="aoi", started_at=1_800_000_000.0))

    def ids_of(**filters):
        return [s.id for s in store.list(**filters)]

    assert ids_of() == [*ids, running]
    assert ids_of(problem_id="p1") == ids[:2]
    assert ids_of(agent="aoi", success=True) == [ids[0], ids[2]]
    assert ids_of(success=False) == [ids[1], ids[3], running]
    assert ids_of(status="failed") == [ids[3]]
    assert ids_of(status=Status.RUNNING, agent="aoi") == [running]
    assert ids_of(problem_id="nope") == []
    first = store.list(problem_id="p1", agent="aoi")[0]
    assert (first.n_steps, first.total_tokens, first.success) == (5, 75, True)
    assert store.list(problem_id="p3")[0].n_steps == 0
    assert [t.id for t in store.iter_trajectories(problem_id="p2")] == ids[2:4]
    assert store.get(ids[2]) == next(store.iter_trajectories(problem_id="p2"))
    assert len(store) == 5


def test_delete_removes_steps_too(store, trajectory):
    store.start(trajectory)
    store.delete(trajectory.id)
    assert store.list() == []
    assert store._conn.execute("SELECT COUNT(*) FROM steps").fetchone()[0] == 0


def test_running_trajectory_of_a_dead_process_becomes_interrupted(tmp_path):
    path = tmp_path / "t.db"
    with TrajectoryStore(path) as store:
        mine = store.start(Trajectory(problem_id="mine"))
        theirs = store.start(Trajectory(problem_id="theirs"))
        elsewhere = store.start(Trajectory(problem_id="elsewhere"))
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
        store._conn.execute("UPDATE trajectories SET owner_pid = ? WHERE id = ?", (int(dead.stdout), theirs))
        store._conn.execute("UPDATE trajectories SET owner_host = 'other-host' WHERE id = ?", (elsewhere,))
        assert store.mark_interrupted() == [theirs]
    with TrajectoryStore(path) as store:  # the next open finds nothing more to recover
        assert {s.id: s.status for s in store.list()} == {
            mine: Status.RUNNING, theirs: Status.INTERRUPTED, elsewhere: Status.RUNNING,
        }  # fmt: skip
        assert sorted(store.mark_interrupted(include_live=True)) == sorted([mine, elsewhere])
        # A writer wrongly marked interrupted can still record its result.
        store.finish(mine, {"success": True})
        assert store.get(mine).status is Status.FINISHED


def test_open_recovers_by_default_and_can_be_told_not_to(tmp_path):
    path = tmp_path / "t.db"
    with TrajectoryStore(path) as store:
        tid = store.start(Trajectory(problem_id="p"))
        store._conn.execute("UPDATE trajectories SET owner_pid = NULL WHERE id = ?", (tid,))
    with TrajectoryStore(path, recover=False) as store:
        assert store.get(tid).status is Status.RUNNING
    with TrajectoryStore(path) as store:
        assert store.get(tid).status is Status.INTERRUPTED


def test_schema_version_is_recorded_and_newer_stores_are_refused(tmp_path):
    path = tmp_path / "t.db"
    with TrajectoryStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 1
    conn = sqlite3.connect(path)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(StoreVersionError, match="schema version 99"):
        TrajectoryStore(path)


def test_migration_hook_upgrades_an_existing_store(tmp_path, monkeypatch, trajectory):
    path = tmp_path / "t.db"
    with TrajectoryStore(path) as store:
        store.start(trajectory)

    def add_labels(conn):
        conn.execute("ALTER TABLE trajectories ADD COLUMN label TEXT")
        conn.execute("UPDATE trajectories SET label = 'v2'")

    monkeypatch.setattr(migrations_module, "MIGRATIONS", [*migrations_module.MIGRATIONS, add_labels])
    with TrajectoryStore(path) as store:
        assert store.schema_version == 2
        assert store._conn.execute("SELECT label FROM trajectories").fetchone()[0] == "v2"
        assert store.get(trajectory.id) == trajectory


def test_a_failing_migration_leaves_the_old_version(tmp_path, monkeypatch):
    path = tmp_path / "t.db"
    TrajectoryStore(path).close()

    def broken(conn):
        conn.execute("ALTER TABLE trajectories ADD COLUMN half TEXT")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations_module, "MIGRATIONS", [*migrations_module.MIGRATIONS, broken])
    with pytest.raises(RuntimeError, match="boom"):
        TrajectoryStore(path)
    monkeypatch.undo()
    with TrajectoryStore(path) as store:
        assert store.schema_version == 1
        columns = [row[1] for row in store._conn.execute("PRAGMA table_info(trajectories)")]
        assert "half" not in columns


def test_threads_share_one_store(store):
    ids = [store.start(Trajectory(problem_id=f"p{n}")) for n in range(4)]
    errors = []

    def write(tid):
        try:
            for index in range(50):
                store.append_step(tid, make_step(index, Role.PROBE))
                store.list()
        except Exception as exc:  # surfaced below; a thread's exception would otherwise vanish
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(tid,)) for tid in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [s.n_steps for s in store.list()] == [50] * 4


def test_two_store_objects_on_one_file_see_each_other(tmp_path):
    with TrajectoryStore(tmp_path / "t.db") as a, TrajectoryStore(tmp_path / "t.db") as b:
        tid = a.start(Trajectory(problem_id="p"))
        a.append_step(tid, make_step(0))
        assert b.get(tid).steps == [make_step(0)]
