"""``kubectl top pods|nodes``: usage tables in metrics-server's units (millicores, MiB)."""

from __future__ import annotations

from ..kinds import resolve
from ..process import CommandResult
from .args import Flag, KubectlError, ParsedArgs, namespace_of, parse_args
from .context import KubectlContext
from .lookup import no_resources_message, not_found
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


def _sorted(rows: list[tuple], sort_by: object, cpu_at: int) -> list[tuple]:
    if sort_by == "cpu":
        return sorted(rows, key=lambda r: -r[cpu_at])
    if sort_by == "memory":
        return sorted(rows, key=lambda r: -r[cpu_at + 1])
    return rows


def _pods(ctx: KubectlContext, parsed: ParsedArgs, names: list[str]) -> CommandResult:
    cluster = ctx.cluster
    all_ns = parsed.flag("all_namespaces")
    namespace = None if all_ns else namespace_of(parsed, ctx.default_namespace)
    selector = parse_label_selector(parsed.get("selector"))
    pods = cluster.list("Pod", namespace)
    if names:
        missing = [n for n in names if cluster.find("Pod", n, namespace) is None]
        if missing:
            raise KubectlError(not_found(resolve("pods"), missing[0]))
        pods = [p for p in pods if p["metadata"]["name"] in names]
    if selector is not None:
        pods = [p for p in pods if selector.matches(p["metadata"].get("labels"))]
    by_container = parsed.flag("containers")
    rows: list[tuple] = []
    for pod in pods:
        running = running_containers(pod)
        if not running:
            if names:
                raise KubectlError(f"error: Metrics not available for pod {pod['metadata']['namespace']}/"
                                   f"{pod['metadata']['name']}, age: 0s")
            continue
        usages = [(c, *container_usage(cluster, pod, c)) for c in running]
        meta = pod["metadata"]
        if by_container:
            rows.extend((meta["namespace"], meta["name"], c, cpu, mem) for c, cpu, mem in usages)
        else:
            rows.append((meta["namespace"], meta["name"], sum(u[1] for u in usages), sum(u[2] for u in usages)))
    if not rows:
        return CommandResult("", no_resources_message(namespace) + "\n")
    cpu_at = 3 if by_container else 2
    rows = _sorted(rows, parsed.get("sort_by"), cpu_at)
    header = ["NAMESPACE"] if all_ns else []
    header += ["POD", "NAME"] if by_container else ["NAME"]
    header += ["CPU(cores)", "MEMORY(bytes)"]
    out = [header] if not parsed.flag("no_headers") else []
    for row in rows:
        cells = list(row[:cpu_at]) if all_ns else list(row[1:cpu_at])
        out.append([*cells, _cpu(row[cpu_at]), _mem(row[cpu_at + 1])])
    return CommandResult(table(out))


def _nodes(ctx: KubectlContext, parsed: ParsedArgs, names: list[str]) -> CommandResult:
    cluster = ctx.cluster
    nodes = cluster.list("Node")
    if names:
        for name in names:
            if cluster.find("Node", name) is None:
                raise KubectlError(not_found(resolve("nodes"), name))
        nodes = [n for n in nodes if n["metadata"]["name"] in names]
    rows = []
    for node in nodes:
        cpu, mem = node_usage(cluster, node["metadata"]["name"])
        allocatable = (node.get("status") or {}).get("allocatable") or {}
        cpu_pct = int(cpu * 100 / max(millicores(allocatable.get("cpu", "1")), 1))
        mem_pct = int(mem * 100 / max(to_bytes(allocatable.get("memory", "1")), 1))
        rows.append((node["metadata"]["name"], cpu, mem, cpu_pct, mem_pct))
    rows = _sorted(rows, parsed.get("sort_by"), 1)
    out = [["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]] if not parsed.flag("no_headers") else []
    out += [[name, _cpu(cpu), f"{cpu_pct}%", _mem(mem), f"{mem_pct}%"] for name, cpu, mem, cpu_pct, mem_pct in rows]
    return CommandResult(table(out))
