"""The three things an agent is handed at reset: task description, instructions and the APIs dict.

The texts live in ``prompts.yaml`` (AOI's wording; AIOpsLab's submit formats, examples and API
signatures). `app_summary` reproduces the layout of AIOpsLab's ``get_app_summary``:
``Service Name:``, ``Namespace:``, ``Description:``, ``Supported Operations:`` and one
``  - <op>`` line per operation. The APIs dict maps each of the seven API names, in AIOpsLab's
(alphabetical) order, to its docstring; only `submit`'s differs between tasks.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from aoi.problems import App, Incident, Problem, TaskType

__all__ = ["API_NAMES", "api_docs", "app_summary", "incident_summary", "instructions", "task_description"]

API_NAMES = ("exec_shell", "get_logs", "get_metrics", "get_traces", "read_metrics", "read_traces", "submit")


@cache
def _texts() -> dict[str, Any]:
    return yaml.safe_load(resources.files(__package__).joinpath("prompts.yaml").read_text(encoding="utf-8"))


def app_summary(app: App) -> str:
    """The "Service Details" block for ``app``."""
    meta = _texts()["apps"][app.value]
    operations = "\n".join(f"  - {op}" for op in meta["operations"])
    return (
        f"Service Name: {meta['name']}\nNamespace: {app.namespace}\n"
        f"Description: {meta['description']}\nSupported Operations:\n{operations}"
    )


def incident_summary(incident: Incident) -> str:
    """The "Service Details" block of a live incident: its namespace and the report as written."""
    template: str = _texts()["incident_summary"]
    return template.format_map({"namespace": incident.namespace, "description": incident.description})


def task_description(problem: Problem | Incident) -> str:
    """The task description for ``problem``'s task type, with its app's summary (or the incident's) filled in."""
    template: str = _texts()["task_descriptions"][problem.task.value]
    summary = incident_summary(problem) if problem.app is None else app_summary(problem.app)
    # format_map raises KeyError on a missing placeholder instead of leaving a gap.
    return template.format_map({"app_summary": summary})


def instructions(task: TaskType) -> str:
    """How to answer: one fenced API call per turn, with the task's submit examples."""
    parts = _texts()["instructions"]
    return "\n".join((parts["head"], parts["submit"][task.value], parts["tail"]))


def api_docs(task: TaskType) -> dict[str, str]:
    """API name -> docstring, for the seven APIs every task offers."""
    docs = _texts()["apis"]
    return {name: docs["submit"][task.value] if name == "submit" else docs[name] for name in API_NAMES}
