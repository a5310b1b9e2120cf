"""`LLMObserver.decide` end to end over real HTTP: good replies, repairs, re-asks, outages, fallbacks."""

from __future__ import annotations

import json

import pytest

from aoi.agents.contracts import NextAction, ObserverDecision, Phase
from aoi.agents.llm_observer import LLMObserver, LLMObserverConfig, build_llm_observer
from aoi.llm import Backoff, ScriptedChatClient, TokenLedger
from llm.fake_server import Reply

from .conftest import NS

PROBE = {
    "phase": "investigate",
    "hypothesis": "geo cannot reach its database",
    "confidence": 60,
    "next_action": "probe",
    "summary": "geo crash-loops",
    "probe": {"goal": "read geo's logs", "commands": [f"kubectl logs deploy/geo -n {NS} --tail=50"]},
}
SUBMIT = {
    "phase": "submit",
    "hypothesis": "geo is down",
    "confidence": 97,
    "next_action": "submit",
    "summary": "anomaly confirmed",
    "submission": "Yes",
}
FAST = {"backoff": Backoff(initial_s=0.0, jitter=0.0), "timeout_s": 5}


@pytest.fixture
def observer_for(chat_server):
    made = []

    def make(script, **options):
        server = chat_server(script)
        ledger = TokenLedger()
        observer = build_llm_observer(
            model="fake-model", base_url=server.base_url, ledger=ledger, **{**FAST, **options}
        )
        made.append(observer)
        return observer, server, ledger

    yield make
    for observer in made:
        observer.client.client.close()


def test_a_valid_reply_becomes_the_decision(observer_for, context):
    observer, server, ledger = observer_for([Reply(json.dumps(PROBE), usage=(900, 80))])
    decision = observer.decide(context)
    assert decision == ObserverDecision.model_validate(
        {**PROBE, "probe": {**PROBE["probe"], "namespace": NS}}
    )
    system, user = server.requests[0].messages
    assert system["role"] == "system" and "JSON object" in system["content"]
    assert context.render() in user["content"] and 'set "submission" to "Yes"' in user["content"]
    assert server.requests[0].body["temperature"] == 0.0
    assert ledger.usage("observer").tokens_in == 900 and ledger.usage("observer").tokens_out == 80
    assert observer.failures == [] and observer.fallbacks == 0


def test_a_repairable_reply_needs_no_reask(observer_for, context):
    sloppy = "Sure! Here is my decision:\n```json\n" + repr(SUBMIT).replace("'Yes'", "'Yes',") + "\n```"
    observer, server, _ = observer_for([sloppy])
    decision = observer.decide(context)
    assert decision.next_action is NextAction.SUBMIT and decision.submission == "Yes"
    assert len(server.requests) == 1


def test_malformed_then_fixed_on_the_reask(observer_for, context):
    bad = json.dumps({**PROBE, "confidence": 250})
    observer, server, ledger = observer_for([bad, json.dumps(PROBE)])
    assert observer.decide(context).next_action is NextAction.PROBE
    reask = server.requests[1].messages
    assert [m["role"] for m in reask] == ["system", "user", "assistant", "user"]
    assert reask[2]["content"] == bad
    assert "confidence: Input should be less than or equal to 100" in reask[3]["content"]
    assert len(observer.failures) == 1 and observer.fallbacks == 0
    assert ledger.usage("observer").calls == 2


def test_malformed_twice_falls_back_to_a_read_only_survey(observer_for, context):
    observer, server, _ = observer_for(["I am not sure what to do.", '{"next_action": "probe"'])
    decision = observer.decide(context)
    assert decision.phase is Phase.SURVEY and decision.next_action is NextAction.PROBE
    assert decision.confidence == 0 and decision.probe is not None
    assert decision.probe.commands == (
        f"kubectl get pods -n {NS} -o wide",
        f"kubectl get events -n {NS} --sort-by=.lastTimestamp",
    )
    assert "planner reply unusable" in decision.summary
    assert [f.error.split(":")[0] for f in observer.failures] == [
        "expected one JSON dict, found none in",
        "phase",
    ]
    assert observer.failures[0].reply == "I am not sure what to do."
    assert observer.fallbacks == 1 and len(server.requests) == 2


def test_server_errors_are_retried_then_the_decision_arrives(observer_for, context):
    observer, server, _ = observer_for(
        [Reply(status=429, headers={"Retry-After": "0"}), Reply(status=500), json.dumps(SUBMIT)],
        max_retries=2,
    )
    assert observer.decide(context).submission == "Yes"
    assert len(server.requests) == 3 and observer.failures == []


def test_an_endpoint_that_stays_down_gives_the_fallback_not_a_crash(observer_for, context):
    observer, server, _ = observer_for([Reply(status=500)] * 5, max_retries=1)
    decision = observer.decide(context)
    assert decision.next_action is NextAction.PROBE and observer.fallbacks == 1
    assert "HTTP 500" in decision.summary and "gave up after 2 attempts" in observer.failures[0].error
    assert observer.failures[0].reply is None
    assert len(server.requests) == 2  # no re-ask after an outage: the client already retried


def test_a_timeout_gives_the_fallback(observer_for, context):
    observer, _, _ = observer_for([Reply(json.dumps(PROBE), delay_s=1.0)], timeout_s=0.2, max_retries=0)
    decision = observer.decide(context)
    assert decision.phase is Phase.SURVEY and "timed out after 0.2s" in observer.failures[0].error


def test_no_reasks_when_configured_off(context):
    client = ScriptedChatClient(["nonsense"])
    observer = LLMObserver(client, LLMObserverConfig(reasks=0))
    assert observer.decide(context).phase is Phase.SURVEY and len(client.calls) == 1


def test_factory_builds_optional_roles_with_their_own_models(chat_server):
    server = chat_server([])
    ledger = TokenLedger()
    observer = build_llm_observer(
        model="big", base_url=server.base_url, probe_model="small", compressor_model="tiny", ledger=ledger
    )
    try:
        assert observer.client.client.config.model == "big"
        assert observer.planner is not None and observer.planner.client.client.config.model == "small"
        assert observer.compressor is not None and observer.compressor.client.role == "compressor"
    finally:
        for client in (observer.client, observer.planner.client, observer.compressor.client):
            client.client.close()
    plain = build_llm_observer(model="big", base_url=server.base_url)
    try:
        assert plain.planner is None and plain.compressor is None
    finally:
        plain.client.close()
