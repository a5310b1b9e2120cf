"""What ``aoi run`` needs to run on a real cluster: checking the kube options, building the backend,
and turning a free-text incident into something the runtime runs.

``aoi run PROBLEM_ID --backend kube ...`` runs a catalog problem whose fault AIOpsLab injected on
the cluster (scored by the oracle through the backend's reader); ``aoi run "TEXT" --backend kube
--namespace NS ...`` investigates a live incident (`aoi.problems.Incident`, reported, not
scored). Every bad combination raises `KubeUsageError`, whose text the CLI prints as one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aoi.env.kube import KubeBackend
    from aoi.problems import Incident, Problem

__all__ = ["BACKENDS", "KubeOptions", "KubeUsageError", "default_approval", "run_target"]

BACKENDS = ("twin", "kube")


class KubeUsageError(ValueError):
    """The run's options do not fit together; ``str()`` is the one-line error."""


@dataclass(frozen=True)
class KubeOptions:
    """The ``aoi run`` options that only mean something with ``--backend kube``."""

    kubeconfig_probe: Path | None = None
    kubeconfig_executor: Path | None = None
    namespace: str | None = None
    task: str | None = None
    prometheus_url: str | None = None
    jaeger_url: str | None = None

    def given(self) -> list[str]:
        """The flags set, as typed."""
        return [f"--{name.replace('_', '-')}" for name, value in vars(self).items() if value is not None]


def default_approval(backend: str) -> str:
    """Writes on a real cluster are confirmed one by one unless ``--approval auto`` is explicit."""
    return "ask" if backend == "kube" else "auto"


def run_target(text: str, backend: str, options: KubeOptions) -> tuple[Problem | Incident, KubeBackend | None]:
    """The problem (or incident) ``text`` names and the kube backend to run it on (None: the twin)."""
    from aoi.problems import UnknownProblem, get_problem

    if backend not in BACKENDS:
        raise KubeUsageError(f"unknown backend {backend!r}; expected one of: {', '.join(BACKENDS)}")
    try:
        problem: Problem | None = get_problem(text)
    except UnknownProblem as exc:
        problem, unknown = None, str(exc)
    if backend == "twin":
        if options.given():
            raise KubeUsageError(f"{', '.join(options.given())}: only with --backend kube")
        if problem is None:
            hint = "; a free-text incident needs --backend kube" if any(c.isspace() for c in text.strip()) else ""
            raise KubeUsageError(f"{unknown}{hint}")
        return problem, None
    target = problem if problem is not None else _incident(text, options)
    if problem is not None and (options.namespace or options.task):
        raise KubeUsageError(f"{problem.id} sets its own namespace and task; --namespace and --task are for "
                             "free-text incidents")
    return target, _backend(options)


def _incident(text: str, options: KubeOptions) -> Incident:
    from pydantic import ValidationError

    from aoi.problems import Incident, TaskType

    if not options.namespace:
        raise KubeUsageError(f"{text!r} is not a problem id; a free-text incident needs --namespace")
    task = options.task or TaskType.LOCALIZATION.value
    if task not in {t.value for t in TaskType}:
        raise KubeUsageError(f"unknown task {task!r}; expected one of: {', '.join(t.value for t in TaskType)}")
    try:
        return Incident(description=text, namespace=options.namespace, task=TaskType(task))
    except ValidationError as exc:
        raise KubeUsageError(f"bad incident: {exc.errors()[0]['loc'][0]} {exc.errors()[0]['msg']}") from None


def _backend(options: KubeOptions) -> KubeBackend:
    from aoi.env.kube import KubeBackend, KubeError

    if options.kubeconfig_probe is None:
        raise KubeUsageError("--backend kube needs --kubeconfig-probe (the read-only credentials)")
    for flag, path in (("--kubeconfig-probe", options.kubeconfig_probe),
                       ("--kubeconfig-executor", options.kubeconfig_executor)):
        if path is not None and not path.is_file():
            raise KubeUsageError(f"{flag} {path}: no such file")
    try:
        return KubeBackend(options.kubeconfig_probe, options.kubeconfig_executor,
                           prometheus_url=options.prometheus_url, jaeger_url=options.jaeger_url)
    except KubeError as exc:
        raise KubeUsageError(str(exc)) from None
