"""The episodes of multi-turn GRPO: one row per (problem, seed), prompted as AIOpsLab prompts.

Each row's ``prompt`` is a system message (how to work through the tools, whether this task
type may write, how its submit is answered; ``prompts/multiturn.yaml``) and a user message
holding the problem's task description exactly as AIOpsLab's orchestrator hands it out
(`aoi.env.task_description`). The other columns are what `TwinEnvironment.reset` needs
(``problem_id``, ``seed``, ``noise``) and what a report groups by (``task``, ``namespace``,
``split``).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from aoi.env import task_description
from aoi.problems import Problem, TaskType, UnknownProblem, all_problems, get_problem

from .config import ConfigError, MultiTurnSettings

__all__ = ["build_multiturn_dataset", "multiturn_rows", "multiturn_system_prompt"]


@cache
def _texts() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("prompts", "multiturn.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def multiturn_system_prompt(task: TaskType) -> str:
    """The system message for an episode of ``task``."""
    texts = _texts()
    writes = texts["writes"]["mitigation" if task is TaskType.MITIGATION else "diagnosis"]
    # format_map raises KeyError on a missing placeholder instead of leaving a gap.
    return texts["system"].format_map({"writes": writes, "submit": texts["submit"][task.value]}).strip()


def multiturn_rows(settings: MultiTurnSettings) -> list[dict[str, Any]]:
    """One row per selected problem and seed, in catalog order then seed order."""
    rows = []
    for problem in _problems(settings):
        prompt = [
            {"role": "system", "content": multiturn_system_prompt(problem.task)},
            {"role": "user", "content": task_description(problem)},
        ]
        for seed in settings.seeds:
            rows.append({
                "prompt": prompt, "problem_id": problem.id, "seed": seed, "noise": settings.noise,
                "task": problem.task.value, "namespace": problem.namespace, "split": problem.split.value,
            })  # fmt: skip
    return rows


def build_multiturn_dataset(settings: MultiTurnSettings) -> Any:  # -> datasets.Dataset
    """`multiturn_rows` as a `datasets.Dataset`."""
    from datasets import Dataset

    return Dataset.from_list(multiturn_rows(settings))


def _problems(settings: MultiTurnSettings) -> list[Problem]:
    if settings.problems:
        try:
            return [get_problem(problem_id) for problem_id in settings.problems]
        except UnknownProblem as exc:  # a variant id's error too; the message names the id
            raise ConfigError(f"multiturn.problems: {exc}") from None
    return [p for p in all_problems() if settings.split in ("all", p.split.value)]
