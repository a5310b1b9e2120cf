"""The Probe runs reads only; writes and denied commands are refused and never reach the runner."""

from __future__ import annotations

from aoi.agents.compressor import RuleCompressor
from aoi.agents.contracts import ProbeRequest
from aoi.agents.probe import REFUSED_EXIT_CODE, Probe, RawOutput, compress_result, gate
from aoi.safety import Verdict

from .conftest import Recording


def test_reads_run_writes_and_denied_are_refused_and_never_executed():
    runner = Recording()
    commands = ("kubectl get pods -n ns", "kubectl delete pod x -n ns", "rm -rf /", "kubectl logs a -n ns")
    results = Probe(runner).run(ProbeRequest(goal="look", commands=commands))
    assert runner.received == ["kubectl get pods -n ns", "kubectl logs a -n ns"]
    assert [r.ran for r in results] == [True, False, False, True]
    assert results[1].refusal == "refused: write: kubectl delete: write verb"
    assert results[2].refusal.startswith("refused: denied: ")


def test_refusal_reads_as_failed_evidence():
    [result] = Probe(Recording()).run(ProbeRequest(goal="g", commands=("kubectl scale deploy a --replicas=0",)))
    text = compress_result(RuleCompressor(), result).render()
    assert f"exit {REFUSED_EXIT_CODE}" in text and "refused: write" in text


def test_gate_refuses_without_calling_the_runner():
    runner = Recording()
    out = gate(runner, Verdict.READ)("kubectl delete ns prod")
    assert runner.received == [] and out.exit_code == REFUSED_EXIT_CODE and out.stderr.startswith("refused: write")


def test_goal_only_request_uses_the_planner_and_still_gates():
    runner = Recording()
    probe = Probe(runner, planner=lambda req: ["kubectl get pods -n ns", "kubectl apply -f x.yaml"])
    results = probe.run(ProbeRequest(goal="find the broken pod"))
    assert runner.received == ["kubectl get pods -n ns"] and not results[1].ran


def test_goal_only_request_without_planner_is_a_note():
    [result] = Probe(Recording()).run(ProbeRequest(goal="find it"))
    assert not result.ran and "no commands" in result.refusal


def test_too_many_commands_are_refused_not_dropped():
    runner = Recording(lambda c: RawOutput("ok\n"))
    probe = Probe(runner, max_commands=2)
    results = probe.run(ProbeRequest(goal="g", commands=("echo a", "echo b", "echo c")))
    assert len(results) == 3 and len(runner.received) == 2 and "at most 2" in results[2].refusal
