"""What an AIOpsLab orchestrator tells an agent about its problem: the namespace and the task type.

AIOpsLab never hands the agent a problem id, only ``init_context(problem_desc, instructions,
apis)``. The rule, first match wins, so that both AIOpsLab's texts and AOI's own rewording work:

* **namespace**: the ``Namespace: <ns>`` line of the service summary in ``problem_desc`` (the
  layout of AIOpsLab's ``get_app_summary``); failing that, the first of AOI's app namespaces
  named anywhere in ``problem_desc``. It must be one of AOI's apps (`aoi.problems.App`).
* **task type**: the parameter named under ``Args:`` in the ``submit`` docstring of ``apis``
  (``has_anomaly`` detection, ``faulty_components`` localization, ``analysis`` analysis,
  ``None`` mitigation); failing that, the verb of the description's first paragraph ("tasked
  with detecting / localizing / ... root cause analysis / mitigating"); failing that, the submit
  examples in ``instructions`` (``submit("Yes")``, ``submit([...])``, ``"system_level"``, only
  ``submit()``).

Anything else raises `UnrecognizedTask`, whose message says what was looked for.

The AOI runtime needs a `Problem` to run an episode. `TaskInfo.problem` builds a stand-in that
carries only what the agent may know (task type, app, namespace); its fault and answer key are
placeholders because AIOpsLab keeps the oracle. It is scored once at the end of the inner
episode, over the bridge's empty reader, and that verdict is thrown away.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from aoi.problems import AnswerKey, App, FaultSpec, Injector, Problem, Split, TaskType

__all__ = ["TaskInfo", "UnrecognizedTask", "read_task", "read_task_type"]


class UnrecognizedTask(ValueError):
    """The orchestrator's prompts do not say which namespace or task type this problem has."""


_NAMESPACE_LINE = re.compile(r"^\s*Namespace:\s*(\S+)\s*$", re.MULTILINE)
_ARGS_PARAMETER = re.compile(r"Args:\s*\n\s*(\w+)")
# Checked in this order: the localization text says "no faults were detected", so "detect" goes last.
_DESCRIPTION_VERBS = (
    (TaskType.MITIGATION, re.compile(r"mitigat", re.IGNORECASE)),
    (TaskType.ANALYSIS, re.compile(r"root cause analysis|\banalysis\b", re.IGNORECASE)),
    (TaskType.LOCALIZATION, re.compile(r"locali[sz]", re.IGNORECASE)),
    (TaskType.DETECTION, re.compile(r"detect", re.IGNORECASE)),
)
_SUBMIT_PARAMETERS = {
    "has_anomaly": TaskType.DETECTION,
    "faulty_components": TaskType.LOCALIZATION,
    "analysis": TaskType.ANALYSIS,
    "None": TaskType.MITIGATION,
}
_SUBMIT_EXAMPLES = (
    (TaskType.DETECTION, re.compile(r"""submit\(\s*["'](?:Yes|No)["']\s*\)""")),
    (TaskType.LOCALIZATION, re.compile(r"submit\(\s*\[")),
    (TaskType.ANALYSIS, re.compile(r"""submit\(\s*\{\s*["']system_level["']""")),
    (TaskType.MITIGATION, re.compile(r"submit\(\s*\)")),
)
# A stand-in fault that is never injected. The inner episode still runs AOI's mitigation oracle
# once at its end (over an empty reader); revoke_auth's check ("all pods healthy") needs no
# fault-specific parameters, so that run cannot fail.
_STAND_IN_FAULT = FaultSpec(family="aiopslab", injector=Injector.APPLICATION, fault_type="revoke_auth")
_UNKNOWN_ANSWER = AnswerKey(has_anomaly="scored by AIOpsLab", services=("scored by AIOpsLab",),
                            system_level="scored by AIOpsLab", fault_type="scored by AIOpsLab",
                            mitigated_state="scored by AIOpsLab")  # fmt: skip


@dataclass(frozen=True)
class TaskInfo:
    """The problem as far as the agent can know it."""

    task: TaskType
    app: App

    @property
    def namespace(self) -> str:
        return self.app.namespace

    def problem(self) -> Problem:
        """The stand-in `Problem` the AOI runtime runs (see the module docstring)."""
        return Problem(id=f"aiopslab:{self.task.value}:{self.namespace}", app=self.app, task=self.task,
                       fault=_STAND_IN_FAULT, answer=_UNKNOWN_ANSWER, split=Split.TEST)  # fmt: skip


def read_task(problem_desc: object, instructions: object, apis: object) -> TaskInfo:
    """Read the namespace and task type out of ``init_context``'s arguments (module docstring)."""
    description = problem_desc if isinstance(problem_desc, str) else ""
    task = read_task_type(problem_desc, instructions, apis)
    if task is None:
        raise UnrecognizedTask(
            "cannot tell the task type: expected a submit docstring naming has_anomaly, faulty_components, "
            "analysis or None under Args:, a description 'tasked with' detecting/localizing/analysis/mitigating, "
            "or submit examples in the instructions"
        )
    return TaskInfo(task=task, app=_app(description))


def read_task_type(problem_desc: object, instructions: object, apis: object) -> TaskType | None:
    """The task type alone (None when the prompts do not tell), for when the namespace is unknown."""
    description = problem_desc if isinstance(problem_desc, str) else ""
    return _task_from_apis(apis) or _task_from_description(description) or _task_from_instructions(instructions)


def _app(description: str) -> App:
    by_namespace = {app.namespace: app for app in App}
    match = _NAMESPACE_LINE.search(description)
    if match is not None:
        namespace = match.group(1)
        if namespace not in by_namespace:
            raise UnrecognizedTask(
                f"namespace {namespace!r} is not one of AOI's apps; expected one of: {', '.join(by_namespace)}"
            )
        return by_namespace[namespace]
    named = [(description.find(ns), app) for ns, app in by_namespace.items() if ns in description]
    if named:
        return min(named, key=lambda found: found[0])[1]
    raise UnrecognizedTask(
        f"cannot tell the namespace: no 'Namespace: <ns>' line and none of {', '.join(by_namespace)} in the description"
    )


def _task_from_apis(apis: object) -> TaskType | None:
    doc = apis.get("submit") if isinstance(apis, Mapping) else None
    match = _ARGS_PARAMETER.search(doc) if isinstance(doc, str) else None
    return _SUBMIT_PARAMETERS.get(match.group(1)) if match else None


def _task_from_description(description: str) -> TaskType | None:
    first_paragraph = description.strip().split("\n\n", 1)[0]
    return next((task for task, verb in _DESCRIPTION_VERBS if verb.search(first_paragraph)), None)


def _task_from_instructions(instructions: object) -> TaskType | None:
    text = instructions if isinstance(instructions, str) else ""
    return next((task for task, example in _SUBMIT_EXAMPLES if example.search(text)), None)
