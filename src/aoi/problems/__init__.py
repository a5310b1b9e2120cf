"""The AIOpsLab-compatible problem catalog, the AOI train/test split, and the oracles.

A `Problem` describes a fault and its answer key; `evaluate` scores a submission against it.
Besides the 89 AIOpsLab ids, fault families have variants on their other valid targets
(``<problem-id>@<target>``, `all_variants`); `get_problem` takes either kind of id.
Nothing here knows how a fault is injected on any backend.
"""

from .catalog import UnknownProblem, all_problems, get_problem, problem_ids
from .incident import Incident
from .models import AnswerKey, App, FaultSpec, Injector, Problem, Split, TaskType
from .oracles import ClusterReader, Evaluation, SnapshotReader, StrictVerdict, evaluate
from .oracles.evaluate import NOT_SCORED, unscored
from .split import TRAIN_FAMILIES, split_of
from .variants import UnknownVariant, all_variants, variant_ids

__all__ = [
    "NOT_SCORED",
    "TRAIN_FAMILIES",
    "AnswerKey",
    "App",
    "ClusterReader",
    "Evaluation",
    "FaultSpec",
    "Incident",
    "Injector",
    "Problem",
    "SnapshotReader",
    "Split",
    "StrictVerdict",
    "TaskType",
    "UnknownProblem",
    "UnknownVariant",
    "all_problems",
    "all_variants",
    "evaluate",
    "get_problem",
    "problem_ids",
    "split_of",
    "unscored",
    "variant_ids",
]
