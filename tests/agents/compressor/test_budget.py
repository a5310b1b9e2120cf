"""The hard bound holds for any input and budget; the same input gives the same evidence."""

from __future__ import annotations

import random
import time

import pytest

from aoi.agents.compressor import MIN_BUDGET_TOKENS, RuleCompressor, estimate_tokens

from .conftest import HOTEL, SOCIAL

COMMANDS = [
    f"kubectl get pods -n {HOTEL}", f"kubectl get all -n {HOTEL}", f"kubectl get events -n {HOTEL}",
    f"kubectl get svc -n {HOTEL}", f"kubectl describe pods -n {HOTEL}", f"kubectl get pods -n {HOTEL} -o yaml",
    f"kubectl get deploy -n {HOTEL} -o json", f"kubectl get pod nope -n {HOTEL}", f"kubectl get svc -n {SOCIAL}",
]  # fmt: skip


def _twin_samples(hotel, social) -> list[tuple[str, str, str, int]]:
    samples = []
    for command in COMMANDS:
        r = (social if SOCIAL in command else hotel).run(command)
        samples.append((command, r.stdout, r.stderr, r.exit_code))
    return samples


def _mutations(rng: random.Random, sample: tuple[str, str, str, int]) -> tuple[str, str, str, int]:
    """Cut, repeat, shuffle or pad an input, or lengthen its command: shapes the rules never saw."""
    command, out, err, code = sample
    lines = out.splitlines()
    choice = rng.randrange(6)
    if choice == 0 and lines:
        lines = lines[: rng.randrange(1, len(lines) + 1)]
    elif choice == 1:
        lines = lines * rng.randrange(2, 10)
    elif choice == 2:
        rng.shuffle(lines)
    elif choice == 3:
        lines.append("x" * rng.randrange(1, 20000))
    elif choice == 4:
        command = command + " " + "a" * rng.randrange(1, 5000)
    else:
        lines = ["".join(rng.choice("ab :/-\t{}[]=,\x1b0123456789\n") for _ in range(rng.randrange(0, 300)))
                 for _ in range(rng.randrange(0, 50))]  # fmt: skip
    return command, "\n".join(lines), err, code


def test_the_budget_always_holds(hotel, social):
    rng = random.Random(0)
    samples = _twin_samples(hotel, social)
    compressor = RuleCompressor()
    for _ in range(300):
        command, out, err, code = _mutations(rng, rng.choice(samples))
        budget = rng.choice([MIN_BUDGET_TOKENS, 50, 120, 600, 1500])
        ev = compressor.compress(command, out, err, code, budget_tokens=budget)
        rendered = ev.render()
        assert ev.tokens == estimate_tokens(rendered) <= budget, (command[:80], budget)
        assert ev.truncated or len(ev.details) == 0 or "more lines)" not in rendered.split("\n")[-1]


def test_same_input_same_evidence(hotel, social):
    for sample in _twin_samples(hotel, social):
        first = RuleCompressor().compress(*sample, budget_tokens=200)
        second = RuleCompressor().compress(*sample, budget_tokens=200)
        assert first == second and first.render() == second.render()


def test_truncation_marks_the_cut(run):
    ev = run(f"kubectl get svc -n {HOTEL}", budget_tokens=100)
    assert ev.truncated and any(d.startswith("... (") and d.endswith(" more lines)") for d in ev.details)
    assert ev.tokens <= 100


@pytest.mark.parametrize("budget", [0, -5, MIN_BUDGET_TOKENS - 1])
def test_a_budget_below_the_minimum_is_refused(budget):
    with pytest.raises(ValueError, match=f"at least {MIN_BUDGET_TOKENS}, got {budget}"):
        RuleCompressor().compress("kubectl get pods", "", "", 0, budget_tokens=budget)


def test_a_pod_table_is_fast(hotel):
    # A sanity check against pathological slowness, not a benchmark: 30-row tables take well under 1 ms.
    out = hotel.run(f"kubectl get pods -n {HOTEL}").stdout
    compressor = RuleCompressor()
    start = time.perf_counter()
    for _ in range(50):
        compressor.compress("kubectl get pods", out, "", 0)
    assert (time.perf_counter() - start) / 50 < 0.02
