"""The public surface of `aoi.trajectories`, pinned so that a change to it is a deliberate one."""

from __future__ import annotations

import aoi.trajectories


def test_all_names_exist_and_are_pinned():
    for name in aoi.trajectories.__all__:
        assert hasattr(aoi.trajectories, name), name
    assert set(aoi.trajectories.__all__) == {
        "SCHEMA_VERSION", "MissingExtraError", "Role", "Status", "Step", "StoreVersionError", "Trajectory",
        "TrajectoryError", "TrajectoryExists", "TrajectoryFileError", "TrajectoryNotFound",
        "TrajectoryNotRunning", "TrajectoryStore", "TrajectorySummary", "Verdict", "aiopslab_success",
        "from_jsonl", "step_rows", "to_aiopslab_session", "to_hf_dataset", "to_jsonl", "to_steps_jsonl",
    }  # fmt: skip


def test_errors_share_one_base():
    for name in aoi.trajectories.__all__:
        obj = getattr(aoi.trajectories, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, aoi.trajectories.TrajectoryError), name


def test_importing_does_not_load_the_env_package():
    import subprocess
    import sys

    code = "import sys, aoi.trajectories; print('aoi.env' in sys.modules, 'datasets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
