"""`ScriptedChatClient` and `TokenLedger` offline."""

from __future__ import annotations

import pytest

from aoi.llm import ChatClient, ChatMessage, ScriptedChatClient, ScriptExhausted, TokenLedger, estimate_tokens

USER = [ChatMessage(role="user", content="what now?")]


def test_list_script_answers_in_order_and_records_calls():
    client = ScriptedChatClient(["one", "two"])
    assert isinstance(client, ChatClient)
    assert [client.complete(USER, max_tokens=8, temperature=0).text for _ in range(2)] == ["one", "two"]
    assert client.calls == [USER, USER] and client.remaining == 0
    with pytest.raises(ScriptExhausted, match="no response left after 2"):
        client.complete(USER, max_tokens=8, temperature=0)


def test_function_script_sees_the_conversation():
    client = ScriptedChatClient(lambda messages: messages[-1].content.upper())
    completion = client.complete(USER, max_tokens=8, temperature=0)
    assert completion.text == "WHAT NOW?" and completion.estimated
    assert completion.tokens_out == estimate_tokens("WHAT NOW?") and client.remaining is None


def test_ledger_sums_per_role_and_in_total():
    ledger = TokenLedger()
    observer = ledger.meter(ScriptedChatClient(["a" * 40, "b" * 8]), "observer")
    probe = ledger.meter(ScriptedChatClient(["c" * 4]), "probe")
    for client, times in ((observer, 2), (probe, 1)):
        for _ in range(times):
            client.complete(USER, max_tokens=8, temperature=0)
    assert ledger.usage("observer").calls == 2 and ledger.usage("observer").tokens_out == 12
    assert ledger.usage("probe").tokens_out == 1 and ledger.usage("unknown").calls == 0
    assert ledger.total.calls == 3 and ledger.total.tokens_out == 13
    assert list(ledger.as_dict()) == ["observer", "probe"]
    assert ledger.as_dict()["probe"]["estimated_calls"] == 1
