"""The single-agent baseline on the twin, with scripted model replies over real HTTP and offline."""

from __future__ import annotations

from string import Template

import pytest

from aoi.agents import baseline
from aoi.agents.baseline import BaselineConfig, run_baseline, run_baseline_result, system_prompt, trim_history
from aoi.env import NEXT_ACTION, TwinBackend, fence
from aoi.llm import Backoff, ChatMessage, OpenAICompatibleClient, ScriptedChatClient, estimate_message_tokens
from llm.fake_server import Reply

PROBLEM = "revoke_auth_mongodb-detection-1"
LIST_PODS = fence('exec_shell("kubectl get pods -n test-hotel-reservation")')


def test_baseline_solves_detection_on_the_twin_over_http(chat_server, tmp_path):
    server = chat_server(
        [
            Reply("Thought: look at the pods\nAction:\n" + LIST_PODS, usage=(1500, 30)),
            Reply(fence('submit("Yes")')),
        ]
    )
    with OpenAICompatibleClient(server.base_url, "fake-model", backoff=Backoff(initial_s=0)) as client:
        record = run_baseline(PROBLEM, client, backend=TwinBackend(workdir=tmp_path))
    assert record["agent"] == "baseline" and record["problem_id"] == PROBLEM and record["error"] is None
    assert record["results"]["Detection Accuracy"] == "Correct" and record["results"]["steps"] == 2
    assert [item["role"] for item in record["trace"]] == ["assistant", "env", "assistant", "env"]
    assert "geo" in record["trace"][1]["content"]  # the twin's pod listing
    assert record["llm_usage"]["agent"]["calls"] == 2 and record["llm_usage"]["agent"]["tokens_in"] == 1600

    first, second = (r.messages for r in server.requests)
    assert [m["role"] for m in first] == ["system", "user", "user"]
    assert "exec_shell" in first[0]["content"] and "get_logs" not in first[0]["content"]
    assert first[2]["content"] == NEXT_ACTION
    assert [m["role"] for m in second] == ["system", "user", "user", "assistant", "user"]
    assert second[4]["content"] == record["trace"][1]["content"] + "\n" + NEXT_ACTION


def test_malformed_replies_are_observations_and_the_budget_ends_the_run(tmp_path):
    client = ScriptedChatClient(["I would run kubectl", "```bash\nls\n```", "exec_shell(ls)"])
    record = run_baseline(PROBLEM, client, max_steps=3, backend=TwinBackend(workdir=tmp_path))
    assert record["results"]["steps"] == 3 and record["results"]["Detection Accuracy"] == "Invalid Format"
    assert all(item["content"] for item in record["trace"] if item["role"] == "env")


def test_an_unreachable_model_ends_the_episode_with_the_error(chat_server, tmp_path):
    server = chat_server([Reply(status=503)] * 4)
    client = OpenAICompatibleClient(server.base_url, "m", max_retries=1, sleep=lambda s: None)
    try:
        record = run_baseline(PROBLEM, client, backend=TwinBackend(workdir=tmp_path))
    finally:
        client.close()
    assert "HTTP 503" in record["error"] and record["results"]["steps"] == 0
    assert record["end_time"] is not None


def test_registry_style_call_needs_a_model_and_url():
    with pytest.raises(ValueError, match="needs a client, or both model and base_url"):
        run_baseline(PROBLEM, model="m")


def test_baseline_over_http_by_model_and_url(chat_server, tmp_path):
    server = chat_server([fence('submit("No")')])
    record = run_baseline(
        PROBLEM, model="fake-model", base_url=server.base_url, backend=TwinBackend(workdir=tmp_path)
    )
    assert record["results"]["Detection Accuracy"] == "Incorrect"


def _history(observations: int, size: int) -> list[ChatMessage]:
    history = [
        ChatMessage(role="system", content="s" * 400),
        ChatMessage(role="user", content="instructions"),
    ]
    for i in range(observations):
        history += [
            ChatMessage(role="user", content=f"obs {i} " + "x" * size),
            ChatMessage(role="assistant", content=f"reply {i}"),
        ]
    return [*history, ChatMessage(role="user", content="latest\n" + NEXT_ACTION)]


def test_trimming_drops_the_oldest_pairs_first():
    history = _history(10, 400)
    trimmed = trim_history(history, 700)
    assert trimmed[:2] == history[:2] and trimmed[-1] == history[-1]
    assert estimate_message_tokens(trimmed) <= 700
    kept = [m.content.split()[1] for m in trimmed[2:-1] if m.role == "user"]
    assert kept == [str(i) for i in range(10 - len(kept), 10)] and 0 < len(kept) < 10
    assert trim_history(history, 100_000) == history


def test_trimming_cuts_an_oversized_last_observation_in_the_middle():
    last = ChatMessage(role="user", content="HEAD " + "y" * 40_000 + " TAIL\n" + NEXT_ACTION)
    history = [*_history(0, 0), last]
    trimmed = trim_history(history, BaselineConfig().history_budget_tokens // 4)
    text = trimmed[-1].content
    assert text.startswith("HEAD") and text.endswith(NEXT_ACTION) and "shortened" in text
    assert estimate_message_tokens(trimmed) <= BaselineConfig().history_budget_tokens // 4


def test_the_system_prompt_is_data_filled_strictly():
    text = system_prompt(task_description="TASK $HOME", exec_shell="EXEC", submit="SUBMIT")
    assert text.startswith("TASK $HOME\n") and "exec_shell:\nEXEC" in text and "submit:\nSUBMIT" in text
    template = Template(baseline._prompt_template())
    assert set(template.get_identifiers()) == {"task_description", "exec_shell", "submit"}
    with pytest.raises(KeyError, match="submit"):
        template.substitute(task_description="t", exec_shell="e")


def test_run_result_shape_for_the_registry(tmp_path):
    client = ScriptedChatClient(["Action:\n" + LIST_PODS, fence('submit("Yes")')])
    result = run_baseline_result(PROBLEM, client, backend=TwinBackend(workdir=tmp_path))
    assert result.agent == "baseline" and result.success and result.iterations == 2
    assert result.submission == "Yes" and result.end_reason == "the model submitted"
    assert result.max_context_tokens > 0 and result.results["Detection Accuracy"] == "Correct"
