"""Agent names -> factories, resolved lazily by import path, so naming an agent imports only it.

Two kinds of agent:

* ``observer``: the target builds an `Observer`; `run_agent` runs it with `run_problem`.
* ``runner``: the target runs a whole problem itself (the single-agent ``baseline``, which is not
  an Observer) and returns a `RunResult`.

Contract for targets: they are called with keyword arguments only, and only with those their
signature names (or all, given ``**kwargs``). An observer factory gets the agent options
(``model``, ``base_url``, ``temperature``, ``max_tokens``, ``probe_model``, ``compressor_model``,
``executor_model`` and the client options ``api_key_env``, ``timeout_s``, ``max_retries``), and
the run's ``seed`` too when its signature names ``seed`` explicitly (the ``random`` calibration
agent draws from it); options left at None are not passed, so the target's own defaults hold. A runner is called as ``runner(problem_id, **options)`` with the
agent options and the run options (``seed``, ``max_iterations``, ``max_steps``, ``approval``,
``store``, ``on_event``, ``confirm``, ``backend``). An unknown name, or one whose module does not
exist yet, raises `UnknownAgent` listing the names that resolve; a spec's ``requires`` options
left unset raise `MissingAgentOption` (see `missing_options`: a model given as ``hf:PATH`` runs
in-process and needs no ``base_url``).
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .observer import Observer, close_observer
from .runtime import RunResult, run_problem

__all__ = [
    "AGENTS",
    "AgentSpec",
    "MissingAgentOption",
    "UnknownAgent",
    "available_agents",
    "build_observer",
    "missing_options",
    "resolve",
    "run_agent",
]


class UnknownAgent(LookupError):
    """The agent name is not registered, or its module cannot be imported."""


class MissingAgentOption(ValueError):
    """The agent needs an option (an LLM agent's ``model`` and ``base_url``) that was not given."""


@dataclass(frozen=True)
class AgentSpec:
    """A registered agent: ``target`` is ``"module:attribute"`` or the callable itself."""

    kind: Literal["observer", "runner"]
    target: str | Callable[..., Any]
    help: str = ""
    requires: tuple[str, ...] = ()  # agent options that must be given (not None)
    # How `aoi bench` runs samples side by side: processes for CPU-bound agents (the twin holds
    # the GIL), threads for agents that mostly wait on an LLM endpoint.
    pool: Literal["process", "thread"] = "process"


_ENDPOINT = ("model", "base_url")
# The agent options that name a model; `missing_options` excuses ``base_url`` when all are local.
_MODEL_OPTIONS = ("model", "probe_model", "compressor_model", "executor_model")
AGENTS: dict[str, AgentSpec] = {
    "runbook": AgentSpec("observer", "aoi.agents.runbook:RunbookObserver", "rule-based Observer, no LLM"),
    "llm": AgentSpec("observer", "aoi.agents.llm_observer:build_llm_observer",
                     "LLM Observer (--model, --base-url)", _ENDPOINT, "thread"),
    "baseline": AgentSpec("runner", "aoi.agents.baseline:run_baseline_result",
                          "single-agent AIOpsLab-style baseline (--model, --base-url)", _ENDPOINT, "thread"),
    "always-yes": AgentSpec("observer", "aoi.agents.calibration:AlwaysYesObserver",
                            "calibration: submits Yes / [] / {} / submit() at once"),
    "random": AgentSpec("observer", "aoi.agents.calibration:RandomObserver",
                        "calibration: a seeded random answer of a valid shape"),
}  # fmt: skip


def _load(name: str, spec: AgentSpec) -> Callable[..., Any]:
    if callable(spec.target):
        return spec.target
    module_name, _, attribute = spec.target.partition(":")
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except ModuleNotFoundError as exc:
        if exc.name is None or not module_name.startswith(exc.name):
            raise  # the agent's module exists but one of its own imports is missing: a real error
        reason = f"{spec.target} is not available yet"
    except AttributeError:
        reason = f"{spec.target} is not available yet"
    raise UnknownAgent(f"agent {name!r}: {reason}; available agents: {', '.join(available_agents()) or 'none'}")


def available_agents() -> list[str]:
    """Registered names whose target can be imported now."""
    names = []
    for name, spec in AGENTS.items():
        if callable(spec.target):
            names.append(name)
            continue
        module_name, _, attribute = spec.target.partition(":")
        if importlib.util.find_spec(module_name) is not None:
            names.append(name)
    return names


def resolve(name: str) -> tuple[AgentSpec, Callable[..., Any]]:
    """The spec and its loaded target; `UnknownAgent` names the valid choices."""
    spec = AGENTS.get(name)
    if spec is None:
        raise UnknownAgent(f"unknown agent {name!r}; expected one of: {', '.join(AGENTS)}")
    return spec, _load(name, spec)


def missing_options(spec: AgentSpec, options: Mapping[str, Any]) -> list[str]:
    """The options ``spec`` requires that ``options`` leave unset (None).

    ``base_url`` is excused when every model named is local (``hf:PATH``): such a model runs in
    this process, and an endpoint is needed only by a role whose model is served over HTTP.
    """
    from aoi.llm import is_local_model

    missing = [k for k in spec.requires if options.get(k) is None]
    models = [options[k] for k in _MODEL_OPTIONS if options.get(k) is not None]
    if "base_url" in missing and models and all(is_local_model(m) for m in models):
        missing.remove("base_url")
    return missing


def _missing_message(name: str, spec: AgentSpec, missing: list[str]) -> str:
    """One line for `MissingAgentOption`: what the agent needs, what is missing, the flags to set."""
    local = "; a local model given as hf:PATH needs no base_url" if "base_url" in missing else ""
    return (
        f"agent {name!r} needs {' and '.join(spec.requires)}; missing: {', '.join(missing)} "
        f"(aoi run: {' '.join('--' + k.replace('_', '-') for k in missing)}){local}"
    )


def _call(target: Callable[..., Any], *args: Any, **options: Any) -> Any:
    params = inspect.signature(target).parameters.values()
    if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        named = {p.name for p in params}
        options = {k: v for k, v in options.items() if k in named}
    return target(*args, **options)


def _options(name: str, spec: AgentSpec, model: str | None, base_url: str | None,
             agent_options: Mapping[str, Any] | None) -> dict[str, Any]:
    """The agent options that are set; `MissingAgentOption` when a required one is not."""
    given = {"model": model, "base_url": base_url, **(agent_options or {})}
    options = {k: v for k, v in given.items() if v is not None}
    missing = missing_options(spec, options)
    if missing:
        raise MissingAgentOption(_missing_message(name, spec, missing))
    return options


def build_observer(
    name: str,
    *,
    model: str | None = None,
    base_url: str | None = None,
    agent_options: Mapping[str, Any] | None = None,
    seed: int | None = None,
) -> Observer:
    """The Observer of the observer-kind agent ``name``, built from the agent options.

    For callers that run `run_problem` themselves (the AIOpsLab adapter). A runner-kind agent
    has no Observer: `UnknownAgent` then names the agents that have one.
    """
    spec, target = resolve(name)
    if spec.kind != "observer":
        observers = [n for n in available_agents() if AGENTS[n].kind == "observer"]
        raise UnknownAgent(f"agent {name!r} runs whole problems itself and has no Observer; "
                           f"expected one of: {', '.join(observers)}")
    options = _options(name, spec, model, base_url, agent_options)
    if seed is not None and "seed" in inspect.signature(target).parameters:
        options["seed"] = seed
    return _call(target, **options)


def run_agent(
    name: str,
    problem_id: str,
    *,
    model: str | None = None,
    base_url: str | None = None,
    agent_options: Mapping[str, Any] | None = None,
    **run_options: Any,
) -> RunResult:
    """Run the agent ``name`` on one problem.

    ``model``, ``base_url`` and ``agent_options`` go to the agent's factory (or runner);
    ``run_options`` go to `run_problem` (or the runner).
    """
    spec, target = resolve(name)
    if spec.kind == "runner":
        return _call(target, problem_id, **_options(name, spec, model, base_url, agent_options), **run_options)
    observer = build_observer(name, model=model, base_url=base_url, agent_options=agent_options,
                              seed=run_options.get("seed"))
    try:
        return run_problem(problem_id, observer, agent=name, model=model, **run_options)
    finally:
        close_observer(observer)
