"""The Observer (and optionally the Probe and Executor planners and the Compressor) played by a chat model.

`LLMObserver.decide` turns an `ObserverContext` into an `ObserverDecision`: prompts in
``prompts/observer.yaml``, JSON extraction and repair in `extract_json`, validation with the
contract's pydantic models, one re-ask, then a read-only survey fallback. `build_llm_observer`
is the registry's factory. See README.md in this folder.
"""

from ._compressor import LLMCompressor
from ._config import LLMCompressorConfig, LLMExecutorPlannerConfig, LLMObserverConfig, LLMProbePlannerConfig
from ._decision import DecisionError, parse_decision
from ._executor import ExecutorPlan, LLMExecutorPlanner
from ._factory import build_llm_observer
from ._json import JSONExtractionError, extract_json, repair_json
from ._observer import DecisionFailure, LLMObserver, is_fallback, observer_messages
from ._probe import LLMProbePlanner
from ._prompts import load_prompts

__all__ = [
    "DecisionError",
    "DecisionFailure",
    "ExecutorPlan",
    "JSONExtractionError",
    "LLMCompressor",
    "LLMCompressorConfig",
    "LLMExecutorPlanner",
    "LLMExecutorPlannerConfig",
    "LLMObserver",
    "LLMObserverConfig",
    "LLMProbePlanner",
    "LLMProbePlannerConfig",
    "build_llm_observer",
    "extract_json",
    "is_fallback",
    "load_prompts",
    "observer_messages",
    "parse_decision",
    "repair_json",
]
