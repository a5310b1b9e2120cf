"""Per-service evidence read back from exported CSVs, the way an analyst would skim them."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from aoi.env.backends.twin import TwinBackend
from aoi.problems import get_problem

WAIT_S = 40  # the agent's first few steps: the wrk2 burst is over


@dataclass
class Evidence:
    spans: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    slowest_ms: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    # per service: the largest counter increase between two samples, per metric
    peak: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    resets: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    gauge_max: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    series: set[str] = field(default_factory=set)
    pods: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # per service: mean counter increase over the last minute (four samples), per metric
    recent: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))


def service_of(pod: str) -> str:
    """The workload a pod belongs to: Deployment, DaemonSet or StatefulSet suffixes removed."""
    return re.sub(r"(-[a-z0-9]{8,10})?-[a-z0-9]{5}$|-\d+$", "", pod)


def collect(problem_id: str, seed: int, tmp: Path, noise: str = "realistic", wait: float = WAIT_S) -> Evidence:
    problem = get_problem(problem_id)
    backend = TwinBackend(workdir=tmp, noise=noise)
    backend.reset(problem, seed)
    backend.cluster.advance(wait)
    return collect_from(backend, problem.namespace)


def collect_from(backend: TwinBackend, namespace: str) -> Evidence:
    """Evidence from the 5-minute get_metrics and get_traces of ``namespace`` now."""
    ev = Evidence()
    if namespace == "docker":
        return ev  # Flower exports no telemetry
    folder = Path(backend.get_metrics(namespace, 5).split("directory: ", 1)[1].split("\n", 1)[0])
    for path in sorted((folder / "container").glob("*.csv")):
        metric = path.stem.removeprefix("kpi_")
        last: dict[str, float] = {}
        steps: dict[str, list[float]] = defaultdict(list)
        with path.open(newline="") as handle:
            for row in csv.DictReader(handle):
                service = service_of(row["cmdb_id"].split(".", 1)[1])
                ev.series.add(service)
                ev.pods[service].add(row["cmdb_id"])
                value = float(row["value"])
                if metric.endswith("_total"):
                    previous = last.get(row["cmdb_id"])
                    if previous is not None:
                        if value < previous:
                            ev.resets[service] += 1
                        else:
                            ev.peak[(service, metric)] = max(ev.peak[(service, metric)], value - previous)
                            steps[service].append(value - previous)
                    last[row["cmdb_id"]] = value
                else:
                    ev.gauge_max[(service, metric)] = max(ev.gauge_max[(service, metric)], value)
        for service, values in steps.items():
            ev.recent[(service, metric)] = sum(values[-4:]) / max(len(values[-4:]), 1)
    trace_file = backend.get_traces(namespace, 5).removeprefix("Traces data exported to: ")
    with open(trace_file, newline="") as handle:
        for row in csv.DictReader(handle):
            service = row["service_name"]
            ev.spans[service] += 1
            ev.errors[service] += row["has_error"] == "True"
            ev.slowest_ms[service] = max(ev.slowest_ms[service], int(row["duration"]) / 1000)
    return ev


RX = "container_network_receive_bytes_total"
CPU = "container_cpu_usage_seconds_total"
MEMORY = "container_memory_working_set_bytes"


def effects(faulty: Evidence, base: Evidence, service: str) -> list[str]:
    """What about ``service`` differs between two runs beyond benign variation."""
    found = []
    if faulty.errors[service] > base.errors[service] + max(2, 0.02 * base.spans[service]):
        found.append("errors")
    if faulty.slowest_ms[service] > max(1000.0, 5 * base.slowest_ms[service]):
        found.append("latency")
    if service in base.series and service not in faulty.series:
        found.append("no metrics")
    if len(faulty.pods[service]) > len(base.pods[service]):
        found.append("extra pods")
    if faulty.resets[service] > base.resets[service]:
        found.append("restarts")
    for metric in (RX, CPU):
        new, old = faulty.peak[(service, metric)], base.peak[(service, metric)]
        if old and not 0.4 < new / old < 2.5:
            found.append(f"peak {metric}")
        new, old = faulty.recent[(service, metric)], base.recent[(service, metric)]
        if old and not 0.4 < new / old < 2.5:
            found.append(f"recent {metric}")
    new, old = faulty.gauge_max[(service, MEMORY)], base.gauge_max[(service, MEMORY)]
    if old and not 0.6 < new / old < 1.6:
        found.append("memory")
    return found
