"""Telemetry of the twin: a request-flow model over each app's call graph, and what it shows.

Metrics (cAdvisor ``container_*`` series), traces (Jaeger spans) and ``kubectl top`` figures
are all computed lazily from cluster state at query time, deterministically from the seed.
"""

from .export import METRIC_COLUMNS, TRACE_COLUMNS, export_metrics, export_traces
from .flow import Flow, flow_for
from .metrics import METRICS
from .noise import NOISE_KEY, NOISE_LEVELS

__all__ = [
    "METRICS", "METRIC_COLUMNS", "NOISE_KEY", "NOISE_LEVELS", "TRACE_COLUMNS",
    "Flow", "export_metrics", "export_traces", "flow_for",
]  # fmt: skip
