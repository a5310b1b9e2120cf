"""Benchmarking: problems x k samples, best@k / avg@k per task type, app and split, and reports."""

from .metrics import GroupMetrics, group_metrics, per_problem, summarise
from .results import BenchConfig, BenchRun, GuidanceRef, SampleResult
from .runner import BenchProgress, run_bench, select_ids
from .store import BenchError, BenchStore, ConfigMismatch, NoRun, RunExists, load_run

__all__ = [
    "BenchConfig",
    "BenchError",
    "BenchProgress",
    "BenchRun",
    "BenchStore",
    "ConfigMismatch",
    "GroupMetrics",
    "GuidanceRef",
    "NoRun",
    "RunExists",
    "SampleResult",
    "group_metrics",
    "load_run",
    "per_problem",
    "run_bench",
    "select_ids",
    "summarise",
]
