"""The container runtime contract: what a container does when the twin's kubelet starts it.

The kubelet knows nothing about applications. When it starts (or restarts) a container it asks a
`Behaviour` for an `Outcome`: keep running, exit with a code, or fail to pull the image. Apps
register behaviours by image repository (``yinfangchen/hotelreservation``, ``mongo``, ...);
a behaviour may read cluster state (a MongoDB's users, a Service's targetPort) through the
`StartContext`, so a fix made by an agent takes effect at the next restart, as on a real cluster.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .cluster import Cluster


@dataclass(frozen=True)
class Outcome:
    """The result of starting one container.

    ``state``: ``running`` (stays up), ``exited`` (terminates with ``exit_code``; 0 means
    Completed), or ``pull_error`` (the image cannot be pulled; ``message`` is the kubelet's text).
    ``logs``: the lines the process prints before it settles or exits, oldest first.
    ``ready``: for a running container, whether it passes readiness.
    """

    state: Literal["running", "exited", "pull_error"] = "running"
    exit_code: int = 0
    logs: tuple[str, ...] = ()
    ready: bool = True
    message: str = ""


@dataclass
class StartContext:
    """What a behaviour may look at when deciding an `Outcome`."""

    cluster: Cluster
    pod: dict
    container: dict
    restart_count: int
    now: float  # virtual seconds since clock.EPOCH

    @property
    def namespace(self) -> str:
        return self.pod["metadata"]["namespace"]

    @property
    def image(self) -> str:
        return self.container.get("image", "")

    @property
    def command(self) -> list[str]:
        return list(self.container.get("command") or []) + list(self.container.get("args") or [])

    def env(self, name: str, default: str | None = None) -> str | None:
        for item in self.container.get("env") or []:
            if item.get("name") == name:
                return item.get("value", default)
        return default


Behaviour = Callable[[StartContext], Outcome]
"""Decides what a starting container does. Must be deterministic in its inputs."""


def image_repository(image: str) -> str:
    """``docker.io/library/mongo:4.4.6`` -> ``mongo``; ``yinfangchen/geo:app3`` -> ``yinfangchen/geo``."""
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        name = name[: len(name) - len(last)] + last.split(":", 1)[0]
    for prefix in ("docker.io/library/", "docker.io/", "library/"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return name


def image_tag(image: str) -> str:
    last = image.split("@", 1)[0].rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else "latest"


def run_forever(ctx: StartContext) -> Outcome:  # noqa: ARG001 - the default behaviour ignores its context
    return Outcome()


@dataclass
class BehaviourTable:
    """Behaviours by image repository, with a default for images nobody registered."""

    by_repository: Mapping[str, Behaviour] = field(default_factory=dict)
    default: Behaviour = run_forever

    def for_image(self, image: str) -> Behaviour:
        return self.by_repository.get(image_repository(image), self.default)
