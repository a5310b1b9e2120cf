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
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from aoi.env import Backend, Episode, TwinBackend, next_input
from aoi.llm import (
    ChatClient,
    ChatMessage,
    LLMError,
    OpenAICompatibleClient,
    TokenLedger,
    estimate_message_tokens,
    estimate_tokens,
)
from aoi.problems import get_problem

__all__ = ["SHELL_ONLY_DOCS", "BaselineConfig", "run_baseline", "trim_history"]

AGENT_NAME = "baseline"

# AOI's own wording of a shell-only API doc in the spirit of AIOpsLab's DOCS_SHELL_ONLY.
SHELL_ONLY_DOCS = """{task_description}

You have two APIs and nothing else.

exec_shell:
{exec_shell}

submit:
{submit}

Use exactly one API per reply. Put the call alone in a markdown code block without a language
tag, and give submit exactly the argument its signature asks for. You may reason first, in this
form:

Thought: <what you know and what you want to find out>
Action:
```
<one API call>
```"""


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
) -> dict:
    """Run one problem with the baseline agent; return AIOpsLab's result dict.

    The model is ``client``, or else an `OpenAICompatibleClient` for ``model`` at ``base_url``
    (the registry's way in). The dict is the session record (``agent, session_id, problem_id,
    start_time, end_time, trace, results``) plus ``llm_usage`` (this run's tokens) and ``error``
    (None, or why the model stopped answering).
    """
    config = config or BaselineConfig()
    if client is None:
        if not (model and base_url):
            raise ValueError(
                "run_baseline needs a client, or both model and base_url (e.g. --model, --base-url)"
            )
        with OpenAICompatibleClient(base_url, model) as owned:
            return run_baseline(
                problem_id, owned, seed=seed, max_steps=max_steps, backend=backend, config=config
            )
    problem = get_problem(problem_id)
    episode = Episode(
        problem, backend or TwinBackend(), max_steps=max_steps, seed=seed, agent_name=AGENT_NAME
    )
    task_desc, instructions, apis = episode.reset()
    system = SHELL_ONLY_DOCS.format(
        task_description=task_desc, exec_shell=apis["exec_shell"], submit=apis["submit"]
    )
    history = [ChatMessage(role="system", content=system), ChatMessage(role="user", content=instructions)]
    ledger = TokenLedger()
    model = ledger.meter(client, "agent")
    observation: str | None = None
    error: str | None = None
    while not episode.done:
        history.append(ChatMessage(role="user", content=next_input(observation)))
        history = trim_history(history, config.history_budget_tokens)
        try:
            reply = model.complete(history, max_tokens=config.max_tokens, temperature=config.temperature).text
        except LLMError as exc:
            error = str(exc)
            episode.close()
            break
        history.append(ChatMessage(role="assistant", content=reply))
        observation = episode.step(reply)
    record = episode.result().model_dump(mode="json")
    record.update(llm_usage=ledger.as_dict(), error=error)
    return record


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
