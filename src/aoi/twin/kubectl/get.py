"""``kubectl get``: tables per resource type, ``get all`` sections, and every ``-o`` format.

Objects found are printed on stdout; names that do not exist are reported on stderr, one
NotFound line each, with exit code 1. An empty listing prints kubectl's "No resources found"
line on stderr and succeeds. ``-w`` prints the current state once: nothing in the twin waits.
"""

from __future__ import annotations

from ..process import CommandResult
from .args import Flag, KubectlError, namespace_of, parse_args, parse_targets
from .context import KubectlContext
from .lookup import Query, collect, no_resources_message
from .printers.output import Output, TableOptions, render_structured, render_table
from .printers.sort_by import FieldNotFound, sort_objects
from .selectors import parse_field_selector, parse_label_selector

__all__ = ["run"]

FLAGS = (
    Flag("output", ("-o", "--output")),
    Flag("selector", ("-l", "--selector")),
    Flag("field_selector", ("--field-selector",)),
    Flag("all_namespaces", ("-A", "--all-namespaces"), takes_value=False),
    Flag("watch", ("-w", "--watch"), takes_value=False),
    Flag("watch_only", ("--watch-only",), takes_value=False),
    Flag("show_labels", ("--show-labels",), takes_value=False),
    Flag("show_kind", ("--show-kind",), takes_value=False),
    Flag("no_headers", ("--no-headers",), takes_value=False),
    Flag("sort_by", ("--sort-by",)),
    Flag("label_columns", ("-L", "--label-columns"), repeatable=True),
    Flag("ignore_not_found", ("--ignore-not-found",), takes_value=False),
    Flag("chunk_size", ("--chunk-size",)),
    Flag("server_print", ("--server-print",), takes_value=False),
    Flag("show_managed_fields", ("--show-managed-fields",), takes_value=False),
    Flag("output_watch_events", ("--output-watch-events",), takes_value=False),
    Flag("raw", ("--raw",)),
    Flag("subresource", ("--subresource",)),
    Flag("template", ("--template",)),
    Flag("allow_missing_template_keys", ("--allow-missing-template-keys",), takes_value=False),
)

_NO_TYPE = (
    'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of '
    "supported resources.\n\nerror: Required resource not specified.\n"
    'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n'
    "See 'kubectl get -h' for help and examples"
)


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parsed = parse_args(argv, FLAGS, "get")
    targets = parse_targets(parsed.positionals)
    if not targets:
        raise KubectlError(_NO_TYPE)
    out = Output.parse(parsed.get("output"))
    all_namespaces = parsed.flag("all_namespaces")
    if all_namespaces and any(t.names for t in targets):
        raise KubectlError("error: a resource cannot be retrieved by name across all namespaces")
    namespace = None if all_namespaces else namespace_of(parsed, ctx.default_namespace)
    query = Query(namespace, parse_label_selector(parsed.get("selector")),
                  parse_field_selector(parsed.get("field_selector")))
    groups, errors = collect(ctx, targets, query)
    if parsed.flag("ignore_not_found"):
        errors = []
    sort_by = parsed.get("sort_by")
    if sort_by:
        for group in groups:
            try:
                group.objects = sort_objects(group.objects, str(sort_by))
            except FieldNotFound:
                if out.kind not in ("table", "wide"):
                    raise
                # kubectl 1.32 prints a server Table whose rows all lack the field as nothing at all
                # (then "No resources found"), not as an error
                group.objects = []
    stderr = "".join(e + "\n" for e in errors)
    code = 1 if errors else 0
    found = [g for g in groups if g.objects]
    if out.kind in ("table", "wide"):
        if not found:
            if not errors and not any(t.names for t in targets):
                namespaced = any(t.rtype.namespaced for t in targets)
                stderr += no_resources_message(namespace, namespaced) + "\n"
            return CommandResult("", stderr, code)
        labels = parsed.get("label_columns") or []
        opts = TableOptions(
            wide=out.kind == "wide",
            all_namespaces=all_namespaces,
            with_kind=parsed.flag("show_kind") or len(found) > 1,
            headers=not parsed.flag("no_headers"),
            show_labels=parsed.flag("show_labels"),
            label_columns=tuple(c for item in labels for c in str(item).split(",") if c),
        )
        now = ctx.cluster.clock.now
        stdout = "\n".join(render_table(g, now, opts) for g in found)
        return CommandResult(stdout, stderr, code)
    single = len(targets) == 1 and len(targets[0].names) == 1
    stdout = render_structured(out, groups, single, headers=not parsed.flag("no_headers"))
    if not found and not errors and out.kind in ("name", "custom-columns") and not single:
        namespaced = any(t.rtype.namespaced for t in targets)
        stderr += no_resources_message(namespace, namespaced) + "\n"
    return CommandResult(stdout, stderr, code)
