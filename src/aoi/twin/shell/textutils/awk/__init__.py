"""awk (a POSIX subset close to gawk): the `awk` program entry point over `parser` and `interp`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from aoi.twin.process import CommandResult
from aoi.twin.shell.textutils._common import NO_FILES, UsageError, getopt, lines_of, read_operand
from aoi.twin.shell.textutils.awk.interp import AwkRuntimeError, Interpreter
from aoi.twin.shell.textutils.awk.lexer import AwkSyntaxError
from aoi.twin.shell.textutils.awk.parser import Program, parse_program
from aoi.twin.shell.textutils.awk.values import StrNum, Value

_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)\Z", re.S)
_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", "/": "/", '"': '"', "r": "\r"}
_USAGE = "Usage: awk [POSIX or GNU style options] -f progfile [--] file ...\n"


@lru_cache(maxsize=256)
def _compile(src: str) -> Program:
    return parse_program(src)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def _records(text: str, rs: str) -> list[str]:
    if rs == "\n":
        return lines_of(text)
    if rs == "":
        return [p for p in re.split(r"\n\n+", text.strip("\n")) if p]
    parts = text.split(rs[0])
    return parts[:-1] if parts and parts[-1] in ("", "\n") else parts


def awk(argv: list[str], stdin: str, files: Mapping[str, str] = NO_FILES) -> CommandResult:
    """awk [-F fs] [-v var=value] 'program' [file | var=value]...; output redirection is refused."""
    try:
        opts, operands = getopt(
            "awk", argv[1:], "F:v:f:", {"field-separator": ("F", True), "assign": ("v", True)}
        )
    except UsageError as e:
        return CommandResult(stderr=f"{e}\n{_USAGE}", exit_code=2)
    variables: dict[str, Value] = {}
    source = None
    for flag, value in opts:
        if flag == "F":
            variables["FS"] = "\t" if value == "t" else _unescape(value)
        elif flag == "v":
            m = _ASSIGNMENT.match(value)
            if not m:
                return CommandResult(
                    stderr=f"awk: fatal: `{value}' is not a legal variable name\n", exit_code=2
                )
            variables[m.group(1)] = StrNum(_unescape(m.group(2)))
        elif flag == "f":
            source = read_operand(value, stdin, files)
            if source is None:
                return CommandResult(
                    stderr=f"awk: fatal: can't open source file `{value}' for reading: "
                    "No such file or directory\n",
                    exit_code=2,
                )
    if source is None:
        if not operands:
            return CommandResult(stderr=_USAGE, exit_code=2)
        source = operands.pop(0)
    try:
        program = _compile(source)
    except AwkSyntaxError as e:
        return CommandResult(stderr=f"awk: cmd. line:1: {e}\n", exit_code=1)
    interp = Interpreter(program, variables)
    records: list[str] = []
    for operand in operands or ["-"]:
        m = _ASSIGNMENT.match(operand)
        if m:  # "var=value" operands apply before the following files; the twin applies them up front
            interp.vars[m.group(1)] = StrNum(_unescape(m.group(2)))
            continue
        text = read_operand(operand, stdin, files)
        if text is None:
            message = f"awk: fatal: cannot open file `{operand}' for reading: No such file or directory\n"
            return CommandResult("", message, 2)
        records.extend(_records(text, interp.vars["RS"] if isinstance(interp.vars["RS"], str) else "\n"))
    if not any(not _ASSIGNMENT.match(o) for o in operands) and operands:
        records = _records(stdin, "\n")
    try:
        code = interp.run(records)
    except AwkRuntimeError as e:
        return CommandResult("".join(interp.out), f"awk: cmd. line:1: fatal: {e}\n", 2)
    return CommandResult("".join(interp.out), "", code)


__all__ = ["awk"]
