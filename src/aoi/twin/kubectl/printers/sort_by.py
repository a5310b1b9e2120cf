"""``--sort-by``: kubectl's RuntimeSort/TableSorter comparison under Go's unstable ``sort.Sort``.

Only the first value the path selects counts. An object without one sorts before anything (even
before another without one: kubectl's ``Less`` answers true for it either way, and the sort's
order then follows). Two strings that both parse as quantities compare by value (``9`` before
``10``, ``500m`` before ``1``), other strings byte-wise; numbers compare as numbers; ``null``
before everything. Values kubectl cannot order (booleans, maps, a number against a string) end
kubectl with an error.
"""

from __future__ import annotations

from ..args import KubectlError
from ..quantity import parse_quantity
from .go_sort import go_sort
from .jsonpath import evaluate

__all__ = ["FieldNotFound", "sort_objects"]


class _Unsortable(Exception):
    pass


class FieldNotFound(KubectlError):
    """No object has a value at the ``--sort-by`` path."""


def _less(a: object, b: object) -> bool:
    """apimachinery's isLess on two decoded JSON values."""
    if a is None or b is None:
        return a is None and b is not None
    if isinstance(a, bool) or isinstance(b, bool) or type(a) is not type(b):
        raise _Unsortable(type(a).__name__)
    if isinstance(a, int | float):
        return a < b  # type: ignore[operator]
    if isinstance(a, str):
        qa, qb = parse_quantity(a), parse_quantity(b)  # type: ignore[arg-type]
        return qa < qb if qa is not None and qb is not None else a < b  # type: ignore[operator]
    raise _Unsortable(type(a).__name__)


def sort_objects(objects: list[dict], sort_by: str) -> list[dict]:
    field = sort_by if sort_by.startswith("{") else "{" + sort_by + "}"
    keyed = [(evaluate(field, obj), obj) for obj in objects]
    if objects and not any(values for values, _ in keyed):
        raise FieldNotFound(f'error: couldn\'t find any field with path "{field}" in the list of objects')

    def less(a: tuple[list, dict], b: tuple[list, dict]) -> bool:
        if not a[0]:
            return True
        if not b[0]:
            return False
        return _less(a[0][0], b[0][0])

    try:
        go_sort(keyed, less)
    except _Unsortable as err:
        raise KubectlError(f"error: field {field} is an unsortable type: {err}") from None
    return [obj for _, obj in keyed]
