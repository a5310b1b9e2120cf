"""`TwinOrchestrator`: AIOpsLab's ``Orchestrator`` surface, played by AOI's `Episode` on the twin.

Any agent written for AIOpsLab (``async get_action(input) -> str``) runs offline with it, in the
same calls a client script makes against the real thing::

    orch = TwinOrchestrator(results_dir="results")
    orch.register_agent(agent, name="my-agent")
    desc, instructions, apis = orch.init_problem("revoke_auth_mongodb-detection-1")
    agent.init_context(desc, instructions, apis)      # the caller's job, as in AIOpsLab
    outcome = asyncio.run(orch.start_problem(max_steps=30))

`start_problem` runs AIOpsLab's loop: ``get_action("Please take the next action")``, then each
observation followed by the request, until a valid submit or ``max_steps`` turns; the episode
scores itself and, when ``results_dir`` is set, writes AIOpsLab's result JSON there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from aoi.problems import get_problem

from ..backends import TwinBackend
from ..episode import Episode, next_input

__all__ = ["AIOpsLabAgent", "TwinOrchestrator"]


class AIOpsLabAgent(Protocol):
    """What AIOpsLab's orchestrator calls on an agent."""

    async def get_action(self, input: str) -> str:  # noqa: A002 - AIOpsLab's parameter name
        ...


class TwinOrchestrator:
    """One problem at a time on a fresh `TwinBackend`, with AIOpsLab's method names and loop."""

    def __init__(self, results_dir: Path | str | None = None, *, seed: int = 0, noise: str = "realistic") -> None:
        self.results_dir = Path(results_dir) if results_dir is not None else None
        self.seed, self.noise = seed, noise
        self.agent: AIOpsLabAgent | None = None
        self.agent_name = "agent"
        self.episode: Episode | None = None

    def register_agent(self, agent: AIOpsLabAgent, name: str = "agent") -> None:
        self.agent, self.agent_name = agent, name

    def init_problem(self, problem_id: str) -> tuple[str, str, dict[str, str]]:
        """Set the problem up on a fresh twin; return (task description, instructions, APIs)."""
        # The step budget is only known at start_problem (as in AIOpsLab), which sets it.
        self.episode = Episode(get_problem(problem_id), TwinBackend(noise=self.noise), max_steps=1, seed=self.seed,
                               agent_name=self.agent_name)  # fmt: skip
        return self.episode.reset()

    async def start_problem(self, max_steps: int) -> dict[str, Any]:
        """AIOpsLab's agent loop; returns ``{"history", "final_state", "results"}`` like AIOpsLab."""
        if self.episode is None or self.agent is None:
            raise RuntimeError("call register_agent() and init_problem() before start_problem()")
        if max_steps < 1:
            raise ValueError(f"max_steps must be at least 1, got {max_steps}")
        episode = self.episode
        episode.max_steps = max_steps
        observation: str | None = None
        while not episode.done:
            response = await self.agent.get_action(next_input(observation))
            observation = episode.step(response)
        record = episode.result()
        if self.results_dir is not None:
            self.results_dir.mkdir(parents=True, exist_ok=True)
            episode.save(self.results_dir)
        return {"history": [item.model_dump() for item in record.trace], "final_state": observation,
                "results": record.results}  # fmt: skip
