"""`LLMObserver`: an `ObserverContext` in, an `ObserverDecision` out, from a chat model.

One decision is one fresh conversation (system prompt, then the rendered context): the
Observer's memory lives in the context the runtime builds, not in a chat history. A reply that is
not a valid decision is answered once more with the reason (``reasks``); if that fails too, or
the endpoint is down, the Observer returns a read-only survey probe whose summary carries the
error, so the next iteration sees what went wrong. A bad reply is an observation, never a crash.

`observer_messages` builds the conversation from the rendered context text alone, so that
training samples (`aoi.train.samples`) are prompted from a recorded context exactly as the model
is prompted at inference; `is_fallback` recognises the survey fallback in a recorded decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from aoi.agents.contracts import NextAction, ObserverContext, ObserverDecision, Phase, ProbeRequest
from aoi.llm import ChatClient, ChatMessage, ClosesOnExit, LLMError, close_client

from ._config import LLMObserverConfig
from ._decision import DecisionError, parse_decision
from ._prompts import load_prompts, render

if TYPE_CHECKING:
    from ._compressor import LLMCompressor
    from ._executor import LLMExecutorPlanner
    from ._probe import LLMProbePlanner

__all__ = ["DecisionFailure", "LLMObserver", "is_fallback", "observer_messages"]

_SHOWN_REPLY_CHARS = 400


@dataclass(frozen=True)
class DecisionFailure:
    """Why one attempt gave no decision: the iteration, the reason and the start of the reply."""

    iteration: int
    error: str
    reply: str | None  # None when the endpoint gave no reply at all


def observer_messages(rendered_context: str, *, namespace: str, task: str) -> list[ChatMessage]:
    """The system and user messages that ask for a decision on ``rendered_context``
    (`ObserverContext.render`), in ``namespace``, for a ``task`` type (its submission hint included)."""
    prompts = load_prompts("observer")
    user = render(
        prompts["user"],
        context=rendered_context,
        namespace=namespace,
        task=task,
        submission_hint=prompts["submission_hints"].get(task, ""),
    )
    return [ChatMessage(role="system", content=prompts["system"]), ChatMessage(role="user", content=user)]


def is_fallback(decision: ObserverDecision) -> bool:
    """True when ``decision`` is `LLMObserver.fallback`'s survey, not the model's own decision."""
    goal = load_prompts("observer")["fallback"]["goal"]
    return decision.probe is not None and decision.probe.goal == goal


class LLMObserver(ClosesOnExit):
    """The Observer role played by a chat model; see the module docstring.

    ``planner``, ``executor_planner`` and ``compressor`` are optional LLM versions of the other
    roles, carried here so that the runtime can pick them up from the one object the registry builds.
    """

    def __init__(
        self,
        client: ChatClient,
        config: LLMObserverConfig | None = None,
        *,
        planner: LLMProbePlanner | None = None,
        compressor: LLMCompressor | None = None,
        executor_planner: LLMExecutorPlanner | None = None,
    ) -> None:
        self.client = client
        self.config = config or LLMObserverConfig()
        self.planner, self.compressor, self.executor_planner = planner, compressor, executor_planner
        self.failures: list[DecisionFailure] = []  # every unusable reply, in order
        self.fallbacks = 0  # decisions that were the survey fallback

    def close(self) -> None:
        """Close every role's client (each once; roles may share one): their connections go now,
        not whenever the garbage collector reaches them."""
        roles = (self.planner, self.compressor, self.executor_planner)
        clients = [self.client, *(role.client for role in roles if role is not None)]
        for client in {id(c): c for c in clients}.values():
            close_client(client)

    def messages(self, context: ObserverContext) -> list[ChatMessage]:
        """The conversation that asks for ``context``'s decision (`observer_messages`)."""
        return observer_messages(context.render(), namespace=context.namespace, task=context.task)

    def decide(self, context: ObserverContext) -> ObserverDecision:
        messages = self.messages(context)
        error = "no attempt made"
        for _ in range(self.config.reasks + 1):
            try:
                reply = self.client.complete(
                    messages, max_tokens=self.config.max_tokens, temperature=self.config.temperature
                ).text
            except LLMError as exc:  # the client already retried; asking again now would not help
                error = str(exc)
                self.failures.append(DecisionFailure(context.iteration, error, None))
                break
            try:
                return parse_decision(reply, context)
            except DecisionError as exc:
                error = str(exc)
                self.failures.append(DecisionFailure(context.iteration, error, reply[:_SHOWN_REPLY_CHARS]))
                reask = render(load_prompts("observer")["reask"], error=error)
                messages = [
                    *messages,
                    ChatMessage(role="assistant", content=reply),
                    ChatMessage(role="user", content=reask),
                ]
        return self.fallback(context, error)

    def fallback(self, context: ObserverContext, error: str) -> ObserverDecision:
        """The safe decision when the model gave none: survey the namespace again, read-only."""
        self.fallbacks += 1
        spec = load_prompts("observer")["fallback"]
        commands = tuple(render(c, namespace=context.namespace) for c in spec["commands"])
        return ObserverDecision(
            phase=Phase.SURVEY,
            hypothesis="unknown: the planner's reply was unusable",
            confidence=0,
            next_action=NextAction.PROBE,
            summary=f"planner reply unusable ({error[:200]}); surveyed again",
            probe=ProbeRequest(goal=spec["goal"], commands=commands, namespace=context.namespace),
        )
