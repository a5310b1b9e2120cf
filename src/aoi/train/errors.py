"""The errors the training-data layer raises, named by their condition; messages are one line.

    TrainDataError              (a ValueError)
    ├── SampleFileError         a path holds no samples in a known format: missing, unreadable,
    │                           a line that is not a JSON object, columns outside the schema
    └── NoSamples               the sources gave nothing to train on

An absent optional dependency raises `aoi.trajectories.MissingExtraError`, which names the extra.
"""

from __future__ import annotations

__all__ = ["NoSamples", "SampleFileError", "TrainDataError"]


class TrainDataError(ValueError):
    """Base of the training-data errors."""


class SampleFileError(TrainDataError):
    """A sample file or folder is missing or not in the sample format; the message names the path."""


class NoSamples(TrainDataError):
    """Nothing to train on: no successful trajectory, or the Purifier kept no decision."""
