"""Errors of `aoi.llm`; each message is one line that says what failed and what to change.

    LLMError
     ├── LLMUnavailable      the endpoint did not answer usefully after every retry
     ├── LLMRequestError     the endpoint refused the request (4xx other than 408/409/429)
     └── ScriptExhausted     a `ScriptedChatClient` was asked more often than it was scripted
"""

from __future__ import annotations

__all__ = ["LLMError", "LLMRequestError", "LLMUnavailable", "ScriptExhausted"]


class LLMError(RuntimeError):
    """Base class: no completion could be had."""


class LLMUnavailable(LLMError):
    """Retryable failures (429, 5xx, timeouts, connection errors) outlasted the retries."""


class LLMRequestError(LLMError):
    """A failure that retrying cannot fix (bad request, authentication, unknown model)."""


class ScriptExhausted(LLMError):
    """The scripted client has no response left."""
