"""The legacy mongo shell's ``tojson``: how 4.4's ``mongo`` prints documents.

Pretty form (``printjson``, results at the prompt): tab indentation, ``"key" : value``, arrays
one item per line, ``{ }`` and ``[ ]`` when empty. Compact form (cursor documents): one line,
``{ "a" : 1, "b" : [ 1, 2 ] }``.
"""

from __future__ import annotations

import json

from .js import UNDEFINED, Raw

__all__ = ["shell_repr", "tojson"]


def _scalar(value: object) -> str:
    if isinstance(value, Raw):
        return str(value)
    if value is None:
        return "null"
    if value is UNDEFINED:
        return "undefined"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(str(value))


def tojson(value: object, indent: int = 0, pretty: bool = True) -> str:
    if isinstance(value, dict):
        if not value:
            return "{ }"
        if not pretty:
            return "{ " + ", ".join(f"{json.dumps(k)} : {tojson(v, pretty=False)}" for k, v in value.items()) + " }"
        pad = "\t" * (indent + 1)
        body = ",\n".join(f"{pad}{json.dumps(k)} : {tojson(v, indent + 1)}" for k, v in value.items())
        return "{\n" + body + "\n" + "\t" * indent + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[ ]"
        if not pretty:
            return "[ " + ", ".join(tojson(v, pretty=False) for v in value) + " ]"
        pad = "\t" * (indent + 1)
        body = ",\n".join(f"{pad}{tojson(v, indent + 1)}" for v in value)
        return "[\n" + body + "\n" + "\t" * indent + "]"
    return _scalar(value)


def shell_repr(value: object) -> str | None:
    """What the shell prints for a statement's value; None prints nothing (``undefined``)."""
    if value is UNDEFINED:
        return None
    if isinstance(value, str) and not isinstance(value, Raw):
        return value
    if hasattr(value, "shell_repr"):
        return value.shell_repr()
    return tojson(value)
