"""Reading YAML/JSON the way kubectl does: patches given with ``-p`` and manifests on stdin.

kubectl converts YAML to JSON with go-yaml, so its parse errors read ``yaml: line 3: could not
find expected ':'``; PyYAML's errors are translated into that wording, including go-yaml's
habit of counting parser-error lines from zero and leaving out ``line 0``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import NamedTuple

import yaml

from .args import KubectlError
from .json_syntax import go_json_error

__all__ = ["ManifestError", "MalformedJSON", "load_documents", "load_yaml", "parse_patch_text", "read_source",
           "yaml_error_text"]


class _Loader(yaml.SafeLoader):
    """Safe YAML without timestamp parsing: manifests carry RFC 3339 strings, not datetimes."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_PROBLEMS = (
    ("expected ',' or '}'", "did not find expected ',' or '}'"),
    ("expected ',' or ']'", "did not find expected ',' or ']'"),
    ("expected the node content", "did not find expected node content"),
    ("expected '<document start>'", "did not find expected <document start>"),
    ("could not find expected ':'", "could not find expected ':'"),
    ("mapping values are not allowed here", "mapping values are not allowed in this context"),
    ("that cannot start any token", "found character that cannot start any token"),
    ("found unexpected end of stream", "found unexpected end of stream"),
    ("expected <block end>", "did not find expected key"),
    ("found undefined alias", "unknown anchor referenced"),
)


class ManifestError(Exception):
    """Text that is not valid YAML; ``str`` is go-yaml's message (``yaml: line 2: ...``)."""


def yaml_error_text(err: yaml.YAMLError) -> str:
    problem = getattr(err, "problem", None) or str(err)
    text = next((go for py, go in _PROBLEMS if py in problem), problem)
    mark = getattr(err, "problem_mark", None)
    line = mark.line if mark is not None else 0
    if line and isinstance(err, yaml.scanner.ScannerError):
        line += 1
    return f"yaml: line {line}: {text}" if line else f"yaml: {text}"


def _load_all(text: str) -> list[object]:
    try:
        return list(yaml.load_all(text, Loader=_Loader))  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as err:
        raise ManifestError(yaml_error_text(err)) from err


def load_yaml(text: str) -> list[object]:
    """The documents of a YAML (or JSON) stream as kubectl reads them; `ManifestError` if invalid."""
    return _load_all(text)


class MalformedJSON(NamedTuple):
    """A ``{``-prefixed patch that is not JSON: kubectl sends it anyway, the server rejects it."""

    message: str  # Go's syntax error, as the API server reports it


def parse_patch_text(text: str) -> object:
    """A ``-p`` argument as kubectl reads it: text that starts with ``{`` is JSON and goes to the
    server unparsed (`MalformedJSON` when it is not JSON); anything else is YAML, and YAML that does
    not parse is kubectl's own ``unable to parse``."""
    if text.lstrip(" \t\r\n").startswith("{"):
        error = go_json_error(text)
        return MalformedJSON(error) if error is not None else json.loads(text)
    try:
        docs = _load_all(text)
    except ManifestError as err:
        raise KubectlError(f'error: unable to parse "{text}": {err}') from err
    return docs[0] if docs else None


def load_documents(text: str, source: str = "STDIN") -> list[dict]:
    """The objects in a manifest stream: ``---``-separated documents, ``kind: List`` expanded."""
    try:
        docs = _load_all(text)
    except ManifestError as err:
        raise KubectlError(f"error: error parsing {source}: error converting YAML to JSON: {err}") from err
    objects: list[dict] = []
    for doc in docs:
        if doc is None:
            continue
        if not isinstance(doc, dict):
            raise KubectlError(
                f"error: error parsing {source}: error unmarshaling JSON: while decoding JSON: "
                "json: cannot unmarshal array into Go value of type map[string]interface {}"
            )
        if doc.get("kind") == "List" or (str(doc.get("kind", "")).endswith("List") and "items" in doc):
            objects.extend(item for item in doc.get("items") or [] if isinstance(item, dict))
        else:
            objects.append(doc)
    for obj in objects:
        for field in ("apiVersion", "kind"):
            if not obj.get(field):
                raise KubectlError(
                    f'error: error validating "{source}": error validating data: {field} not set; if you choose '
                    "to ignore these errors, turn validation off with --validate=false"
                )
    return objects


def read_source(filename: str, stdin: str, files: Mapping[str, str] | None) -> tuple[str, str]:
    """The text named by ``-f`` and the label kubectl uses for it in errors (``STDIN`` or the path).

    Files come from the shell's in-memory table when the context carries one; the twin never
    reads the host's disk.
    """
    if filename == "-":
        return stdin, "STDIN"
    if files is not None and filename in files:
        return files[filename], filename
    raise KubectlError(f'error: the path "{filename}" does not exist')
