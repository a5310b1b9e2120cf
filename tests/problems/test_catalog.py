from collections import Counter
from operator import attrgetter

import pytest
from pydantic import ValidationError

from aoi.problems import (
    AnswerKey,
    App,
    Injector,
    Split,
    TaskType,
    UnknownProblem,
    all_problems,
    get_problem,
    problem_ids,
)


def test_catalog_has_89_unique_ids():
    ids = [p.id for p in all_problems()]
    assert len(ids) == 89
    assert len(set(ids)) == 89


@pytest.mark.parametrize(
    ("attribute", "expected"),
    [
        (
            "task",
            {
                TaskType.DETECTION: 34,
                TaskType.LOCALIZATION: 28,
                TaskType.ANALYSIS: 13,
                TaskType.MITIGATION: 14,
            },
        ),
        (
            "app",
            {
                App.HOTEL_RESERVATION: 38,
                App.SOCIAL_NETWORK: 25,
                App.ASTRONOMY_SHOP: 24,
                App.FLOWER: 2,
            },
        ),
        (
            "fault.injector",
            {
                Injector.VIRTUALIZATION: 27,
                Injector.APPLICATION: 24,
                Injector.CHAOS_MESH: 10,
                Injector.FLAGD: 23,
                Injector.NOOP: 3,
                Injector.DOCKER: 2,
            },
        ),
    ],
    ids=["task_type", "app", "injector"],
)
def test_counts_per(attribute: str, expected: dict):
    counts = Counter(attrgetter(attribute)(p) for p in all_problems())
    assert counts == expected


def test_registry_order_at_known_positions():
    ids = [p.id for p in all_problems()]
    assert ids[0] == "k8s_target_port-misconfig-detection-1"
    assert ids[4] == "k8s_target_port-misconfig-detection-2"
    assert ids[16] == "revoke_auth_mongodb-detection-1"
    assert ids[44] == "container_kill-detection"
    assert ids[54:57] == [
        "noop_detection_hotel_reservation-1",
        "noop_detection_social_network-1",
        "noop_detection_astronomy_shop-1",
    ]
    assert ids[69] == "astronomy_shop_kafka_queue_problems-mitigation-1"
    assert ids[80:83] == [
        "redeploy_without_PV-detection-1",
        "redeploy_without_PV-analysis-1",
        "redeploy_without_PV-mitigation-1",
    ]
    assert ids[-2:] == ["flower_node_stop-detection", "flower_model_misconfig-detection"]


@pytest.mark.parametrize(
    "problem_id",
    [
        "container_kill-detection",
        "container_kill-localization",
        "noop_detection_hotel_reservation-1",
        "redeploy_without_PV-analysis-1",
        "flower_model_misconfig-detection",
        "flower_node_stop-detection",
        "astronomy_shop_product_catalog_service_failure-localization-1",
        "assign_to_non_existent_node_social_net-mitigation-1",
        "k8s_target_port-misconfig-mitigation-3",
    ],
)
def test_irregular_ids_are_spelled_exactly(problem_id):
    assert get_problem(problem_id).id == problem_id


def test_ids_that_do_not_exist_in_aiopslab_are_absent():
    ids = set(problem_ids())
    assert "redeploy_without_PV-localization-1" not in ids
    assert "container_kill-detection-1" not in ids
    assert "noop_detection_hotel_reservation-detection-1" not in ids


def test_unknown_id_suggests_close_matches():
    with pytest.raises(UnknownProblem) as caught:
        get_problem("revoke_auth_mongodb-detection-3")
    message = str(caught.value)
    assert "revoke_auth_mongodb-detection-1" in message
    assert message.startswith("unknown problem id 'revoke_auth_mongodb-detection-3'")
    assert isinstance(caught.value, KeyError)


def test_problem_ids_filters_combine():
    assert len(problem_ids(task="mitigation")) == 14
    assert len(problem_ids(task=TaskType.DETECTION, app=App.FLOWER)) == 2
    assert problem_ids(task="mitigation", app="AstronomyShop") == [
        "astronomy_shop_kafka_queue_problems-mitigation-1"
    ]
    assert len(problem_ids(split=Split.TRAIN, task="analysis")) == 7
    with pytest.raises(ValueError):
        problem_ids(task="diagnosis")


def test_id_contains_its_task_word():
    # AIOpsLab filters ids by substring, so every id must contain its task type's word.
    for problem in all_problems():
        assert problem.task.value in problem.id


def test_app_namespaces():
    assert App.SOCIAL_NETWORK.namespace == "test-social-network"
    assert App.HOTEL_RESERVATION.namespace == "test-hotel-reservation"
    assert App.ASTRONOMY_SHOP.namespace == "astronomy-shop"
    assert App.FLOWER.namespace == "docker"
    assert get_problem("wrong_bin_usage-mitigation-1").namespace == "test-hotel-reservation"


def test_detection_answers():
    answers = Counter(p.answer.has_anomaly for p in all_problems() if p.task is TaskType.DETECTION)
    assert answers == {"Yes": 31, "No": 3}
    assert get_problem("noop_detection_social_network-1").answer.has_anomaly == "No"


def test_localization_answers_with_mongodb_alias():
    assert get_problem("revoke_auth_mongodb-localization-2").answer.services == ("mongodb-rate", "rate")
    assert get_problem("user_unregistered_mongodb-localization-1").answer.services == ("mongodb-geo", "geo")
    assert get_problem("auth_miss_mongodb-localization-1").answer.services == ("url-shorten-mongodb",)
    assert get_problem("astronomy_shop_payment_service_unreachable-localization-1").answer.services == (
        "checkout",
    )
    assert get_problem("astronomy_shop_loadgenerator_flood_homepage-localization-1").answer.services == (
        "frontend",
    )


def test_analysis_answer_key():
    keys = {
        p.id: (p.answer.system_level, p.answer.fault_type)
        for p in all_problems()
        if p.task is TaskType.ANALYSIS
    }
    assert len(keys) == 13
    assert keys["k8s_target_port-misconfig-analysis-2"] == ("Virtualization", "Misconfiguration")
    assert keys["auth_miss_mongodb-analysis-1"] == ("Application", "Misconfiguration")
    assert keys["revoke_auth_mongodb-analysis-1"] == ("Application", "Authentication Issue")
    assert keys["user_unregistered_mongodb-analysis-2"] == ("Application", "Network/Storage Issue")
    assert keys["scale_pod_zero_social_net-analysis-1"] == ("Virtualization", "Operation Error")
    assert keys["assign_to_non_existent_node_social_net-analysis-1"] == (
        "Virtualization",
        "Dependency Problem",
    )
    assert keys["redeploy_without_PV-analysis-1"] == ("Virtualization", "Operation Error")
    assert keys["wrong_bin_usage-analysis-1"] == ("Application", "Network/Storage Issue")
    assert {level for level, _ in keys.values()} == {"Virtualization", "Application"}


def test_fault_parameters():
    port = get_problem("k8s_target_port-misconfig-mitigation-3").fault
    assert (port.fault_type, port.target) == ("misconfig_k8s", "post-storage-service")
    assert (port.params["from_target_port"], port.params["to_target_port"]) == (9090, 9999)

    revoke = get_problem("revoke_auth_mongodb-detection-2").fault
    assert (revoke.fault_type, revoke.target, revoke.params["database"]) == (
        "revoke_auth",
        "mongodb-rate",
        "rate-db",
    )

    flag = get_problem("astronomy_shop_payment_service_failure-detection-1").fault
    assert (flag.injector, flag.params["flag"], flag.params["variant"]) == (
        Injector.FLAGD,
        "paymentFailure",
        "100%",
    )
    assert get_problem("astronomy_shop_image_slow_load-detection-1").fault.params["variant"] == "10sec"

    chaos = get_problem("pod_kill_hotel_res-detection-1").fault
    assert (chaos.params["action"], chaos.params["duration"], chaos.params["experiment"]) == (
        "pod-failure",
        "100s",
        "pod-kill",
    )
    assert get_problem("network_delay_hotel_res-localization-1").fault.params["delay"]["latency"] == "10s"
    assert get_problem("container_kill-localization").fault.params["container_names"] == ["hotel-reserv-geo"]

    image = get_problem("misconfig_app_hotel_res-mitigation-1").fault.params["image"]
    assert image == "yinfangchen/geo:app3"
    assert get_problem("noop_detection_astronomy_shop-1").fault.target is None


def test_all_tasks_of_a_variant_share_one_fault():
    faults = {p.fault for p in all_problems() if p.fault.family == "revoke_auth_mongodb"}
    assert {f.target for f in faults} == {"mongodb-geo", "mongodb-rate"}


def test_problems_are_frozen_and_hashable():
    problem = get_problem("wrong_bin_usage-detection-1")
    with pytest.raises(ValidationError):
        problem.id = "other"  # type: ignore[misc]
    assert {problem: 1}[get_problem("wrong_bin_usage-detection-1")] == 1


def test_a_problem_needs_the_answer_of_its_task():
    problem = get_problem("wrong_bin_usage-analysis-1")
    with pytest.raises(ValidationError, match="needs system_level, fault_type"):
        problem.model_validate({**problem.model_dump(), "answer": AnswerKey(has_anomaly="Yes").model_dump()})
