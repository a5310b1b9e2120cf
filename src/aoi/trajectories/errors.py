"""The errors `aoi.trajectories` raises, named by their condition.

    TrajectoryError
    ├── TrajectoryNotFound      no trajectory with that id in the store
    ├── TrajectoryExists        `TrajectoryStore.start` with an id (or a step index) already stored
    ├── TrajectoryNotRunning    `TrajectoryStore.append_step` on a finished, interrupted or failed one
    ├── TrajectoryFileError     a JSONL file cannot be read or a line is not a trajectory; the
    │                           message is one line and names the file and line number
    ├── StoreVersionError       the database was written by a newer AOI (schema version too high)
    └── MissingExtraError       an optional dependency is absent; the message names the extra
                                (also an `ImportError`, so ``except ImportError`` still works)
"""

from __future__ import annotations

__all__ = [
    "MissingExtraError",
    "StoreVersionError",
    "TrajectoryError",
    "TrajectoryExists",
    "TrajectoryFileError",
    "TrajectoryNotFound",
    "TrajectoryNotRunning",
]


class TrajectoryError(Exception):
    """Base of every error raised by `aoi.trajectories`."""


class TrajectoryNotFound(TrajectoryError, KeyError):
    """The store holds no trajectory with the requested id."""

    def __init__(self, trajectory_id: str) -> None:
        super().__init__(f"no trajectory with id {trajectory_id!r} in the store")
        self.trajectory_id = trajectory_id

    def __str__(self) -> str:  # KeyError would print the message quoted
        return str(self.args[0])


class TrajectoryExists(TrajectoryError):
    """A trajectory id, or a step index within one, is already stored."""


class TrajectoryNotRunning(TrajectoryError):
    """A step was appended to a trajectory that is no longer running."""


class TrajectoryFileError(TrajectoryError):
    """A trajectory file is unreadable or malformed; the message is one line for the user."""


class StoreVersionError(TrajectoryError):
    """The store's schema version is newer than this code understands."""


class MissingExtraError(TrajectoryError, ImportError):
    """An optional dependency is not installed."""
