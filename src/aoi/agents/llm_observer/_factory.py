"""`build_llm_observer`: the registry's way to make an LLM Observer from plain options.

Each role may use its own model: ``probe_model`` and ``compressor_model`` (same endpoint, same
client options) switch on the LLM Probe planner and the LLM Compressor, found on the returned
observer as ``planner`` and ``compressor``. The LLM Executor planner (``executor_planner``,
which writes the commands of an order the Observer gave only an intent for) is always there:
with ``executor_model`` it gets its own client; without, it shares the Observer's own client
(same model, tokens booked as the Observer's). With a ``ledger`` every role's tokens are booked
under ``observer``, ``probe``, ``executor`` and ``compressor``.

Any model may be ``hf:PATH``, a local model or adapter directory run in-process
(`aoi.llm.make_client`); ``base_url`` is then needed only for the roles served over HTTP. Every
role here answers with one JSON value (a decision, a command list, a plan, a summary), so each
client is made with ``stop_on_json``: an in-process model stops right after that value instead
of spending its whole budget when it never emits its end-of-turn token, as small or barely
trained models often do. Served models ignore the option.

Every role's client passes `aoi.agents.redaction.redacting`: what goes to a model served at a
non-loopback address is redacted first (``redaction`` changes that policy).
"""

from __future__ import annotations

from typing import Any

from aoi.llm import ChatClient, TokenLedger, make_client
from aoi.safety.redact import RedactionPolicy

from ..redaction import redacting
from ._compressor import LLMCompressor
from ._config import LLMCompressorConfig, LLMExecutorPlannerConfig, LLMObserverConfig, LLMProbePlannerConfig
from ._executor import LLMExecutorPlanner
from ._observer import LLMObserver
from ._probe import LLMProbePlanner

__all__ = ["build_llm_observer"]


def build_llm_observer(
    *,
    model: str | ChatClient,
    base_url: str | None = None,
    config: LLMObserverConfig | None = None,
    probe_model: str | None = None,
    compressor_model: str | None = None,
    executor_model: str | None = None,
    ledger: TokenLedger | None = None,
    temperature: float | None = None,
    max_tokens: int | None = None,
    seed: int = 0,
    redaction: RedactionPolicy | None = None,
    **client_options: Any,
) -> LLMObserver:
    """An `LLMObserver` talking to ``model`` (at ``base_url`` unless it is ``hf:PATH``), or through
    ``model`` itself when it is a `ChatClient` (e.g. `HuggingFaceClient.in_memory` of a model in training).

    ``temperature`` and ``max_tokens``, when given, replace every role's configured sampling
    temperature and completion budget. ``seed`` seeds the sampling of in-process models (the
    run's seed, from the registry). ``client_options`` are the other options of
    `aoi.llm.make_client` (``api_key_env``, ``timeout_s``, ``max_retries``, ``backoff``,
    ``extra_body`` for endpoints; ``device``, ``dtype``, ``max_context`` for local models).
    ``redaction`` says which roles' clients redact what they send (`aoi.agents.redaction`; by
    default those whose model is served at a non-loopback address).
    """
    given = {"temperature": temperature, "max_tokens": max_tokens}
    overrides = {k: v for k, v in given.items() if v is not None}
    # Validated again (model_copy would not check the ranges) so a bad value fails here.
    config = LLMObserverConfig.model_validate({**(config or LLMObserverConfig()).model_dump(), **overrides})

    def client(role: str, name: str | ChatClient) -> ChatClient:
        made = name if not isinstance(name, str) else \
            redacting(make_client(name, base_url, stop_on_json=True, seed=seed, **client_options),
                      model=name, base_url=base_url, policy=redaction)  # fmt: skip
        return ledger.meter(made, role) if ledger is not None else made

    planner = (
        LLMProbePlanner(client("probe", probe_model), LLMProbePlannerConfig(**overrides))
        if probe_model
        else None
    )
    compressor = (
        LLMCompressor(client("compressor", compressor_model), LLMCompressorConfig(**overrides))
        if compressor_model
        else None
    )
    observer_client = client("observer", model)
    executor_client = client("executor", executor_model) if executor_model else observer_client
    executor_planner = LLMExecutorPlanner(executor_client, LLMExecutorPlannerConfig(**overrides))
    return LLMObserver(
        observer_client, config, planner=planner, compressor=compressor, executor_planner=executor_planner
    )
