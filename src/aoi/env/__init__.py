"""One interface over backends, reproducing AIOpsLab's agent <-> orchestrator contract.

`Episode` runs one problem on a `Backend` (`TwinBackend` offline, `ScriptedBackend` in tests):
`reset` hands out AIOpsLab's three prompt pieces, `step` parses one agent response with AIOpsLab's
grammar and error texts and answers it, and `result` is AIOpsLab's session JSON. See README.md in
this folder for a map of the modules.
"""

from .actions import VALID_SUBMISSION, ActionOutcome
from .backend import Backend, shell_output
from .backends import ScriptedBackend, TwinBackend
from .episode import NEXT_ACTION, Episode, Turn, next_input
from .errors import (
    EnvError,
    EpisodeFinished,
    InvalidActionError,
    ResetNeeded,
    ResponseParsingError,
    SessionFileError,
)
from .listing import ProblemRow, UnknownChoice, problem_row, select_problems
from .parser import ParsedAction, exec_shell_action, fence, parse_action
from .prompts import API_NAMES, api_docs, app_summary, instructions, task_description
from .replay import ActionResult, ReplayReport, ReplayStep, replay_session, run_actions
from .session import SessionRecord, TraceItem, session_id_for
from .shell_guard import BLOCKED_COMMANDS, blocked_message
from .tokens import approx_tokens
from .verify import VerifyRow, verify_all, verify_problem

__all__ = [
    "API_NAMES",
    "BLOCKED_COMMANDS",
    "NEXT_ACTION",
    "VALID_SUBMISSION",
    "ActionOutcome",
    "ActionResult",
    "Backend",
    "EnvError",
    "Episode",
    "EpisodeFinished",
    "InvalidActionError",
    "ParsedAction",
    "ProblemRow",
    "ReplayReport",
    "ReplayStep",
    "ResetNeeded",
    "ResponseParsingError",
    "ScriptedBackend",
    "SessionFileError",
    "SessionRecord",
    "TraceItem",
    "Turn",
    "TwinBackend",
    "UnknownChoice",
    "VerifyRow",
    "api_docs",
    "app_summary",
    "approx_tokens",
    "blocked_message",
    "exec_shell_action",
    "fence",
    "instructions",
    "next_input",
    "parse_action",
    "problem_row",
    "replay_session",
    "run_actions",
    "select_problems",
    "session_id_for",
    "shell_output",
    "task_description",
    "verify_all",
    "verify_problem",
]
