"""``kubectl top pods|nodes``: usage tables in metrics-server's units (millicores, MiB)."""

from __future__ import annotations

from collections.abc import Callable

from ..process import CommandResult
from .args import Flag, KubectlError, ParsedArgs, namespace_of, parse_args
from .context import KubectlContext
from .lookup import no_resources_message
from .printers.go_sort import go_sort
from .printers.tabwriter import table
from .quantity import millicores, to_bytes
from .selectors import parse_label_selector
from .usage import container_usage, node_usage, running_containers

__all__ = ["run"]

FLAGS = (
    Flag("all_namespaces", ("-A", "--all-namespaces"), takes_value=False),
    Flag("containers", ("--containers",), takes_value=False),
    Flag("selector", ("-l", "--selector")),
    Flag("sort_by", ("--sort-by",)),
    Flag("no_headers", ("--no-headers",), takes_value=False),
    Flag("use_protocol_buffers", ("--use-protocol-buffers",), takes_value=False),
    Flag("show_capacity", ("--show-capacity",), takes_value=False),
    Flag("sum", ("--sum",), takes_value=False),
)

_MiB = 2**20
_USAGE = ("error: Required resource not specified.\nSee 'kubectl top -h' for help and examples")


def _cpu(milli: int) -> str:
    return f"{milli}m"


def _mem(count: int) -> str:
    return f"{count // _MiB}Mi"


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parsed = parse_args(argv, FLAGS, "top")
    if not parsed.positionals:
        raise KubectlError(_USAGE)
    what, names = parsed.positionals[0], parsed.positionals[1:]
    if what in ("pod", "pods", "po"):
        return _pods(ctx, parsed, names)
    if what in ("node", "nodes", "no"):
        return _nodes(ctx, parsed, names)
    raise KubectlError(f'error: unknown command "{what}" for "kubectl top"')


def _less(sort_by: object, key: Callable[[tuple], tuple]) -> Callable[[tuple, tuple], bool]:
    """kubectl's metrics sorters over rows ending in (cpu, memory): descending cpu or memory, else
    ascending ``key``; Go's sort.Sort then decides where ties land."""
    if sort_by == "cpu":
        return lambda a, b: a[-2] > b[-2]
    if sort_by == "memory":
        return lambda a, b: a[-1] > b[-1]
    return lambda a, b: key(a) < key(b)


def _table(rows: list[list[str]]) -> str:
    # kubectl top ends every cell, the last included, with a tab: each line keeps its padding.
    return table([[*row, ""] for row in rows])


def _pods(ctx: KubectlContext, parsed: ParsedArgs, names: list[str]) -> CommandResult:
    cluster = ctx.cluster
    all_ns = parsed.flag("all_namespaces")
    namespace = None if all_ns else namespace_of(parsed, ctx.default_namespace)
    selector = parse_label_selector(parsed.get("selector"))
    pods = cluster.list("Pod", namespace)
    if names:
        missing = [n for n in names if cluster.find("Pod", n, namespace) is None]
        if missing:
            # metrics-server answers for the PodMetrics, which it names namespace/name
            raise KubectlError(f'Error from server (NotFound): podmetrics.metrics.k8s.io "{namespace}/{missing[0]}" '
                               "not found")
        pods = [p for p in pods if p["metadata"]["name"] in names]
    if selector is not None:
        pods = [p for p in pods if selector.matches(p["metadata"].get("labels"))]
    by_container = parsed.flag("containers")
    measured: list[tuple] = []  # (namespace, name, containers [(name, cpu, memory)], cpu, memory)
    for pod in pods:
        running = running_containers(pod)
        if not running:
            if names:
                raise KubectlError(f"error: Metrics not available for pod {pod['metadata']['namespace']}/"
                                   f"{pod['metadata']['name']}, age: 0s")
            continue
        usages = [(c, *container_usage(cluster, pod, c)) for c in running]
        meta = pod["metadata"]
        measured.append((meta["namespace"], meta["name"], usages, sum(u[1] for u in usages),
                         sum(u[2] for u in usages)))
    if not measured:
        return CommandResult("", no_resources_message(namespace) + "\n")
    sort_by = parsed.get("sort_by")
    go_sort(measured, _less(sort_by, (lambda m: m[:2]) if all_ns else (lambda m: m[1:2])))
    header = ["NAMESPACE"] if all_ns else []
    header += ["POD", "NAME"] if by_container else ["NAME"]
    header += ["CPU(cores)", "MEMORY(bytes)"]
    out = [header] if not parsed.flag("no_headers") else []
    for ns, name, usages, cpu, mem in measured:
        first = [ns, name] if all_ns else [name]
        if not by_container:
            out.append([*first, _cpu(cpu), _mem(mem)])
            continue
        go_sort(usages, _less(sort_by, lambda u: u[:1]))
        out.extend([*first, container, _cpu(c_cpu), _mem(c_mem)] for container, c_cpu, c_mem in usages)
    return CommandResult(_table(out))


def _nodes(ctx: KubectlContext, parsed: ParsedArgs, names: list[str]) -> CommandResult:
    cluster = ctx.cluster
    nodes = cluster.list("Node")
    if names:
        for name in names:
            if cluster.find("Node", name) is None:
                raise KubectlError(f'Error from server (NotFound): nodemetrics.metrics.k8s.io "{name}" not found')
        nodes = [n for n in nodes if n["metadata"]["name"] in names]
    rows = []
    for node in nodes:
        cpu, mem = node_usage(cluster, node["metadata"]["name"])
        allocatable = (node.get("status") or {}).get("allocatable") or {}
        # kubectl divides, then scales: int(0.29 * 100) is 28, where int(29 * 100 / 100) would be 29.
        cpu_pct = int(cpu / max(millicores(allocatable.get("cpu", "1")), 1) * 100)
        mem_pct = int(mem / max(to_bytes(allocatable.get("memory", "1")), 1) * 100)
        rows.append((node["metadata"]["name"], cpu_pct, mem_pct, cpu, mem))
    go_sort(rows, _less(parsed.get("sort_by"), lambda r: r[:1]))
    out = [["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]] if not parsed.flag("no_headers") else []
    out += [[name, _cpu(cpu), f"{cpu_pct}%", _mem(mem), f"{mem_pct}%"] for name, cpu_pct, mem_pct, cpu, mem in rows]
    return CommandResult(_table(out))
