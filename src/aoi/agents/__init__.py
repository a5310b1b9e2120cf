"""The runtime roles: Observer, Probe, Executor and Compressor, and the loop that runs them.

Each role lives in its own module or sub-package; see README.md in this folder. The names below
are re-exported lazily (PEP 562): ``import aoi.agents`` loads nothing else, so importing one role
(say `aoi.agents.runbook`, which must not see the twin) does not pull in the runtime, the
environment or an LLM client. ``from aoi.agents import run_problem`` loads what it names.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import contracts
    from .aiopslab import AOIAgent
    from .executor import Executor
    from .memory import Memory
    from .observer import Observer
    from .probe import Probe
    from .runbook import RunbookObserver
    from .runtime import RunResult, run_problem

__all__ = [
    "AOIAgent",
    "Executor",
    "Memory",
    "Observer",
    "Probe",
    "RunResult",
    "RunbookObserver",
    "contracts",
    "run_problem",
]

# public name -> the module that defines it (a module itself where the name is the module)
_WHERE = {
    "AOIAgent": ".aiopslab",
    "Executor": ".executor",
    "Memory": ".memory",
    "Observer": ".observer",
    "Probe": ".probe",
    "RunResult": ".runtime",
    "RunbookObserver": ".runbook",
    "contracts": ".contracts",
    "run_problem": ".runtime",
}


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(where, __name__)
    value = module if where == f".{name}" else getattr(module, name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
