"""`LLMExecutorPlanner`: an order's intent in, whitelisted write commands out.

The Observer may order a change by namespace, target and intent alone. The planner asks a model
for the commands (``prompts/executor.yaml``), repairs the reply with `extract_json`, and keeps a
command only when the Executor itself would accept it: `aoi.safety.classify` rates it a write and
`check_write` finds it on the whitelist and in the order's namespace. Verify commands are kept
only when they are reads. Everything else is dropped and named in the plan's ``note``.

The plan is a new `ExecutorOrder` that still goes through `Executor.check` and
`Executor.execute` unchanged, so the model never gets past a gate. A reply that cannot be parsed,
or an endpoint that is down, gives back the order without commands, which the Executor refuses;
the ``note`` then carries the error to the Observer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from aoi.agents.contracts import ExecutorOrder
from aoi.agents.executor import check_write
from aoi.llm import ChatClient, ChatMessage, LLMError
from aoi.safety import Verdict, classify

from ._config import LLMExecutorPlannerConfig
from ._json import JSONExtractionError, extract_json
from ._prompts import load_prompts, render

__all__ = ["ExecutorPlan", "LLMExecutorPlanner"]


class _PlanError(ValueError):
    """The reply holds no usable ``{"commands": [...], "verify": [...]}``."""


@dataclass(frozen=True)
class ExecutorPlan:
    """What one planning call produced: the order to hand the Executor and what was left out."""

    order: ExecutorOrder  # the input order with planned commands (none when planning failed)
    dropped: tuple[str, ...] = ()  # "command: why", for every proposal the gates would refuse
    error: str | None = None  # why the model gave no plan at all

    @property
    def note(self) -> str:
        """One line for the Observer ("" when the plan was used as proposed)."""
        parts = [f"Executor planner: {self.error}"] if self.error else []
        if self.dropped:
            parts.append("dropped planned commands: " + "; ".join(self.dropped))
        return " | ".join(parts)


class LLMExecutorPlanner:
    """Plans the commands of a command-less `ExecutorOrder` with a chat model."""

    def __init__(self, client: ChatClient, config: LLMExecutorPlannerConfig | None = None) -> None:
        self.client = client
        self.config = config or LLMExecutorPlannerConfig()
        self.dropped: list[str] = []  # every proposal the gates would refuse, across plans
        self.errors: list[str] = []  # replies or outages that gave no plan

    def plan(self, order: ExecutorOrder) -> ExecutorPlan:
        """``order`` with at most ``max_commands`` whitelisted writes and verify reads filled in."""
        try:
            commands, verify = _parse(self._ask(order))
        except (LLMError, JSONExtractionError, _PlanError) as exc:
            self.errors.append(str(exc))
            return ExecutorPlan(order, error=str(exc))
        dropped: list[str] = []
        kept = _keep(commands, dropped, lambda c: _write_problem(c, order.namespace))[: self.config.max_commands]
        checks = _keep(verify, dropped, _read_problem)[: self.config.max_verify]
        self.dropped += dropped
        planned = ExecutorOrder(namespace=order.namespace, target=order.target, intent=order.intent,
                                commands=tuple(kept), verify=order.verify or tuple(checks))
        error = None if kept else "no proposed command passed the Executor's checks"
        return ExecutorPlan(planned, tuple(dropped), error)

    def _ask(self, order: ExecutorOrder) -> str:
        prompts = load_prompts("executor")
        user = render(
            prompts["user"],
            namespace=order.namespace,
            target=order.target,
            intent=order.intent,
            verify=json.dumps(list(order.verify)) if order.verify else "none",
            max_commands=self.config.max_commands,
        )
        messages = [ChatMessage(role="system", content=prompts["system"]), ChatMessage(role="user", content=user)]
        return self.client.complete(
            messages, max_tokens=self.config.max_tokens, temperature=self.config.temperature
        ).text


def _parse(reply: str) -> tuple[list[str], list[str]]:
    """``(commands, verify)`` from ``{"commands": [...], "verify": [...]}`` or a bare list."""
    try:
        data = extract_json(reply, expect=dict)
    except JSONExtractionError as exc:
        try:
            return _strings(extract_json(reply, expect=list), "the plan"), []
        except JSONExtractionError:
            raise exc from None  # the object the prompt asks for is the better complaint
    return _strings(data.get("commands"), '"commands"'), _strings(data.get("verify"), '"verify"')


def _strings(value: object, what: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _PlanError(f"expected {what} to be a list of command strings, got {json.dumps(value)[:120]}")
    return value


def _keep(commands: list[str], dropped: list[str], problem_of: Callable[[str], str | None]) -> list[str]:
    kept: list[str] = []
    for command in (c.strip() for c in commands):
        if not command or command in kept:
            continue
        problem = problem_of(command)
        if problem:
            dropped.append(f"{command!r}: {problem}")
        else:
            kept.append(command)
    return kept


def _write_problem(command: str, namespace: str) -> str | None:
    verdict = classify(command)
    if verdict.verdict is not Verdict.WRITE:
        return f"not a write ({verdict.verdict.value}: {verdict.reason})"
    return check_write(command, namespace)


def _read_problem(command: str) -> str | None:
    verdict = classify(command)
    if verdict.verdict is not Verdict.READ:
        return f"verify command is not a read ({verdict.verdict.value}: {verdict.reason})"
    return None
