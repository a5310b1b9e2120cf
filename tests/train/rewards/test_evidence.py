"""The root-cause evidence rule: culprits with anomaly signals, fault marks, healthy output is not evidence."""

from __future__ import annotations

import pytest

from aoi.env import exec_shell_action, run_actions
from aoi.problems import get_problem
from aoi.train.rewards import root_cause, surfaces_root_cause

HOTEL = "test-hotel-reservation"


def evidence(problem_id: str, command: str, output: str) -> bool:
    return surfaces_root_cause(command, output, root_cause(get_problem(problem_id)))


@pytest.mark.parametrize(("line", "found"), [
    ("geo-h2r6f99q75-94wh5   0/1   CrashLoopBackOff   3   2m", True),  # the culprit's pod
    ("mongodb-geo-2gnzxkq6cw-xn8kx   0/1   CrashLoopBackOff   3   2m", True),  # mongodb-geo is named too
    ("geo-h2r6f99q75-94wh5   1/1   Running   0   2m", False),  # the culprit, healthy
    ("rate-872xs8jrwm-xklh7   0/1   CrashLoopBackOff   3   2m", False),  # another service
    ("geography-service   0/1   CrashLoopBackOff", False),  # not a generated name of geo
])  # fmt: skip
def test_a_line_needs_the_culprit_and_an_anomaly(line, found):
    assert evidence("revoke_auth_mongodb-localization-1", f"kubectl get pods -n {HOTEL}", line) is found


def test_a_sibling_service_is_not_the_culprit():
    line = "frontend-proxy-5d8f7c9bkd-x2xzq   0/1   CrashLoopBackOff   4   3m"
    assert not evidence("astronomy_shop_image_slow_load-localization-1", "kubectl get pods -n astronomy-shop", line)


def test_a_command_about_the_culprit_counts_any_signal():
    log = "2026-03-05T13:01:50Z WARN GetAds Failed with status UNAVAILABLE"
    assert evidence("astronomy_shop_ad_service_failure-localization-1", "kubectl logs deploy/ad -n astronomy-shop", log)
    assert not evidence("astronomy_shop_ad_service_failure-localization-1",
                        "kubectl logs deploy/cart -n astronomy-shop", log)


@pytest.mark.parametrize(("problem_id", "output", "found"), [
    ("k8s_target_port-misconfig-localization-1", "    targetPort: 9999", True),
    ("k8s_target_port-misconfig-localization-1", "    targetPort: 9090", False),
    ("astronomy_shop_ad_service_failure-localization-1", "adFailure on", True),
    ("astronomy_shop_ad_service_failure-localization-1", "adFailure off\nadHighCpu off", False),
    ("astronomy_shop_ad_service_failure-localization-1",
     '\\"adFailure\\": {\\n \\"state\\": \\"ENABLED\\", \\"variants\\": {\\"on\\": true, \\"off\\": false},'
     '\\n \\"defaultVariant\\": \\"on\\"\\n }', True),
    ("astronomy_shop_ad_service_failure-localization-1",
     '"adFailure": {"variants": {"on": true, "off": false}, "defaultVariant": "off"}, '
     '"adHighCpu": {"variants": {"on": true}, "defaultVariant": "on"}', False),
    ("pod_failure_hotel_res-localization-1", "NAME          AGE\npod-failure   16s", True),
    ("pod_failure_hotel_res-localization-1", "No resources found in test-hotel-reservation namespace.", False),
    ("redeploy_without_PV-detection-1", "geo-pvc   Pending   geo-storage   46s", True),
    ("noop_detection_hotel_reservation-1", "geo-h2r6f99q75-94wh5   0/1   CrashLoopBackOff", False),
])  # fmt: skip
def test_marks_of_the_fault_count_anywhere(problem_id, output, found):
    assert evidence(problem_id, "kubectl get all", output) is found


def test_the_same_probes_on_a_healthy_cluster_find_nothing():
    commands = [f"kubectl get pods -n {HOTEL}", f"kubectl logs deploy/geo -n {HOTEL} --tail=30",
                f"kubectl get events -n {HOTEL}"]
    faulty = run_actions("revoke_auth_mongodb-localization-1", [exec_shell_action(c) for c in commands])
    healthy = run_actions("noop_detection_hotel_reservation-1", [exec_shell_action(c) for c in commands])
    assert any(evidence("revoke_auth_mongodb-localization-1", c, r.observation) for c, r in zip(commands, faulty, strict=True))
    assert not any(evidence("revoke_auth_mongodb-localization-1", c, r.observation) for c, r in zip(commands, healthy, strict=True))
