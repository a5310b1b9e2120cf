"""The twin at a sample's step, rebuilt once and restored for every candidate scored there.

A sample's state is a fresh episode of ``(problem_id, seed, noise)`` with its ``prefix_actions``
replayed (the AIOpsLab actions that ran before the decision). Replaying costs a scenario start
and one twin step per action; restoring a checkpoint costs a few milliseconds. `ReplayCache`
keeps the last ``maxsize`` states (least recently used goes first), so a GRPO group of 4-16
candidates on one prompt costs one replay; ``replays`` counts them.

A state's backend is a `ResumingTwin`: its ``reset`` restores the saved checkpoint instead of
injecting the fault afresh, so the runtime can run a candidate on it as on any fresh episode.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from aoi.env import Episode, ParsedAction, ResponseParsingError, TwinBackend, fence, parse_action
from aoi.problems import Problem, get_problem

__all__ = ["PrefixError", "ReplayCache", "ResumingTwin", "StepState", "command_key", "shell_command"]


# The start of every placeholder `aoi.safety.redact` writes.
REDACTED = "<redacted:"


class PrefixError(ValueError):
    """The prefix cannot rebuild a step: an action ended the episode before the decision."""


class ResumingTwin(TwinBackend):
    """A `TwinBackend` whose `reset` returns to ``start`` (a checkpoint) once one is set."""

    def __init__(self, noise: str = "realistic") -> None:
        super().__init__(noise=noise)
        self.start: bytes | None = None

    def reset(self, problem: Problem, seed: int) -> None:
        if self.start is None:
            super().reset(problem, seed)
        else:
            self.restore(self.start)


@dataclass
class StepState:
    """One rebuilt step: the problem, the backend parked at the step, and what already ran."""

    problem: Problem
    seed: int
    noise: str
    backend: ResumingTwin
    ran: frozenset[str]  # `command_key`s of the prefix's shell commands
    time: float  # the twin's virtual clock at the step
    seen: tuple[str, ...] = ()  # what the prefix's actions returned, in order (the evidence in hand)
    memo: dict[str, object] = field(default_factory=dict)  # per-state results a reward reuses

    def rewind(self) -> None:
        """Put the cluster back at the step (before a reading that must not see a candidate's changes)."""
        assert self.backend.start is not None
        self.backend.restore(self.backend.start)


def command_key(command: str) -> str:
    """A command with its whitespace collapsed: how a repeated probe is recognised."""
    return re.sub(r"\s+", " ", command).strip()


def shell_command(action: str) -> str | None:
    """The command of an ``exec_shell("...")`` action, or None for any other action."""
    try:
        parsed: ParsedAction = parse_action(fence(action))
    except ResponseParsingError:
        return None
    if parsed.api != "exec_shell" or not parsed.args:
        return None
    return str(parsed.args[0])


class ReplayCache:
    """States by ``(problem_id, seed, noise, prefix)``, at most ``maxsize`` of them (LRU)."""

    def __init__(self, maxsize: int = 32) -> None:
        if maxsize < 1:
            raise ValueError(f"maxsize must be at least 1, got {maxsize}")
        self.maxsize = maxsize
        self.replays = 0  # states rebuilt from scratch (cache misses)
        self._states: OrderedDict[tuple, StepState] = OrderedDict()

    def __len__(self) -> int:
        return len(self._states)

    def state(self, problem_id: str, seed: int, noise: str, prefix: Sequence[str]) -> StepState:
        """The step's state, from the cache or replayed now; raises `PrefixError`.

        A prefix with a redacted credential (training data is redacted, `aoi.train.samples`) is
        refused: ``mongo -p <redacted:password>`` would replay as a failed login and leave the
        twin in a state the decision was never taken in, and a reward on a wrong state misleads.
        """
        if any(REDACTED in action for action in prefix):
            raise PrefixError("the prefix holds a redacted credential, so it cannot rebuild the step faithfully")
        key = (problem_id, int(seed), noise, tuple(prefix))
        found = self._states.get(key)
        if found is not None:
            self._states.move_to_end(key)
            return found
        state = self._replay(get_problem(problem_id), int(seed), noise, list(prefix))
        self.replays += 1
        self._states[key] = state
        if len(self._states) > self.maxsize:
            self._states.popitem(last=False)
        return state

    @staticmethod
    def _replay(problem: Problem, seed: int, noise: str, prefix: list[str]) -> StepState:
        backend = ResumingTwin(noise=noise)
        episode = Episode(problem, backend, max_steps=len(prefix) + 1, seed=seed)
        episode.reset()
        seen = []
        for index, action in enumerate(prefix):
            turn = episode.act(fence(action))
            if turn.submitted:
                raise PrefixError(f"prefix action {index + 1} of {len(prefix)} ({action[:80]!r}) ended the episode")
            seen.append(turn.observation)
        backend.start = backend.checkpoint()
        ran = frozenset(command_key(c) for c in map(shell_command, prefix) if c is not None)
        return StepState(problem, seed, noise, backend, ran, backend.cluster.clock.now, tuple(seen))
