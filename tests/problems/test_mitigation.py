"""AIOpsLab's mitigation checks, quirks included, and the strict checks beside them."""

import pytest

from aoi.problems import evaluate, get_problem

from .kube import (
    AS,
    HR,
    SN,
    app,
    container,
    deployment,
    flagd_configmap,
    healthy_pod,
    node,
    pod,
    reader,
    service,
)

PORT = get_problem("k8s_target_port-misconfig-mitigation-1")
REVOKE = get_problem("revoke_auth_mongodb-mitigation-1")
MISCONFIG_APP = get_problem("misconfig_app_hotel_res-mitigation-1")
SCALE = get_problem("scale_pod_zero_social_net-mitigation-1")
ASSIGN = get_problem("assign_to_non_existent_node_social_net-mitigation-1")
KAFKA = get_problem("astronomy_shop_kafka_queue_problems-mitigation-1")
WRONG_BIN = get_problem("wrong_bin_usage-mitigation-1")
REDEPLOY = get_problem("redeploy_without_PV-mitigation-1")

HOTEL = ("frontend", "geo", "mongodb-geo", "profile")


def _strict_mentions(evaluation, text):
    return any(text in reason for reason in evaluation.strict.reasons)


# --- k8s_target_port-misconfig ----------------------------------------------------------------------


def test_target_port_fixed_and_healthy_passes_both():
    evaluation = evaluate(
        PORT, [], reader(app(SN, "user-service", "nginx"), service("user-service", SN, 9090))
    )
    assert evaluation.results == {"success": True}
    assert evaluation.strict.success and evaluation.strict.reasons == []


def test_target_port_still_9999_fails():
    evaluation = evaluate(PORT, [], reader(app(SN, "user-service"), service("user-service", SN, 9999)))
    assert evaluation.results == {"success": False}
    assert _strict_mentions(evaluation, "targetPort 9999, expected 9090")


def test_target_port_only_checks_the_first_port_but_strict_checks_all():
    evaluation = evaluate(PORT, [], reader(app(SN, "user-service"), service("user-service", SN, 9090, 9999)))
    assert evaluation.results == {"success": True}
    assert not evaluation.strict.success


def test_target_port_skips_pods_without_statuses_but_strict_does_not():
    cluster = reader(
        app(SN, "user-service"), service("user-service", SN, 9090), pod("media-5f-x", SN, phase="Pending")
    )
    evaluation = evaluate(PORT, [], cluster)
    assert evaluation.results == {"success": True}
    assert _strict_mentions(evaluation, "pod media-5f-x is Pending with no container statuses")


def test_target_port_fails_on_crash_loop():
    cluster = reader(
        app(SN, "user-service"),
        service("user-service", SN, 9090),
        pod("compose-post-1", SN, container(ready=False, waiting="CrashLoopBackOff")),
    )
    assert evaluate(PORT, [], cluster).results == {"success": False}


def test_missing_service_is_an_oracle_error():
    results = evaluate(PORT, [], reader(app(SN, "user-service"))).results
    assert results["success"] is False
    assert "NotFound: Service 'user-service'" in results["oracle_error"]


# --- the unguarded "all pods healthy" loop ----------------------------------------------------------


def test_revoke_auth_healthy_namespace_passes():
    evaluation = evaluate(REVOKE, [], reader(app(HR, *HOTEL)))
    assert evaluation.results == {"success": True} and evaluation.strict.success


@pytest.mark.parametrize(
    "broken",
    [
        container(ready=False, waiting="CrashLoopBackOff"),
        container(ready=False, terminated="Error"),
        container(ready=False, waiting="ContainerCreating"),
        # the if/elif chain: a Completed container that is not ready still fails
        container(ready=False, terminated="Completed"),
    ],
)
def test_revoke_auth_unhealthy_container_fails(broken):
    evaluation = evaluate(REVOKE, [], reader(app(HR, *HOTEL), pod("geo-99-x", HR, broken)))
    assert evaluation.results == {"success": False}
    assert not evaluation.strict.success


def test_unguarded_loop_on_pending_pod_records_type_error():
    evaluation = evaluate(REVOKE, [], reader(app(HR, *HOTEL), pod("geo-99-x", HR, phase="Pending")))
    assert evaluation.results["success"] is False
    assert evaluation.results["oracle_error"].startswith("TypeError: 'NoneType' object is not iterable")
    assert "geo-99-x" in evaluation.results["oracle_error"]
    assert not evaluation.strict.success


def test_empty_status_list_does_not_crash_the_unguarded_loop():
    stuck = pod("geo-99-x", HR)
    stuck["status"]["containerStatuses"] = []
    evaluation = evaluate(REVOKE, [], reader(app(HR, *HOTEL), stuck))
    assert evaluation.results == {"success": True}
    assert _strict_mentions(evaluation, "geo-99-x is Running with no container statuses")


def test_strict_rejects_deleting_the_faulty_service():
    objects = [o for o in app(HR, *HOTEL) if "mongodb-geo" not in o["metadata"]["name"]]
    evaluation = evaluate(REVOKE, [], reader(objects))
    assert evaluation.results == {"success": True}
    assert evaluation.strict.reasons == ["deployment mongodb-geo no longer exists"]


def test_strict_requires_every_deployment_available():
    evaluation = evaluate(
        REVOKE, [], reader(app(HR, *HOTEL), deployment("rate", HR, replicas=2, available=None))
    )
    assert evaluation.results == {"success": True}
    assert evaluation.strict.reasons == ["deployment rate has 0/2 replicas available"]


def test_strict_accepts_finished_pods():
    done = pod("wrk2-job-x", HR, container(ready=False, terminated="Completed"), phase="Succeeded")
    evaluation = evaluate(REVOKE, [], reader(app(HR, *HOTEL), done))
    assert evaluation.results == {"success": False}  # AIOpsLab's quirk: not ready
    assert evaluation.strict.success


def test_redeploy_without_pv_unfixed_state():
    pvc = {
        "kind": "PersistentVolumeClaim",
        "metadata": {"name": "geo-pvc", "namespace": HR},
        "status": {"phase": "Pending"},
    }
    cluster = reader(app(HR, "geo", "frontend"), pod("mongodb-geo-5-x", HR, phase="Pending"), pvc)
    evaluation = evaluate(REDEPLOY, [], cluster)
    assert evaluation.results["success"] is False and "TypeError" in evaluation.results["oracle_error"]
    assert _strict_mentions(evaluation, "persistentvolumeclaim geo-pvc is Pending")


# --- misconfig_app: readiness polled every 5 s for 60 s -----------------------------------------------


def _bad_geo():
    return pod("geo-1-x", HR, container(ready=False, waiting="CrashLoopBackOff"))


def test_misconfig_app_recovers_while_polling():
    healthy = app(HR, *HOTEL)
    waited = []

    def heal_after_20_seconds(seconds):
        waited.append(seconds)
        return healthy if sum(waited) >= 20 else None

    cluster = reader(healthy, _bad_geo(), on_wait=heal_after_20_seconds)
    evaluation = evaluate(MISCONFIG_APP, [], cluster)
    assert evaluation.results == {"success": True}
    assert waited == [5, 5, 5, 5]
    assert evaluation.strict.success


def test_misconfig_app_gives_up_after_60_seconds():
    cluster = reader(app(HR, *HOTEL), _bad_geo())
    evaluation = evaluate(MISCONFIG_APP, [], cluster)
    assert evaluation.results == {"success": False}
    assert cluster.waited == 60


def test_misconfig_app_counts_succeeded_pods_as_ready_and_an_empty_namespace_as_not():
    done = pod("job-x", HR, container(ready=False, terminated="Completed"), phase="Succeeded")
    assert evaluate(MISCONFIG_APP, [], reader(app(HR, *HOTEL), done)).results == {"success": True}
    assert evaluate(MISCONFIG_APP, [], reader()).results == {"success": False}


def test_misconfig_app_pending_pod_is_not_ready():
    cluster = reader(app(HR, *HOTEL), pod("geo-2-x", HR, phase="Pending"))
    assert evaluate(MISCONFIG_APP, [], cluster).results == {"success": False}


def test_misconfig_app_strict_wants_the_bad_image_gone():
    geo = deployment("geo", HR, containers=[{"name": "hotel-reserv-geo", "image": "yinfangchen/geo:app3"}])
    objects = [o for o in app(HR, *HOTEL) if o["metadata"]["name"] != "geo"] + [geo]
    evaluation = evaluate(MISCONFIG_APP, [], reader(objects))
    assert evaluation.results == {"success": True}
    assert evaluation.strict.reasons == [
        "deployment geo container hotel-reserv-geo still runs image yinfangchen/geo:app3"
    ]


# --- scale_pod_zero ---------------------------------------------------------------------------------


def test_scale_back_to_one_passes():
    evaluation = evaluate(SCALE, [], reader(app(SN, "user-service", "nginx")))
    assert evaluation.results == {"success": True} and evaluation.strict.success


def test_scale_to_two_fails_aiopslab_but_passes_strict():
    cluster = reader(
        deployment("user-service", SN, replicas=2, available=2), healthy_pod("user-service-1", SN)
    )
    evaluation = evaluate(SCALE, [], cluster)
    assert evaluation.results == {"success": False}
    assert evaluation.strict.success


def test_still_scaled_to_zero_fails_both():
    evaluation = evaluate(SCALE, [], reader(deployment("user-service", SN, replicas=0, available=None)))
    assert evaluation.results == {"success": False}
    assert evaluation.strict.reasons == ["deployment user-service has no available replica"]


def test_scale_needs_available_replicas_not_just_desired():
    cluster = reader(deployment("user-service", SN, replicas=1, available=0), healthy_pod("nginx-1", SN))
    assert evaluate(SCALE, [], cluster).results == {"success": False}


# --- assign_to_non_existent_node --------------------------------------------------------------------

_EXTRA = {"kubernetes.io/hostname": "extra-node"}


def test_assign_unfixed_state_fools_aiopslab_but_not_strict():
    cluster = reader(
        deployment("user-service", SN, available=None, node_selector=_EXTRA),
        pod("user-service-6d-x", SN, phase="Pending"),
        app(SN, "nginx"),
        node("kind-worker"),
    )
    evaluation = evaluate(ASSIGN, [], cluster)
    assert evaluation.results == {"success": True}
    assert _strict_mentions(evaluation, "no Running and Ready user-service pod")
    assert _strict_mentions(
        evaluation, "nodeSelector kubernetes.io/hostname=extra-node, which no existing node"
    )


def test_assign_fixed_passes_both():
    evaluation = evaluate(ASSIGN, [], reader(app(SN, "user-service", "nginx"), node("kind-worker")))
    assert evaluation.results == {"success": True} and evaluation.strict.success


def test_assign_selector_on_an_existing_node_is_fine():
    pinned = deployment("user-service", SN, node_selector={"kubernetes.io/hostname": "kind-worker"})
    cluster = reader(pinned, healthy_pod("user-service-1-x", SN), node("kind-worker"))
    assert evaluate(ASSIGN, [], cluster).strict.success


def test_assign_without_any_user_service_pod_fails():
    cluster = reader(deployment("user-service", SN), app(SN, "nginx"), node("kind-worker"))
    evaluation = evaluate(ASSIGN, [], cluster)
    assert evaluation.results == {"success": False}


# --- kafka (flagd) ----------------------------------------------------------------------------------


def test_kafka_flag_still_on_fools_aiopslab_but_not_strict():
    cluster = reader(app(AS, "kafka", "checkout"), flagd_configmap("kafkaQueueProblems", "on"))
    evaluation = evaluate(KAFKA, [], cluster)
    assert evaluation.results == {"success": True}
    assert evaluation.strict.reasons == ["flag kafkaQueueProblems has defaultVariant 'on', expected 'off'"]


def test_kafka_flag_off_passes_strict():
    cluster = reader(app(AS, "kafka", "checkout"), flagd_configmap("kafkaQueueProblems", "off"))
    assert evaluate(KAFKA, [], cluster).strict.success


def test_kafka_is_guarded_and_strict_reports_a_missing_configmap():
    evaluation = evaluate(KAFKA, [], reader(app(AS, "kafka"), pod("otel-1", AS, phase="Pending")))
    assert evaluation.results == {"success": True}
    assert _strict_mentions(evaluation, "configmap flagd-config does not exist")


# --- wrong_bin_usage --------------------------------------------------------------------------------


def _profile(command):
    return deployment(
        "profile", HR, containers=[{"name": "hotel-reserv-profile", "image": "x", "command": command}]
    )


def _hotel_with(profile):
    return [o for o in app(HR, *HOTEL) if o["metadata"]["name"] != "profile"] + [profile]


def test_wrong_bin_fixed_passes():
    evaluation = evaluate(WRONG_BIN, [], reader(_hotel_with(_profile(["profile"]))))
    assert evaluation.results == {"success": True} and evaluation.strict.success


def test_wrong_bin_still_geo_fails():
    evaluation = evaluate(WRONG_BIN, [], reader(_hotel_with(_profile(["geo"]))))
    assert evaluation.results == {"success": False}
    assert evaluation.strict.reasons == [
        "deployment profile container hotel-reserv-profile runs command ['geo']"
    ]


def test_wrong_bin_container_without_command_is_an_oracle_error():
    results = evaluate(WRONG_BIN, [], reader(_hotel_with(_profile(None)))).results
    assert results["success"] is False
    assert results["oracle_error"].startswith("TypeError: argument of type 'NoneType' is not iterable")


def test_wrong_bin_image_pull_backoff_fails():
    broken = pod("profile-2-x", HR, container(ready=False, waiting="ImagePullBackOff"))
    evaluation = evaluate(WRONG_BIN, [], reader(_hotel_with(_profile(["profile"])), broken))
    assert evaluation.results == {"success": False}
    assert _strict_mentions(evaluation, "is waiting in ImagePullBackOff")


# --- entry point ------------------------------------------------------------------------------------


def test_mitigation_needs_a_reader():
    with pytest.raises(ValueError, match="needs a ClusterReader"):
        evaluate(REVOKE, [])


def test_an_empty_namespace_never_passes_strict():
    from aoi.problems import all_problems

    vacuous = []
    for problem in all_problems():
        if problem.task.value == "mitigation":
            evaluation = evaluate(problem, [], reader())
            assert not evaluation.strict.success, problem.id
            if evaluation.success:
                vacuous.append(problem.fault.family)
    # AIOpsLab's pod loops pass vacuously when there are no pods at all.
    assert set(vacuous) == {
        "auth_miss_mongodb",
        "revoke_auth_mongodb",
        "user_unregistered_mongodb",
        "redeploy_without_PV",
        "astronomy_shop_kafka_queue_problems",
    }
