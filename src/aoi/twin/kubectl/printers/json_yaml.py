"""``-o json`` and ``-o yaml``: one object as itself, several wrapped in a ``List``.

YAML follows kubectl (sigs.k8s.io/yaml over go-yaml): keys sorted, two-space indent, list items
not indented under their key, strings that would read as another type (to go-yaml, `yaml_tags`)
double-quoted, others plain where the emitter allows it and single-quoted where it does not,
multi-line strings as ``|`` blocks. JSON is indented by four spaces, as Go's encoding/json writes it.
"""

from __future__ import annotations

import json

import yaml

from . import yaml_tags

__all__ = ["as_list", "go_json", "to_json", "to_yaml"]


_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _KubeDumper(_Dumper):  # type: ignore[misc,valid-type]
    """Resolves plain scalars as go-yaml does, so the emitter (libyaml, of which go-yaml is a port)
    falls back from plain to single- and double-quoted styles exactly where go-yaml does."""

    def resolve(self, kind: type, value: object, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0] and isinstance(value, str):
            return yaml_tags.resolve(value)
        return super().resolve(kind, value, implicit)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # go-yaml asks for a literal block for any multi-line string, double quotes for a string that
    # would read back as another type, and plain style otherwise; the emitter may fall back.
    if "\n" in value:
        return dumper.represent_scalar(yaml_tags.STR, value, style="|")
    style = None if yaml_tags.resolve(value) == yaml_tags.STR else '"'
    return dumper.represent_scalar(yaml_tags.STR, value, style=style)


_KubeDumper.add_representer(str, _represent_str)


def as_list(objects: list[dict]) -> dict:
    return {"apiVersion": "v1", "items": objects, "kind": "List", "metadata": {"resourceVersion": ""}}


def to_yaml(obj: dict) -> str:
    return yaml.dump(obj, Dumper=_KubeDumper, default_flow_style=False, sort_keys=True, allow_unicode=True)


# Go's encoding/json escapes HTML-significant characters and the two JavaScript line separators;
# outside strings none of them can occur, so replacing them in the encoded text is safe.
_GO_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                             "\u2028": "\\u2028", "\u2029": "\\u2029"})


def go_json(value: object, indent: int | None = None) -> str:
    """``value`` as Go's ``json.Marshal`` (or ``MarshalIndent`` with ``indent`` spaces) writes a
    decoded object: map keys sorted, non-ASCII kept, HTML characters escaped."""
    separators = (",", ": ") if indent is not None else (",", ":")
    text = json.dumps(value, indent=indent, separators=separators, sort_keys=True, ensure_ascii=False)
    return text.translate(_GO_ESCAPES)


def to_json(obj: dict) -> str:
    return go_json(obj, indent=4) + "\n"
