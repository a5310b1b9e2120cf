"""jq (a subset of jq 1.6/1.7): the `jq` program entry point, options and output formatting."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache

from aoi.twin.process import CommandResult
from aoi.twin.shell.textutils._common import NO_FILES, UsageError, getopt, lines_of, read_operand
from aoi.twin.shell.textutils.jq.builtins import undefined_calls
from aoi.twin.shell.textutils.jq.evaluate import JqError, dumps, evaluate, truthy
from aoi.twin.shell.textutils.jq.lexer import JqSyntaxError
from aoi.twin.shell.textutils.jq.parser import Node, parse_filter

_LONGS = {
    "raw-output": ("r", False),
    "compact-output": ("c", False),
    "null-input": ("n", False),
    "slurp": ("s", False),
    "exit-status": ("e", False),
    "join-output": ("j", False),
    "sort-keys": ("S", False),
    "monochrome-output": ("M", False),
    "color-output": ("C", False),
    "raw-input": ("R", False),
    "arg": ("arg", False),
    "argjson": ("argjson", False),
    "tab": ("tab", False),
    "indent": ("indent", True),
}
_DECODER = json.JSONDecoder()


@lru_cache(maxsize=256)
def _compile(src: str) -> Node:
    return parse_filter(src)


def _inputs(text: str) -> list[object]:
    """Every JSON value in ``text`` (jq reads a stream of whitespace-separated values)."""
    values, i = [], 0
    while True:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if i >= len(text):
            return values
        try:
            value, i = _DECODER.raw_decode(text, i)
        except json.JSONDecodeError as e:
            what = "Unfinished JSON term at EOF" if not text[e.pos :].strip() else "Invalid literal"
            raise JqError(f"{what} at line {e.lineno}, column {e.colno}") from None
        values.append(value)


def _named_args(args: list[str]) -> tuple[dict[str, object], list[str]]:
    """Pull ``--arg name value`` / ``--argjson name json`` (two operands each) out of argv."""
    named, rest, i = {}, [], 0
    while i < len(args):
        if args[i] in ("--arg", "--argjson") and i + 2 < len(args):
            name, raw = args[i + 1], args[i + 2]
            named[name] = raw if args[i] == "--arg" else json.loads(raw)
            i += 3
        else:
            rest.append(args[i])
            i += 1
    return named, rest


def jq(argv: list[str], stdin: str, files: Mapping[str, str] = NO_FILES) -> CommandResult:
    """jq [-r] [-c] [-n] [-s] [-e] [-j] [-S] [--arg n v] [--argjson n j] FILTER [FILE...]."""
    try:
        named, args = _named_args(argv[1:])
        opts, operands = getopt("jq", args, "rcnsejSMCRa", _LONGS)
    except (UsageError, json.JSONDecodeError, IndexError) as e:
        return CommandResult(
            stderr=f"jq: error: {e}\nUse jq --help for help with command-line options,\n"
            "or see the jq manpage, or online docs  at https://jqlang.github.io/jq\n",
            exit_code=2,
        )
    flags = {f for f, _ in opts}
    indent = None if "c" in flags else int(dict(opts).get("indent", "2"))
    if not operands:
        return CommandResult(stderr="Usage:\tjq [OPTIONS] FILTER [FILES...]\n", exit_code=2)
    source = operands.pop(0)
    try:
        program = _compile(source)
        missing = undefined_calls(program)
        if missing:
            raise JqSyntaxError(f"{missing[0]} is not defined at <top-level>, line 1:\n{source}")
    except JqSyntaxError as e:
        return CommandResult(stderr=f"jq: error: {e}\njq: 1 compile error\n", exit_code=3)
    texts = []
    for name in operands or ["-"]:
        text = read_operand(name, stdin, files)
        if text is None:
            return CommandResult(
                stderr=f"jq: error: Could not open {name}: No such file or directory\n", exit_code=2
            )
        texts.append(text)
    text = "".join(texts)
    try:
        inputs = list(lines_of(text)) if "R" in flags else _inputs(text)
    except JqError as e:
        return CommandResult(stderr=f"jq: parse error: {e}\n", exit_code=2)
    if "s" in flags:
        inputs = ["\n".join(inputs)] if "R" in flags else [inputs]
    if "n" in flags:
        inputs = [None]
    out, last, produced = [], None, False
    for value in inputs:
        try:
            for result in evaluate(program, value, named):
                produced, last = True, result
                if isinstance(result, str) and flags & {"r", "j"}:
                    out.append(result)
                else:
                    out.append(dumps(result, indent, "S" in flags))
                if "j" not in flags:
                    out.append("\n")
        except JqError as e:
            message = e.value if isinstance(e.value, str) else dumps(e.value) + " (not a string)"
            line = text.count("\n")
            return CommandResult("".join(out), f"jq: error (at <stdin>:{line}): {message}\n", 5)
    code = 0
    if "e" in flags:
        code = 4 if not produced else (0 if truthy(last) else 1)
    return CommandResult("".join(out), "", code)


__all__ = ["jq"]
