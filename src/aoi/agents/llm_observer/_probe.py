"""`LLMProbePlanner`: a probe goal in, read-only commands out.

The prompt asks for read-only commands, but the prompt is not what keeps them read-only: every
proposal goes through `aoi.safety.classify` and only ``read`` verdicts are kept (rejections are
recorded in ``rejected``). The Probe's gated executor checks them again when they run. When the
model gives nothing usable the request's own commands, or a pod listing, are returned.
"""

from __future__ import annotations

import json

from aoi.agents.contracts import ProbeRequest
from aoi.llm import ChatClient, ChatMessage, LLMError
from aoi.safety import Verdict, classify

from ._config import LLMProbePlannerConfig
from ._json import JSONExtractionError, extract_json
from ._prompts import load_prompts, render

__all__ = ["LLMProbePlanner"]


class LLMProbePlanner:
    """Plans the commands of one `ProbeRequest` with a chat model."""

    def __init__(self, client: ChatClient, config: LLMProbePlannerConfig | None = None) -> None:
        self.client = client
        self.config = config or LLMProbePlannerConfig()
        self.rejected: list[str] = []  # proposals that were not read-only
        self.errors: list[str] = []  # replies or outages that gave no plan

    def plan(self, request: ProbeRequest, *, namespace: str | None = None) -> tuple[str, ...]:
        """Up to ``max_commands`` read-only commands for ``request`` (never empty)."""
        ns = request.namespace or namespace or "default"
        prompts = load_prompts("probe")
        user = render(
            prompts["user"],
            namespace=ns,
            goal=request.goal,
            suggested=json.dumps(list(request.commands)) if request.commands else "none",
            max_commands=self.config.max_commands,
        )
        messages = [
            ChatMessage(role="system", content=prompts["system"]),
            ChatMessage(role="user", content=user),
        ]
        try:
            reply = self.client.complete(
                messages, max_tokens=self.config.max_tokens, temperature=self.config.temperature
            ).text
            proposed = [c for c in extract_json(reply, expect=list) if isinstance(c, str)]
        except (LLMError, JSONExtractionError) as exc:
            self.errors.append(str(exc))
            proposed = []
        kept = self._read_only(proposed) or self._read_only(list(request.commands))
        return kept or (f"kubectl get pods -n {ns} -o wide",)

    def _read_only(self, commands: list[str]) -> tuple[str, ...]:
        kept: list[str] = []
        for command in (c.strip() for c in commands):
            if not command or command in kept:
                continue
            if classify(command).verdict != Verdict.READ:
                self.rejected.append(command)
                continue
            kept.append(command)
        return tuple(kept[: self.config.max_commands])
