"""Twin speed: reset (inject a problem), one `kubectl get pods`, telemetry, and the verify sweep.

Targets on a 2-core machine: reset <= 5 ms median, exec_shell <= 0.5 ms median, sweep <= 5 s,
get_logs / get_metrics(ns, 5) / get_traces(ns, 5) <= 50 ms median each for every app (measured 40 s
after the reset, when the wrk2 burst has run; the virtual clock moves a millisecond between calls so
the flow model is rebuilt every time, as it is after each agent step). The main telemetry keys are
the worst of the three Kubernetes apps; ``<app>_<api>_median_ms`` give each app's figure.
The first reset of a (problem, seed) builds the scenario and snapshots it; the reset figure
is the steady state that RL rollouts see (the build cost is reported separately).

    python benchmarks/twin_perf.py            # a readable table
    python benchmarks/twin_perf.py --json     # one JSON object
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from aoi.env.backends.twin import TwinBackend
from aoi.env.verify import verify_all
from aoi.problems import get_problem

PROBLEM = "revoke_auth_mongodb-mitigation-1"
COMMAND = "kubectl get pods -n test-hotel-reservation"


def _quantiles_ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1e3, p95 * 1e3


# One problem per Kubernetes app; AstronomyShop's load generator never stops, so its traces fill the window.
TELEMETRY_PROBLEMS = {
    "hotel": PROBLEM,
    "social": "k8s_target_port-misconfig-mitigation-1",
    "astro": "astronomy_shop_kafka_queue_problems-detection-1",
}
TELEMETRY_APIS = ("get_logs", "get_metrics", "get_traces")
TARGETS = {"reset_median_ms": 5.0, "exec_median_ms": 0.5, "sweep_s": 5.0,
           **{f"{api}_median_ms": 50.0 for api in TELEMETRY_APIS}}


def _telemetry_ms(problem_id: str, calls: int) -> dict[str, float]:
    problem = get_problem(problem_id)
    backend = TwinBackend()
    backend.reset(problem, seed=0)
    backend.cluster.advance(40)
    service = "geo" if problem.namespace == "test-hotel-reservation" else "frontend"
    apis = {
        "get_logs": lambda: backend.get_logs(problem.namespace, service),
        "get_metrics": lambda: backend.get_metrics(problem.namespace, 5),
        "get_traces": lambda: backend.get_traces(problem.namespace, 5),
    }
    out = {}
    for name, call in apis.items():
        samples = []
        for _ in range(calls):
            backend.cluster.advance(0.001)
            t0 = time.perf_counter()
            call()
            samples.append(time.perf_counter() - t0)
        out[name] = round(_quantiles_ms(samples)[0], 3)
    return out


def measure(resets: int, execs: int, telemetry_calls: int = 20) -> dict[str, float]:
    problem = get_problem(PROBLEM)
    backend = TwinBackend()
    started = time.perf_counter()
    backend.reset(problem, seed=0)
    first_build = time.perf_counter() - started

    reset_times = []
    for _ in range(resets):
        t0 = time.perf_counter()
        backend.reset(problem, seed=0)
        reset_times.append(time.perf_counter() - t0)

    exec_times = []
    for _ in range(execs):
        t0 = time.perf_counter()
        backend.exec_shell(COMMAND)
        exec_times.append(time.perf_counter() - t0)

    t0 = time.perf_counter()
    rows = verify_all(seed=0)
    sweep = time.perf_counter() - t0
    failures = sum(1 for row in rows if not row.ok)

    per_app = {app: _telemetry_ms(pid, telemetry_calls) for app, pid in TELEMETRY_PROBLEMS.items()}

    reset_median, reset_p95 = _quantiles_ms(reset_times)
    exec_median, exec_p95 = _quantiles_ms(exec_times)
    return {
        "reset_median_ms": round(reset_median, 3),
        "reset_p95_ms": round(reset_p95, 3),
        "exec_median_ms": round(exec_median, 4),
        "exec_p95_ms": round(exec_p95, 4),
        "sweep_s": round(sweep, 3),
        "sweep_problems": len(rows),
        "sweep_failures": failures,
        "first_build_ms": round(first_build * 1e3, 1),
        **{f"{api}_median_ms": max(figures[api] for figures in per_app.values()) for api in TELEMETRY_APIS},
        **{f"{app}_{api}_median_ms": figures[api] for app, figures in per_app.items() for api in TELEMETRY_APIS},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--resets", type=int, default=200)
    parser.add_argument("--execs", type=int, default=2000)
    args = parser.parse_args()
    figures = measure(args.resets, args.execs)
    if args.json:
        print(json.dumps(figures))
        return
    print(f"{'figure':<32} {'value':>10}  target")
    for name, value in figures.items():
        target = TARGETS.get(name) or TARGETS.get(name.split("_", 1)[1])
        verdict = "" if target is None else (f"<= {target}  {'ok' if value <= target else 'MISSED'}")
        print(f"{name:<32} {value:>10}  {verdict}")


if __name__ == "__main__":
    main()
