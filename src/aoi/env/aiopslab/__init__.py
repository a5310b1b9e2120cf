"""The AIOpsLab side of the adapter that runs an AOI agent inside AIOpsLab's orchestrator.

`aoi.env` may not import the agents, so the protocol lives here and the agent class that drives
the AOI runtime lives in `aoi.agents.aiopslab` (``from aoi.agents.aiopslab import AOIAgent``):

* `task_info`: the namespace and task type read from ``init_context``'s arguments, and the
  stand-in `Problem` the runtime runs;
* `observations`: reading each ``get_action`` input (the first request, a result, a refusal);
* `bridge`: `BridgeBackend`, the queue-backed `Backend` whose calls are orchestrator actions;
* `twin_orchestrator`: `TwinOrchestrator`, AIOpsLab's ``Orchestrator`` surface on the twin, for
  running any AIOpsLab agent offline (and for testing the adapter).
"""

from .bridge import DEFAULT_OBSERVATION_TIMEOUT_S, BridgeBackend, EpisodeEnded, OrchestratorRefused
from .observations import Observation, ObservationKind, read_observation
from .task_info import TaskInfo, UnrecognizedTask, read_task, read_task_type
from .twin_orchestrator import AIOpsLabAgent, TwinOrchestrator

__all__ = [
    "DEFAULT_OBSERVATION_TIMEOUT_S",
    "AIOpsLabAgent",
    "BridgeBackend",
    "EpisodeEnded",
    "Observation",
    "ObservationKind",
    "OrchestratorRefused",
    "TaskInfo",
    "TwinOrchestrator",
    "UnrecognizedTask",
    "read_observation",
    "read_task",
    "read_task_type",
]
