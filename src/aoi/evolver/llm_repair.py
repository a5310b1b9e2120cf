"""`LLMRepairer`: a chat model proposes the four-phase plan; execution in the twin decides.

The prompt (``prompts/repair.yaml``) shows the failed trajectory compressed (each Observer
decision and the evidence it saw, never raw output), the failure pattern and the ground truth;
the model answers one JSON plan. A reply that is not a plan, or a plan the oracle rejects when
executed (`validate_plan`), gives None; the reason is kept in ``rejected`` for reports. An
endpoint that cannot answer raises `aoi.llm.LLMError`, which the caller sees.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from string import Template
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from aoi.llm import ChatClient, ChatMessage
from aoi.problems import get_problem
from aoi.trajectories import Role

from .cases import FailureCase, RepairedPlan
from .guidance import PATTERNS
from .mine import evidence_of
from .repair import ground_truth, plan_id, trajectory_evidence
from .validate import validate_plan

__all__ = ["LLMRepairer", "ProposedPlan", "render_failed_run"]


class ProposedPlan(BaseModel):
    """The JSON a model must answer."""

    model_config = ConfigDict(extra="ignore")

    discovery: list[str] = []
    diagnosis: list[str] = []
    check: list[str] = []
    resolution: list[str] = []
    verification: list[str] = []
    submission: Any = None


@cache
def _prompt() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("prompts", "repair.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def render_failed_run(case: FailureCase, max_chars: int) -> str:
    """The failed run as the Observer lived it: decisions, commands and compressed evidence."""
    lines: list[str] = []
    for step in case.trajectory.steps:
        if step.role is Role.OBSERVER and step.output:
            try:
                d = json.loads(step.output)
            except ValueError:
                continue
            lines.append(f"[step {step.index}] decide {d.get('phase')} (confidence {d.get('confidence')}): "
                         f"{d.get('next_action')} -- {d.get('hypothesis')}")
        elif step.role is Role.OBSERVER and step.command:
            lines.append(f"[step {step.index}] {step.command} -> {(step.observation or '').strip()[:200]}")
        elif step.role in (Role.PROBE, Role.EXECUTOR) and step.command:
            evidence = evidence_of(case.trajectory, step.index).splitlines()[1:]
            lines.append(f"[step {step.index}] {step.role.value} [{step.verdict}] $ {step.command}")
            lines += [f"    {ln}" for ln in evidence[:8]]
    text = "\n".join(lines)
    return text if len(text) <= max_chars else text[:max_chars] + "\n... (truncated)"


def _parse(reply: str) -> ProposedPlan:
    start, end = reply.find("{"), reply.rfind("}")
    if start == -1 or end <= start:
        raise ValueError("the reply holds no JSON object")
    return ProposedPlan.model_validate(json.loads(reply[start:end + 1]))


class LLMRepairer:
    """A `Repairer` backed by any `aoi.llm.ChatClient`."""

    name = "llm"

    def __init__(self, client: ChatClient) -> None:
        self.client = client
        self.rejected: list[tuple[str, str]] = []  # (case id, why no plan was kept)

    def messages(self, case: FailureCase) -> list[ChatMessage]:
        """The prompt for ``case`` (strict: a placeholder the template lacks raises KeyError)."""
        prompt = _prompt()
        submission, fix = ground_truth(get_problem(case.problem_id))
        values = dict(problem_id=case.problem_id, task=case.task, namespace=case.namespace, pattern=case.pattern,
                      pattern_name=PATTERNS[case.pattern], step_index=case.step_index, reason=case.reason,
                      trajectory=render_failed_run(case, int(prompt["evidence_chars"])),
                      submission=json.dumps(submission), target=case.target or "(none)",
                      fix="; ".join(fix) if fix else "(none: not a mitigation task)")  # fmt: skip
        return [ChatMessage(role="system", content=prompt["system"]),
                ChatMessage(role="user", content=Template(prompt["user"]).substitute(values))]

    def repair(self, case: FailureCase) -> RepairedPlan | None:
        prompt = _prompt()
        reply = self.client.complete(self.messages(case), max_tokens=int(prompt["max_tokens"]),
                                     temperature=float(prompt["temperature"]))
        ident = plan_id(case, self.name)
        try:
            proposed = _parse(reply.text)
        except (ValueError, ValidationError) as exc:
            self.rejected.append((ident, f"unparsable reply: {str(exc).splitlines()[0]}"))
            return None
        plan = RepairedPlan(
            id=ident, problem_id=case.problem_id, task=case.task, family=case.family, namespace=case.namespace,
            target=case.target, seed=case.seed, noise=case.noise, pattern=case.pattern, repairer=self.name,
            failed_evidence=trajectory_evidence(case), **proposed.model_dump(),
        )  # fmt: skip
        validated = validate_plan(plan)
        if not validated.validated:
            self.rejected.append((ident, f"the plan failed when executed: {validated.results}"))
            return None
        return validated
