"""Which container of a pod a log or exec request means, with the API server's own refusals.

Unlike kubectl, the server does not default to the first of several containers (nor read the
``kubectl.kubernetes.io/default-container`` annotation): kubectl makes that choice on the
client and sends it as ``container=``, so a request without one is only valid for a pod with a
single container.
"""

from __future__ import annotations

from .status import bad_request

__all__ = ["pick_container"]


def pick_container(pod: dict, requested: str | None) -> dict:
    """The container spec ``requested`` names (or the pod's only container); 400 otherwise."""
    spec, name = pod["spec"], pod["metadata"]["name"]
    containers = spec.get("containers") or []
    init = spec.get("initContainers") or []
    if not requested:
        if len(containers) == 1:
            return containers[0]
        if not containers:
            raise bad_request(f"a container name must be specified for pod {name}")
        message = (f"a container name must be specified for pod {name}, choose one of: "
                   f"[{' '.join(c['name'] for c in containers)}]")
        if init:
            message += f" or one of the init containers: [{' '.join(c['name'] for c in init)}]"
        raise bad_request(message)
    for container in [*containers, *init, *(spec.get("ephemeralContainers") or [])]:
        if container["name"] == requested:
            return container
    raise bad_request(f"container {requested} is not valid for pod {name}")
