"""Run-time word expansion: parameters, command substitution, field splitting.

Literal words never reach this module (the runner keeps plain ``str`` words as they are). A `Word`
expands to zero or more fields: unquoted expansions split on blanks and newlines and vanish when
empty, quoted ones never split, and ``""`` survives as one empty field, as in bash.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from aoi.twin.shell.ast import Lit, Param, Script, Word, WordPart

Substitute = Callable[[Script], str]
"""Runs a substituted script and returns its stdout (the caller collects its stderr)."""

_IFS = re.compile(r"[ \t\n]+")
_SPECIAL = {"#": "0", "@": "", "*": "", "$": "1", "!": "", "-": "hB"}


def _param(part: Param, env: Mapping[str, str]) -> str:
    name = part.name
    is_set = name in env or name in _SPECIAL
    value = env.get(name, _SPECIAL.get(name, ""))
    op = part.op
    if not op:
        return value
    if op == "#":
        return str(len(value))
    if op == ":-":
        return value or part.arg
    if op == "-":
        return value if is_set else part.arg
    if op == ":+":
        return part.arg if value else ""
    return part.arg if is_set else ""  # "+"


def _value(part: WordPart, env: Mapping[str, str], substitute: Substitute) -> str:
    if isinstance(part, Lit):
        return part.text
    if isinstance(part, Param):
        return _param(part, env)
    return substitute(part.script).rstrip("\n")


def expand_text(word: str, env: Mapping[str, str], substitute: Substitute) -> str:
    """One string, no field splitting (heredoc bodies, here-strings, redirect targets, assignments)."""
    if not isinstance(word, Word):
        return word
    return "".join(_value(part, env, substitute) for part in word.parts)


def expand_fields(word: str, env: Mapping[str, str], substitute: Substitute) -> list[str]:
    """The argv fields one word expands to."""
    if not isinstance(word, Word):
        return [word]
    fields: list[str] = []
    current: list[str] = []
    started = False
    for part in word.parts:
        text = _value(part, env, substitute)
        if part.quoted:
            current.append(text)
            started = True
            continue
        for index, piece in enumerate(_IFS.split(text)):
            if index and started:
                fields.append("".join(current))
                current, started = [], False
            if piece:
                current.append(piece)
                started = True
    if started:
        fields.append("".join(current))
    return fields


__all__ = ["Substitute", "expand_fields", "expand_text"]
