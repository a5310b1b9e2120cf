"""Golden fidelity: how much of the corpus prints the same on real kubectl (against the served
twin) as on the twin's kubectl emulator. Target: 100 % of the corpus identical.

Runs every group of ``tests/twin/golden/corpus.yaml`` with the harness the golden tests use and
compares stdout, stderr and exit code of each command.

    python benchmarks/fidelity.py                # per group: commands, matched; then each mismatch's diff
    python benchmarks/fidelity.py --json         # one JSON object: commands, matched, match_rate (%), ...
    python benchmarks/fidelity.py --group hotel-writes --diff-lines 200
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import sys
import time
from pathlib import Path

# The harness lives beside the golden tests it serves; tests/ is not an installed package.
_HARNESS = Path(__file__).resolve().parents[1] / "tests" / "twin" / "golden" / "harness.py"


def _harness():
    spec = importlib.util.spec_from_file_location("golden_harness", _HARNESS)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def measure(harness, groups: list[str] | None, kubectl: str) -> tuple[dict, list]:
    corpus = [g for g in harness.load_corpus() if not groups or g.name in groups]
    started = time.perf_counter()
    per_group = [(group.name, harness.run_group(group, kubectl)) for group in corpus]
    outcomes = [o for _, found in per_group for o in found]
    matched = sum(o.matched for o in outcomes)
    figures = {
        "kubectl": harness.kubectl_minor(kubectl),
        "commands": len(outcomes),
        "matched": matched,
        "match_rate": round(100.0 * matched / len(outcomes), 2) if outcomes else 0.0,
        "mismatches": [o.id for o in outcomes if not o.matched],
        "seconds": round(time.perf_counter() - started, 1),
    }
    return figures, per_group


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--group", action="append", help="run only this group (repeatable)")
    parser.add_argument("--diff-lines", type=int, default=40, help="lines of diff shown per mismatch")
    parser.add_argument("--max-diffs", type=int, default=20, help="mismatches shown with their diff")
    args = parser.parse_args()
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        sys.exit("benchmarks/fidelity.py needs a kubectl binary on PATH (make test installs one where it can)")
    harness = _harness()
    figures, per_group = measure(harness, args.group, kubectl)
    if figures["kubectl"] != harness.KUBECTL_MINOR:
        print(f"note: {kubectl} is kubectl {figures['kubectl']}; the corpus holds kubectl {harness.KUBECTL_MINOR}'s "
              "outputs", file=sys.stderr)
    if args.json:
        print(json.dumps(figures))
        return
    print(f"{'group':<28} {'commands':>8} {'matched':>8}")
    for name, outcomes in per_group:
        print(f"{name:<28} {len(outcomes):>8} {sum(o.matched for o in outcomes):>8}")
    print(f"{'total':<28} {figures['commands']:>8} {figures['matched']:>8}   "
          f"match rate {figures['match_rate']} %  ({figures['seconds']} s)")
    mismatches = [o for _, outcomes in per_group for o in outcomes if not o.matched]
    for outcome in mismatches[: args.max_diffs]:
        print(f"\n=== {outcome.id}  $ {outcome.command}\n{outcome.diff(args.diff_lines)}")
    if len(mismatches) > args.max_diffs:
        print(f"\n... {len(mismatches) - args.max_diffs} more mismatches: {', '.join(o.id for o in mismatches)}")


if __name__ == "__main__":
    main()
