"""The LLM Executor planner: intent-only orders get whitelisted commands, and the gates still hold."""

from __future__ import annotations

import json

from aoi.agents.contracts import ExecutorOrder
from aoi.agents.llm_observer import LLMExecutorPlanner, LLMObserver, build_llm_observer
from aoi.agents.recording import ExecutorStep
from aoi.agents.runtime import run_problem
from aoi.llm import LLMUnavailable, ScriptedChatClient

PROBLEM = "k8s_target_port-misconfig-mitigation-1"
NS = "test-social-network"
INTENT = "restore targetPort 9090 on user-service"
PATCH = (f"kubectl patch service user-service -n {NS} --type=json "
         """-p '[{"op": "replace", "path": "/spec/ports/0/targetPort", "value": 9090}]'""")
SVC_YAML = f"kubectl get svc user-service -n {NS} -o yaml"
BAD = [
    f"kubectl delete namespace {NS}",  # denied
    f"kubectl delete deployment user-service -n {NS}",  # a write, but not on the whitelist
    "kubectl patch service user-service -n other --type=json -p '[]'",  # the wrong namespace
    f"kubectl get pods -n {NS}",  # a read is no write
]
ORDER = {"phase": "mitigate", "hypothesis": "user-service's targetPort is wrong", "confidence": 85,
         "next_action": "executor", "order": {"namespace": NS, "target": "service/user-service", "intent": INTENT}}
SUBMIT = {"phase": "submit", "hypothesis": "fixed", "confidence": 95, "next_action": "submit"}


def _observer(plan_reply: str) -> tuple[LLMObserver, ScriptedChatClient, ScriptedChatClient]:
    observer_client = ScriptedChatClient([json.dumps(ORDER), json.dumps(SUBMIT)])
    executor_client = ScriptedChatClient([plan_reply])
    return LLMObserver(observer_client, executor_planner=LLMExecutorPlanner(executor_client)), observer_client, \
        executor_client


def _executor_step(events) -> ExecutorStep:
    return next(e for e in events if isinstance(e, ExecutorStep))


def test_plan_keeps_only_whitelisted_writes_and_read_verifies():
    reply = "Here you go:\n```json\n" + json.dumps(
        {"commands": [*BAD, PATCH, PATCH], "verify": [SVC_YAML, f"kubectl delete pod x -n {NS}"]}) + "\n```"
    planner = LLMExecutorPlanner(ScriptedChatClient([reply]))
    plan = planner.plan(ExecutorOrder(namespace=NS, target="service/user-service", intent=INTENT))
    assert plan.order.commands == (PATCH,) and plan.order.verify == (SVC_YAML,) and plan.error is None
    assert len(plan.dropped) == len(BAD) + 1 == len(planner.dropped)
    assert all(repr(c) in plan.note for c in BAD) and "not on the Executor whitelist" in plan.note
    assert plan.order.intent == INTENT and plan.order.namespace == NS


def test_an_outage_gives_no_commands_and_says_why():
    def down(messages):
        raise LLMUnavailable("the endpoint is down")

    plan = LLMExecutorPlanner(ScriptedChatClient(down)).plan(ExecutorOrder(namespace=NS, target="t", intent="i"))
    assert plan.order.commands == () and "the endpoint is down" in plan.note


def test_a_good_plan_solves_the_problem_end_to_end():
    events = []
    observer, observer_client, executor_client = _observer(json.dumps({"commands": [PATCH], "verify": [SVC_YAML]}))
    result = run_problem(PROBLEM, observer, on_event=events.append)
    assert result.success and result.strict_success and result.end_reason == "the Observer submitted"
    step = _executor_step(events)
    assert step.status == "applied" and step.order.commands == (PATCH,) and step.order.intent == INTENT
    assert INTENT in executor_client.calls[0][-1].content and len(observer_client.calls) == 2
    write = next(s for s in result.trajectory.steps if s.command == PATCH)
    assert write.verdict == "write" and "patched" in write.observation


def test_planned_commands_off_the_whitelist_are_dropped_and_never_run():
    events = []
    observer, observer_client, _ = _observer(json.dumps(BAD))
    result = run_problem(PROBLEM, observer, on_event=events.append)
    step = _executor_step(events)
    assert step.status == "refused" and step.order.commands == ()
    assert "the order has no commands" in step.reason and "dropped planned commands" in step.reason
    ran = {s.command for s in result.trajectory.steps}
    assert not ran & set(BAD) and not result.success
    assert "kubectl delete namespace" in observer_client.calls[1][-1].content  # the Observer is told


def test_malformed_plan_refuses_the_order_with_the_parse_error():
    events = []
    observer, observer_client, _ = _observer("I would patch the service, I think.")
    result = run_problem(PROBLEM, observer, on_event=events.append)
    step = _executor_step(events)
    assert step.status == "refused" and "expected one JSON dict, found none" in step.reason
    assert "Executor planner: expected one JSON dict" in observer_client.calls[1][-1].content
    assert not result.success


def test_an_intent_only_order_without_a_planner_is_refused():
    events = []
    client = ScriptedChatClient([json.dumps(ORDER), json.dumps(SUBMIT)])
    run_problem(PROBLEM, LLMObserver(client), on_event=events.append)
    step = _executor_step(events)
    assert step.status == "refused" and step.reason == "the order has no commands"


def test_factory_gives_the_executor_planner_its_own_model_or_the_observers_client(chat_server):  # noqa: F811
    server = chat_server([])
    own = build_llm_observer(model="big", base_url=server.base_url, executor_model="exec")
    shared = build_llm_observer(model="big", base_url=server.base_url)
    try:
        assert own.executor_planner.client.config.model == "exec" and own.executor_planner.client is not own.client
        assert shared.executor_planner.client is shared.client
    finally:
        for client in (own.client, own.executor_planner.client, shared.client):
            client.close()
