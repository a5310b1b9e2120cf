"""`build_llm_observer`: the registry's way to make an LLM Observer from plain options.

Each role may use its own model: ``probe_model`` and ``compressor_model`` (same endpoint, same
client options) switch on the LLM Probe planner and the LLM Compressor, found on the returned
observer as ``planner`` and ``compressor``. The LLM Executor planner (``executor_planner``,
which writes the commands of an order the Observer gave only an intent for) is always there:
with ``executor_model`` it gets its own client; without, it shares the Observer's own client
(same model, tokens booked as the Observer's). With a ``ledger`` every role's tokens are booked
under ``observer``, ``probe``, ``executor`` and ``compressor``.
"""

from __future__ import annotations

from typing import Any

from aoi.llm import ChatClient, OpenAICompatibleClient, TokenLedger

from ._compressor import LLMCompressor
from ._config import LLMCompressorConfig, LLMExecutorPlannerConfig, LLMObserverConfig, LLMProbePlannerConfig
from ._executor import LLMExecutorPlanner
from ._observer import LLMObserver
from ._probe import LLMProbePlanner

__all__ = ["build_llm_observer"]


def build_llm_observer(
    *,
    model: str,
    base_url: str,
    config: LLMObserverConfig | None = None,
    probe_model: str | None = None,
    compressor_model: str | None = None,
    executor_model: str | None = None,
    ledger: TokenLedger | None = None,
    temperature: float | None = None,
    **client_options: Any,
) -> LLMObserver:
    """An `LLMObserver` talking to ``model`` at ``base_url``.

    ``temperature``, when given, replaces every role's configured sampling temperature.
    ``client_options`` are the other fields of `aoi.llm.OpenAIClientConfig` (``api_key_env``,
    ``timeout_s``, ``max_retries``, ``backoff``, ``extra_body``).
    """
    sampling = {} if temperature is None else {"temperature": temperature}
    # Validated again (model_copy would not check the range) so a bad temperature fails here.
    config = LLMObserverConfig.model_validate({**(config or LLMObserverConfig()).model_dump(), **sampling})

    def client(role: str, name: str) -> ChatClient:
        made = OpenAICompatibleClient(base_url, name, **client_options)
        return ledger.meter(made, role) if ledger is not None else made

    planner = (
        LLMProbePlanner(client("probe", probe_model), LLMProbePlannerConfig(**sampling))
        if probe_model
        else None
    )
    compressor = (
        LLMCompressor(client("compressor", compressor_model), LLMCompressorConfig(**sampling))
        if compressor_model
        else None
    )
    observer_client = client("observer", model)
    executor_client = client("executor", executor_model) if executor_model else observer_client
    executor_planner = LLMExecutorPlanner(executor_client, LLMExecutorPlannerConfig(**sampling))
    return LLMObserver(
        observer_client, config, planner=planner, compressor=compressor, executor_planner=executor_planner
    )
