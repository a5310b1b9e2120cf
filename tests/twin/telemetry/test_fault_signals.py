"""Every fault of every problem and variant is visible at its target through the public API.

Comparing a faulty twin with its noop twin (same problem with nothing injected, same seed), the
target service shows the fault in kubectl (pod state, endpoints, Service ports, events, Chaos Mesh
experiments, the flagd ConfigMap; docker for Flower), in its log, or in its metrics and traces;
two noop twins of different seeds show no such difference anywhere. One scenario per distinct
fault: the tasks of a fault share it. Noop twins are built once per worker.
"""

from __future__ import annotations

from functools import cache

import pytest

from aoi.problems import Problem, all_problems
from aoi.problems.models import Injector
from aoi.problems.variants import all_variants

from .evidence import Twin, differences


def _one_per_fault() -> dict[str, Problem]:
    out: dict[object, Problem] = {}
    for problem in (*all_problems(), *all_variants()):
        if problem.fault.injector is not Injector.NOOP:
            out.setdefault(problem.fault, problem)
    return {problem.id: problem for problem in out.values()}


FAULTS = _one_per_fault()
NAMESPACES = sorted({p.namespace for p in FAULTS.values()})


@cache
def noop_twin(namespace: str, seed: int = 0) -> Twin:
    problem = next(p for p in FAULTS.values() if p.namespace == namespace)
    return Twin(problem, seed, noop=True)


@pytest.mark.parametrize("problem_id", list(FAULTS))
def test_fault_visible_at_target(problem_id):
    problem = FAULTS[problem_id]
    faulty, noop = Twin(problem), noop_twin(problem.namespace)
    if problem.fault.target is not None:
        found = differences(faulty, noop, problem.fault.target)
    else:  # the fault acts on the whole namespace
        found = next((f for s in sorted(noop.services) if (f := differences(faulty, noop, s))), [])
    assert found, f"{problem_id}: {problem.fault.family} on {problem.fault.target} shows nothing beyond noise"


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_noop_twins_differ_only_by_noise(namespace):
    base, other = noop_twin(namespace), noop_twin(namespace, seed=1)
    loud = {}
    for service in sorted(base.services | other.services):
        seen, expected = other.view(service), base.view(service)
        found = [key for key in seen if seen[key] != expected.get(key)]
        if other.log_errors(service) > base.log_errors(service):
            found.append("log errors")
        if found:
            loud[service] = found
    assert not loud, f"noop twins of {namespace} (seed 1 vs 0) differ beyond noise: {loud}"
