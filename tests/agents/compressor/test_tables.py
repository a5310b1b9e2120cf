"""kubectl tables: one summary line per table, the abnormal rows kept whole."""

from __future__ import annotations

import re

from aoi.agents.compressor import RuleCompressor

from .conftest import HOTEL, SOCIAL


def test_pods_with_one_crash_looping_become_a_summary_and_that_row(run, hotel, geo_pod):
    ev = run(f"kubectl get pods -n {HOTEL}")
    raw_row = next(r for r in hotel.run(f"kubectl get pods -n {HOTEL}").stdout.splitlines() if r.startswith("geo-"))
    assert ev.kind == "table" and ev.ok and not ev.truncated
    assert ev.summary.startswith("19 pods: 18 Running and ready with 0 restarts, 1 not (CrashLoopBackOff 1)")
    assert ev.details[0].split() == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    assert ev.details[1].split() == raw_row.split()
    assert len(ev.details) == 2
    assert ev.render().splitlines()[0] == f"$ kubectl get pods -n {HOTEL}"


def test_27_pods_with_a_restarting_one(social):
    out = social.run(f"kubectl get pods -n {SOCIAL}").stdout
    lines = out.splitlines()
    victim = lines[5].split()[0]
    # The twin's healthy table with one row turned into a crash loop with restarts, as kubectl prints it.
    lines[5] = re.sub(r"1/1(\s+)Running (\s+)0  ", r"0/1\1CrashLoopBackOff\2 3 (10s ago)", lines[5])
    ev = RuleCompressor().compress(f"kubectl get pods -n {SOCIAL}", "\n".join(lines) + "\n", "", 0)
    assert ev.summary.startswith("27 pods: 26 Running and ready with 0 restarts, 1 not (CrashLoopBackOff 1)")
    assert len(ev.details) == 2 and ev.details[1].split()[:6] == [victim, "0/1", "CrashLoopBackOff", "3", "(10s", "ago)"]


def test_all_healthy_pods_are_one_line(run, social):
    ev = run(f"kubectl get pods -n {SOCIAL}", shell=social)
    assert ev.summary == "27 pods: 27 Running and ready with 0 restarts"
    assert ev.details == ()
    assert ev.render().count("\n") == 1


def test_deployments_replicasets_endpoints_keep_only_the_broken_row(run):
    for command, noun in [("deploy", "19 deployments"), ("rs", "19 replicasets"), ("endpoints", "20 endpoints")]:
        ev = run(f"kubectl get {command} -n {HOTEL}")
        assert ev.summary.startswith(noun), ev.summary
        assert len(ev.details) == 2 and ev.details[1].startswith("geo"), ev.details


def test_events_keep_warnings_and_count_normal_by_reason(run):
    ev = run(f"kubectl get events -n {HOTEL}")
    assert "1 Warning" in ev.summary and "ScalingReplicaSet 19" in ev.summary
    assert [d.split()[1] for d in ev.details[1:]] == ["Warning"]
    assert "BackOff" in ev.details[1]


def test_services_are_kept_compact(run):
    ev = run(f"kubectl get svc -n {HOTEL}")
    assert ev.summary == "20 services (ClusterIP 19, NodePort 1):"
    assert ev.details[0].split() == ["NAME", "TYPE", "CLUSTER-IP", "PORT(S)"]
    assert len(ev.details) == 21 and not ev.truncated


def test_healthy_nodes_and_claims_are_counted(run):
    assert run("kubectl get nodes").summary == "2 nodes: 2 Ready, 0 not"
    assert run(f"kubectl get pvc -n {HOTEL}").summary == "6 claims: 6 Bound, 0 not"


def test_get_all_summarises_each_table(run):
    ev = run(f"kubectl get all -n {HOTEL}", budget_tokens=2000)
    assert ev.summary.splitlines()[0].startswith("19 pods:")
    assert [s.split()[1] for s in ev.summary.splitlines()] == ["pods:", "services", "deployments:", "replicasets:"]
    assert any(d.startswith("pod/geo-") for d in ev.details)
    assert any(d.startswith("deployment.apps/geo ") for d in ev.details)


def test_unknown_tables_keep_every_row(run):
    ev = run(f"kubectl get cm -n {HOTEL}")
    assert ev.summary == "4 rows:" and len(ev.details) == 5
