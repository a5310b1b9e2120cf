"""A writer killed with SIGKILL mid-run leaves a store that opens and holds every committed step."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from aoi.trajectories import Status, TrajectoryStore

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

# The child reports each step only after append_step returned, i.e. after its commit.
_WRITER = textwrap.dedent(
    """
    import sys
    from aoi.trajectories import Role, Step, Trajectory, TrajectoryStore

    store = TrajectoryStore(sys.argv[1])
    tid = store.start(Trajectory(id="killed", problem_id="p", agent="aoi"))
    for index in range(1_000_000):
        store.append_step(tid, Step(index=index, role=Role.PROBE, command=f"kubectl get pods #{index}",
                                    observation="x" * 2000, metadata={"n": index}))
        print(index, flush=True)
    """
)


def test_sigkill_midway_loses_nothing_committed(tmp_path):
    path = tmp_path / "t.db"
    child = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        reported = [int(child.stdout.readline()) for _ in range(30)]
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    assert reported == list(range(30))

    with TrajectoryStore(path) as store:  # opening recovers: the writer is gone
        trajectory = store.get("killed")
        assert trajectory.status is Status.INTERRUPTED
        assert trajectory.ended_at is not None
        indexes = [step.index for step in trajectory.steps]
        assert indexes == list(range(len(indexes))) and len(indexes) >= 30
        assert all(step.metadata == {"n": step.index} for step in trajectory.steps)
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
