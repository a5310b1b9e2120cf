"""`AdapterConfig`: every option of the AIOpsLab adapter, each default written once."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from aoi.env.aiopslab import DEFAULT_OBSERVATION_TIMEOUT_S

from ..executor import ApprovalMode

__all__ = ["AdapterConfig"]


class AdapterConfig(BaseModel):
    """How `AOIAgent` runs the AOI runtime inside an AIOpsLab orchestrator."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    agent: str = Field("runbook", description="the Observer: an observer agent of aoi.agents.registry "
                                               "(runbook, llm, always-yes, random)")
    model: str | None = Field(None, description="the LLM Observer's model (agent llm)")
    base_url: str | None = Field(None, description="the LLM Observer's OpenAI-compatible endpoint (agent llm)")
    agent_options: dict[str, Any] = Field(default_factory=dict,
                                          description="further Observer factory options (temperature, ...)")
    max_iterations: int = Field(15, ge=1, description="Observer iterations per problem")
    approval: str = Field("auto", description="Executor approval: auto, ask (on this terminal) or deny (dry run)")
    max_steps: int | None = Field(None, ge=1, description="the orchestrator's step budget, when known; the "
                                                          "runtime then stops by itself after the last action")
    seed: int = Field(0, description="seed of the Observer's sampling, where it samples")
    action_timeout_s: float = Field(600.0, gt=0, description="how long one get_action waits for the runtime's "
                                                             "next action before giving up on the episode")
    observation_timeout_s: float = Field(DEFAULT_OBSERVATION_TIMEOUT_S, gt=0,
                                         description="how long the runtime waits for the orchestrator's next turn")
    close_timeout_s: float = Field(10.0, ge=0, description="how long close() waits for the runtime thread to end")

    @field_validator("approval")
    @classmethod
    def _known_approval(cls, value: str) -> str:
        valid = [mode.value for mode in ApprovalMode]
        if value not in valid:
            raise ValueError(f"unknown approval mode {value!r}; expected one of: {', '.join(valid)}")
        return value

    @property
    def label(self) -> str:
        """The agent name in AOI's trajectory (AIOpsLab's own name comes from ``register_agent``)."""
        return f"aoi-{self.agent}"
