"""`build_llm_observer` with local models: every role's client comes from `make_client`, with the JSON stop."""

from __future__ import annotations

import json

import pytest

from aoi.agents.llm_observer import build_llm_observer
from aoi.llm import HuggingFaceClient, OpenAICompatibleClient, ScriptedChatClient

from .conftest import NS


@pytest.fixture
def model_dir(tmp_path):
    """A directory that looks like a model; nothing loads it (clients load at their first call)."""
    (tmp_path / "config.json").write_text("{}")
    return tmp_path


def test_hf_models_need_no_endpoint_and_stop_after_one_json_value(model_dir):
    local = f"hf:{model_dir}"
    observer = build_llm_observer(model=local, probe_model=local, compressor_model=local, max_tokens=32)
    clients = [observer.client, observer.planner.client, observer.compressor.client]
    assert all(isinstance(c, HuggingFaceClient) and c.stop_on_json for c in clients)
    assert observer.executor_planner.client is observer.client
    configs = [observer.config, observer.planner.config, observer.compressor.config, observer.executor_planner.config]
    assert [c.max_tokens for c in configs] == [32, 32, 32, 32]


def test_roles_may_mix_local_and_served_models(model_dir):
    observer = build_llm_observer(model=f"hf:{model_dir}", executor_model="served", base_url="http://127.0.0.1:9/v1")
    assert isinstance(observer.client, HuggingFaceClient)
    assert isinstance(observer.executor_planner.client, OpenAICompatibleClient)
    observer.executor_planner.client.close()


def test_a_client_given_as_the_model_is_used_as_is(context):
    decision = {"phase": "survey", "hypothesis": "h", "confidence": 10, "next_action": "submit", "summary": "s",
                "submission": "Yes"}  # fmt: skip
    client = ScriptedChatClient([json.dumps(decision)])
    observer = build_llm_observer(model=client, max_tokens=32)
    assert observer.client is client and observer.executor_planner.client is client
    assert observer.decide(context).submission == "Yes" and observer.config.max_tokens == 32


def test_max_tokens_is_the_budget_sent_to_an_endpoint(chat_server, context):
    decision = {"phase": "investigate", "hypothesis": "h", "confidence": 10, "next_action": "probe", "summary": "s",
                "probe": {"goal": "pods", "commands": [f"kubectl get pods -n {NS}"]}}  # fmt: skip
    server = chat_server([json.dumps(decision)])
    build_llm_observer(model="m", base_url=server.base_url, max_tokens=77).decide(context)
    assert [r.body["max_tokens"] for r in server.requests] == [77]



def test_close_closes_every_role_client_once(model_dir):
    observer = build_llm_observer(model="big", base_url="http://127.0.0.1:9/v1", probe_model=f"hf:{model_dir}",
                                  compressor_model="small")  # fmt: skip
    clients = [observer.client, observer.planner.client, observer.compressor.client]  # the executor shares the first
    closes: list[int] = []
    for index, client in enumerate(clients):
        client.close = lambda index=index, original=client.close: (closes.append(index), original())
    with observer:
        pass
    assert sorted(closes) == [0, 1, 2]
    assert observer.client._sdk.is_closed() and observer.compressor.client._sdk.is_closed()
