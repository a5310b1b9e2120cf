"""What a rule returns for one argv: a final `Decision`, or a command to classify in its place.

Wrappers (``sudo``, ``xargs``, ``timeout``...) return `RunArgv`, shells given a script
(``sh -c``, ``eval``, ``watch``) return `RunScript`; `aoi.safety._classify` follows both and keeps
the worse of the inner verdict and the wrapper's ``floor``.
"""

from __future__ import annotations

from dataclasses import dataclass

from aoi.safety._models import Verdict

__all__ = ["Decision", "Outcome", "RunArgv", "RunScript", "denied", "read", "write"]


@dataclass(frozen=True, slots=True)
class Decision:
    """A final verdict; ``reason`` reads ``"<command>: <rule>"``."""

    verdict: Verdict
    reason: str


@dataclass(frozen=True, slots=True)
class RunArgv:
    """Classify ``argv`` instead (it runs with the same stdin), keeping at least ``floor``."""

    argv: list[str]
    via: str
    floor: Verdict = Verdict.READ


@dataclass(frozen=True, slots=True)
class RunScript:
    """Parse and classify ``script`` as a command line of its own."""

    script: str
    via: str
    floor: Verdict = Verdict.READ


Outcome = Decision | RunArgv | RunScript


def read(reason: str) -> Decision:
    return Decision(Verdict.READ, reason)


def write(reason: str) -> Decision:
    return Decision(Verdict.WRITE, reason)


def denied(reason: str) -> Decision:
    return Decision(Verdict.DENIED, reason)
