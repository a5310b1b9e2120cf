"""Running `AOIAgent` through the real AIOpsLab: its ``Orchestrator``, imported from a checkout.

`run_problems` does per problem what AIOpsLab's client scripts do (``clients/gpt.py``): a fresh
``Orchestrator(results_dir=...)``, ``register_agent``, ``init_problem`` (deploy, inject),
``init_context`` on the agent, ``start_problem(max_steps)``; AIOpsLab then scores the episode and
writes its result JSON (``<session_id>_<start_time>.json``) into ``results_dir``. The orchestrator
is told the step budget and so is the agent, so its runtime stops right after the last action.

``init_problem`` runs inside the event loop because some AIOpsLab problems start their workload
with ``asyncio.create_task``, which needs a running loop. A problem that raises (a cluster that
never gets ready, say) is reported and the next one runs.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .agent import AOIAgent
from .config import AdapterConfig

__all__ = ["CheckoutError", "ProblemOutcome", "load_orchestrator", "run_problems"]


class CheckoutError(Exception):
    """AIOpsLab's Orchestrator cannot be imported from the given folder; the message is one line."""


@dataclass(frozen=True)
class ProblemOutcome:
    """One problem's run: AIOpsLab's results dict, the files it wrote, or why it failed."""

    problem_id: str
    results: dict[str, Any] = field(default_factory=dict)
    result_files: tuple[Path, ...] = ()
    error: str | None = None
    agent_error: str | None = None  # the AOI runtime's own failure, when the episode still ran


def load_orchestrator(aiopslab_dir: Path | str) -> type:
    """AIOpsLab's ``Orchestrator`` class from the checkout at ``aiopslab_dir``.

    The checkout's root goes on ``sys.path`` because AIOpsLab imports itself by absolute name
    (``from aiopslab.service ...``); its own dependencies must be installed in this environment.
    """
    root = Path(aiopslab_dir).expanduser().resolve()
    if not (root / "aiopslab" / "orchestrator").is_dir():
        raise CheckoutError(f"{root} is not an AIOpsLab checkout: it has no aiopslab/orchestrator/ folder")
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    try:
        module = importlib.import_module("aiopslab.orchestrator")
    except Exception as exc:  # noqa: BLE001 - whatever AIOpsLab's import raises is the user's one line
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise CheckoutError(
            f"cannot import AIOpsLab's Orchestrator from {root}: {type(exc).__name__}: {detail} "
            "(install the checkout's dependencies in this Python environment)"
        ) from exc
    orchestrator = getattr(module, "Orchestrator", None)
    if not isinstance(orchestrator, type):
        raise CheckoutError(f"{module.__name__} (from {getattr(module, '__file__', root)}) has no Orchestrator class")
    return orchestrator


def run_problems(
    aiopslab_dir: Path | str,
    problem_ids: Sequence[str],
    *,
    results_dir: Path | str,
    max_steps: int = 30,
    config: AdapterConfig | None = None,
    agent_name: str = "aoi",
    on_outcome: Callable[[ProblemOutcome], None] | None = None,
) -> list[ProblemOutcome]:
    """Run AOI on each problem through the checkout's Orchestrator (module docstring)."""
    orchestrator_class = load_orchestrator(aiopslab_dir)
    out = Path(results_dir)
    out.mkdir(parents=True, exist_ok=True)
    adapter = (config or AdapterConfig()).model_copy(update={"max_steps": max_steps})
    outcomes = []
    for problem_id in problem_ids:
        outcome = _run_one(orchestrator_class, problem_id, out, max_steps, adapter, agent_name)
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return outcomes


def _run_one(orchestrator_class: type, problem_id: str, out: Path, max_steps: int, config: AdapterConfig,
             agent_name: str) -> ProblemOutcome:
    before = set(out.glob("*.json"))
    with AOIAgent(config) as agent:
        try:
            final = asyncio.run(_episode(orchestrator_class(results_dir=out), agent, agent_name, problem_id,
                                         max_steps))  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - one broken problem must not stop the others
            error = " ".join(f"{type(exc).__name__}: {exc}".split())
            return ProblemOutcome(problem_id, error=error, agent_error=agent.error)
    written = tuple(sorted(set(out.glob("*.json")) - before))
    results = final.get("results") if isinstance(final, dict) else None
    return ProblemOutcome(problem_id, results=dict(results or {}), result_files=written, agent_error=agent.error)


async def _episode(orchestrator: Any, agent: AOIAgent, agent_name: str, problem_id: str, max_steps: int) -> Any:
    orchestrator.register_agent(agent, name=agent_name)  # before init_problem, which reads the name
    problem_desc, instructions, apis = orchestrator.init_problem(problem_id)
    agent.init_context(problem_desc, instructions, apis)
    return await orchestrator.start_problem(max_steps=max_steps)
