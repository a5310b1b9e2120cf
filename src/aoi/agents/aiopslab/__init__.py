"""The AOI runtime inside AIOpsLab's orchestrator: ``from aoi.agents.aiopslab import AOIAgent``.

`AOIAgent` has AIOpsLab's agent interface (``init_context`` and ``async get_action``) and runs
the Observer / Probe / Executor loop behind it, one AIOpsLab action per turn; the protocol
(the queue-backed backend, reading observations and prompts) is `aoi.env.aiopslab`.
`run_problems` runs it through the ``Orchestrator`` of an AIOpsLab checkout (``aoi aiopslab run``).
"""

from .agent import AOIAgent
from .checkout import CheckoutError, ProblemOutcome, load_orchestrator, run_problems
from .config import AdapterConfig
from .fallbacks import no_answer, no_op

__all__ = [
    "AOIAgent",
    "AdapterConfig",
    "CheckoutError",
    "ProblemOutcome",
    "load_orchestrator",
    "no_answer",
    "no_op",
    "run_problems",
]
