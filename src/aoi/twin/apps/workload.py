"""AIOpsLab's wrk2 burst: recorded once, read back by the telemetry as traffic.

After injecting a fault AIOpsLab runs wrk2 against the frontend (§5.6: 10 req/s for 5-10 s).
`run_workload` records the burst (start, rate, duration) under ``workload/<namespace>``; the
flow model (`aoi.twin.telemetry.flow`) turns it into arrivals per service, and the callers'
client-side error lines are generated from it when a log is read (`aoi.twin.telemetry.logs`,
formats in `request_logs`), so they follow the same model as metrics and traces.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..cluster import Cluster


def run_workload(cluster: Cluster, namespace: str, *, rate: float | None = None,
                 duration: float | None = None) -> None:
    """Replay the wrk2 job for the app in ``namespace``; a no-op for apps without one."""
    from . import app_for_namespace

    app = app_for_namespace(namespace)
    if app is None or app.workload is None:
        return
    rate = app.workload.rate if rate is None else rate
    duration = app.workload.duration if duration is None else duration
    bursts = cluster.app_state.setdefault(f"workload/{namespace}", [])
    bursts.append((cluster.clock.now, rate, duration))  # type: ignore[union-attr]
