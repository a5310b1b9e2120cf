"""`LLMCompressor`: the `Compressor` protocol played by a chat model, with the rule compressor behind it.

The model condenses the output into ``{"summary", "details"}``; the result is cut to the token
budget here, whatever the model wrote, so the bound holds as it does for `RuleCompressor`. The
rule compressor also supplies what the model need not judge (the output's kind, ``ok``, the
shortened command line) and is the answer whenever the model's is unusable or the output is empty.
"""

from __future__ import annotations

from aoi.agents.compressor import (
    CHARS_PER_TOKEN,
    DEFAULT_BUDGET_TOKENS,
    Evidence,
    RuleCompressor,
    estimate_tokens,
)
from aoi.llm import ChatClient, ChatMessage, LLMError

from ._config import LLMCompressorConfig
from ._json import JSONExtractionError, extract_json
from ._prompts import load_prompts, render

__all__ = ["LLMCompressor"]


class LLMCompressor:
    """A `Compressor` backed by a chat model; stateless between calls except for ``errors``."""

    def __init__(
        self,
        client: ChatClient,
        config: LLMCompressorConfig | None = None,
        *,
        fallback: RuleCompressor | None = None,
    ) -> None:
        self.client = client
        self.config = config or LLMCompressorConfig()
        self.fallback = fallback or RuleCompressor()
        self.errors: list[str] = []  # replies or outages that fell back to the rule compressor

    def compress(
        self,
        command: str,
        stdout: str,
        stderr: str,
        exit_code: int,
        *,
        budget_tokens: int = DEFAULT_BUDGET_TOKENS,
    ) -> Evidence:
        rule = self.fallback.compress(command, stdout, stderr, exit_code, budget_tokens=budget_tokens)
        if not (stdout.strip() or stderr.strip()):
            return rule
        try:
            summary, details = self._ask(command, stdout, stderr, exit_code, budget_tokens)
        except (LLMError, JSONExtractionError, ValueError) as exc:
            self.errors.append(str(exc))
            return rule
        return _bounded(rule, summary, details, budget_tokens)

    def _ask(
        self, command: str, stdout: str, stderr: str, exit_code: int, budget: int
    ) -> tuple[str, list[str]]:
        prompts = load_prompts("compressor")
        half = self.config.max_input_chars // 2
        user = render(
            prompts["user"],
            command=command,
            exit_code=exit_code,
            budget_chars=budget * CHARS_PER_TOKEN,
            stdout=_middle_cut(stdout, half),
            stderr=_middle_cut(stderr, half),
        )
        messages = [
            ChatMessage(role="system", content=prompts["system"]),
            ChatMessage(role="user", content=user),
        ]
        reply = self.client.complete(
            messages, max_tokens=self.config.max_tokens, temperature=self.config.temperature
        )
        data = extract_json(reply.text, expect=dict)
        summary = data.get("summary")
        if not isinstance(summary, str) or not summary.strip():
            raise ValueError("compressor reply has no summary")
        details = data.get("details") or []
        if isinstance(details, str):
            details = details.splitlines()
        return " ".join(summary.split()), [str(d).rstrip() for d in details if str(d).strip()]


def _middle_cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = limit * 2 // 3
    tail = limit - head
    return f"{text[:head]}\n... ({len(text) - limit} characters cut) ...\n{text[-tail:]}"


def _bounded(rule: Evidence, summary: str, details: list[str], budget_tokens: int) -> Evidence:
    """Evidence from the model's parts whose rendering fits ``budget_tokens``."""
    limit = budget_tokens * CHARS_PER_TOKEN
    cap = max(40, limit // 4)
    truncated = False
    if len(summary) > cap:
        summary, truncated = summary[: cap - 1] + "…", True
    details = [d if len(d) <= cap else d[: cap - 1] + "…" for d in details]
    truncated = truncated or any(d.endswith("…") for d in details)

    def build(lines: list[str]) -> Evidence:
        draft = Evidence(
            command=rule.command, exit_code=rule.exit_code, ok=rule.ok, kind=rule.kind,
            summary=summary, details=tuple(lines), truncated=truncated, tokens=0,
        )  # fmt: skip
        return draft.model_copy(update={"tokens": estimate_tokens(draft.render())})

    evidence = build(details)
    kept = len(details)
    while evidence.tokens > budget_tokens and kept > 0:
        kept -= 1
        truncated = True
        evidence = build([*details[:kept], f"... ({len(details) - kept} more lines)"])
    if evidence.tokens > budget_tokens:
        return rule  # even the summary alone does not fit: the rule compressor's cut does
    return evidence
