"""`OpenAICompatibleClient` against a real local HTTP server: answers, usage, retries, timeouts, errors."""

from __future__ import annotations

import pytest

from aoi.llm import (
    PLACEHOLDER_API_KEY,
    Backoff,
    ChatMessage,
    LLMRequestError,
    LLMUnavailable,
    OpenAIClientConfig,
    OpenAICompatibleClient,
    TokenLedger,
    estimate_message_tokens,
    estimate_tokens,
)

from .fake_server import Reply

HELLO = [ChatMessage(role="system", content="be brief"), ChatMessage(role="user", content="hello")]
NO_JITTER = Backoff(initial_s=0.5, factor=2.0, max_s=3.0, jitter=0.0)


@pytest.fixture
def make_client():
    made: list[OpenAICompatibleClient] = []

    def make(server, **options) -> OpenAICompatibleClient:
        options.setdefault("backoff", NO_JITTER)
        client = OpenAICompatibleClient(server.base_url, "fake-model", sleep=lambda s: None, **options)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def ask(client, **kwargs):
    return client.complete(HELLO, max_tokens=kwargs.pop("max_tokens", 32), temperature=0.0, **kwargs)


def test_a_completion_carries_text_usage_and_model(chat_server, make_client):
    server = chat_server([Reply("hi there", usage=(17, 3))])
    completion = ask(make_client(server), stop=["\n\n"])
    assert completion.text == "hi there"
    assert (completion.tokens_in, completion.tokens_out, completion.estimated) == (17, 3, False)
    assert (
        completion.model == "fake-model" and completion.finish_reason == "stop" and completion.latency_s >= 0
    )
    sent = server.requests[0].body
    assert sent["model"] == "fake-model" and sent["max_tokens"] == 32 and sent["stop"] == ["\n\n"]
    assert sent["messages"] == [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "hello"},
    ]


def test_missing_usage_is_estimated(chat_server, make_client):
    server = chat_server([Reply("four", usage=None)])
    completion = ask(make_client(server))
    assert completion.estimated
    assert completion.tokens_in == estimate_message_tokens(HELLO)
    assert completion.tokens_out == estimate_tokens("four")


def test_api_key_comes_from_the_named_variable_or_a_placeholder(chat_server, make_client, monkeypatch):
    server = chat_server(["a", "b"])
    monkeypatch.delenv("AOI_TEST_KEY", raising=False)
    ask(make_client(server, api_key_env="AOI_TEST_KEY"))
    monkeypatch.setenv("AOI_TEST_KEY", "sekrit")
    ask(make_client(server, api_key_env="AOI_TEST_KEY"))
    assert [r.headers["authorization"] for r in server.requests] == [
        f"Bearer {PLACEHOLDER_API_KEY}",
        "Bearer sekrit",
    ]


def test_extra_body_fields_reach_the_server(chat_server, make_client):
    server = chat_server(["ok"])
    ask(make_client(server, extra_body={"chat_template_kwargs": {"enable_thinking": False}}))
    assert server.requests[0].body["chat_template_kwargs"] == {"enable_thinking": False}


def test_429_and_500_are_retried_with_exponential_backoff(chat_server, make_client):
    server = chat_server([Reply(status=429), Reply(status=500), Reply(status=503), "finally"])
    client = make_client(server, max_retries=3)
    assert ask(client).text == "finally"
    assert len(server.requests) == 4
    assert client.waits == [0.5, 1.0, 2.0]


def test_retry_after_is_honoured_and_capped(chat_server, make_client):
    server = chat_server(
        [
            Reply(status=429, headers={"Retry-After": "7"}),
            Reply(status=429, headers={"Retry-After": "9999"}),
            "ok",
        ]
    )
    client = make_client(
        server, max_retries=2, backoff=Backoff(initial_s=0.5, jitter=0.0, retry_after_max_s=60)
    )
    assert ask(client).text == "ok"
    assert client.waits == [7.0, 60.0]


def test_timeout_is_retried_then_succeeds(chat_server, make_client):
    server = chat_server([Reply("too late", delay_s=1.5), "in time"])
    client = make_client(server, timeout_s=0.3, max_retries=1)
    assert ask(client).text == "in time"
    assert client.waits == [0.5]


def test_last_retry_gives_one_clear_line(chat_server, make_client):
    server = chat_server([Reply(status=500)] * 3)
    with pytest.raises(LLMUnavailable) as caught:
        ask(make_client(server, max_retries=2))
    message = str(caught.value)
    assert "\n" not in message
    assert "HTTP 500" in message and "gave up after 3 attempts" in message and server.base_url in message


def test_timeouts_that_never_end_give_one_clear_line(chat_server, make_client):
    server = chat_server(lambda request: Reply("late", delay_s=1.0))
    with pytest.raises(LLMUnavailable, match=r"timed out after 0\.2s \(gave up after 2 attempts"):
        ask(make_client(server, timeout_s=0.2, max_retries=1))


def test_connection_refused_is_retried_then_reported(chat_server, make_client):
    server = chat_server([])
    server.stop()  # nothing listens on the port any more
    client = make_client(server, max_retries=1, timeout_s=2)
    with pytest.raises(LLMUnavailable, match="connection failed"):
        ask(client)
    assert client.waits == [0.5]


def test_client_errors_are_not_retried(chat_server, make_client):
    server = chat_server([Reply(status=400), "never"])
    with pytest.raises(LLMRequestError, match="refused the request: HTTP 400"):
        ask(make_client(server, max_retries=3))
    assert len(server.requests) == 1


def test_jitter_is_deterministic_for_a_seed(chat_server, make_client):
    def waits(seed: int) -> list[float]:
        server = chat_server([Reply(status=502), Reply(status=502), "ok"])
        client = make_client(server, max_retries=2, backoff=Backoff(initial_s=1.0, jitter=0.5, seed=seed))
        ask(client)
        return client.waits

    first, again, other = waits(1), waits(1), waits(2)
    assert first == again != other
    assert 0.5 <= first[0] <= 1.5 and 1.0 <= first[1] <= 3.0


def test_ledger_books_real_usage_per_role(chat_server, make_client):
    server = chat_server([Reply("a", usage=(10, 2)), Reply("b", usage=(30, 4)), Reply("c", usage=(5, 1))])
    client = make_client(server)
    ledger = TokenLedger()
    ask(ledger.meter(client, "observer"))
    ask(ledger.meter(client, "observer"))
    ask(ledger.meter(client, "compressor"))
    assert (ledger.usage("observer").tokens_in, ledger.usage("observer").tokens_out) == (40, 6)
    assert ledger.usage("compressor").calls == 1 and ledger.total.tokens == 52


def test_config_rejects_unknown_options_and_round_trips():
    with pytest.raises(ValueError, match="timeout"):
        OpenAICompatibleClient("http://127.0.0.1:1/v1", "m", timeout=3)
    config = OpenAIClientConfig(base_url="http://127.0.0.1:1/v1", model="m", timeout_s=5, max_retries=1)
    client = OpenAICompatibleClient.from_config(config)
    try:
        assert client.config == config
    finally:
        client.close()


def test_a_client_dropped_without_close_closes_its_connections(chat_server):
    server = chat_server(["a"])
    client = OpenAICompatibleClient(server.base_url, "fake-model")
    ask(client)
    sdk = client._sdk
    del client  # no gc.collect(): it must not wait for the collector to find the SDK's cycles
    assert sdk.is_closed()
