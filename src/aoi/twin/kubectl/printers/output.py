"""Choosing and running the printer an ``-o`` value names, for the objects a read verb found.

`Output.parse` validates the flag once (kubectl's exact "unable to match a printer" error);
`render_table` and `render_structured` do the printing. Tables go through `tabwriter.table`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..args import KubectlError
from ..lookup import Found
from .custom_columns import parse_columns, render_columns
from .json_yaml import as_list, to_json, to_yaml
from .jsonpath import parse
from .name import qualified_name
from .tables import spec_for
from .tabwriter import table

__all__ = ["Output", "TableOptions", "render_structured", "render_table"]

_ALLOWED = ("custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
            "jsonpath-file,name,template,templatefile,wide,yaml")


@dataclass(frozen=True)
class Output:
    kind: str  # table | wide | name | json | yaml | jsonpath | custom-columns
    argument: str = ""

    @classmethod
    def parse(cls, value: object) -> Output:
        text = str(value or "")
        if not text:
            return cls("table")
        name, _, argument = text.partition("=")
        if name in ("wide", "name", "json", "yaml") and not argument:
            return cls(name)
        if name == "jsonpath" and argument:
            return cls("jsonpath", _strip_quotes(argument))
        if name == "custom-columns" and argument:
            return cls("custom-columns", argument)
        if name in ("go-template", "template", "go-template-file", "templatefile"):
            raise KubectlError("error: go-template output is not supported here; use -o jsonpath=... instead")
        if name in ("jsonpath", "custom-columns"):
            raise KubectlError(f"error: {name} format specified but no {name} template given")
        raise KubectlError(f'error: unable to match a printer suitable for the output format "{text}", '
                           f"allowed formats are: {_ALLOWED}")

    @property
    def structured(self) -> bool:
        return self.kind in ("json", "yaml", "jsonpath")


def _strip_quotes(text: str) -> str:
    # `-o jsonpath='{...}'` reaches us with its quotes when no shell removed them.
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


@dataclass(frozen=True)
class TableOptions:
    wide: bool = False
    all_namespaces: bool = False
    with_kind: bool = False
    headers: bool = True
    show_labels: bool = False
    label_columns: tuple[str, ...] = ()


def _labels_text(obj: dict) -> str:
    labels = obj["metadata"].get("labels") or {}
    return ",".join(f"{k}={v}" for k, v in sorted(labels.items())) if labels else "<none>"


def render_table(group: Found, now: float, opts: TableOptions) -> str:
    rtype, objects = group.rtype, group.objects
    spec = spec_for(rtype.kind, opts.wide)
    headers = list(spec.headers)
    wide_cells: Callable | None = None
    if opts.wide and spec.wide_cells is not None:
        headers.extend(spec.wide_headers)
        wide_cells = spec.wide_cells
    namespaced = opts.all_namespaces and rtype.namespaced
    if namespaced:
        headers.insert(0, "NAMESPACE")
    headers.extend(label.rsplit("/", 1)[-1].upper() for label in opts.label_columns)  # kubectl: last path segment
    if opts.show_labels:
        headers.append("LABELS")
    rows = [headers] if opts.headers else []
    prefix = rtype.qualified_singular + "/" if opts.with_kind else ""
    cells_of = spec.cells
    for obj in objects:
        cells = cells_of(obj, now)
        if prefix and rtype.kind != "Event":
            cells[0] = prefix + cells[0]
        if wide_cells is not None:
            cells.extend(wide_cells(obj, now))
        if namespaced:
            cells.insert(0, obj["metadata"].get("namespace", ""))
        if opts.label_columns:
            labels = obj["metadata"].get("labels") or {}
            cells.extend(labels.get(label, "") for label in opts.label_columns)
        if opts.show_labels:
            cells.append(_labels_text(obj))
        rows.append(cells)
    return table(rows)


def render_structured(out: Output, groups: Sequence[Found], single: bool, headers: bool = True) -> str:
    """json / yaml / jsonpath / name / custom-columns over every object found."""
    pairs = [(g.rtype, o) for g in groups for o in g.objects]
    if out.kind == "name":
        return "".join(qualified_name(rtype, obj) + "\n" for rtype, obj in pairs)
    objects = [obj for _, obj in pairs]
    if out.kind == "custom-columns":
        return render_columns(parse_columns(out.argument), objects, headers)
    if single and not objects:
        return ""
    # Several objects, or a listing (even an empty one), print as a List.
    data = objects[0] if single and len(objects) == 1 else as_list(objects)
    if out.kind == "json":
        return to_json(data)
    if out.kind == "yaml":
        return to_yaml(data)
    return parse(out.argument).render(data)
