"""``-o json`` and ``-o yaml``: one object as itself, several wrapped in a ``List``.

YAML follows kubectl (sigs.k8s.io/yaml over go-yaml): keys sorted, two-space indent, list items
not indented under their key, strings that would read as another type double-quoted, multi-line
strings as ``|`` blocks. JSON is indented by four spaces.
"""

from __future__ import annotations

import json

import yaml

__all__ = ["as_list", "to_json", "to_yaml"]


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_STR = "tag:yaml.org,2002:str"
_BAD_FIRST = frozenset("!&*|>'\"%@`#,[]{}")


def _needs_quotes(dumper: yaml.SafeDumper, value: str) -> bool:
    """Whether a one-line string cannot be written plain (go-yaml then uses double quotes)."""
    if not value or value[0].isspace() or value[-1].isspace() or value[0] in _BAD_FIRST:
        return True
    if value[0] in "-?:" and (len(value) == 1 or value[1] == " "):
        return True
    if value.startswith(("---", "...")) or ": " in value or " #" in value or value.endswith(":"):
        return True
    if any(ord(ch) < 32 or ch in "\x7f\ufeff" for ch in value):
        return True
    return dumper.resolve(yaml.ScalarNode, value, (True, False)) != _STR


class _KubeDumper(_Dumper):  # type: ignore[misc,valid-type]
    """Chooses scalar styles itself so the fast C emitter prints what go-yaml prints."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar(_STR, value, style="|")
    return dumper.represent_scalar(_STR, value, style='"' if _needs_quotes(dumper, value) else None)


_KubeDumper.add_representer(str, _represent_str)


def as_list(objects: list[dict]) -> dict:
    return {"apiVersion": "v1", "items": objects, "kind": "List", "metadata": {"resourceVersion": ""}}


def to_yaml(obj: dict) -> str:
    return yaml.dump(obj, Dumper=_KubeDumper, default_flow_style=False, sort_keys=True, allow_unicode=True)


def to_json(obj: dict) -> str:
    return json.dumps(obj, indent=4, sort_keys=True, ensure_ascii=False) + "\n"
