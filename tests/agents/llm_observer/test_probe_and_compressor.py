"""The optional LLM roles: the Probe planner keeps only reads; the Compressor stays bounded."""

from __future__ import annotations

import json

import pytest

from aoi.agents.compressor import MIN_BUDGET_TOKENS, Compressor, RuleCompressor, estimate_tokens
from aoi.agents.contracts import ProbeRequest
from aoi.agents.llm_observer import LLMCompressor, LLMProbePlanner
from aoi.llm import LLMUnavailable, ScriptedChatClient

from .conftest import NS

PODS = "NAME READY STATUS RESTARTS AGE\n" + "\n".join(f"svc-{i} 1/1 Running 0 1h" for i in range(40))


def test_planner_keeps_only_read_only_commands():
    reply = json.dumps([
        f"kubectl get pods -n {NS}",
        f"kubectl delete pod geo-1 -n {NS}",
        f"kubectl get pods -n {NS}",
        f"kubectl logs deploy/geo -n {NS} | tail -5",
    ])  # fmt: skip
    planner = LLMProbePlanner(ScriptedChatClient([reply]))
    commands = planner.plan(ProbeRequest(goal="why does geo crash", namespace=NS))
    assert commands == (f"kubectl get pods -n {NS}", f"kubectl logs deploy/geo -n {NS} | tail -5")
    assert planner.rejected == [f"kubectl delete pod geo-1 -n {NS}"]


def test_planner_falls_back_to_the_requests_commands_then_a_listing():
    planner = LLMProbePlanner(ScriptedChatClient(["no idea", "still none"]))
    own = ProbeRequest(goal="g", commands=("kubectl get svc -n x",), namespace="x")
    assert planner.plan(own) == ("kubectl get svc -n x",)
    assert planner.plan(ProbeRequest(goal="g"), namespace="y") == ("kubectl get pods -n y -o wide",)
    assert len(planner.errors) == 2


def test_compressor_uses_the_models_summary_within_the_budget():
    details = [f"svc-{i} 0/1 CrashLoopBackOff 7 1h" for i in range(200)]
    compressor = LLMCompressor(
        ScriptedChatClient([json.dumps({"summary": "200 pods crash", "details": details})])
    )
    assert isinstance(compressor, Compressor)
    evidence = compressor.compress("kubectl get pods", PODS, "", 0, budget_tokens=100)
    assert evidence.summary == "200 pods crash" and evidence.truncated
    assert evidence.tokens == estimate_tokens(evidence.render()) <= 100
    rule = RuleCompressor().compress("kubectl get pods", PODS, "", 0, budget_tokens=100)
    assert evidence.details[-1].startswith("... (") and (evidence.kind, evidence.ok) == (rule.kind, rule.ok)


@pytest.mark.parametrize("reply", ["garbage", '{"details": ["x"]}', LLMUnavailable("down")])
def test_compressor_falls_back_to_the_rule_compressor(reply):
    def answer(messages):
        if isinstance(reply, Exception):
            raise reply
        return reply

    compressor = LLMCompressor(ScriptedChatClient(answer))
    evidence = compressor.compress("kubectl get pods", PODS, "", 0, budget_tokens=80)
    assert evidence == RuleCompressor().compress("kubectl get pods", PODS, "", 0, budget_tokens=80)
    assert len(compressor.errors) == 1


def test_compressor_sends_long_output_cut_in_the_middle_and_skips_empty_output():
    client = ScriptedChatClient(['{"summary": "ok"}'])
    compressor = LLMCompressor(client)
    compressor.compress("cat big", "x" * 100_000, "", 0)
    sent = client.calls[0][-1].content
    assert "characters cut" in sent and len(sent) < 30_000
    compressor.compress("true", "", "", 0)
    assert len(client.calls) == 1
    with pytest.raises(ValueError, match="budget_tokens must be at least"):
        compressor.compress("x", "y", "", 0, budget_tokens=MIN_BUDGET_TOKENS - 1)
