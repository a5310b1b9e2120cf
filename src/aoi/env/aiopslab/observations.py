"""Reading what an AIOpsLab orchestrator passes to ``get_action``: the request, or an observation.

AIOpsLab calls ``get_action("Please take the next action")`` first and then
``get_action(env_response + "\\n" + "Please take the next action")``. `read_observation` undoes
that, and says which of three things arrived:

* ``START``: exactly the bare request, the orchestrator's first turn;
* ``REFUSED``: the orchestrator could not run the last action and says why in its own words
  (``Error parsing response: ...`` from its parser, ``Invalid action: <api>``);
* ``RESULT``: anything else, the action's output (``[ERROR] ...`` shell failures included).

Input that does not have this shape is still read, never rejected: a non-string becomes its
``str`` (None becomes empty), and a missing request suffix leaves the text whole. `malformed`
then says what was odd, for the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..episode import NEXT_ACTION

__all__ = ["Observation", "ObservationKind", "read_observation"]

# The prefixes of the orchestrator's refusals (aoi.env.errors reproduces them byte for byte).
_REFUSAL_PREFIXES = ("Error parsing response:", "Invalid action:")


class ObservationKind(StrEnum):
    START = "start"
    RESULT = "result"
    REFUSED = "refused"


@dataclass(frozen=True)
class Observation:
    """One ``get_action`` input, read: its kind, the text before the request, and any oddity."""

    kind: ObservationKind
    text: str
    malformed: str | None = None


def read_observation(raw: object) -> Observation:
    """Read one ``get_action`` input (module docstring)."""
    malformed = None
    if isinstance(raw, str):
        text = raw
    else:
        text = "" if raw is None else str(raw)
        malformed = f"expected a str, got {type(raw).__name__}"
    if text == NEXT_ACTION:
        return Observation(ObservationKind.START, "", malformed)
    body = text.rstrip()
    if body.endswith(NEXT_ACTION):
        body = body[: -len(NEXT_ACTION)]
        body = body[:-1] if body.endswith("\n") else body
    else:
        body = text
        malformed = malformed or f"no {NEXT_ACTION!r} at the end"
    kind = ObservationKind.REFUSED if body.startswith(_REFUSAL_PREFIXES) else ObservationKind.RESULT
    return Observation(kind, body, malformed)
