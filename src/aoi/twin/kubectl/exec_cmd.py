"""``kubectl exec [-it] POD|TYPE/NAME [-c CONTAINER] -- COMMAND [ARGS...]``.

Picks the pod (for ``deploy/x`` or ``svc/x`` the first running pod it selects) and the container
(``-c``, the ``kubectl.kubernetes.io/default-container`` annotation, or the first, announcing the
choice on stderr when there are several), then runs the command inside the emulated container.
Errors are the ones kubectl 1.32 prints against containerd: an unknown container, a container
that is not running (``unable to upgrade connection: container not found``), and a binary the
image lacks (the OCI runtime's ``executable file not found in $PATH``). A command that exits
non-zero adds ``command terminated with exit code N`` and kubectl exits with N.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from ..kinds import BY_KIND
from ..process import CommandResult
from .args import Flag, KubectlError, namespace_of, parse_args, resolve_type
from .context import KubectlContext
from .pod_container import container_for

if TYPE_CHECKING:
    from ..cluster import Cluster

__all__ = ["ExecRefused", "run", "run_in_container"]

FLAGS = (
    Flag("container", ("-c", "--container")),
    Flag("stdin", ("-i", "--stdin"), takes_value=False),
    Flag("tty", ("-t", "--tty"), takes_value=False),
    Flag("quiet", ("-q", "--quiet"), takes_value=False),
    Flag("filename", ("-f", "--filename")),
    Flag("pod_running_timeout", ("--pod-running-timeout",)),
)
DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container"
_NO_TTY = "Unable to use a TTY - input is not a terminal or the right kind of file\n"


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parsed = parse_args(argv, FLAGS, "exec")
    command = parsed.after_dashdash
    if not parsed.positionals:
        raise KubectlError("error: pod, type/name or --filename must be specified")
    if command is None:
        if len(parsed.positionals) > 1:
            raise KubectlError("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] "
                               "instead\nSee 'kubectl exec -h' for help and examples")
        raise KubectlError("error: you must specify at least one command for the container")
    if not command:
        raise KubectlError("error: you must specify at least one command for the container")
    namespace = namespace_of(parsed, ctx.default_namespace)
    pod = _pod(ctx, parsed.positionals[0], namespace)
    notes = _NO_TTY if parsed.get("tty") else ""
    spec, note = _container(pod, parsed.get("container"))
    notes += note
    _require_not_completed(pod)
    try:
        result = run_in_container(ctx.cluster, pod, spec, list(command), stdin if parsed.get("stdin") else "")
    except ExecRefused as err:
        raise KubectlError(f"error: {err}") from None
    stderr = notes + result.stderr
    if result.exit_code != 0:
        stderr += f"command terminated with exit code {result.exit_code}\n"
    return CommandResult(result.stdout, stderr, result.exit_code)


def _pod(ctx: KubectlContext, word: str, namespace: str) -> dict:
    cluster = ctx.cluster
    if "/" not in word:
        pod = cluster.find("Pod", word, namespace)
        if pod is None:
            raise KubectlError(f'Error from server (NotFound): pods "{word}" not found')
        return pod
    type_name, _, name = word.partition("/")
    rtype = resolve_type(type_name)
    owner = cluster.find(rtype.kind, name, namespace)
    if owner is None:
        raise KubectlError(f'Error from server (NotFound): {rtype.qualified} "{name}" not found')
    if rtype.kind == "Pod":
        return owner
    spec = owner.get("spec") or {}
    selector = spec.get("selector") or {}
    labels = selector.get("matchLabels", selector) if rtype.kind != "Service" else selector
    if not labels:
        raise KubectlError(f"error: cannot attach to {BY_KIND[rtype.kind].qualified_singular}/{name}: "
                           "no selector")
    pods = cluster.list("Pod", namespace, labels)
    if not pods:
        raise KubectlError("error: timed out waiting for the condition")
    # kubectl prefers running, ready pods (ActivePods ordering) and then the oldest.
    return sorted(pods, key=lambda p: (p.get("status", {}).get("phase") != "Running",
                                       not _ready(p), p["metadata"]["creationTimestamp"]))[0]


def _ready(pod: dict) -> bool:
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (pod.get("status") or {}).get("conditions") or [])


def _container(pod: dict, wanted: object) -> tuple[dict, str]:
    containers = pod["spec"].get("containers") or []
    if wanted:
        for container in [*containers, *(pod["spec"].get("initContainers") or [])]:
            if container["name"] == wanted:
                return container, ""
        raise KubectlError(f"error: container {wanted} is not valid for pod {pod['metadata']['name']}")
    annotated = (pod["metadata"].get("annotations") or {}).get(DEFAULT_CONTAINER)
    chosen = next((c for c in containers if c["name"] == annotated), containers[0])
    note = ""
    if len(containers) > 1 and annotated is None:
        names = ", ".join(c["name"] for c in containers)
        note = f'Defaulted container "{chosen["name"]}" out of: {names}\n'
    return chosen, note


def _require_not_completed(pod: dict) -> None:
    """kubectl's own check, made before it contacts the server."""
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise KubectlError(f"error: cannot exec into a container in a completed pod; current phase is {phase}")


class ExecRefused(Exception):
    """The API server (kubelet, runtime) refused to run the command; the message is the server's."""


def run_in_container(cluster: Cluster, pod: dict, spec: dict, command: list[str], stdin: str) -> CommandResult:
    """Run ``command`` in the pod's container ``spec`` as the kubelet does, or raise `ExecRefused`.

    Shared with the twin's HTTP API server (`aoi.twin.server.exec_ws`), so an exec over a real
    kubectl's WebSocket behaves exactly like the emulated ``kubectl exec``.
    """
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    state = next((s.get("state") or {} for s in statuses if s.get("name") == spec["name"]), {})
    if "running" not in state:
        raise ExecRefused(f'Internal error occurred: unable to upgrade connection: container not found '
                          f'("{spec["name"]}")')
    result = container_for(cluster, pod, spec).exec(list(command), stdin)
    if result is None:
        raise ExecRefused(_oci_not_found(pod, command))
    return result


def _oci_not_found(pod: dict, command: list[str]) -> str:
    exec_id = hashlib.sha256(f"{pod['metadata']['uid']}/{' '.join(command)}".encode()).hexdigest()
    binary = command[0]
    reason = (f"exec: \"{binary}\": stat {binary}: no such file or directory" if "/" in binary
              else f"exec: \"{binary}\": executable file not found in $PATH")
    return ("Internal error occurred: Internal error occurred: error executing command in container: failed to "
            f'exec in container: failed to start exec "{exec_id}": OCI runtime exec failed: exec failed: unable to '
            f"start container process: {reason}: unknown")
