"""The same fault families on targets the runbook was not written against."""

from __future__ import annotations

import pytest

from aoi.agents.runbook import RunbookObserver
from aoi.agents.runtime import run_problem
from aoi.problems import AnswerKey, App, FaultSpec, Injector, Problem, Split, TaskType, get_problem

_RCA = {
    "misconfig_k8s": ("Virtualization", "Misconfiguration"),
    "revoke_auth": ("Application", "Authentication Issue"),
    "storage_user_unregistered": ("Application", "Network/Storage Issue"),
    "scale_pods_to_zero": ("Virtualization", "Operation Error"),
    "assign_to_non_existent_node": ("Virtualization", "Dependency Problem"),
    "wrong_bin_usage": ("Application", "Network/Storage Issue"),
    "misconfig_app": ("Application", "Misconfiguration"),
}


def _variant(base_id: str, task: TaskType, target: str, answer: str | None = None, **params) -> Problem:
    base = get_problem(base_id)
    fault = FaultSpec(family=base.fault.family, injector=base.fault.injector, fault_type=base.fault.fault_type,
                      target=target, params={**base.fault.params, **params})
    if task is TaskType.DETECTION:
        key = AnswerKey(has_anomaly="Yes")
    elif task is TaskType.LOCALIZATION:
        key = AnswerKey(services=(answer or target,))
    elif task is TaskType.ANALYSIS:
        level, kind = _RCA[fault.fault_type]
        key = AnswerKey(system_level=level, fault_type=kind)
    else:
        key = AnswerKey(mitigated_state="all pods healthy")
    return Problem(id=f"variant-{fault.fault_type}-{target}-{task.value}", app=base.app, task=task, fault=fault,
                   answer=key, split=Split.TEST)


def _flag(flag: str, variant: str, service: str, task: TaskType) -> Problem:
    base = get_problem("astronomy_shop_ad_service_failure-localization-1")
    fault = FaultSpec(family="astronomy_shop_variant", injector=Injector.FLAGD, fault_type=flag, target=service,
                      params={**base.fault.params, "flag": flag, "variant": variant})
    key = AnswerKey(services=(service,)) if task is TaskType.LOCALIZATION else AnswerKey(
        mitigated_state=f"flag {flag} off")
    return Problem(id=f"variant-{flag}-{task.value}", app=App.ASTRONOMY_SHOP, task=task, fault=fault, answer=key,
                   split=Split.TEST)


L, A, M = TaskType.LOCALIZATION, TaskType.ANALYSIS, TaskType.MITIGATION
VARIANTS = [
    _variant("k8s_target_port-misconfig-localization-1", L, "compose-post-service"),
    _variant("k8s_target_port-misconfig-mitigation-1", M, "compose-post-service"),
    _variant("k8s_target_port-misconfig-localization-1", L, "media-service"),
    _variant("revoke_auth_mongodb-localization-1", L, "mongodb-rate", database="rate-db", app_pods="rate",
             script="/scripts/revoke-admin-rate-mongo.sh"),
    _variant("revoke_auth_mongodb-mitigation-1", M, "mongodb-rate", database="rate-db", app_pods="rate",
             script="/scripts/revoke-admin-rate-mongo.sh"),
    _variant("user_unregistered_mongodb-analysis-1", A, "mongodb-rate", database="rate-db", app_pods="rate"),
    _variant("scale_pod_zero_social_net-localization-1", L, "text-service"),
    _variant("scale_pod_zero_social_net-mitigation-1", M, "text-service"),
    _variant("assign_to_non_existent_node_social_net-localization-1", L, "media-service"),
    _variant("assign_to_non_existent_node_social_net-mitigation-1", M, "media-service"),
    _variant("wrong_bin_usage-localization-1", L, "rate", deployment="rate", from_command=["rate"],
             to_command=["geo"]),
    _variant("wrong_bin_usage-analysis-1", A, "rate", deployment="rate", from_command=["rate"], to_command=["geo"]),
    _variant("misconfig_app_hotel_res-localization-1", L, "rate", deployment="rate", container="hotel-reserv-rate",
             image="yinfangchen/rate:app3"),
    _flag("emailMemoryLeak", "on", "email", L),
    _flag("llmRateLimitError", "on", "llm", L),
    _flag("cartFailure", "on", "cart", M),
]


@pytest.mark.parametrize("problem", VARIANTS, ids=lambda p: p.id)
def test_solves_variant(problem: Problem) -> None:
    outcome = run_problem(problem, RunbookObserver(), seed=0, max_iterations=15)
    assert outcome.success, (outcome.submission, outcome.results, outcome.end_reason)
    if problem.task is TaskType.MITIGATION:
        assert outcome.strict_success, outcome.results
