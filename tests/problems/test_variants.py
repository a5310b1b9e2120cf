"""Problem variants: ids, target sets (checked against the twin's manifests), answer keys, lookups."""

from __future__ import annotations

from collections import Counter

import pytest

from aoi.problems import (
    App,
    Split,
    TaskType,
    UnknownProblem,
    UnknownVariant,
    all_problems,
    all_variants,
    get_problem,
    problem_ids,
    variant_ids,
)
from aoi.problems.catalog import families, hotel_container
from aoi.problems.solutions import reference_actions, wrong_fix_actions
from aoi.problems.variants import (
    FIXED_TARGETS,
    HOTEL_AUTH_MONGODBS,
    HOTEL_DEPLOYMENTS,
    HOTEL_GO_SERVICES,
    SOCIAL_DEPLOYMENTS,
    SOCIAL_THRIFT_SERVICES,
    VALID_TARGETS,
)
from aoi.twin.apps import APPS

K8S_LOC = "k8s_target_port-misconfig-localization-1"


def _objects(app: str, kind: str) -> list[dict]:
    return [obj for obj in APPS[app].manifests() if obj["kind"] == kind]


def _names(app: str, kind: str) -> set[str]:
    return {obj["metadata"]["name"] for obj in _objects(app, kind)}


def test_variant_counts_per_family():
    counts = Counter(p.fault.family for p in all_variants())
    assert counts == {
        "k8s_target_port-misconfig": 8 * 4,
        "scale_pod_zero_social_net": 26 * 4,
        "assign_to_non_existent_node_social_net": 26 * 4,
        "container_kill": 18 * 2,
        "pod_failure_hotel_res": 18 * 2,
        "pod_kill_hotel_res": 18 * 2,
        "network_loss_hotel_res": 18 * 2,
        "network_delay_hotel_res": 18 * 2,
        "wrong_bin_usage": 7 * 4,
    }
    assert len(all_variants()) == 448


def test_variant_ids_are_unique_anchored_and_new():
    catalog = {p.id: p for p in all_problems()}
    seen = set()
    for variant in all_variants():
        base_id, _, target = variant.id.partition("@")
        base = catalog[base_id]
        assert variant.id not in seen and variant.id not in catalog
        seen.add(variant.id)
        assert target == variant.fault.target
        assert base.fault.family == variant.fault.family and base.task is variant.task
        assert base_id.endswith(("-1", "container_kill-detection", "container_kill-localization"))
        # a target that has a catalog problem is never also a variant
        assert not any(
            p.fault.family == base.fault.family and p.fault.target == target for p in catalog.values()
        )


def test_every_family_has_targets_or_a_reason_and_catalog_targets_are_valid():
    for family in families():
        assert (family.name in VALID_TARGETS) != (family.name in FIXED_TARGETS), family.name
        if family.name in VALID_TARGETS:
            assert set(family.targets) <= set(VALID_TARGETS[family.name]), family.name


def test_target_sets_match_the_twin_manifests():
    social_services = _objects("SocialNetwork", "Service")
    on_9090 = {
        s["metadata"]["name"]
        for s in social_services
        if any(p.get("targetPort") == 9090 for p in s["spec"]["ports"])
    }
    assert set(SOCIAL_THRIFT_SERVICES) == on_9090
    assert set(SOCIAL_DEPLOYMENTS) == _names("SocialNetwork", "Deployment")
    assert all(d["spec"]["replicas"] == 1 for d in _objects("SocialNetwork", "Deployment"))
    assert set(HOTEL_DEPLOYMENTS) == _names("HotelReservation", "Deployment")
    hotel = _objects("HotelReservation", "Deployment")
    assert all(
        d["spec"]["selector"]["matchLabels"] == {"io.kompose.service": d["metadata"]["name"]} for d in hotel
    )
    go = {
        d["metadata"]["name"] for d in hotel if d["spec"]["template"]["spec"]["containers"][0].get("command")
    }
    assert set(HOTEL_GO_SERVICES) == go


def test_auth_targets_are_the_mongodbs_run_with_auth():
    with_auth = {
        d["metadata"]["name"]
        for app in ("HotelReservation", "SocialNetwork")
        for d in _objects(app, "Deployment")
        if "--auth" in (d["spec"]["template"]["spec"]["containers"][0].get("args") or [])
    }
    assert set(HOTEL_AUTH_MONGODBS) == with_auth


@pytest.mark.parametrize("deployment", HOTEL_DEPLOYMENTS)
def test_hotel_container_names_match_the_manifests(deployment: str):
    found = next(d for d in _objects("HotelReservation", "Deployment") if d["metadata"]["name"] == deployment)
    assert [c["name"] for c in found["spec"]["template"]["spec"]["containers"]] == [
        hotel_container(deployment)
    ]


def test_target_params_follow_the_target():
    kill = get_problem("container_kill-detection@memcached-reserve").fault
    assert kill.params["selector"] == {"io.kompose.service": "memcached-reserve"}
    assert kill.params["container_names"] == ["hotel-reserv-reservation-mmc"]
    loss = get_problem("network_loss_hotel_res-localization-1@mongodb-rate").fault
    assert (
        loss.params["selector"] == {"io.kompose.service": "mongodb-rate"}
        and "container_names" not in loss.params
    )
    assert loss.params["loss"] == {"loss": "99", "correlation": "100"}
    geo = get_problem("wrong_bin_usage-mitigation-1@geo").fault.params
    assert geo == {"deployment": "geo", "from_command": ["geo"], "to_command": ["profile"]}
    rate = get_problem("wrong_bin_usage-mitigation-1@rate").fault.params
    assert rate == {"deployment": "rate", "from_command": ["rate"], "to_command": ["geo"]}
    port = get_problem("k8s_target_port-misconfig-mitigation-1@compose-post-service").fault
    assert port.params == {"from_target_port": 9090, "to_target_port": 9999}


def test_answer_keys_are_derived_from_the_target():
    for variant in all_variants():
        base = get_problem(variant.id.partition("@")[0])
        assert variant.split is base.split and variant.app is base.app
        if variant.task is TaskType.DETECTION:
            assert variant.answer.has_anomaly == "Yes"
        elif variant.task is TaskType.LOCALIZATION:
            assert variant.answer.services == (variant.fault.target,)
        elif variant.task is TaskType.ANALYSIS:
            assert variant.answer == base.answer
        else:
            state = variant.answer.mitigated_state or ""
            assert variant.fault.target in state or state == base.answer.mitigated_state
    scale = get_problem("scale_pod_zero_social_net-mitigation-1@text-service").answer.mitigated_state
    assert scale.startswith("deployment text-service replicas == 1")


def test_get_problem_and_the_id_lists_accept_variants():
    variant = get_problem(f"{K8S_LOC}@compose-post-service")
    assert variant.id == f"{K8S_LOC}@compose-post-service" and variant.split is Split.TRAIN
    assert problem_ids() == [p.id for p in all_problems()]
    assert problem_ids(variants=True) == [*problem_ids(), *variant_ids()]
    hotel_test = variant_ids(task="localization", app=App.HOTEL_RESERVATION, split="test")
    assert len(hotel_test) == 18 * 4 + 7  # four chaos families are test, plus wrong_bin_usage
    assert all("@" in pid for pid in hotel_test)
    assert len(problem_ids(task=TaskType.MITIGATION, variants=True)) == 14 + 67


@pytest.mark.parametrize(
    ("variant_id", "says"),
    [
        (
            f"{K8S_LOC}@compose-post",
            "did you mean compose-post-service? valid targets: compose-post-service,",
        ),
        (
            f"{K8S_LOC}@text-service",
            "text-service is the target of catalog problem k8s_target_port-misconfig-localization-2",
        ),
        ("k8s_target_port-misconfig-localization-2@media-service", f"use {K8S_LOC}@media-service"),
        ("misconfig_app_hotel_res-mitigation-1@rate", "has no variants (the twin models only"),
        (
            "revoke_auth_mongodb-localization-1@mongodb-user",
            "(mongodb-geo, mongodb-rate) has a catalog problem",
        ),
        ("noop_detection_hotel_reservation-1@geo", "nothing is injected"),
    ],
)
def test_unknown_variants_say_what_is_valid(variant_id: str, says: str):
    with pytest.raises(UnknownVariant) as caught:
        get_problem(variant_id)
    assert says in str(caught.value) and str(caught.value).startswith(
        f"unknown problem variant {variant_id!r}"
    )
    assert isinstance(caught.value, UnknownProblem)


def test_an_unknown_base_id_suggests_close_ids():
    with pytest.raises(
        UnknownProblem, match="did you mean k8s_target_port-misconfig-localization-1"
    ) as caught:
        get_problem("k8s_target_port-misconfig-localisation-1@compose-post-service")
    assert not isinstance(caught.value, UnknownVariant)


def test_reference_and_wrong_fix_actions_target_the_variant():
    for variant in all_variants():
        actions = reference_actions(variant)
        assert actions[-1].startswith("submit(")
        if variant.task is TaskType.MITIGATION:
            assert any(variant.fault.target in action for action in actions[1:-1]), variant.id
            assert wrong_fix_actions(variant)[-1] == "submit()"
        if variant.task is TaskType.LOCALIZATION:
            assert actions[-1] == f'submit(["{variant.fault.target}"])'
