"""AIOpsLab's action grammar: from an agent response to one API call, and back.

The rules (and every error text) follow `aiopslab/orchestrator/parser.py`, quirks included,
because agents tuned on AIOpsLab react to those exact strings:

1. The response must contain exactly one match of ```` ```\\s*\\n(.*?)\\n``` ````: a fence with a
   language tag, two blocks or an inline block are all rejected with the validation text.
2. The call is read from the lines between the first two lines holding ```` ``` ````.
3. The API name is the text before the first ``(``.
4. ``exec_shell`` takes one quoted string (an optional ``command=`` prefix is dropped); every
   other API takes Python literals, read with `ast`.

`exec_shell_action` and `fence` build responses that this parser reads back unchanged, for
callers that start from a plain shell command (the CLI, replays).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any

from .errors import ResponseParsingError

__all__ = ["ParsedAction", "exec_shell_action", "fence", "parse_action"]

_BLOCK = re.compile(r"```\s*\n(.*?)\n```", re.DOTALL)

# AIOpsLab's text, trailing spaces and final indentation included; the agent sees it after the prefix.
FORMAT_ERROR = (
    "\nFormat validation failure. Only have one pair of three ticks in your block and check the ticks. \n"
    "Correct example 1:\n"
    "I should run:\n"
    "```\n"
    'exec_shell("ls")\n'
    "```\n"
    "\n"
    "Correct example 2:\n"
    "Check k8s info \n"
    "```\n"
    'exec_shell("kubectl get services --all-namespaces")\n'
    "```\n"
    "            "
)
UNQUOTED_COMMAND = "Error when parsing response: commands must be quoted strings"
NO_API_CALL = "No API call found!"


@dataclass(frozen=True)
class ParsedAction:
    """One API call: its name and the positional and keyword arguments the agent wrote."""

    api: str
    args: list[Any] = field(default_factory=list)
    kwargs: dict[str, Any] = field(default_factory=dict)


def parse_action(response: str) -> ParsedAction:
    """Parse an agent response, or raise `ResponseParsingError` with AIOpsLab's message."""
    if len(_BLOCK.findall(response)) != 1:
        raise ResponseParsingError(FORMAT_ERROR)
    call = _code_block(response)
    paren = call.find("(")
    api = call[:paren].strip() if paren != -1 else ""
    args, kwargs = _arguments(call, shell=api == "exec_shell")
    return ParsedAction(api, args, kwargs)


def _code_block(response: str) -> str:
    lines = response.split("\n")
    fences = [i for i, line in enumerate(lines) if "```" in line]
    return "\n".join(lines[fences[0] + 1 : fences[1]])


def _arguments(call: str, *, shell: bool) -> tuple[list[Any], dict[str, Any]]:
    start, end = call.find("("), call.rfind(")")
    if start == -1 or end == -1:
        raise ResponseParsingError(NO_API_CALL)
    inner = call[start + 1 : end].strip()
    if not inner:
        return [], {}
    if shell:
        return [_quoted_command(inner)], {}
    try:
        expr = ast.parse(f"func({inner})").body[0].value  # type: ignore[attr-defined]
        args = [_top_level_literal(node) for node in expr.args]
        kwargs = {kw.arg: _literal(kw.value) for kw in expr.keywords}
    except Exception as exc:  # any failure here is reported to the agent, never raised further
        raise ResponseParsingError(f"Error parsing response: {exc}") from exc
    return args, kwargs


def _quoted_command(inner: str) -> str:
    if inner.startswith("command="):
        # AIOpsLab removes every occurrence, not only the prefix; kept for identical behaviour.
        inner = inner.replace("command=", "").strip()
    for quote in ('"', "'"):
        if inner.startswith(quote) and inner.endswith(quote):
            # strip() drops every leading/trailing quote character, as AIOpsLab does.
            return inner.strip(quote).replace('\\"', '"').replace("\\'", "'")
    raise ResponseParsingError(UNQUOTED_COMMAND)


def _top_level_literal(node: ast.AST) -> Any:
    # A tuple is only accepted at the top level, where it becomes a list.
    if isinstance(node, ast.Tuple):
        return [_literal(item) for item in node.elts]
    return _literal(node)


def _literal(node: ast.AST | None) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.List):
        return [_literal(item) for item in node.elts]
    if isinstance(node, ast.Dict):
        return {_literal(key): _literal(value) for key, value in zip(node.keys, node.values, strict=True)}
    raise ValueError(f"Unsupported AST node type: {type(node)}")


def fence(action: str) -> str:
    """Wrap a bare action in the un-tagged fence the parser wants; fenced text is returned as is."""
    if "```" in action:
        return action
    return f"```\n{action}\n```"


def exec_shell_action(command: str) -> str:
    """An ``exec_shell(...)`` call that `parse_action` reads back as ``command``.

    Double quotes are used unless the command ends with one: the parser strips every trailing
    quote character, so a command ending in the quote would lose it. Backslash-quote pairs
    already in the command are unescaped by the parser and cannot be carried through.
    """
    quote = "'" if command.endswith('"') else '"'
    escaped = command.replace(quote, "\\" + quote)
    return f"exec_shell({quote}{escaped}{quote})"
