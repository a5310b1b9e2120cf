"""Small real models for the in-process client's tests: a tiny Qwen3 taught one reply, LoRA adapters.

`build_taught_model` makes a tiny model (`aoi.train.tiny`) and trains it for a few dozen steps
on one conversation, so that greedy decoding answers a short prompt with exactly `TAUGHT_REPLY`
and then its end-of-turn token: stop strings, the JSON stop and token counts can be checked on
known text. `save_lora_adapter` saves an untrained LoRA adapter on any model directory. Both
need the train extra; the fixtures that call them skip without it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aoi.llm._hf_load import PEFT_NOISE

TAUGHT_PROMPT = "ping"
# A brace inside a string, a nested list, then text that is no JSON: the JSON stop must end the
# reply after the object, and a stop string ("STOP") before the rest.
TAUGHT_REPLY = 'Sure. {"pong": "}", "list": [1, 2]} STOP here and noise'
TAUGHT_CONTEXT = 128  # tokens: a prompt of a few hundred words is too long


@contextmanager
def one_torch_thread() -> Iterator[None]:
    """Run torch on one thread: on a busy two-core machine, two threads that wait on each other
    make a tiny model's steps several times slower (measured: 7 ms a training step against 40-180 ms)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def build_taught_model(out_dir: Path, *, steps: int = 40) -> Path:
    """A tiny model that answers `TAUGHT_PROMPT` (and other short prompts) with `TAUGHT_REPLY`."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from aoi.train.tiny import TinySpec, build_tiny_model

    raw = build_tiny_model(out_dir / "raw", [TAUGHT_REPLY, TAUGHT_PROMPT], spec=TinySpec(
        vocab_size=320, max_positions=TAUGHT_CONTEXT, cross_word_merges=False))  # fmt: skip
    tokenizer = AutoTokenizer.from_pretrained(raw)
    model = AutoModelForCausalLM.from_pretrained(raw)
    prompt = tokenizer.apply_chat_template(
        [{"role": "user", "content": TAUGHT_PROMPT}], add_generation_prompt=True, return_dict=True
    )["input_ids"]
    reply = tokenizer(TAUGHT_REPLY + tokenizer.eos_token, add_special_tokens=False)["input_ids"]
    ids = torch.tensor([prompt + reply])
    labels = ids.clone()
    labels[0, : len(prompt)] = -100  # learn the reply only
    torch.manual_seed(0)
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-2)
    for _ in range(steps):
        model(input_ids=ids, labels=labels).loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    taught = out_dir / "taught"
    model.save_pretrained(taught)
    tokenizer.save_pretrained(taught)
    return taught


def save_lora_adapter(base_dir: Path, out_dir: Path, *, random_weights: bool = False) -> Path:
    """A LoRA adapter on ``base_dir``, saved without a tokenizer (the base's is used).

    By default its update is zero (LoRA's own initialisation), so it answers as its base does;
    ``random_weights`` gives it a random, large update, so that it answers differently.
    """
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(0)
    config = LoraConfig(r=4, lora_alpha=64 if random_weights else 8, target_modules=["q_proj", "v_proj"],
                        init_lora_weights=not random_weights, task_type="CAUSAL_LM")  # fmt: skip
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=PEFT_NOISE, category=FutureWarning)
        get_peft_model(AutoModelForCausalLM.from_pretrained(base_dir), config).save_pretrained(out_dir)
    return out_dir
