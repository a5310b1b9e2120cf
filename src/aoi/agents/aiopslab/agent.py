"""`AOIAgent`: the AOI runtime as an agent with AIOpsLab's interface.

    from aoi.agents.aiopslab import AOIAgent

    agent = AOIAgent(agent="runbook", max_steps=30)         # or agent="llm", model=..., base_url=...
    orchestrator.register_agent(agent, name="aoi")
    agent.init_context(*orchestrator.init_problem(problem_id))
    asyncio.run(orchestrator.start_problem(max_steps=30))
    agent.close()                                           # or use the agent as a context manager

Each ``get_action`` returns exactly one AIOpsLab action: the Probe's reads and the Executor's
writes as ``exec_shell("...")``, telemetry calls as themselves, the Observer's answer as
``submit(...)`` in the task's format. The work happens in `worker.RuntimeWorker` (one per
``init_context``), on a thread of its own; ``get_action`` waits for it in a worker thread of the
event loop so that the orchestrator's loop is never blocked.
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Any

from ..runtime import RunResult
from .config import AdapterConfig
from .fallbacks import no_op
from .worker import RuntimeWorker

__all__ = ["AOIAgent"]


class AOIAgent:
    """An AIOpsLab agent (``init_context`` + ``async get_action``) backed by the AOI runtime."""

    def __init__(self, config: AdapterConfig | None = None, **options: Any) -> None:
        """``options`` are `AdapterConfig` fields, applied over ``config`` (validated either way)."""
        base = config.model_dump() if config is not None else {}
        self.config = AdapterConfig.model_validate({**base, **options})
        self._worker: RuntimeWorker | None = None

    def init_context(self, problem_desc: str, instructions: str, apis: dict) -> None:
        """Start a new episode with AIOpsLab's three prompt pieces (ending any earlier one)."""
        self.close()
        self._worker = RuntimeWorker(self.config, problem_desc, instructions, apis)

    async def get_action(self, input: str) -> str:  # noqa: A002 - AIOpsLab's parameter name
        """The next action, given the orchestrator's request or last observation."""
        worker = self._worker
        if worker is None:
            return no_op("init_context() was not called; no problem to work on")
        try:
            return await asyncio.to_thread(worker.respond, input)
        except asyncio.CancelledError:
            # The waiting helper thread must not outlive the loop: closing wakes it at once.
            worker.close(wait=False)
            raise

    # ------------------------------------------------------------ results
    @property
    def last_run(self) -> RunResult | None:
        """The AOI runtime's own record of the episode (trajectory, iterations); AIOpsLab scores it."""
        return self._worker.result if self._worker is not None else None

    @property
    def error(self) -> str | None:
        """Why the episode's runtime could not finish normally, if it could not."""
        return self._worker.error if self._worker is not None else None

    @property
    def running(self) -> bool:
        """Whether the current episode's runtime thread is alive."""
        return self._worker is not None and self._worker.running

    @property
    def actions(self) -> list[str]:
        """Every action `get_action` returned in the current episode."""
        return list(self._worker.responses) if self._worker is not None else []

    # ---------------------------------------------------------- lifecycle
    def close(self) -> None:
        """Stop the current episode's runtime thread; safe to call more than once."""
        if self._worker is not None:
            self._worker.close()

    def __enter__(self) -> AOIAgent:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __del__(self) -> None:
        # A last resort for callers that forget close(): wake the thread, never join here (a
        # finaliser may run on any thread, the runtime's own included).
        worker = getattr(self, "_worker", None)
        if worker is not None:
            worker.close(wait=False)
