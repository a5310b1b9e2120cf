"""The record of every step: the trajectory schema, an SQLite store safe under interruption, exports.

`Trajectory` and `Step` say what each role (observer, probe, executor, compressor, or a
single-agent baseline) saw, said, ran and got back; `TrajectoryStore` commits them step by step;
`export` writes JSONL, AIOpsLab session JSON and Hugging Face datasets. See README.md in this
folder for a map of the modules.
"""

from .errors import (
    MissingExtraError,
    StoreVersionError,
    TrajectoryError,
    TrajectoryExists,
    TrajectoryFileError,
    TrajectoryNotFound,
    TrajectoryNotRunning,
)
from .export import from_jsonl, step_rows, to_aiopslab_session, to_hf_dataset, to_jsonl, to_steps_jsonl
from .migrations import SCHEMA_VERSION
from .schema import Role, Status, Step, Trajectory, TrajectorySummary, Verdict, aiopslab_success
from .store import TrajectoryStore

__all__ = [
    "SCHEMA_VERSION",
    "MissingExtraError",
    "Role",
    "Status",
    "Step",
    "StoreVersionError",
    "Trajectory",
    "TrajectoryError",
    "TrajectoryExists",
    "TrajectoryFileError",
    "TrajectoryNotFound",
    "TrajectoryNotRunning",
    "TrajectoryStore",
    "TrajectorySummary",
    "Verdict",
    "aiopslab_success",
    "from_jsonl",
    "step_rows",
    "to_aiopslab_session",
    "to_hf_dataset",
    "to_jsonl",
    "to_steps_jsonl",
]
