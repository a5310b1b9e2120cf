"""`screen_prompts` keeps the rows whose sampled group disagrees on the reward, and scores as TRL does."""

from __future__ import annotations

import contextlib
import itertools

import pytest

from aoi.llm import ScriptedChatClient
from aoi.train.screen import screen_prompts, screen_with_model


def _rows():
    return [{"prompt": [{"role": "user", "content": text}], "completion": [], "task": task}
            for text, task in [("settled", "detection"), ("torn", "analysis"), ("settled", "mitigation")]]  # fmt: skip


def test_rows_with_a_spread_of_rewards_are_kept_and_columns_arrive_per_answer():
    torn = itertools.cycle(["good", "bad"])
    client = ScriptedChatClient(lambda messages: next(torn) if messages[-1].content == "torn" else "good")
    seen: list[dict] = []

    def reward(completions, **columns):
        seen.append(columns)
        return [1.0 if c[0]["content"] == "good" else -1.0 for c in completions]

    progress: list[tuple[int, bool]] = []
    result = screen_prompts(_rows(), client, reward, group=4, on_row=lambda i, kept: progress.append((i, kept)))
    assert result.kept == [1] and result.as_dict() == {"screened": 3, "kept": 1}
    assert result.rewards[1] == [1.0, -1.0, 1.0, -1.0] and result.rewards[0] == [1.0] * 4
    assert progress == [(0, False), (1, True), (2, False)]
    assert seen[1]["task"] == ["analysis"] * 4 and len(seen[1]["prompts"]) == 4 and "completion" not in seen[1]


def test_a_reward_that_applies_to_only_some_answers_is_a_spread():
    answers = itertools.cycle(["a", "b"])
    client = ScriptedChatClient(lambda messages: next(answers))
    result = screen_prompts(_rows()[:1], client, lambda completions, **_: [1.0 if c[0]["content"] == "a" else None for c in completions])
    assert result.kept == [0]


def test_a_group_of_one_is_refused():
    with pytest.raises(ValueError, match="at least 2"):
        screen_prompts(_rows(), ScriptedChatClient(["x"]), lambda completions, **_: [0.0], group=1)


def test_screen_with_model_samples_as_grpo_will(monkeypatch):
    made: list[dict] = []

    def fake_make_client(model, **options):
        made.append({"model": model, **options})
        return contextlib.nullcontext(ScriptedChatClient(["x"] * 8))

    monkeypatch.setattr("aoi.train.screen.make_client", fake_make_client)
    result = screen_with_model(_rows()[:2], "hf:m", [lambda completions, **_: [0.0] * len(completions)], seed=3,
                               group=2, temperature=1.0, top_p=0.9, min_p=0.1)  # fmt: skip
    assert made == [{"model": "hf:m", "seed": 3, "top_p": 0.9, "min_p": 0.1}]
    assert result.kept == []
