"""The runbook follows guidance: an ablated check fails its problems, a matching entry brings them back."""

from __future__ import annotations

import pytest

from aoi.agents.runbook import RunbookObserver
from aoi.agents.runbook.guidance import parse_line
from aoi.agents.runbook.procedure import CHECKS, UnknownCheck
from aoi.agents.runtime import run_problem
from aoi.evolver import GuidanceEntry, parse_rendered

LOCALIZATION = "k8s_target_port-misconfig-localization-1"
MITIGATION = "k8s_target_port-misconfig-mitigation-2"  # text-service: the entry below was learnt on user-service
REFUSED = ("pod/compose-post-service Thrift: Thu Mar 5 13:01:45 2026 TSocket::open() connect() "
           "<Host: {target} Port: 9090>: Connection refused")
PATCH = ("kubectl patch service {target} -n {namespace} --type=json "
         """-p '[{"op": "replace", "path": "/spec/ports/0/targetPort", "value": 9090}]'""")


def entry(**changes) -> GuidanceEntry:
    fields = dict(
        id="target-port", family="k8s_target_port-misconfig", pattern="B", source="k8s_target_port-misconfig-1",
        symptom=(REFUSED, "{target} docker.io/deathstarbench/social-network-microservices:latest"),
        check=("kubectl get service {target} -n {namespace} -o yaml",),
        means={"localization": ["{target}"], "analysis": {"system_level": "Virtualization",
                                                          "fault_type": "Misconfiguration"}},
        fix=(PATCH,), verify=("kubectl get service {target} -n {namespace} -o yaml",), note="a lesson",
    )  # fmt: skip
    return GuidanceEntry(**{**fields, **changes})


def solved(problem: str, ablate: tuple[str, ...] = (), guidance: tuple[str, ...] = ()) -> bool:
    result = run_problem(problem, RunbookObserver(ablate=ablate), seed=0, guidance=guidance)
    return bool(result.success and result.strict_success is not False)


def test_parse_line_reads_what_the_evolver_renders():
    line = entry().render()
    assert parse_line(line) == parse_rendered(line)
    assert parse_line("not guidance") is None and parse_line("[guidance] id=x no-json") is None


@pytest.mark.parametrize("problem", [LOCALIZATION, MITIGATION])
def test_ablated_check_fails_and_matching_guidance_solves_again(problem):
    assert solved(problem)
    assert not solved(problem, ("services",))
    assert solved(problem, ("services",), (entry().render(),))


def test_guidance_whose_symptom_is_absent_changes_nothing():
    other = entry(id="mongo", symptom=("FTL cmd/geo/db.go:35 > not authorized on {target} to execute command",))
    assert not solved(LOCALIZATION, ("services",), (other.render(),))
    assert solved("noop_detection_social_network-1", (), (entry().render(), other.render()))


def test_entry_without_means_for_the_task_is_not_followed():
    analysis = "k8s_target_port-misconfig-analysis-1"
    assert solved(analysis, ("services",), (entry().render(),))
    assert not solved(analysis, ("services",), (entry(means={"localization": ["{target}"]}).render(),))


def test_own_findings_win_over_guidance():
    wrong = entry(means={"localization": ["somebody-else"]})
    assert solved(LOCALIZATION, (), (wrong.render(),))


def test_ablation_names_are_checked():
    assert RunbookObserver(ablate="services,mongo").ablated == ("mongo", "services")
    with pytest.raises(UnknownCheck) as err:
        RunbookObserver(ablate=["servics"])
    assert "servics" in str(err.value) and all(name in str(err.value) for name in CHECKS)
