"""The errors `aoi.env` raises, named by their condition.

    EnvError
    ├── ResponseParsingError   an agent response breaks AIOpsLab's action grammar; ``str()`` is
    │                          AIOpsLab's exact text, which the agent receives as its observation
    ├── InvalidActionError     the response names an API that does not exist (``Invalid action: x``)
    ├── ResetNeeded            `Episode.step` before `Episode.reset`
    ├── EpisodeFinished        `Episode.step` after a valid submit or the step budget ran out
    └── SessionFileError       a recorded session file cannot be read or has the wrong shape

The first two never escape an episode: they become observations, as in AIOpsLab's orchestrator.
The others are caller mistakes or bad user input.
"""

from __future__ import annotations

__all__ = [
    "EnvError",
    "EpisodeFinished",
    "InvalidActionError",
    "ResetNeeded",
    "ResponseParsingError",
    "SessionFileError",
]


class EnvError(Exception):
    """Base of every error raised by `aoi.env`."""


class ResponseParsingError(EnvError):
    """The response could not be parsed; ``message`` is the detail, ``str()`` the agent-facing text."""

    def __init__(self, message: str) -> None:
        # AIOpsLab prefixes every parser message this way, even those that already start with it.
        super().__init__(f"Error parsing response: {message}")
        self.message = message


class InvalidActionError(EnvError):
    """The parsed API name is not one of the task's actions."""

    def __init__(self, api: str) -> None:
        super().__init__(f"Invalid action: {api}")
        self.api = api


class ResetNeeded(EnvError):
    """An episode was stepped before it was reset."""

    def __init__(self) -> None:
        super().__init__("Episode.step() called before Episode.reset(); call reset() first")


class EpisodeFinished(EnvError):
    """An episode was stepped after it ended."""

    def __init__(self, steps: int, reason: str) -> None:
        super().__init__(
            f"the episode already ended after {steps} step(s) ({reason}); call reset() to start a new one"
        )


class SessionFileError(EnvError):
    """A session JSON file is unreadable or malformed; the message is one line for the user."""
