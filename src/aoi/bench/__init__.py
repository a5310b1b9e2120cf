"""Benchmarking: problems x k samples, best@k / avg@k per task type, app and split, and reports."""

from .metrics import GroupMetrics, group_metrics, per_problem, summarise
from .results import BenchConfig, BenchRun, SampleResult

__all__ = ["BenchConfig", "BenchRun", "GroupMetrics", "SampleResult", "group_metrics", "per_problem", "summarise"]
