"""`make_client`: a model name in, the `ChatClient` that serves it out.

    make_client("hf:runs/sft/adapter")                        # in-process: HuggingFaceClient
    make_client("Qwen/Qwen3-14B", "http://127.0.0.1:8000/v1")  # over HTTP: OpenAICompatibleClient

``hf:PATH`` names a local model or adapter directory run in this process; any other name is a
model served at ``base_url``. Callers that make one client per role (the LLM Observer's
factory) pass one set of options for all roles; each kind of client takes the options that are
its own and drops the other kind's, so roles may mix local and served models.
"""

from __future__ import annotations

from typing import Any

from ._errors import ModelNotFound
from ._hf import HuggingFaceClient
from ._openai import OpenAIClientConfig, OpenAICompatibleClient

__all__ = ["LOCAL_MODEL_PREFIX", "is_local_model", "make_client"]

LOCAL_MODEL_PREFIX = "hf:"
_LOCAL_OPTIONS = frozenset({"device", "dtype", "seed", "max_context", "stop_on_json", "top_p", "min_p"})
_ENDPOINT_OPTIONS = frozenset(OpenAIClientConfig.model_fields) - {"base_url", "model"} | {"sleep"}


def is_local_model(model: str | None) -> bool:
    """True when ``model`` names a local directory to run in-process (``hf:PATH``)."""
    return model is not None and model.startswith(LOCAL_MODEL_PREFIX)


def make_client(
    model: str, base_url: str | None = None, **options: Any
) -> HuggingFaceClient | OpenAICompatibleClient:
    """The client for ``model``: `HuggingFaceClient` for ``hf:PATH``, else `OpenAICompatibleClient`.

    Both are `ChatClient`s with ``close()`` and context-manager support.

    ``options`` are `HuggingFaceClient`'s keyword arguments (``device``, ``dtype``, ``seed``,
    ``max_context``, ``stop_on_json``, ``top_p``, ``min_p``) and the fields of `OpenAIClientConfig`
    (``api_key_env``, ``timeout_s``, ``max_retries``, ``backoff``, ``extra_body``); each client gets
    its own. ``stop_on_json``, ``top_p`` and ``min_p`` therefore reach only the in-process client:
    a served model is cut by ``max_tokens`` and its own end-of-turn token. A name neither client
    takes raises `TypeError`; a served model without ``base_url`` raises `ValueError`; ``hf:`` with
    no path `ModelNotFound`.
    """
    unknown = set(options) - _LOCAL_OPTIONS - _ENDPOINT_OPTIONS
    if unknown:
        valid = ", ".join(sorted(_LOCAL_OPTIONS | _ENDPOINT_OPTIONS))
        raise TypeError(f"make_client got unknown option(s) {', '.join(sorted(unknown))}; expected: {valid}")
    if is_local_model(model):
        path = model[len(LOCAL_MODEL_PREFIX) :]
        if not path:
            raise ModelNotFound("hf: needs a path: hf:PATH names a local Hugging Face model or adapter directory")
        return HuggingFaceClient(path, **{k: v for k, v in options.items() if k in _LOCAL_OPTIONS})
    if not base_url:
        raise ValueError(
            f"model {model!r} is served over HTTP: give base_url (aoi run: --base-url), "
            f"or name a local model directory as {LOCAL_MODEL_PREFIX}PATH"
        )
    return OpenAICompatibleClient(base_url, model, **{k: v for k, v in options.items() if k in _ENDPOINT_OPTIONS})
