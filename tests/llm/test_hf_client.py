"""`HuggingFaceClient` on real tiny models: replies, determinism, stops, token counts, adapters."""

from __future__ import annotations

import pytest

from aoi.llm import (
    ChatClient,
    ChatMessage,
    HuggingFaceClient,
    LLMError,
    PromptTooLong,
    make_client,
)

from .hf_models import TAUGHT_CONTEXT, TAUGHT_PROMPT, TAUGHT_REPLY, one_torch_thread, save_lora_adapter

torch = pytest.importorskip("torch", reason="the in-process client needs the train extra")
pytest.importorskip("peft", reason="the adapter tests need the train extra")

PING = [ChatMessage(role="user", content=TAUGHT_PROMPT)]
CHAT = [ChatMessage(role="user", content="hello, what is running in the cluster?")]


@pytest.fixture(autouse=True)
def _one_thread():
    with one_torch_thread():
        yield


@pytest.fixture
def client(taught_model_dir) -> HuggingFaceClient:
    return HuggingFaceClient(taught_model_dir)


def test_answers_a_conversation_with_real_token_counts(client, taught_model_dir):
    reply = client.complete(PING, max_tokens=64, temperature=0.0)
    assert isinstance(client, ChatClient)
    assert reply.text == TAUGHT_REPLY and reply.finish_reason == "stop"
    tokenizer = client.load().tokenizer
    wire = [m.model_dump() for m in PING]
    assert reply.tokens_in == len(tokenizer.apply_chat_template(wire, add_generation_prompt=True, return_dict=True)["input_ids"])
    # The reply's tokens and the end-of-turn token that ended it.
    assert reply.tokens_out == len(tokenizer(TAUGHT_REPLY, add_special_tokens=False)["input_ids"]) + 1
    assert reply.estimated is False and reply.model == str(taught_model_dir) and reply.latency_s > 0


def test_make_client_runs_hf_paths_in_process(taught_model_dir):
    made = make_client(f"hf:{taught_model_dir}")
    assert isinstance(made, HuggingFaceClient)
    assert made.complete(PING, max_tokens=64, temperature=0.0).text == TAUGHT_REPLY
    assert made.load() is HuggingFaceClient(taught_model_dir).load()  # loaded once per process


def test_greedy_is_deterministic(client, taught_model_dir):
    first = client.complete(CHAT, max_tokens=12, temperature=0.0)
    again = HuggingFaceClient(taught_model_dir, seed=7).complete(CHAT, max_tokens=12, temperature=0.0)
    assert first.text == again.text and first.tokens_out == again.tokens_out


def test_sampling_is_reproducible_for_a_seed_and_leaves_torch_rng_alone(taught_model_dir):
    def replies(seed: int) -> list[str]:
        sampler = HuggingFaceClient(taught_model_dir, seed=seed)
        return [sampler.complete(CHAT, max_tokens=12, temperature=1.5).text for _ in range(3)]

    state = torch.random.get_rng_state()
    first = replies(seed=1)
    assert torch.equal(torch.random.get_rng_state(), state)
    assert replies(seed=1) == first
    assert len(set(first)) > 1  # each call draws its own seed from the client's stream
    assert replies(seed=2) != first


def test_min_p_and_top_p_truncate_what_sampling_draws_from(taught_model_dir):
    greedy = HuggingFaceClient(taught_model_dir).complete(CHAT, max_tokens=12, temperature=0.0).text
    # min_p 1 keeps only the likeliest token and a tiny nucleus only its first member: both are greedy.
    for truncation in ({"min_p": 1.0}, {"top_p": 1e-6}):
        sampler = HuggingFaceClient(taught_model_dir, seed=1, **truncation)
        assert [sampler.complete(CHAT, max_tokens=12, temperature=1.5).text for _ in range(3)] == [greedy] * 3
    loose = HuggingFaceClient(taught_model_dir, seed=1, min_p=1e-9)
    assert {loose.complete(CHAT, max_tokens=12, temperature=1.5).text for _ in range(3)} != {greedy}


def test_a_model_in_memory_answers_from_its_weights_in_eval_mode_and_keeps_its_own(taught_model_dir):
    loaded = HuggingFaceClient(taught_model_dir).load()
    live = HuggingFaceClient.in_memory(loaded.model, loaded.tokenizer, name="training")
    modes: list[bool] = []
    generate = loaded.model.generate

    def recording(*args, **kwargs):
        modes.append(loaded.model.training)
        return generate(*args, **kwargs)

    loaded.model.generate = recording
    loaded.model.train()
    try:
        reply = live.complete(PING, max_tokens=64, temperature=0.0)
        assert reply.text == TAUGHT_REPLY and reply.model == "training"
        assert modes == [False] and loaded.model.training  # generated without dropout, then put back
    finally:
        del loaded.model.generate
        loaded.model.eval()


@pytest.mark.parametrize("truncation", [{"min_p": 0.0}, {"top_p": 1.5}, {"min_p": -0.1}])
def test_truncation_outside_zero_to_one_is_refused(taught_model_dir, truncation):
    with pytest.raises(ValueError, match="must lie in"):
        HuggingFaceClient(taught_model_dir, **truncation)


def test_stop_strings_cut_the_reply(client):
    reply = client.complete(PING, max_tokens=64, temperature=0.0, stop=["no such text", "STOP"])
    assert reply.text == TAUGHT_REPLY[: TAUGHT_REPLY.index("STOP")] and reply.finish_reason == "stop"
    assert reply.tokens_out < client.complete(PING, max_tokens=64, temperature=0.0).tokens_out


def test_json_stop_ends_the_reply_after_one_json_value(taught_model_dir, client):
    reply = HuggingFaceClient(taught_model_dir, stop_on_json=True).complete(PING, max_tokens=64, temperature=0.0)
    assert reply.text == 'Sure. {"pong": "}", "list": [1, 2]}' and reply.finish_reason == "stop"
    assert reply.tokens_out < client.complete(PING, max_tokens=64, temperature=0.0).tokens_out


def test_a_spent_budget_is_finish_reason_length(client):
    reply = client.complete(PING, max_tokens=3, temperature=0.0)
    assert reply.finish_reason == "length" and reply.tokens_out == 3 and TAUGHT_REPLY.startswith(reply.text)


@pytest.mark.parametrize("max_context", [None, 10])
def test_a_prompt_over_the_context_is_one_line_llm_error(taught_model_dir, max_context):
    client = HuggingFaceClient(taught_model_dir, max_context=max_context)
    messages = [ChatMessage(role="user", content="ping " * TAUGHT_CONTEXT)] if max_context is None else PING
    with pytest.raises(PromptTooLong) as info:
        client.complete(messages, max_tokens=8, temperature=0.0)
    assert isinstance(info.value, LLMError) and "\n" not in str(info.value)
    assert f"the model's context is {max_context or TAUGHT_CONTEXT}" in str(info.value)


def test_a_lora_adapter_loads_through_its_directory(taught_model_dir, tmp_path):
    # LoRA starts with a zero update: the merged model answers exactly as its base.
    plain = save_lora_adapter(taught_model_dir, tmp_path / "plain")
    assert make_client(f"hf:{plain}").complete(PING, max_tokens=64, temperature=0.0).text == TAUGHT_REPLY
    changed = save_lora_adapter(taught_model_dir, tmp_path / "changed", random_weights=True)
    reply = make_client(f"hf:{changed}").complete(PING, max_tokens=64, temperature=0.0)
    assert reply.text != TAUGHT_REPLY and reply.model == str(changed)


def test_an_adapters_relative_base_is_found_beside_it(taught_model_dir, tmp_path):
    import json
    import shutil

    base = shutil.copytree(taught_model_dir, tmp_path / "base")
    adapter = save_lora_adapter(base, tmp_path / "adapter")
    config = json.loads((adapter / "adapter_config.json").read_text())
    (adapter / "adapter_config.json").write_text(json.dumps({**config, "base_model_name_or_path": "../base"}))
    assert make_client(f"hf:{adapter}").complete(PING, max_tokens=64, temperature=0.0).text == TAUGHT_REPLY
