"""Server-side printing: objects as a meta.k8s.io Table, the form ``kubectl get`` asks for.

The columns and cells are the emulator's own printers (`aoi.twin.kubectl.printers.tables`), so
the served twin and the emulated ``kubectl get`` print the same rows. Like the real API server,
rows are always generated wide: the ``-o wide`` columns carry priority 1, which kubectl hides
unless asked. Events are the exception that proves it: their wide table is a different
column set, so it is the one served (the narrow one is its priority-0 subset).
"""

from __future__ import annotations

from ..kinds import ResourceType
from ..kubectl.printers.tables import spec_for
from .media import Representation
from .status import bad_request

__all__ = ["INCLUDE_OBJECT", "table"]

INCLUDE_OBJECT = ("None", "Metadata", "Object")


def _columns(kind: str) -> tuple[list[str], set[str]]:
    """(every header, the headers shown without ``-o wide``)."""
    narrow, wide = spec_for(kind, wide=False), spec_for(kind, wide=True)
    if wide is narrow:
        return [*wide.headers, *wide.wide_headers], set(narrow.headers)
    return list(wide.headers), set(narrow.headers)


def _cells(kind: str, obj: dict, now: float) -> list[str]:
    spec = spec_for(kind, wide=True)
    cells = spec.cells(obj, now)
    if spec.wide_cells is not None:
        cells.extend(spec.wide_cells(obj, now))
    return cells


def _row_object(obj: dict, include: str, rep: Representation) -> dict | None:
    if include == "Object":
        return obj
    if include == "Metadata":
        return {"kind": "PartialObjectMetadata", "apiVersion": rep.api_version, "metadata": obj["metadata"]}
    return None


def table(rtype: ResourceType, objects: list[dict], now: float, rep: Representation, *,
          include: str = "Metadata", resource_version: str = "") -> dict:
    """A Table of ``objects`` (all of ``rtype``) with ages against virtual time ``now``."""
    if include not in INCLUDE_OBJECT:
        raise bad_request(f'includeObject: Unsupported value: "{include}": supported values: '
                          '"Metadata", "None", "Object"')
    headers, shown = _columns(rtype.kind)
    columns = [{"name": h, "type": "string", "format": "name" if h == "NAME" else "", "description": "",
                "priority": 0 if h in shown else 1} for h in headers]
    rows = []
    for obj in objects:
        row: dict = {"cells": _cells(rtype.kind, obj, now)}
        row["object"] = _row_object(obj, include, rep)
        rows.append(row)
    return {"kind": "Table", "apiVersion": rep.api_version, "metadata": {"resourceVersion": resource_version},
            "columnDefinitions": columns, "rows": rows}
