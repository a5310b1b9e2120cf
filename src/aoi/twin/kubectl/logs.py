"""``kubectl logs``: a container's output from the twin's log book, with kubectl's choices and errors.

A multi-container pod without ``-c`` uses its first container (or the one its
``kubectl.kubernetes.io/default-container`` annotation names) and says so on stderr, as kubectl
has done since 1.21. Workload targets (``deploy/x``, ``svc/x``, ...) pick one pod the way
kubectl's "by logging" order does and report the choice when there were several.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..process import CommandResult
from ..telemetry.logs import log_text, read_log
from .args import Flag, KubectlError, namespace_of, parse_args, resolve_type, usage_error
from .context import KubectlContext
from .selectors import parse_label_selector
from .timefmt import seconds

if TYPE_CHECKING:
    from ..cluster import Cluster

__all__ = ["log_refusal", "run"]

FLAGS = (
    Flag("container", ("-c", "--container")),
    Flag("tail", ("--tail",)),
    Flag("since", ("--since",)),
    Flag("since_time", ("--since-time",)),
    Flag("previous", ("-p", "--previous"), takes_value=False),
    Flag("timestamps", ("--timestamps",), takes_value=False),
    Flag("follow", ("-f", "--follow"), takes_value=False),
    Flag("selector", ("-l", "--selector")),
    Flag("all_containers", ("--all-containers",), takes_value=False),
    Flag("all_pods", ("--all-pods",), takes_value=False),
    Flag("prefix", ("--prefix",), takes_value=False),
    Flag("max_log_requests", ("--max-log-requests",)),
    Flag("limit_bytes", ("--limit-bytes",)),
    Flag("pod_running_timeout", ("--pod-running-timeout",)),
    Flag("ignore_errors", ("--ignore-errors",), takes_value=False),
)

_DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container"
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(h|ms|m|s)")
_PULL_REASONS = ("ErrImagePull", "ImagePullBackOff")


def _duration(text: str) -> float:
    total, pos = 0.0, 0
    for m in _DURATION.finditer(text):
        if m.start() != pos:
            break
        total += float(m.group(1)) * {"h": 3600, "m": 60, "s": 1, "ms": 0.001}[m.group(2)]
        pos = m.end()
    if pos != len(text) or not text:
        raise usage_error(f'invalid argument "{text}" for "--since" flag: time: invalid duration "{text}"', "logs")
    return total


def _pod_rank(pod: dict) -> tuple:
    """kubectl's ByLogging order: scheduled, running, ready, most restarts, oldest."""
    status = pod.get("status") or {}
    phase = {"Running": 0, "Pending": 1, "Unknown": 2}.get(status.get("phase", "Pending"), 3)
    ready = any(c.get("type") == "Ready" and c.get("status") == "True" for c in status.get("conditions") or ())
    restarts = sum(c.get("restartCount", 0) for c in status.get("containerStatuses") or ())
    return (not pod["spec"].get("nodeName"), phase, not ready, -restarts, pod["metadata"]["creationTimestamp"])


def _selector_of(obj: dict) -> dict[str, str]:
    spec = obj.get("spec") or {}
    if obj["kind"] == "Service":
        return dict(spec.get("selector") or {})
    return dict((spec.get("selector") or {}).get("matchLabels") or {})


def _pods_for(ctx: KubectlContext, target: str, namespace: str) -> tuple[list[dict], str]:
    """(pods, stderr note) for ``name`` or ``type/name``."""
    type_name, slash, name = target.partition("/")
    if not slash:
        type_name, name = "pods", target
    rtype = resolve_type(type_name)
    obj = ctx.cluster.find(rtype.kind, name, namespace)
    if obj is None:
        # logs reports the missing object itself, lower-case and with the namespace it looked in
        raise KubectlError(f'error: error from server (NotFound): {rtype.qualified} "{name}" not found in '
                           f'namespace "{namespace}"')
    if rtype.kind == "Pod":
        return [obj], ""
    selector = _selector_of(obj)
    pods = sorted(ctx.cluster.list("Pod", namespace, selector), key=_pod_rank) if selector else []
    if not pods:
        raise KubectlError("error: timed out waiting for the condition")
    note = f"Found {len(pods)} pods, using pod/{pods[0]['metadata']['name']}\n" if len(pods) > 1 else ""
    return pods[:1], note


def _containers(pod: dict, wanted: str | None, all_containers: bool) -> tuple[list[str], str]:
    spec = pod["spec"]
    names = [c["name"] for c in spec.get("containers") or ()]
    init = [c["name"] for c in spec.get("initContainers") or ()]
    if all_containers:
        return init + names, ""
    if wanted:
        if wanted not in names and wanted not in init:
            raise KubectlError(f"error: container {wanted} is not valid for pod {pod['metadata']['name']}")
        return [wanted], ""
    default = (pod["metadata"].get("annotations") or {}).get(_DEFAULT_CONTAINER)
    if default in names:
        return [default], ""
    if len(names) > 1 or init:
        listing = ", ".join([*names, *(f"{n} (init)" for n in init)])
        return names[:1], f'Defaulted container "{names[0]}" out of: {listing}\n'
    return names[:1], ""


def log_refusal(cluster: Cluster, pod: dict, container: str, previous: bool) -> str | None:
    """The API server's BadRequest message when the container has no log to serve, else None.

    Shared with the twin's HTTP API server (`aoi.twin.server.logs`), which answers it as a Status.
    """
    meta = pod["metadata"]
    namespace, name = meta["namespace"], meta["name"]
    if previous:
        if not cluster.logs.has_previous(namespace, name, container):
            return f'previous terminated container "{container}" in pod "{name}" not found'
        return None
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    statuses = statuses + ((pod.get("status") or {}).get("initContainerStatuses") or [])
    status = next((s for s in statuses if s.get("name") == container), None)
    waiting = ((status or {}).get("state") or {}).get("waiting")
    if status is None or (waiting is not None and not status.get("containerID")):
        reason = (waiting or {}).get("reason") or "ContainerCreating"
        if reason in _PULL_REASONS:
            reason = "trying and failing to pull image"
        return f'container "{container}" in pod "{name}" is waiting to start: {reason}'
    return None


def _check_readable(ctx: KubectlContext, pod: dict, container: str, previous: bool) -> None:
    """Raise kubectl's error when the container has no log to serve."""
    refusal = log_refusal(ctx.cluster, pod, container, previous)
    if refusal is not None:
        raise KubectlError(f"Error from server (BadRequest): {refusal}")


def _since(parsed, now: float) -> float | None:
    """The clock time ``--since`` / ``--since-time`` keep lines from (the kubelet's write times)."""
    since, since_time = parsed.get("since"), parsed.get("since_time")
    if since and since_time:
        raise KubectlError("error: at most one of `sinceTime` or `sinceSeconds` may be specified")
    if since:
        return now - _duration(str(since))
    if since_time:
        try:
            return seconds(str(since_time))
        except ValueError:
            raise KubectlError(f'error: invalid argument "{since_time}" for "--since-time" flag: parsing time '
                               f'"{since_time}" as "2006-01-02T15:04:05Z07:00": cannot parse') from None
    return None


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parsed = parse_args(argv, FLAGS, "logs")
    namespace = namespace_of(parsed, ctx.default_namespace)
    selector = parse_label_selector(parsed.get("selector"))
    positionals = parsed.positionals
    note = ""
    if selector is not None:
        if positionals:
            raise KubectlError("error: only one of a selector or a resource may be specified")
        pods = [p for p in ctx.cluster.list("Pod", namespace) if selector.matches(p["metadata"].get("labels"))]
        if not pods:
            return CommandResult("", f"No resources found in {namespace} namespace.\n", 0)
    else:
        if not positionals:
            raise KubectlError("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                               "POD or TYPE/NAME is a required argument for the logs command\n"
                               "See 'kubectl logs -h' for help and examples")
        if len(positionals) > 2:
            raise KubectlError("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                               "See 'kubectl logs -h' for help and examples")
        pods, note = _pods_for(ctx, positionals[0], namespace)
    wanted = parsed.get("container") or (positionals[1] if len(positionals) == 2 else None)
    tail_text = parsed.get("tail")
    tail = int(str(tail_text)) if tail_text is not None else (10 if selector is not None else -1)
    since = _since(parsed, ctx.cluster.clock.now)
    prefix = parsed.flag("prefix")
    limit = int(str(parsed.get("limit_bytes"))) if parsed.get("limit_bytes") else None
    out: list[str] = []
    for pod in pods:
        containers, defaulted = _containers(pod, wanted and str(wanted), parsed.flag("all_containers"))
        note += defaulted
        for container in containers:
            _check_readable(ctx, pod, container, parsed.flag("previous"))
            entries = read_log(ctx.cluster, pod, container, previous=parsed.flag("previous"), since=since,
                               tail=tail if tail >= 0 else None)
            # The kubelet cuts each container's stream at --limit-bytes; kubectl prefixes what arrives.
            text = log_text(entries, timestamps=parsed.flag("timestamps"))
            if limit is not None:
                text = text.encode()[:limit].decode(errors="ignore")
            tag = f"[pod/{pod['metadata']['name']}/{container}] " if prefix else ""
            out.extend(tag + line for line in re.findall(r"[^\n]*\n|[^\n]+$", text))
    return CommandResult("".join(out), note, 0)
