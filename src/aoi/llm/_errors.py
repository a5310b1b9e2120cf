"""Errors of `aoi.llm`; each message is one line that says what failed and what to change.

    LLMError                   no completion could be had; a caller may fall back and go on
     ├── LLMUnavailable        the endpoint did not answer usefully after every retry
     ├── LLMRequestError       the endpoint refused the request (4xx other than 408/409/429)
     │    └── PromptTooLong    the prompt does not fit an in-process model's context
     └── ScriptExhausted       a `ScriptedChatClient` was asked more often than it was scripted
    LocalModelError            an in-process model (``hf:PATH``) cannot be used at all
     ├── ModelNotFound         PATH is not a model or adapter directory (or an adapter's base is missing)
     └── MissingExtraError     torch / transformers / peft are not installed; names the extra

`LocalModelError` is deliberately not an `LLMError`: a model that cannot be loaded will not
answer the next call either, so a caller that falls back on `LLMError` (the LLM Observer does)
must not keep an episode going on it; the error ends the run instead.
"""

from __future__ import annotations

__all__ = [
    "LLMError",
    "LLMRequestError",
    "LLMUnavailable",
    "LocalModelError",
    "MissingExtraError",
    "ModelNotFound",
    "PromptTooLong",
    "ScriptExhausted",
]


class LLMError(RuntimeError):
    """Base class: no completion could be had."""


class LLMUnavailable(LLMError):
    """Retryable failures (429, 5xx, timeouts, connection errors) outlasted the retries."""


class LLMRequestError(LLMError):
    """A failure that retrying cannot fix (bad request, authentication, unknown model)."""


class PromptTooLong(LLMRequestError):
    """The prompt has as many tokens as the in-process model's context, or more."""


class ScriptExhausted(LLMError):
    """The scripted client has no response left."""


class LocalModelError(RuntimeError):
    """An in-process model cannot be loaded (a corrupt checkpoint, an unusable tokenizer, ...)."""


class ModelNotFound(LocalModelError):
    """The path names no Hugging Face model or adapter directory."""


class MissingExtraError(LocalModelError, ImportError):
    """An optional dependency of the in-process client is absent; the message names the extra.

    `aoi.llm` is a leaf package, so this is its own class rather than
    `aoi.trajectories.MissingExtraError`; both are `ImportError`s with the same kind of message.
    """


def one_line(exc: BaseException, limit: int = 200) -> str:
    """``exc``'s message on one line, cut to ``limit`` characters, for the errors raised here."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
