"""The `Observer` contract, and `ScriptedObserver`, which replays fixed decisions for tests.

The Observer plans: it reads an `ObserverContext` (compressed evidence and summaries, never raw
output) and answers one `ObserverDecision`. The runtime calls nothing else on it, except an
optional ``reset(problem_summary)`` once before the first iteration; whoever builds an Observer
closes it after its run (`close_observer`: an LLM Observer's clients hold connections). It is the only role that
submits. An Observer that cannot produce a decision (an LLM answered garbage) raises
`InvalidDecision`; the runtime turns that into an observation for its next iteration.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from .contracts import ObserverContext, ObserverDecision

__all__ = ["InvalidDecision", "Observer", "ScriptedObserver", "close_observer"]


class InvalidDecision(ValueError):
    """The Observer could not produce a valid decision; the message is shown to it next time."""


@runtime_checkable
class Observer(Protocol):
    """Decides the next step from what it has been shown.

    Implementations may also define ``reset(problem_summary: str) -> None``; the runtime calls
    it once per run, before the first `decide`, with the task description (an Observer whose
    ``reset`` takes no argument is called without one).
    """

    def decide(self, context: ObserverContext) -> ObserverDecision:
        """The next decision. Raise `InvalidDecision` when no valid one can be made."""
        ...


def close_observer(observer: Observer) -> None:
    """``observer.close()`` when it has one; most Observers hold nothing to release."""
    close = getattr(observer, "close", None)
    if close is not None:
        close()


class ScriptedObserver:
    """An Observer that answers from a list, in order, or from a function of the context.

    Every context it receives is kept in ``contexts`` so tests can inspect what it saw. A list
    that runs out raises `InvalidDecision` (the runtime treats it as a malformed decision).
    """

    def __init__(
        self, decisions: Sequence[ObserverDecision] | Callable[[ObserverContext], ObserverDecision]
    ) -> None:
        self._script = decisions if callable(decisions) else list(decisions)
        self.contexts: list[ObserverContext] = []
        self.resets: list[str] = []

    def reset(self, problem_summary: str) -> None:
        self.resets.append(problem_summary)
        self.contexts.clear()

    def decide(self, context: ObserverContext) -> ObserverDecision:
        self.contexts.append(context)
        if callable(self._script):
            return self._script(context)
        index = len(self.contexts) - 1
        if index >= len(self._script):
            raise InvalidDecision(f"the script has {len(self._script)} decisions; decision {index + 1} was asked for")
        return self._script[index]
