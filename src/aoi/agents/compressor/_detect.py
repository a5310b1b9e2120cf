"""Which format a successful command printed, from its text first and its command line second.

Content decides because pipes change formats (``kubectl get pods | grep geo`` prints no header);
the command only tips the balance between logs and plain text, and between YAML and text.
"""

from __future__ import annotations

import re

from ._csv import looks_like_csv
from ._describe import looks_like_describe
from ._evidence import EvidenceKind
from ._table import looks_like_table

__all__ = ["detect", "looks_like_error"]

_ERROR_START = re.compile(
    r"^(?:\[ERROR\]|Error from server|error:|Error:|Unable to connect|The connection to the server"
    r"|bash: |sh: |.*: command not found)"
)
_LOG_COMMAND = re.compile(r"\b(?:logs|get_logs|journalctl)\b|\.log\b")
_YAML_COMMAND = re.compile(r"-o\s*=?\s*yaml\b|--output[= ]yaml\b|\.ya?ml\b")
_YAML_START = re.compile(r"^(?:apiVersion|kind|items|metadata|spec|data):", re.MULTILINE)


def looks_like_error(text: str) -> bool:
    """True when the output is an error message (kubectl's, AIOpsLab's ``[ERROR]``, a shell's)."""
    return bool(_ERROR_START.match(text.lstrip()))


def detect(command: str, text: str) -> EvidenceKind:
    """The kind of a non-empty output of a command that exited 0."""
    head = text.lstrip()
    if looks_like_error(head) and head.count("\n") < 5:
        return "error"
    if head[:1] in "{[" and head.rstrip()[-1:] in "}]" and not _many_json_lines(head):
        return "json"
    if looks_like_table(head):
        return "table"
    if looks_like_describe(head):
        return "describe"
    if looks_like_csv(head):
        return "csv"
    if _LOG_COMMAND.search(command):
        return "logs"
    if _YAML_START.match(head) or (_YAML_COMMAND.search(command) and ":" in head.split("\n", 1)[0]):
        return "yaml"
    return "text"


def _many_json_lines(text: str) -> bool:
    """JSON-lines logs: every line its own object (one ``{`` per line start)."""
    lines = text.split("\n", 3)
    return len(lines) > 2 and all(line.startswith("{") for line in lines[:3])
