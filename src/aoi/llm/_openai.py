"""`OpenAICompatibleClient`: any OpenAI-compatible chat endpoint through the ``openai`` SDK.

vLLM, SGLang, Ollama, llama.cpp's server, a LiteLLM proxy and OpenAI itself all speak
``POST {base_url}/chat/completions``. The SDK's own retries are switched off (``max_retries=0``)
so that this client alone decides: retryable failures (429, 408, 409, 5xx, timeouts, connection
errors) are retried with `Backoff`, honouring ``Retry-After``; anything else, or the last
retryable failure, becomes one `LLMError` whose message is a single line.
"""

from __future__ import annotations

import logging
import os
import time
import weakref
from collections.abc import Callable, Sequence
from typing import Any

import openai
from pydantic import BaseModel, ConfigDict, Field

from ._errors import LLMError, LLMRequestError, LLMUnavailable, one_line
from ._retry import Backoff, is_retryable_status, retry_after_seconds
from ._tokens import estimate_message_tokens, estimate_tokens
from ._types import ChatCompletion, ChatMessage, ClosesOnExit

__all__ = ["PLACEHOLDER_API_KEY", "OpenAIClientConfig", "OpenAICompatibleClient"]

_log = logging.getLogger(__name__)

# Local servers (vLLM, Ollama, llama.cpp) ignore the key, but the SDK refuses to start without one.
PLACEHOLDER_API_KEY = "not-needed"


class OpenAIClientConfig(BaseModel):
    """Where the endpoint is and how patiently to talk to it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str = Field(description="The API root, e.g. http://127.0.0.1:8000/v1 for a local vLLM.")
    model: str = Field(description="The model name the server expects.")
    api_key_env: str = Field(
        default="OPENAI_API_KEY",
        description="Environment variable holding the API key; when unset a placeholder is sent.",
    )
    timeout_s: float = Field(default=120.0, gt=0, description="Per-request timeout in seconds.")
    max_retries: int = Field(default=4, ge=0, description="Retries after the first attempt fails.")
    backoff: Backoff = Field(default_factory=Backoff, description="Waits between retries.")
    extra_body: dict[str, Any] = Field(
        default_factory=dict,
        description="Extra JSON fields for every request, e.g. vLLM's chat_template_kwargs.",
    )


class OpenAICompatibleClient(ClosesOnExit):
    """A `ChatClient` over HTTP. Options are the fields of `OpenAIClientConfig`.

    ``sleep`` is how the client waits between retries (``time.sleep``; tests pass a recorder).
    """

    def __init__(
        self, base_url: str, model: str, *, sleep: Callable[[float], None] = time.sleep, **options: Any
    ) -> None:
        self.config = OpenAIClientConfig(base_url=base_url, model=model, **options)
        self._sleep = sleep
        api_key = os.environ.get(self.config.api_key_env) or PLACEHOLDER_API_KEY
        self._sdk = openai.OpenAI(
            base_url=self.config.base_url, api_key=api_key, timeout=self.config.timeout_s, max_retries=0
        )
        # The SDK client sits in reference cycles, so left to the garbage collector its sockets may be
        # finalised before the pool that would close them (a ResourceWarning); a client dropped without
        # close() closes its connections the moment it goes.
        self._closer = weakref.finalize(self, self._sdk.close)
        self.waits: list[float] = []  # every wait taken so far, for logs and tests

    @classmethod
    def from_config(cls, config: OpenAIClientConfig, **kwargs: Any) -> OpenAICompatibleClient:
        return cls(**config.model_dump(exclude={"backoff"}), backoff=config.backoff, **kwargs)

    def close(self) -> None:
        self._closer()


    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int,
        temperature: float,
        stop: Sequence[str] | None = None,
    ) -> ChatCompletion:
        waits = self.config.backoff.waits()
        attempts = self.config.max_retries + 1
        for attempt in range(1, attempts + 1):
            try:
                return self._request(messages, max_tokens=max_tokens, temperature=temperature, stop=stop)
            except _Retryable as failure:
                if attempt == attempts:
                    raise LLMUnavailable(
                        f"{self.config.model} at {self.config.base_url}: {failure} "
                        f"(gave up after {attempts} attempts; raise max_retries or timeout_s, or check the server)"
                    ) from failure.__cause__
                wait = self.config.backoff.wait_for(next(waits), failure.retry_after)
                _log.info("attempt %d/%d failed (%s); retrying in %.2fs", attempt, attempts, failure, wait)
                self.waits.append(wait)
                self._sleep(wait)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _request(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int,
        temperature: float,
        stop: Sequence[str] | None,
    ) -> ChatCompletion:
        wire = [{"role": m.role, "content": m.content} for m in messages]
        started = time.monotonic()
        try:
            response = self._sdk.chat.completions.create(
                model=self.config.model,
                messages=wire,  # type: ignore[arg-type]
                max_tokens=max_tokens,
                temperature=temperature,
                stop=list(stop) if stop else None,
                extra_body=self.config.extra_body or None,
            )
        except openai.APITimeoutError as exc:
            raise _Retryable(f"timed out after {self.config.timeout_s:g}s") from exc
        except openai.APIConnectionError as exc:
            raise _Retryable(f"connection failed: {one_line(exc)}") from exc
        except openai.APIStatusError as exc:
            detail = f"HTTP {exc.status_code}: {one_line(exc)}"
            if is_retryable_status(exc.status_code):
                raise _Retryable(detail, retry_after_seconds(exc.response.headers)) from exc
            raise LLMRequestError(
                f"{self.config.model} at {self.config.base_url} refused the request: {detail}"
            ) from exc
        except openai.OpenAIError as exc:
            raise LLMError(f"{self.config.model} at {self.config.base_url}: {one_line(exc)}") from exc
        latency = time.monotonic() - started
        if not response.choices:
            raise _Retryable("the server answered with no choices")
        choice = response.choices[0]
        text = choice.message.content or ""
        usage = response.usage
        if usage is not None and usage.prompt_tokens is not None and usage.completion_tokens is not None:
            tokens_in, tokens_out, estimated = usage.prompt_tokens, usage.completion_tokens, False
        else:
            tokens_in, tokens_out, estimated = estimate_message_tokens(messages), estimate_tokens(text), True
        return ChatCompletion(
            text=text,
            tokens_in=tokens_in,
            tokens_out=tokens_out,
            model=response.model or self.config.model,
            latency_s=latency,
            estimated=estimated,
            finish_reason=choice.finish_reason,
        )


class _Retryable(Exception):
    """A failure worth another attempt, with the wait the server asked for, if any."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
