from __future__ import annotations

import pytest

from aoi.evolver import (
    GuidanceLibrary,
    OfflineRepairer,
    RepairedPlan,
    build_library,
    parse_rendered,
    validate_plan,
)
from aoi.safety import classify
from aoi.trajectories import aiopslab_success

from .conftest import SCRIPTS


def test_offline_repair_validates_every_scripted_failure(library):
    assert {e.source for e in library.entries} == set(SCRIPTS)
    assert {e.pattern for e in library.entries} == {"A", "B", "C", "D", "E", "F"}


def test_every_entry_comes_from_a_plan_that_succeeds_when_executed_again(library):
    for entry in library.entries:
        plan = library.plans[entry.id]
        assert plan.validated and aiopslab_success(plan.results) and plan.results.get("strict_success")
        again = validate_plan(plan.model_copy(update={"validated": False, "trajectory": None}))
        assert again.validated, plan.id


def test_a_plan_with_the_wrong_answer_does_not_validate(cases):
    plan = OfflineRepairer().repair(cases[0])
    assert plan is not None
    broken = plan.model_copy(update={"validated": False, "submission": "No" if plan.task == "detection" else ["x"],
                                     "resolution": []})
    assert not validate_plan(broken).validated


def test_mitigation_plans_have_four_phases_with_reads_and_writes_in_their_place(library):
    plan = next(p for p in library.plans.values() if p.task == "mitigation")
    assert plan.discovery and plan.diagnosis and plan.resolution and plan.verification
    for command in (*plan.discovery, *plan.diagnosis, *plan.verification):
        assert classify(command).verdict.value == "read"
    assert all(classify(c).verdict.value == "write" for c in plan.resolution)


def test_entries_are_templated_and_parse_back(library):
    for entry in library.entries:
        plan = library.plans[entry.id]
        text = " ".join((*entry.symptom, *entry.check, *entry.fix, *entry.verify))
        assert plan.namespace not in text
        assert entry.symptom
        parsed = parse_rendered(entry.render())
        assert parsed["id"] == entry.id and parsed["check"] == list(entry.check)
    fixed = next(e for e in library.entries if e.fix)
    assert "{target}" in " ".join(fixed.fix) or "{namespace}" in " ".join(fixed.fix)


def test_search_finds_the_entry_for_matching_evidence_within_budget(library):
    entry = next(e for e in library.entries if e.family == "revoke_auth_mongodb")
    evidence = "FTL cmd/geo/db.go:35 > not authorized on geo-db to execute command"
    found = library.search(evidence, k=3, budget_tokens=600)
    assert found and found[0].id == entry.id
    assert library.search(evidence, k=3, budget_tokens=1) == []
    assert library.search("zzz qqq", k=3) == []
    assert len(library.search("kubectl pods deployment service error", k=2, budget_tokens=10_000)) <= 2


def test_library_round_trips_with_its_plans(library, tmp_path):
    path = library.save(tmp_path / "lib.jsonl")
    loaded = GuidanceLibrary.load(path)
    assert [e.model_dump() for e in loaded.entries] == [e.model_dump() for e in library.entries]
    assert set(loaded.plans) == set(library.plans)


def test_unvalidated_plans_never_become_guidance(cases):
    class Bad:
        def repair(self, case):
            return RepairedPlan(id="x", problem_id=case.problem_id, task=case.task, family=case.family,
                                namespace=case.namespace, pattern=case.pattern, repairer="bad")

    assert len(build_library(cases, Bad())) == 0
    with pytest.raises(ValueError, match="not a validated repair"):
        GuidanceLibrary().add_plan(Bad().repair(cases[0]))


def test_evolve_mines_repairs_and_saves(failing_run, tmp_path):
    from aoi.evolver import evolve

    lib = evolve(failing_run, tmp_path / "g.jsonl")
    assert len(lib) == len(SCRIPTS) and GuidanceLibrary.load(tmp_path / "g.jsonl").plans
