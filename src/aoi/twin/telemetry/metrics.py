"""cAdvisor-style ``container_*`` series per pod, from the flow model, at a 15 s step.

Rates (CPU seconds, bytes, packets) follow the requests a pod serves plus a small background
(health checks, span reporting); counters are their integral since the container started, so a
restart resets them. Gauges (memory, threads, descriptors) follow load and flag effects. Benign
variation is a seeded function of (seed, pod, metric, bucket), scaled by the noise knob, so any
value can be recomputed and nothing is stored. `usage_now` feeds ``kubectl top``.
"""

from __future__ import annotations

import math
import zlib
from typing import TYPE_CHECKING

from .flow import STEP
from .noise import uniforms
from .routes import profile

if TYPE_CHECKING:
    from .conditions import PodRun
    from .flow import Flow

__all__ = ["METRICS", "pod_series", "usage_now"]

MiB = 2**20
# AIOpsLab's metric list, less container_threads_max and container_network_receive_errors_total
# (a missing comma fuses them into one name that Prometheus does not know). (name, kind, interface)
METRICS: tuple[tuple[str, str, str | None], ...] = (
    ("container_cpu_usage_seconds_total", "counter", None),
    ("container_cpu_user_seconds_total", "counter", None),
    ("container_cpu_system_seconds_total", "counter", None),
    ("container_cpu_cfs_periods_total", "counter", None),
    ("container_cpu_cfs_throttled_periods_total", "counter", None),
    ("container_cpu_cfs_throttled_seconds_total", "counter", None),
    ("container_memory_usage_bytes", "gauge", None),
    ("container_memory_working_set_bytes", "gauge", None),
    ("container_memory_rss", "gauge", None),
    ("container_memory_cache", "gauge", None),
    ("container_memory_mapped_file", "gauge", None),
    ("container_fs_reads_bytes_total", "counter", None),
    ("container_fs_writes_bytes_total", "counter", None),
    ("container_network_receive_bytes_total", "counter", "eth0"),
    ("container_network_transmit_bytes_total", "counter", "eth0"),
    ("container_network_receive_packets_total", "counter", "eth0"),
    ("container_network_transmit_packets_total", "counter", "eth0"),
    ("container_network_receive_packets_dropped_total", "counter", "eth0"),
    ("container_network_transmit_packets_dropped_total", "counter", "eth0"),
    ("container_network_transmit_errors_total", "counter", "eth0"),
    ("container_threads", "gauge", None),
    ("container_file_descriptors", "gauge", None),
)
_COUNTERS = [m for m, kind, _ in METRICS if kind == "counter"]
_HISTORY_S = 3600.0  # older traffic counts at its mean rate


def _rates(flow: Flow, pod: PodRun, t: float, peers: int) -> dict[str, float]:
    """Per-second rates of every counter for ``pod`` in the bucket around ``t``."""
    prof = profile(pod.service)
    if pod.paused:
        return dict.fromkeys(_COUNTERS, 0.0) | {"container_cpu_cfs_periods_total": 0.0}
    arr = flow.arrivals(t).get(pod.service, 0.0) / max(peers, 1)
    cpu = prof.idle_m / 1000 + arr * prof.cpu_ms / 1000
    if pod.service == "ad":
        cpu += 0.95 * bool(flow.flag("adHighCpu", t)) + 0.25 * bool(flow.flag("adManualGc", t))
    elif pod.service == "kafka":
        cpu += 0.35 * bool(flow.flag("kafkaQueueProblems", t))
    elif pod.service == "recommendation":
        cpu += 0.15 * bool(flow.flag("recommendationCacheFailure", t))
    limit = pod.cpu_limit_m / 1000
    used = min(cpu, limit)
    throttled = min(1.0, max(0.0, cpu / limit - 0.9) * 5)  # share of periods that hit the quota
    fanout = len(flow.edges.get(pod.service, ()))
    rx = 450 + 550 * (zlib.crc32(pod.service.encode()) % 7) / 7 + arr * prof.request_bytes * (1 + 0.6 * fanout)
    tx = 350 + arr * prof.request_bytes * (1.5 + 0.5 * fanout)
    drop, errors = 0.0, 0.0
    for window in flow.cond.chaos:
        if window.active(t) and pod.name in window.pods:
            if window.action == "loss":
                drop = tx / 200 * window.value
                rx, tx = rx * (1 - window.value), tx * (1 - window.value)
            elif window.action == "delay":
                rx, tx = rx * 0.15, tx * 0.15  # request/response traffic crawls at a 10 s RTT
    store = "mongo" in pod.service or "kafka" in pod.service
    return {
        "container_cpu_usage_seconds_total": used,
        "container_cpu_user_seconds_total": used * 0.72,
        "container_cpu_system_seconds_total": used * 0.28,
        "container_cpu_cfs_periods_total": 10.0,
        "container_cpu_cfs_throttled_periods_total": 10.0 * throttled,
        "container_cpu_cfs_throttled_seconds_total": 0.1 * throttled * max(cpu - limit, 0.0) * 10,
        "container_fs_reads_bytes_total": 40.0 + (arr * 2048 if store else 0.0),
        "container_fs_writes_bytes_total": 120.0 + (arr * 4096 if store else 0.0),
        "container_network_receive_bytes_total": rx,
        "container_network_transmit_bytes_total": tx,
        "container_network_receive_packets_total": rx / 180,
        "container_network_transmit_packets_total": tx / 200,
        "container_network_receive_packets_dropped_total": 0.0,
        "container_network_transmit_packets_dropped_total": drop,
        "container_network_transmit_errors_total": errors,
    }


def _gauges(flow: Flow, pod: PodRun, t: float, started: float, peers: int, wobble: float) -> dict[str, float]:
    prof = profile(pod.service)
    if pod.paused:
        return {"container_memory_usage_bytes": 0.3 * MiB, "container_memory_working_set_bytes": 0.25 * MiB,
                "container_memory_rss": 0.2 * MiB, "container_memory_cache": 0.05 * MiB,
                "container_memory_mapped_file": 0.0, "container_threads": 1.0, "container_file_descriptors": 4.0}
    arr = flow.arrivals(t).get(pod.service, 0.0) / max(peers, 1)
    warm = min(1.0, 0.55 + (t - started) / 240)
    rss = prof.memory_mib * MiB * warm * (1 + 0.03 * wobble) + arr * 0.4 * MiB
    since = t - flow.cond.flags_since
    if pod.service == "recommendation" and flow.flag("recommendationCacheFailure", t):
        rss += 0.9 * MiB * since  # the cache never evicts
    if pod.service == "ad" and flow.flag("adManualGc", t):
        rss *= 0.55 + 0.45 * ((t // STEP) % 3) / 2  # full GCs empty the heap every few seconds
    if pod.service == "kafka" and flow.flag("kafkaQueueProblems", t):
        rss += 0.4 * MiB * since
    cache = rss * 0.18
    threads = prof.threads + int(arr * 0.2)
    return {
        "container_memory_usage_bytes": float(int(rss + cache)),
        "container_memory_working_set_bytes": float(int(rss + cache * 0.4)),
        "container_memory_rss": float(int(rss)),
        "container_memory_cache": float(int(cache)),
        "container_memory_mapped_file": float(int(cache * 0.3)),
        "container_threads": float(threads),
        "container_file_descriptors": float(threads * 2 + 9 + int(arr)),
    }


def pod_series(flow: Flow, pod: PodRun, stamps: list[int], peers: dict[str, int]) -> dict[str, list[tuple]]:
    """Rows (timestamp, value) per metric for one pod at ``stamps`` (only while a container ran)."""
    out: dict[str, list[tuple]] = {m: [] for m, _, _ in METRICS}
    n = peers.get(pod.service, 1)
    level = 0.25 * flow.noise
    for start, end in pod.runs:
        # A scrape in (t - step, t] sees the container if it ran then (crash loops included).
        inside = [t for t in stamps if start <= t and t - STEP < end]
        if not inside:
            continue
        origin = max(start, inside[0] - _HISTORY_S)
        first = int(origin // STEP) * STEP
        totals = dict.fromkeys(_COUNTERS, 0.0)
        if origin > start:  # the distant past at the rate of the earliest bucket we look at
            for name, rate in _rates(flow, pod, origin, n).items():
                totals[name] = rate * (origin - start)
        b = first
        cursor = max(start, first)
        for t in inside:
            while b + STEP <= t:
                rates = _rates(flow, pod, b + STEP / 2, n)
                jitter = uniforms(len(_COUNTERS), flow.seed, pod.name, b)
                span = b + STEP - cursor
                for i, name in enumerate(_COUNTERS):
                    totals[name] += rates[name] * span * (1 + level * (2 * jitter[i] - 1))
                cursor = b = b + STEP
            wobble = 2 * uniforms(1, flow.seed, pod.name, "g", t)[0] - 1
            for name, value in _gauges(flow, pod, t, start, n, wobble * flow.noise).items():
                out[name].append((t, value))
            for name in _COUNTERS:
                out[name].append((t, round(totals[name], 6) if "seconds" in name else math.floor(totals[name])))
    return out


def usage_now(flow: Flow, pod: PodRun, peers: int) -> tuple[int, int]:
    """(millicores, working-set bytes) for ``kubectl top``: the last bucket's CPU rate and memory now."""
    now = flow.cluster.clock.now
    start = pod.runs[-1][0]
    rate = _rates(flow, pod, now - STEP / 2, peers)["container_cpu_usage_seconds_total"]
    wobble = 2 * uniforms(1, flow.seed, pod.name, "g", int(now // STEP) * STEP)[0] - 1
    memory = _gauges(flow, pod, now, start, peers, wobble * flow.noise)["container_memory_working_set_bytes"]
    return max(1, int(round(rate * 1000))), int(memory)
