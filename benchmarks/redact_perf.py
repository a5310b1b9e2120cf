"""Time `aoi.safety.redact.Redactor.redact` on a ~100 kB kubectl dump from the twin.

Run: ``.venv/bin/python benchmarks/redact_perf.py [--json] [--repeat N] [--kb K]``. The dump is
real twin output for SocialNetwork and HotelReservation (``get -o yaml`` of pods, deployments,
services, configmaps and secrets, ``describe pods``, ``get pods -o wide``), repeated up to K kB.
Each command's output is cut to 12 kB. It prints the median and best time per dump for the remote-model redactor (addresses masked)
and the export redactor (addresses kept), and how many placeholders each wrote.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from aoi.env import TwinBackend
from aoi.problems import get_problem
from aoi.safety.redact import EXPORT_REDACTOR, Redactor

_COMMANDS = (
    "kubectl get configmaps -n {ns} -o yaml",
    "kubectl get secrets -n {ns} -o yaml",
    "kubectl get deployments -n {ns} -o yaml",
    "kubectl describe pods -n {ns}",
    "kubectl get pods,services,endpoints -n {ns} -o wide",
)
_PART_KB = 12  # each command's output is cut to this, so every kind of output is in the dump
_PROBLEMS = ("revoke_auth_mongodb-detection-1", "k8s_target_port-misconfig-detection-1")


def kubectl_dump(kb: int) -> str:
    """Twin kubectl output of two apps, repeated to at least ``kb`` kB."""
    parts = []
    for problem_id in _PROBLEMS:
        problem = get_problem(problem_id)
        backend = TwinBackend()
        backend.reset(problem, seed=0)
        parts += [backend.exec_shell(c.format(ns=problem.namespace))[: _PART_KB * 1024] for c in _COMMANDS]
    text = "\n".join(parts)
    return (text * (kb * 1024 // len(text) + 1))[: kb * 1024]


def _time_ms(redactor: Redactor, text: str, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        redactor.redact(text)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--kb", type=int, default=100)
    args = parser.parse_args()
    text = kubectl_dump(args.kb)
    figures = {}
    for name, redactor in (("remote", Redactor()), ("export", EXPORT_REDACTOR)):
        times = _time_ms(redactor, text, args.repeat)
        figures[name] = {"kb": round(len(text) / 1024, 1), "median_ms": round(statistics.median(times), 2),
                         "best_ms": round(min(times), 2), "placeholders": redactor.redact(text).count("<redacted:")}
    if args.json:
        print(json.dumps(figures))
        return
    for name, f in figures.items():
        print(f"{name:7s} {f['kb']} kB: median {f['median_ms']} ms, best {f['best_ms']} ms, "
              f"{f['placeholders']} placeholders")


if __name__ == "__main__":
    main()
