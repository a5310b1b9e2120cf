"""The single-agent baseline: one model, ``exec_shell`` and ``submit`` only, AIOpsLab's loop.

This is the classic AIOpsLab shell agent that AOI is compared against: no role separation, no
compression, no safety gate beyond the environment's own. The model gets a system prompt (the
task description and a shell-only API doc), the instructions, then ``"Please take the next
action"``; each reply is one `Episode.step`, and each observation comes back as
``"<observation>\\nPlease take the next action"`` (`aoi.env.next_input`).

The history is trimmed to ``history_budget_tokens`` before every call: the system prompt and the
instructions always stay, the oldest (request, reply) pairs go first, and an observation that
alone would overflow the budget is cut in the middle. An endpoint that stays down ends the
episode early (its stored solution is scored) and the result carries the error under ``error``.

Two ways in: `run_baseline` returns AIOpsLab's session dict (for comparisons with AIOpsLab runs),
`run_baseline_result` the runtime's `RunResult` (the registry's ``baseline`` agent, ``aoi run``).
The system prompt is data: ``prompts/baseline.yaml``, filled strictly by `system_prompt`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from string import Template
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from aoi.env import Backend, Episode, TwinBackend, next_input
from aoi.llm import (
    ChatClient,
    ChatMessage,
    LLMError,
    TokenLedger,
    estimate_message_tokens,
    estimate_tokens,
    is_local_model,
    make_client,
)
from aoi.problems import get_problem
from aoi.safety.redact import RedactionPolicy
from aoi.trajectories import aiopslab_success

from .redaction import redacting
from .runtime import RunResult

__all__ = ["BaselineConfig", "run_baseline", "run_baseline_result", "system_prompt", "trim_history"]

AGENT_NAME = "baseline"


class BaselineConfig(BaseModel):
    """How the baseline agent asks its model."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_tokens: int = Field(default=1024, gt=0, description="Completion budget of one reply.")
    temperature: float = Field(default=0.0, ge=0, le=2, description="Sampling temperature.")
    history_budget_tokens: int = Field(
        default=12_000,
        ge=512,
        description="Estimated prompt tokens the history is trimmed to before each call.",
    )


@cache
def _prompt_template() -> str:
    text = resources.files(__package__).joinpath("prompts", "baseline.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)["system"]


def system_prompt(*, task_description: str, exec_shell: str, submit: str) -> str:
    """The baseline's system prompt (``prompts/baseline.yaml``); a placeholder without a value
    raises `KeyError`, and values are inserted verbatim."""
    values = {"task_description": task_description, "exec_shell": exec_shell, "submit": submit}
    return Template(_prompt_template()).substitute(values)


@dataclass(frozen=True)
class _Outcome:
    record: dict[str, Any]
    submission: Any
    end_reason: str
    max_context_tokens: int


def run_baseline(
    problem_id: str,
    client: ChatClient | None = None,
    *,
    seed: int = 0,
    max_steps: int = 30,
    backend: Backend | None = None,
    config: BaselineConfig | None = None,
    model: str | None = None,
    base_url: str | None = None,
    redaction: RedactionPolicy | None = None,
    **client_options: Any,
) -> dict:
    """Run one problem with the baseline agent; return AIOpsLab's result dict.

    The model is ``client``, or else `aoi.llm.make_client`'s for ``model`` (at ``base_url``
    unless it is a local ``hf:PATH``) with ``client_options``, redacted as ``redaction`` says
    (`aoi.agents.redaction`; a given ``client`` is used as it is). The dict is the
    session record (``agent, session_id, problem_id, start_time, end_time, trace, results``) plus
    ``llm_usage`` (this run's tokens), ``error`` (None, or why the model stopped answering) and
    ``max_context_tokens`` (the largest prompt sent, estimated tokens).
    """
    with _client(client, model, base_url, client_options, redaction) as chat:
        return _play(problem_id, chat, seed, max_steps, backend, config or BaselineConfig()).record


def run_baseline_result(
    problem_id: str,
    client: ChatClient | None = None,
    *,
    seed: int = 0,
    max_steps: int = 30,
    backend: Backend | None = None,
    model: str | None = None,
    base_url: str | None = None,
    temperature: float | None = None,
    max_tokens: int | None = None,
    api_key_env: str | None = None,
    timeout_s: float | None = None,
    max_retries: int | None = None,
    redaction: RedactionPolicy | None = None,
) -> RunResult:
    """`run_baseline` as a `RunResult`: the registry's ``baseline`` runner.

    Options left at None keep their defaults (`BaselineConfig`, `aoi.llm.OpenAIClientConfig`);
    ``seed`` also seeds an in-process model's sampling.
    ``iterations`` counts the model's replies and ``trajectory_id`` is the AIOpsLab session id
    (the baseline writes no AOI trajectory).
    """
    given = {"temperature": temperature, "max_tokens": max_tokens}
    config = BaselineConfig(**{k: v for k, v in given.items() if v is not None})
    options = {"api_key_env": api_key_env, "timeout_s": timeout_s, "max_retries": max_retries, "seed": seed}
    options = {k: v for k, v in options.items() if v is not None}
    with _client(client, model, base_url, options, redaction) as chat:
        outcome = _play(problem_id, chat, seed, max_steps, backend, config)
    record, results = outcome.record, outcome.record["results"]
    return RunResult(
        problem_id=record["problem_id"], agent=AGENT_NAME, success=aiopslab_success(results),
        strict_success=results.get("strict_success"), results=results, iterations=results.get("steps", 0),
        submission=outcome.submission, trajectory_id=record["session_id"],
        max_context_tokens=outcome.max_context_tokens, end_reason=outcome.end_reason,
    )  # fmt: skip


@contextmanager
def _client(
    client: ChatClient | None, model: str | None, base_url: str | None, options: dict[str, Any],
    redaction: RedactionPolicy | None,
) -> Iterator[ChatClient]:
    """``client``, or one made here by `aoi.llm.make_client` (redacting as the policy says) and
    closed afterwards."""
    if client is not None:
        yield client
        return
    if not (model and (base_url or is_local_model(model))):
        raise ValueError(
            "run_baseline needs a client, or both model and base_url (e.g. --model, --base-url), "
            "or a local model as hf:PATH"
        )
    with make_client(model, base_url, **options) as owned:
        yield redacting(owned, model=model, base_url=base_url, policy=redaction)


def _play(
    problem_id: str,
    client: ChatClient,
    seed: int,
    max_steps: int,
    backend: Backend | None,
    config: BaselineConfig,
) -> _Outcome:
    """AIOpsLab's loop: one reply per `Episode` step until a valid submit or the budget ends it."""
    problem = get_problem(problem_id)
    episode = Episode(
        problem, backend or TwinBackend(), max_steps=max_steps, seed=seed, agent_name=AGENT_NAME
    )
    task_desc, instructions, apis = episode.reset()
    system = system_prompt(task_description=task_desc, exec_shell=apis["exec_shell"], submit=apis["submit"])
    history = [ChatMessage(role="system", content=system), ChatMessage(role="user", content=instructions)]
    ledger = TokenLedger()
    model = ledger.meter(client, "agent")
    observation: str | None = None
    error: str | None = None
    end_reason, max_context = "the episode's step budget ran out", 0
    while not episode.done:
        history.append(ChatMessage(role="user", content=next_input(observation)))
        history = trim_history(history, config.history_budget_tokens)
        max_context = max(max_context, estimate_message_tokens(history))
        try:
            reply = model.complete(history, max_tokens=config.max_tokens, temperature=config.temperature).text
        except LLMError as exc:
            error = str(exc)
            end_reason = f"the model stopped answering: {error}"
            episode.close()
            break
        history.append(ChatMessage(role="assistant", content=reply))
        turn = episode.act(reply)
        observation = turn.observation
        if turn.submitted:
            end_reason = "the model submitted"
    record = episode.result().model_dump(mode="json")
    record.update(llm_usage=ledger.as_dict(), error=error, max_context_tokens=max_context)
    return _Outcome(record, episode.solution, end_reason, max_context)


def trim_history(history: list[ChatMessage], budget_tokens: int) -> list[ChatMessage]:
    """``history`` within ``budget_tokens``: keep the first two messages and the last one, drop
    the oldest pairs in between, and cut the last message in the middle if it alone overflows."""
    head, middle, last = history[:2], history[2:-1], history[-1]
    while middle and estimate_message_tokens([*head, *middle, last]) > budget_tokens:
        middle = middle[2:]  # a (request, reply) pair
    room = budget_tokens - estimate_message_tokens([*head, *middle])
    if estimate_message_tokens([last]) > room:
        last = ChatMessage(role=last.role, content=_middle_cut(last.content, max(room, 64) * 4))
    return [*head, *middle, last]


def _middle_cut(text: str, limit_chars: int) -> str:
    marker = f"\n... ({estimate_tokens(text)} tokens of output shortened) ...\n"
    keep = max(0, limit_chars - len(marker) - 16)
    head = keep * 2 // 3
    return text[:head] + marker + text[len(text) - (keep - head) :]
