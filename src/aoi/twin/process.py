"""What every emulated program returns, and the signature every emulated program has.

The twin never spawns processes: `kubectl`, `grep`, `docker`, `mongo` are Python callables that
take an argv and the text on stdin and return a `CommandResult`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CommandResult:
    stdout: str = ""
    stderr: str = ""
    exit_code: int = 0

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


Program = Callable[[list[str], str], CommandResult]
"""An emulated program: ``program(argv, stdin) -> CommandResult``; ``argv[0]`` is its name."""


def fail(message: str, exit_code: int = 1) -> CommandResult:
    """A failed run whose stderr is ``message`` (a trailing newline is added, as programs do)."""
    return CommandResult(stderr=message if message.endswith("\n") else message + "\n", exit_code=exit_code)
