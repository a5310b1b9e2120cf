"""Every whitelist rule matches its mitigation and rejects a near miss; unlisted writes fail."""

from __future__ import annotations

import pytest

from aoi.agents.executor import RULES, heredoc_kinds_ok, match_rule

NS = "-n test-social-network"
FLAGD = ("kubectl patch configmap flagd-config -n astronomy-shop -p \"$(kubectl get configmap flagd-config "
         "-n astronomy-shop -o json | jq -c '{data: {\"demo.flagd.json\": (.data[\"demo.flagd.json\"] | fromjson "
         "| .flags.adFailure.defaultVariant = \"off\" | tojson)}}')\" --type merge")
CASES = {
    "flagd-configmap": (FLAGD, f"kubectl patch configmap other-config {NS} -p '{{}}'"),
    "patch-pv-claimref": ("kubectl patch pv geo-pv -p '{\"spec\": {\"claimRef\": null}}'",
                          "kubectl patch pv geo-pv -p '{\"spec\": {\"capacity\": {\"storage\": \"1Gi\"}}}'"),
    "patch": (f"kubectl patch service user-service {NS} --type=json -p '[]'", f"kubectl patch node worker {NS} -p x"),
    "scale": (f"kubectl scale deployment user-service {NS} --replicas=1", f"kubectl scale statefulset db {NS} --replicas=1"),
    "set": (f"kubectl set image deployment/geo geo=img:1 {NS}", f"kubectl set serviceaccount deployment/geo sa {NS}"),
    "rollout": (f"kubectl rollout restart deployment geo {NS}", f"kubectl rollout pause deployment geo {NS}"),
    "delete-pods": (f"kubectl delete pods -l app=geo {NS}", f"kubectl delete deployment geo {NS}"),
    "apply-heredoc": (f"kubectl apply {NS} -f - <<EOF", f"kubectl apply {NS} -f manifest.yaml"),
    "mongo-user": (f"kubectl exec mongodb-geo-1 {NS} -- mongo admin --eval \"db.grantRolesToUser('admin', [])\"",
                   f"kubectl exec mongodb-geo-1 {NS} -- mongo admin --eval \"db.dropUser('admin')\""),
    "mitigate-script": (f"kubectl exec deploy/mongodb-geo {NS} -- bash /scripts/revoke-mitigate-admin-geo-mongo.sh",
                        f"kubectl exec deploy/mongodb-geo {NS} -- bash /scripts/revoke-admin-geo-mongo.sh"),
    "sleep": ("sleep 20", "sleep 20; rm x"),
}


def test_every_rule_has_a_case():
    assert {rule.name for rule in RULES} == set(CASES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_rule_matches_its_mitigation_and_not_a_near_miss(rule):
    good, bad = CASES[rule.name]
    assert rule.matches(good), good
    assert not rule.matches(bad), bad


@pytest.mark.parametrize("command", [
    "kubectl delete namespace test-social-network",
    "kubectl delete pv geo-pv",
    "kubectl delete pods --all -A",
    "kubectl delete pods --all --all-namespaces",
    "kubectl create deployment x --image=y -n ns",
    "kubectl drain worker",
])
def test_writes_outside_the_families_match_no_rule(command):
    assert match_rule(command) is None


def test_heredoc_kinds():
    ok = "kubectl apply -n ns -f - <<EOF\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\nEOF"
    bad = "kubectl apply -n ns -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\nEOF"
    assert heredoc_kinds_ok(ok) and not heredoc_kinds_ok(bad)
    assert not heredoc_kinds_ok("kubectl get cm x -o yaml | kubectl apply -f -")
