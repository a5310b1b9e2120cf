"""``-o custom-columns=HEADER:.path,...``: one column per JSONPath, ``<none>`` when it selects nothing."""

from __future__ import annotations

from collections.abc import Sequence

from ..args import KubectlError
from .jsonpath import evaluate
from .tabwriter import table

__all__ = ["go_value", "parse_columns", "render_columns"]


def parse_columns(spec: str) -> list[tuple[str, str]]:
    columns = []
    for part in spec.split(","):
        header, sep, path = part.partition(":")
        if not sep or not header:
            raise KubectlError(
                f"error: unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>")
        columns.append((header, path))
    if not columns:
        raise KubectlError("error: custom-columns format specified but no custom columns given")
    return columns


def go_value(value: object) -> str:
    """Go's ``%v`` of a decoded JSON value: ``map[k:v]``, ``[a b]``, ``<nil>``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "<nil>"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_value(value[k])}" for k in sorted(value)) + "]"
    if isinstance(value, list):
        return "[" + " ".join(go_value(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def render_columns(columns: Sequence[tuple[str, str]], objects: Sequence[dict], headers: bool = True) -> str:
    rows = [[h for h, _ in columns]] if headers else []
    for obj in objects:
        row = []
        for _, path in columns:
            values = evaluate(path, obj)
            row.append(",".join(go_value(v) for v in values) if values else "<none>")
        rows.append(row)
    return table(rows)
