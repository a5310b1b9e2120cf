"""The Executor refuses what it must, asks when told, audits everything and rolls back exactly."""

from __future__ import annotations

from aoi.agents.contracts import ExecutorOrder
from aoi.agents.executor import Approval, AuditLog, Executor, RollbackUnavailable
from aoi.agents.probe import RawOutput

from .conftest import PATCH, SOCIAL, SVC_YAML, Recording, cluster_state


def _executor(runner, mode="auto", confirm=None, audit=None, **kw):
    return Executor(runner, runner, None, None, Approval.of(mode, confirm), AuditLog() if audit is None else audit, **kw)


def _order(*commands, namespace=SOCIAL, target="user-service", verify=()):
    return ExecutorOrder(namespace=namespace, target=target, intent="fix", commands=commands, verify=verify)


def test_refuses_orders_without_namespace_or_target():
    runner = Recording()
    ex = _executor(runner)
    for bad in (_order(PATCH, namespace=" "), _order(PATCH, target="")):
        report = ex.execute(bad)
        assert report.status == "refused" and "namespace and a target" in report.reason
    assert runner.received == []


def test_refuses_a_command_in_another_namespace():
    runner = Recording()
    report = _executor(runner).execute(_order(PATCH.replace(SOCIAL, "kube-system")))
    assert report.status == "refused" and "namespace" in report.reason and runner.received == []


def test_refuses_off_whitelist_and_denied_commands_and_runs_nothing_of_the_batch():
    runner = Recording()
    ex = _executor(runner)
    off = ex.execute(_order(PATCH, f"kubectl delete deployment user-service -n {SOCIAL}"))
    denied = ex.execute(_order("rm -rf /"))
    assert off.status == "refused" and "whitelist" in off.reason
    assert denied.status == "refused" and "denied" in denied.reason
    assert runner.received == []


def test_verify_commands_must_be_reads():
    report = _executor(Recording()).execute(_order(PATCH, verify=(PATCH,)))
    assert report.status == "refused" and "not a read" in report.reason


def test_deny_mode_is_a_dry_run():
    runner = Recording()
    audit = AuditLog()
    report = _executor(runner, "deny", audit=audit).execute(_order(PATCH))
    assert report.status == "dry-run" and PATCH in report.reason and runner.received == []
    assert [(r.outcome, r.approval) for r in audit.records] == [("dry-run", "dry-run")]


def test_ask_mode_uses_the_confirm_function():
    prompts: list[str] = []
    runner = Recording()
    no = _executor(runner, "ask", lambda p: prompts.append(p) or False).execute(_order(PATCH))
    assert no.status == "rejected" and runner.received == [] and PATCH in prompts[0]
    yes = _executor(runner, "ask", lambda p: True).execute(_order(PATCH))
    assert yes.status == "applied" and runner.received == [PATCH]


def test_audit_log_records_order_command_verdict_approval_result_and_checkpoint(tmp_path):
    path = tmp_path / "audit.jsonl"
    tokens = iter(["t1", "t2"])
    ex = Executor(Recording(), Recording(), lambda: next(tokens), lambda t: None, Approval(), AuditLog(path))
    ex.execute(_order(PATCH, "sleep 5"))
    [write, sleep] = ex.audit.records
    assert (write.namespace, write.target, write.command, write.verdict, write.approval, write.outcome) == (
        SOCIAL, "user-service", PATCH, "write", "auto", "ran")
    assert write.checkpoint == "t1" and sleep.checkpoint is None  # sleep is a read: nothing to undo
    assert path.read_text().count("\n") == 2 and '"has_checkpoint": true' in path.read_text()
    try:
        ex.rollback(sleep.id)
    except RollbackUnavailable:
        pass
    else:
        raise AssertionError("a read has no checkpoint to roll back to")


def test_rollback_restores_the_twin_exactly(twin, twin_executor):
    before = cluster_state(twin)
    ex = twin_executor()
    report = ex.execute(_order(PATCH))
    assert report.status == "applied"
    assert twin.cluster.find("Service", "user-service", SOCIAL)["spec"]["ports"][0]["targetPort"] == 9090
    assert cluster_state(twin) != before
    ex.rollback(report.audit_ids[0])
    assert cluster_state(twin) == before
    assert ex.audit.records[-1].outcome == "rolled-back" and ex.audit.records[-1].rollback_of == report.audit_ids[0]
    # the shell was rebuilt on the restored cluster
    assert "targetPort: 9999" in twin._shell.run(SVC_YAML).stdout


def test_failed_verification_rolls_back_automatically(twin, twin_executor):
    before = cluster_state(twin)
    report = twin_executor(verify_ok=lambda order, after: False).execute(_order(PATCH, verify=(SVC_YAML,)))
    assert report.status == "rolled-back" and "predicate" in report.reason
    assert cluster_state(twin) == before


def test_error_markers_in_verify_output_roll_back():
    state = {"patched": False}

    def run(command):
        if command.startswith("kubectl patch"):
            state["patched"] = True
            return RawOutput("service/user-service patched\n")
        return RawOutput("NAME  READY  STATUS\ngeo-1  0/1  CrashLoopBackOff\n")

    restored = []
    ex = Executor(run, run, lambda: "before", restored.append, Approval(), AuditLog())
    report = ex.execute(_order(PATCH, verify=(f"kubectl get pods -n {SOCIAL}",)))
    assert report.status == "rolled-back" and "CrashLoopBackOff" in report.reason and restored == ["before"]


def test_a_failed_write_stops_the_order_and_rolls_back():
    restored = []
    run = Recording(lambda c: RawOutput("", "Error from server (NotFound)", 1))
    ex = Executor(run, run, lambda: "cp", restored.append, Approval(), AuditLog())
    report = ex.execute(_order(PATCH, f"kubectl rollout restart deployment x -n {SOCIAL}"))
    assert report.status == "rolled-back" and run.received == [PATCH] and restored == ["cp"]


def test_report_render_is_compressed_evidence_only():
    big = "".join(f"line {i} healthy\n" for i in range(500))
    ex = _executor(Recording(lambda c: RawOutput(big)))
    text = ex.execute(_order(PATCH, verify=(f"kubectl get pods -n {SOCIAL}",))).render()
    assert "line 250 healthy" not in text and len(text) < len(big)
