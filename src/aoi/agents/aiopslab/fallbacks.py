"""The actions the adapter sends when the AOI runtime cannot give one: a final "no answer", or a no-op.

AIOpsLab accepts any text with exactly one un-tagged fenced call, and keeps the words outside
the fence in its trace without acting on them; the reason goes there, so a failed episode's
result JSON says why it failed.

* `no_answer`: the runtime failed or ended without a submission, and the task type is known.
  A submit ends the episode at once (rather than spending the rest of the step budget on
  nothing) with a submission that is never scored as right: ``submit(None)`` for detection
  ("Invalid Format"; ``"No"`` would be free credit on the Noop problems), ``submit([])`` for
  localization (0.0), ``submit(None)`` for analysis (not a dict: both fields wrong; the prompt's
  ``submit()`` would fail the arity check and not end the episode), ``submit()`` for mitigation
  (whose oracle judges the cluster as it stands).
* `no_op`: no submit form is known to be valid (the task type is unknown) or the run is
  already over; ``exec_shell("echo ...")`` changes nothing, and AIOpsLab scores whatever was
  submitted when its step budget runs out.
"""

from __future__ import annotations

import re

from aoi.env import exec_shell_action, fence
from aoi.problems import TaskType

__all__ = ["no_answer", "no_op"]

_NO_ANSWER = {
    TaskType.DETECTION: "submit(None)",
    TaskType.LOCALIZATION: "submit([])",
    TaskType.ANALYSIS: "submit(None)",
    TaskType.MITIGATION: "submit()",
}
# Characters kept in a reason: nothing that could open a fence, end a quote or need escaping.
_UNSAFE = re.compile(r"[^\w .,:;()=/+-]")
_MAX_REASON = 300


def no_answer(task: TaskType, reason: str) -> str:
    """The final submit of ``task``'s never-right answer, with ``reason`` above the fence."""
    return f"AOI: {_clean(reason)}\n{fence(_NO_ANSWER[task])}"


def no_op(reason: str) -> str:
    """An ``exec_shell`` that only echoes ``reason``."""
    return fence(exec_shell_action(f"echo 'AOI: {_clean(reason)}'"))


def _clean(reason: str) -> str:
    one_line = " ".join(_UNSAFE.sub(" ", reason).split())
    return one_line[:_MAX_REASON] or "no reason given"
