"""`JudgeReward`: the AOI paper's step reward, a six-dimension judge against the expert's step.

How each dimension is scored (aoi-paper.md §4.2, from the paper's public code; the prompt in
``prompts/judge.yaml`` is AOI's own):

* ``format`` by rule: one JSON object in the reply scores 10, several (or a repaired fragment)
  score 5; a reply with no usable decision makes the whole reward `PARSE_FAILURE_REWARD` (0.09).
* Submit steps (the expert submitted) by rule, without a judge: a submission equal to the
  expert's after `normalise_submission` earns 10 for ``action``, ``context_instruction`` and
  ``context_namespace`` (else 0); confidence 100/99/98 earns 10/8/6, anything else 0.
* Every other step: ``summary``, ``action``, ``context_instruction``, ``context_namespace`` and
  ``confidence`` are 0-10 from the judge model, which is told the calibration band the paper
  sets: iterations 1-3 -> 0-30, the end of an investigation (the expert mitigating, verifying or
  at least 80 sure) -> 80-100, the middle -> 40-70.
* ``summary`` is skipped on the first iteration and on submit steps (the paper skips it at n=1
  and n=m-1), and its weight is shared out over the rest.

The reward is the weighted mean of the scores over 10, in [0, 1]. A judge reply that is not the
expected JSON is asked again once with the reason; if that fails too (or the endpoint is down),
the judged dimensions score a neutral 5 and a warning says why: a bad judge never stops training.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import resources
from string import Template
from types import MappingProxyType
from typing import Any

import yaml
from pydantic import ValidationError

from aoi.agents.contracts import NextAction, ObserverDecision, Phase
from aoi.agents.llm_observer import DecisionError, JSONExtractionError, extract_json
from aoi.llm import ChatClient, ChatMessage, LLMError

from ._inputs import Row, completion_text, decision_of, prompt_text, rows_of

__all__ = [
    "DIMENSIONS",
    "JUDGED_DIMENSIONS",
    "PAPER_WEIGHTS",
    "PARSE_FAILURE_REWARD",
    "JudgeReward",
    "StepScore",
    "confidence_band",
    "count_json_objects",
    "normalise_submission",
]

_log = logging.getLogger(__name__)

#: aoi-paper.md §4.2 (public code, ``grpo/observer/grpo_config.py``): "format 0.10, summary 0.15,
#: action 0.10, context_instruction 0.30, context_namespace 0.30, confidence 0.05".
PAPER_WEIGHTS: Mapping[str, float] = MappingProxyType({
    "format": 0.10, "summary": 0.15, "action": 0.10,
    "context_instruction": 0.30, "context_namespace": 0.30, "confidence": 0.05,
})  # fmt: skip
DIMENSIONS = tuple(PAPER_WEIGHTS)
JUDGED_DIMENSIONS = DIMENSIONS[1:]
#: aoi-paper.md §4.2: "a parse failure sets the total reward to 0.09".
PARSE_FAILURE_REWARD = 0.09
#: aoi-paper.md §4.2: "Confidence 100/99/98 earns 10/8/6; anything else earns 0" (submit steps).
SUBMIT_CONFIDENCE = MappingProxyType({100: 10, 99: 8, 98: 6})
NEUTRAL_SCORE = 5  # what a judged dimension scores when the judge gives no usable answer
_LATE_PHASES = (Phase.MITIGATE, Phase.VERIFY, Phase.SUBMIT)


@dataclass(frozen=True)
class StepScore:
    """The 0-10 score of each dimension that counted, the reward in [0, 1], and a note."""

    scores: Mapping[str, float]
    reward: float
    note: str = ""


def count_json_objects(text: str) -> int:
    """How many complete JSON objects the text holds at its top level (prose between them is fine)."""
    decoder, count, i = json.JSONDecoder(), 0, text.find("{")
    while i >= 0:
        try:
            value, end = decoder.raw_decode(text, i)
        except json.JSONDecodeError:
            i = text.find("{", i + 1)
            continue
        count += isinstance(value, dict)
        i = text.find("{", end)
    return count


def normalise_submission(value: Any) -> Any:
    """A submission in a form where equal answers compare equal: case, spacing and order aside."""
    if isinstance(value, str):
        return " ".join(value.split()).lower()
    if isinstance(value, list | tuple | set):
        return tuple(sorted({json.dumps(normalise_submission(v)) for v in value}))
    if isinstance(value, Mapping):
        return tuple(sorted((normalise_submission(k), json.dumps(normalise_submission(v))) for k, v in value.items()))
    return value


def confidence_band(iteration: int, reference: ObserverDecision) -> tuple[int, int]:
    """The paper's calibration target for a step: early 0-30, late 80-100, otherwise 40-70."""
    if iteration <= 3:
        return (0, 30)
    if reference.phase in _LATE_PHASES or reference.confidence >= 80:
        return (80, 100)
    return (40, 70)


@cache
def _prompts() -> dict[str, str]:
    text = resources.files(__package__).joinpath("prompts", "judge.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _render(name: str, **values: object) -> str:
    return Template(_prompts()[name]).substitute({k: str(v) for k, v in values.items()})


def _reference(row: Row) -> ObserverDecision | None:
    raw = row.get("reference")
    if isinstance(raw, ObserverDecision) or raw is None:
        return raw
    try:
        return ObserverDecision.model_validate_json(raw) if isinstance(raw, str) else ObserverDecision.model_validate(raw)
    except ValidationError:
        try:
            return decision_of(str(raw), row)
        except DecisionError:
            return None


def _judge_scores(reply: str) -> dict[str, float]:
    """The five scores in a judge reply; raises ValueError saying what is wrong."""
    try:
        data = extract_json(reply, expect=dict)
    except JSONExtractionError as exc:
        raise ValueError(str(exc)) from exc
    scores = {}
    for name in JUDGED_DIMENSIONS:
        value = data.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 10:
            raise ValueError(f"{name!r} must be a number from 0 to 10, got {value!r}")
        scores[name] = float(value)
    return scores


class JudgeReward:
    """TRL reward: the paper's judged step reward (module docstring) through any `ChatClient`.

    ``weights`` overrides some or all of `PAPER_WEIGHTS`; ``max_workers`` judge calls run at
    once (a GRPO group is judged in parallel; identical candidates are judged once per call).
    ``situation_chars`` bounds the prompt text shown to the judge (its end is kept: the newest
    evidence is there).
    """

    def __init__(self, client: ChatClient, *, weights: Mapping[str, float] | None = None,
                 max_tokens: int = 300, temperature: float = 0.0, max_workers: int = 8,
                 situation_chars: int = 8000, name: str = "judge") -> None:
        unknown = sorted(set(weights or {}) - set(DIMENSIONS))
        if unknown:
            raise ValueError(f"unknown judge dimension(s) {', '.join(unknown)}; expected some of {', '.join(DIMENSIONS)}")
        self.weights = {**PAPER_WEIGHTS, **(weights or {})}
        if any(w < 0 for w in self.weights.values()) or not sum(self.weights.values()) > 0:
            raise ValueError(f"judge weights must be >= 0 and not all 0, got {self.weights}")
        if max_workers < 1:
            raise ValueError(f"max_workers must be at least 1, got {max_workers}")
        self.client, self.max_tokens, self.temperature = client, max_tokens, temperature
        self.max_workers, self.situation_chars = max_workers, situation_chars
        self.__name__ = name

    def __call__(self, completions: list[Any], **kwargs: Any) -> list[float | None]:
        rows = rows_of(len(completions), kwargs)
        prompts = kwargs.get("prompts") or [row.get("prompt") for row in rows]
        items = [(p, completion_text(c), row) for p, c, row in zip(prompts, completions, rows, strict=True)]
        # A group often holds the same reply several times: judge each distinct one once.
        keys = [_item_key(*item) for item in items]
        distinct = {key: item for key, item in zip(keys, items, strict=True)}
        if self.max_workers == 1 or len(distinct) == 1:
            scored = {key: self.score(*item) for key, item in distinct.items()}
        else:
            with ThreadPoolExecutor(min(self.max_workers, len(distinct))) as pool:
                scored = dict(zip(distinct, pool.map(lambda item: self.score(*item), distinct.values()), strict=True))
        return [r.reward if (r := scored[key]) else None for key in keys]

    def score(self, prompt: Any, text: str, row: Row) -> StepScore | None:
        """One completion's `StepScore`; None when the row has no reference step."""
        reference = _reference(row)
        if reference is None:
            return None
        try:
            decision = decision_of(text, row)
        except DecisionError as exc:
            return StepScore({}, PARSE_FAILURE_REWARD, f"parse failure: {exc}")
        scores: dict[str, float] = {"format": 10.0 if count_json_objects(text) == 1 else 5.0}
        if reference.next_action is NextAction.SUBMIT:
            scores |= _submit_scores(decision, reference)
            note = "submit step scored by rule"
        else:
            judged, note = self._ask(prompt, decision, reference, row)
            scores |= judged
            if row.iteration <= 1:
                del scores["summary"]
        return StepScore(scores, self._weighted(scores), note)

    def _weighted(self, scores: Mapping[str, float]) -> float:
        total = sum(self.weights[d] for d in scores)
        return sum(self.weights[d] * s / 10 for d, s in scores.items()) / total if total else 0.0

    def _ask(self, prompt: Any, decision: ObserverDecision, reference: ObserverDecision,
             row: Row) -> tuple[dict[str, float], str]:
        """The judge's five scores (asked twice at most), or neutral ones and why."""
        low, high = confidence_band(row.iteration, reference)
        situation = prompt_text(prompt)
        if len(situation) > self.situation_chars:
            situation = "[...]\n" + situation[-self.situation_chars:]
        messages = [
            ChatMessage(role="system", content=_prompts()["system"]),
            ChatMessage(role="user", content=_render(
                "user", iteration=row.iteration, situation=situation, band=f"{low}-{high}",
                reference=reference.model_dump_json(exclude_none=True),
                candidate=decision.model_dump_json(exclude_none=True))),
        ]  # fmt: skip
        error = ""
        for _ in range(2):
            try:
                reply = self.client.complete(messages, max_tokens=self.max_tokens, temperature=self.temperature).text
            except LLMError as exc:
                error = f"the judge did not answer: {exc}"
                continue
            try:
                return _judge_scores(reply), "judged"
            except ValueError as exc:
                error = f"unusable judge reply: {exc}"
                messages += [ChatMessage(role="assistant", content=reply),
                             ChatMessage(role="user", content=_render("reask", error=exc))]
        _log.warning("judge reward: %s; the judged dimensions score a neutral %d", error, NEUTRAL_SCORE)
        return dict.fromkeys(JUDGED_DIMENSIONS, float(NEUTRAL_SCORE)), f"neutral: {error}"


def _item_key(prompt: Any, text: str, row: Row) -> str:
    return json.dumps([prompt_text(prompt), text, dict(row.columns)], sort_keys=True, default=str)


def _submit_scores(decision: ObserverDecision, reference: ObserverDecision) -> dict[str, float]:
    match = decision.next_action is NextAction.SUBMIT and (
        normalise_submission(decision.submission) == normalise_submission(reference.submission))
    marks = 10.0 if match else 0.0
    return {"action": marks, "context_instruction": marks, "context_namespace": marks,
            "confidence": float(SUBMIT_CONFIDENCE.get(decision.confidence, 0))}
