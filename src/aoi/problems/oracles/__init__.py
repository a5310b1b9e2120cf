"""AIOpsLab's oracles for the four task types, each with AOI's strict verdict beside it."""

from .evaluate import evaluate
from .reader import ClusterReader, SnapshotReader
from .verdict import Evaluation, StrictVerdict

__all__ = ["ClusterReader", "Evaluation", "SnapshotReader", "StrictVerdict", "evaluate"]
