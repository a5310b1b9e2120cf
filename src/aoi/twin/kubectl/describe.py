"""``kubectl describe TYPE [NAME_PREFIX...]``: the human-readable detail of objects and their events.

A name that matches no object exactly describes every object whose name starts with it, as
kubectl does; no name describes every object of the type in the namespace (``-l`` filters).
Several objects are separated by two blank lines.
"""

from __future__ import annotations

from collections.abc import Callable

from ..process import CommandResult
from .args import Flag, namespace_of, parse_args, parse_targets
from .context import KubectlContext
from .describe_common import Writer, events_for
from .describe_config import (
    describe_configmap,
    describe_generic,
    describe_namespace,
    describe_secret,
    describe_serviceaccount,
)
from .describe_network import describe_endpoints, describe_service
from .describe_node import describe_node
from .describe_pod import describe_pod
from .describe_storage import describe_pv, describe_pvc
from .describe_workloads import (
    describe_daemonset,
    describe_deployment,
    describe_job,
    describe_replicaset,
    describe_statefulset,
)
from .lookup import Query, collect, no_resources_message, require_targets
from .selectors import parse_label_selector

__all__ = ["DESCRIBERS", "describe_object", "run"]

FLAGS = (
    Flag("selector", ("-l", "--selector")),
    Flag("all_namespaces", ("-A", "--all-namespaces"), takes_value=False),
    Flag("show_events", ("--show-events",), takes_value=False, default=True),
    Flag("chunk_size", ("--chunk-size",)),
    Flag("filename", ("-f", "--filename")),
)

Describer = Callable[..., None]

DESCRIBERS: dict[str, Describer] = {
    "Deployment": describe_deployment,
    "ReplicaSet": describe_replicaset,
    "StatefulSet": describe_statefulset,
    "DaemonSet": describe_daemonset,
    "Job": describe_job,
    "Service": describe_service,
    "Endpoints": describe_endpoints,
    "PersistentVolume": describe_pv,
    "PersistentVolumeClaim": describe_pvc,
    "Node": describe_node,
    "ConfigMap": describe_configmap,
    "Secret": describe_secret,
    "Namespace": describe_namespace,
    "ServiceAccount": describe_serviceaccount,
}


def describe_object(ctx: KubectlContext, obj: dict, show_events: bool = True) -> str:
    cluster = ctx.cluster
    now = cluster.clock.now
    events = events_for(cluster, obj) if show_events else None  # None: no Events section at all
    w = Writer()
    kind = obj["kind"]
    if kind == "Pod":
        describe_pod(w, obj, events, now)
    else:
        DESCRIBERS.get(kind, describe_generic)(w, obj, events, now, cluster)
    return w.text()


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parsed = parse_args(argv, FLAGS, "describe")
    targets = parse_targets(parsed.positionals)
    require_targets(targets, "describe")
    all_namespaces = parsed.flag("all_namespaces")
    namespace = None if all_namespaces else namespace_of(parsed, ctx.default_namespace)
    query = Query(namespace, parse_label_selector(parsed.get("selector")))
    groups, errors = collect(ctx, targets, query)
    show_events = parsed.flag("show_events")
    objects = [obj for group in groups for obj in group.objects]
    if errors and not objects and len(parsed.positionals) == 2 and len(targets) == 1:
        # `describe TYPE NAME` with no such name describes every NAME-prefixed object instead,
        # each followed by a newline (kubectl's DescribeMatchingResources)
        prefix = Query(namespace, prefix_match=True)
        matches = [o for g in collect(ctx, targets, prefix)[0] for o in g.objects]
        if matches:
            return CommandResult("".join(describe_object(ctx, o, show_events) + "\n" for o in matches))
    texts = [describe_object(ctx, obj, show_events) for obj in objects]
    stderr = "".join(e + "\n" for e in errors)
    if not texts and not errors:
        namespaced = any(t.rtype.namespaced for t in targets)
        stderr += no_resources_message(namespace, namespaced) + "\n"
    return CommandResult("\n\n".join(texts), stderr, 1 if errors else 0)
