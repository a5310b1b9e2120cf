"""``kubectl api-resources``: the resource types the twin's API server serves."""

from __future__ import annotations

from ..kinds import RESOURCE_TYPES, ResourceType
from ..process import CommandResult
from .args import ALL_TYPES, Flag, KubectlError, parse_args
from .context import KubectlContext
from .printers.tabwriter import table

__all__ = ["METRICS_TYPES", "run"]

FLAGS = (
    Flag("namespaced", ("--namespaced",)),
    Flag("api_group", ("--api-group",)),
    Flag("output", ("-o", "--output")),
    Flag("no_headers", ("--no-headers",), takes_value=False),
    Flag("verbs", ("--verbs",)),
    Flag("sort_by", ("--sort-by",)),
    Flag("cached", ("--cached",), takes_value=False),
    Flag("categories", ("--categories",)),
)

_VERBS = "create,delete,deletecollection,get,list,patch,update,watch"
# metrics-server's read-only API is served beside the stored types (``kubectl top`` reads it).
METRICS_TYPES = (ResourceType("NodeMetrics", "metrics.k8s.io/v1beta1", "nodes", "", namespaced=False),
            ResourceType("PodMetrics", "metrics.k8s.io/v1beta1", "pods", ""))


def _order(rtype: ResourceType) -> tuple[int, str, str]:
    # Discovery lists the core group first, then the named groups.
    return (0 if not rtype.group else 1, rtype.group, rtype.plural)


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parsed = parse_args(argv, FLAGS, "api-resources")
    types = sorted((*RESOURCE_TYPES, *METRICS_TYPES), key=_order)
    namespaced = parsed.get("namespaced")
    if namespaced is not None:
        wanted = str(namespaced).lower() == "true"
        types = [t for t in types if t.namespaced == wanted]
    group = parsed.get("api_group")
    if group is not None:
        types = [t for t in types if t.group == group]
    output = parsed.get("output")
    if output == "name":
        return CommandResult("".join(f"{t.qualified}\n" for t in types))
    if output not in (None, "wide"):
        raise KubectlError(f'error: --output {output} is not available')
    header = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
    if output == "wide":
        header += ["VERBS", "CATEGORIES"]
    rows = [header] if not parsed.flag("no_headers") else []
    for t in types:
        row = [t.plural, ",".join(t.short_names), t.api_version, "true" if t.namespaced else "false", t.kind]
        if output == "wide":
            row += ["get,list" if t in METRICS_TYPES else _VERBS, "all" if t.plural in ALL_TYPES and t not in METRICS_TYPES else ""]
        rows.append(row)
    return CommandResult(table(rows))
