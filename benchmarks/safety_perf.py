"""Time `aoi.safety.classify` per command over the two test corpora: a cold pass, then warm passes.

Run: ``.venv/bin/python benchmarks/safety_perf.py [--json] [--repeat N]``. The cold pass clears the
classification cache first, so every line pays for parsing (bashlex or the whitespace fast path);
warm passes show what an agent repeating itself pays.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from aoi.safety import classify

CORPORA = Path(__file__).resolve().parents[1] / "tests" / "safety"


def _load() -> list[str]:
    commands: list[str] = []
    for name in ("adversarial_commands.jsonl", "realistic_reads.jsonl"):
        text = (CORPORA / name).read_text()
        commands += [json.loads(line) for line in text.splitlines() if line.strip()]
    return commands


def _times_us(commands: list[str]) -> list[float]:
    out = []
    for command in commands:
        start = time.perf_counter_ns()
        classify(command)
        out.append((time.perf_counter_ns() - start) / 1000)
    return out


def _p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeat", type=int, default=20, help="warm passes over the corpus")
    args = parser.parse_args()
    commands = _load()
    classify.cache_clear()
    cold = _times_us(commands)
    warm = [t for _ in range(args.repeat) for t in _times_us(commands)]
    result = {
        "commands": len(commands),
        "cold_median_us": round(statistics.median(cold), 2),
        "cold_p95_us": round(_p95(cold), 2),
        "classify_median_us": round(statistics.median(warm), 2),
        "classify_p95_us": round(_p95(warm), 2),
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"{'pass':<6} {'median us':>10} {'p95 us':>10}   ({result['commands']} commands)")
    print(f"{'cold':<6} {result['cold_median_us']:>10} {result['cold_p95_us']:>10}")
    print(f"{'warm':<6} {result['classify_median_us']:>10} {result['classify_p95_us']:>10}")


if __name__ == "__main__":
    main()
