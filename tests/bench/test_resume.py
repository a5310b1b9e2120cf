"""Resuming: a bench killed with SIGKILL midway, then ``--resume``, equals an uninterrupted run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from aoi.bench import BenchConfig, load_run, run_bench, select_ids
from aoi.bench.store import BENCH_FILE, TRAJECTORY_FILE
from aoi.trajectories import TrajectoryStore

PROBLEMS = select_ids(app="HotelReservation")[:10]
FLAGS = ["--problems", ",".join(PROBLEMS), "-k", "2", "--workers", "2", "--seed", "7"]
_AOI = [sys.executable, "-c", "from aoi.cli import main; main()", "bench"]


def _stored(out: Path) -> int:
    try:
        with sqlite3.connect(out / BENCH_FILE, timeout=5) as conn:
            return conn.execute("SELECT COUNT(*) FROM samples").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def _kill_midway(out: Path, at_least: int) -> int:
    """Start the bench in its own process group, SIGKILL the whole group once ``at_least`` samples are stored."""
    proc = subprocess.Popen([*_AOI, *FLAGS, "--out", str(out)], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while _stored(out) < at_least and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return _stored(out)


def _essence(run) -> list[tuple]:
    """What must not depend on being interrupted (wall times and trajectory ids may)."""
    return [(s.problem_id, s.sample, s.seed, s.success, s.strict_success, s.submission, s.steps, s.virtual_s,
             s.expected) for s in run.samples]  # fmt: skip


def test_a_killed_run_resumes_to_the_same_samples_without_duplicates(tmp_path: Path):
    total = len(PROBLEMS) * 2
    killed = _kill_midway(tmp_path / "killed", at_least=3)
    assert 3 <= killed < total, f"the kill came at {killed} of {total} samples; it should land midway"

    resumed = subprocess.run([*_AOI, *FLAGS, "--out", str(tmp_path / "killed"), "--resume"],
                             capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr

    config = BenchConfig(agent="runbook", k=2, seed=7, problems=tuple(PROBLEMS))
    whole = run_bench(config, tmp_path / "whole", workers=2)
    run = load_run(tmp_path / "killed")
    assert run.config == config and run.finished_at is not None
    assert len({(s.problem_id, s.sample) for s in run.samples}) == len(run.samples) == total
    assert _essence(run) == _essence(whole)
    with TrajectoryStore(tmp_path / "killed" / TRAJECTORY_FILE) as store:  # the killed writers' file still opens
        for s in run.samples:
            assert store.get(s.trajectory_id).seed == s.seed
