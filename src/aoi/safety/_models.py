"""The boundary types of `aoi.safety`: the three verdicts and what `classify` returns.

A `Classification` is frozen because `classify` caches it and hands the same object to every
caller that asks about the same command line.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = ["Classification", "PartVerdict", "Verdict", "worst"]


class Verdict(StrEnum):
    """How dangerous a command is; compares equal to its string value (``Verdict.READ == "read"``)."""

    READ = "read"
    WRITE = "write"
    DENIED = "denied"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Verdict.READ: 0, Verdict.WRITE: 1, Verdict.DENIED: 2}


def worst(a: Verdict, b: Verdict) -> Verdict:
    """The more dangerous of two verdicts (denied > write > read)."""
    return a if a.rank >= b.rank else b


class PartVerdict(BaseModel):
    """The verdict on one simple command of a line (``command`` is that simple command's text)."""

    model_config = ConfigDict(frozen=True)

    command: str
    verdict: Verdict
    reason: str


class Classification(BaseModel):
    """The verdict on a whole line: its most dangerous part, with that part's reason.

    ``parts`` lists every simple command found, including those inside substitutions, wrappers
    (``sudo``, ``xargs``, ``sh -c``) and ``kubectl exec``, in source order.
    """

    model_config = ConfigDict(frozen=True)

    command: str
    verdict: Verdict
    reason: str
    parts: tuple[PartVerdict, ...] = ()
