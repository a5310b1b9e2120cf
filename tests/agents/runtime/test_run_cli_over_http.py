"""``aoi run --agent llm|baseline`` end to end against the local fake OpenAI-compatible server."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from typer.testing import CliRunner

from aoi.cli import app
from aoi.env import fence
from llm.conftest import chat_server  # noqa: F401 - re-exported fixture
from llm.fake_server import Reply, Request

from .conftest import TARGET_PORT

PROBLEM = "revoke_auth_mongodb-detection-1"
NS = "test-hotel-reservation"
DECISIONS = [
    {"phase": "survey", "hypothesis": "something is unhealthy", "confidence": 30, "next_action": "probe",
     "probe": {"goal": "list the pods"}},
    {"phase": "submit", "hypothesis": "geo is down", "confidence": 97, "next_action": "submit", "submission": "Yes"},
]  # fmt: skip


def _by_model() -> Callable[[Request], Reply]:
    """A script where the observer, planner and compressor models each get their own answers."""
    decisions = iter(DECISIONS)

    def reply(request: Request) -> Reply:
        model = request.body["model"]
        if model == "probe-m":
            return Reply(json.dumps([f"kubectl get pods -n {NS}", f"kubectl delete pod geo -n {NS}"]))
        if model == "comp-m":
            return Reply(json.dumps({"summary": "geo is in CrashLoopBackOff", "details": ["geo 0/1"]}))
        return Reply(json.dumps(next(decisions)))

    return reply


def test_llm_agent_with_every_client_option(chat_server, monkeypatch):  # noqa: F811
    monkeypatch.setenv("AOI_TEST_KEY", "sk-test")
    server = chat_server(_by_model())
    args = ["run", PROBLEM, "--agent", "llm", "--model", "obs-m", "--base-url", server.base_url,
            "--probe-model", "probe-m", "--compressor-model", "comp-m", "--api-key-env", "AOI_TEST_KEY",
            "--timeout", "10", "--max-retries", "0", "--temperature", "0.25"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"{PROBLEM}: success" in result.output
    assert "geo is in CrashLoopBackOff" in result.output  # the LLM compressor's evidence, shown live
    models = [r.body["model"] for r in server.requests]
    assert models.count("obs-m") == 2 and "probe-m" in models and "comp-m" in models
    assert {r.body["temperature"] for r in server.requests} == {0.25}
    assert {r.headers["authorization"] for r in server.requests} == {"Bearer sk-test"}


def test_llm_agent_with_an_executor_model_plans_an_intent_only_order(chat_server):  # noqa: F811
    ns = "test-social-network"
    patch = (f"kubectl patch service user-service -n {ns} --type=json "
             """-p '[{"op": "replace", "path": "/spec/ports/0/targetPort", "value": 9090}]'""")
    decisions = iter([
        {"phase": "mitigate", "hypothesis": "wrong targetPort", "confidence": 80, "next_action": "executor",
         "order": {"namespace": ns, "target": "service/user-service", "intent": "restore targetPort 9090"}},
        {"phase": "submit", "hypothesis": "fixed", "confidence": 95, "next_action": "submit"},
    ])  # fmt: skip

    def reply(request: Request) -> Reply:
        if request.body["model"] == "exec-m":
            return Reply(json.dumps({"commands": [patch], "verify": [f"kubectl get svc user-service -n {ns}"]}))
        return Reply(json.dumps(next(decisions)))

    server = chat_server(reply)
    args = ["run", TARGET_PORT, "--agent", "llm", "--model", "obs-m", "--base-url", server.base_url,
            "--executor-model", "exec-m", "--json"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["success"] is True
    assert [r.body["model"] for r in server.requests] == ["obs-m", "exec-m", "obs-m"]


def test_baseline_agent_json(chat_server, tmp_path):  # noqa: F811
    list_pods = fence(f'exec_shell("kubectl get pods -n {NS}")')
    server = chat_server(["Action:\n" + list_pods, fence('submit("Yes")')])
    args = ["run", PROBLEM, "--agent", "baseline", "--model", "m", "--base-url", server.base_url,
            "--max-steps", "5", "--temperature", "0.5", "--json"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["agent"] == "baseline" and data["success"] is True and data["iterations"] == 2
    assert data["submission"] == "Yes" and data["results"]["Detection Accuracy"] == "Correct"
    assert [r.body["temperature"] for r in server.requests] == [0.5, 0.5]


def test_baseline_agent_table(chat_server):  # noqa: F811
    server = chat_server([fence('submit("Yes")')])
    result = CliRunner().invoke(app, ["run", PROBLEM, "--agent", "baseline", "--model", "m",
                                      "--base-url", server.base_url])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"{PROBLEM}: success" in result.output and "after 1 iteration(s)" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--agent", "llm"], "agent 'llm' needs model and base_url; missing: model, base_url"),
    (["--agent", "llm", "--model", "m"], "missing: base_url (aoi run: --base-url)"),
    (["--agent", "baseline", "--base-url", "http://127.0.0.1:9/v1"], "missing: model (aoi run: --model)"),
    (["--agent", "runbook", "--max-steps", "3"], "the runbook agent takes --max-iterations"),
    (["--agent", "baseline", "--model", "m", "--base-url", "u", "--store", "t.db"], "without --store"),
    (["--agent", "llm", "--temperature", "3"], ""),
])  # fmt: skip
def test_bad_llm_options_are_one_line_and_exit_2(args, message):
    result = CliRunner().invoke(app, ["run", TARGET_PORT, *args])
    assert result.exit_code == 2
    assert message in result.output
    if message:
        assert result.output.strip().count("\n") == 0
