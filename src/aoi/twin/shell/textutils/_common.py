"""Helpers every text utility shares: GNU-style option parsing, reading operands, line splitting."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from aoi.twin.process import CommandResult

NO_FILES: Mapping[str, str] = MappingProxyType({})
"""The file table of a utility run outside a `Shell`: every path is missing."""

STDIN_NAME = "(standard input)"


class UsageError(Exception):
    """A bad flag or operand; ``str`` is the first stderr line (``prog: invalid option -- 'z'``)."""


def getopt(
    prog: str, args: list[str], spec: str, longs: Mapping[str, tuple[str, bool]] | None = None
) -> tuple[list[tuple[str, str]], list[str]]:
    """GNU getopt_long with argument permutation.

    ``spec`` lists short flags, a ``:`` after a letter meaning it takes a value (``"in:"``);
    ``longs`` maps long names to (key, takes_value); unique prefixes of long names are accepted.
    Returns ((key, value) in order, operands).
    """
    longs = longs or {}
    opts: list[tuple[str, str]] = []
    operands: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            operands.extend(args[i + 1 :])
            break
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            matches = [n for n in longs if n == name] or [n for n in longs if n.startswith(name)]
            if len(matches) != 1:
                kind = "unrecognized" if not matches else "ambiguous"
                raise UsageError(f"{prog}: {kind} option '{arg}'")
            key, takes = longs[matches[0]]
            if takes and not eq:
                i += 1
                if i >= len(args):
                    raise UsageError(f"{prog}: option '--{matches[0]}' requires an argument")
                value = args[i]
            opts.append((key, value))
        elif arg.startswith("-") and len(arg) > 1:
            j = 1
            while j < len(arg):
                ch = arg[j]
                at = spec.find(ch)
                if at < 0 or ch == ":":
                    raise UsageError(f"{prog}: invalid option -- '{ch}'")
                if spec[at + 1 : at + 2] == ":":
                    value = arg[j + 1 :]
                    if not value:
                        i += 1
                        if i >= len(args):
                            raise UsageError(f"{prog}: option requires an argument -- '{ch}'")
                        value = args[i]
                    opts.append((ch, value))
                    break
                opts.append((ch, ""))
                j += 1
        else:
            operands.append(arg)
        i += 1
    return opts, operands


def usage(prog: str, error: UsageError, exit_code: int = 1) -> CommandResult:
    """GNU's two-line answer to a bad flag."""
    return CommandResult(stderr=f"{error}\nTry '{prog} --help' for more information.\n", exit_code=exit_code)


def read_operand(path: str, stdin: str, files: Mapping[str, str]) -> str | None:
    """The text of one operand (``-`` is stdin, ``/dev/null`` is empty), or None if it is missing."""
    if path == "-" or path == "/dev/stdin":
        return stdin
    if path == "/dev/null":
        return ""
    return files.get(path)


def lines_of(text: str) -> list[str]:
    """Lines without their newlines; a missing final newline still ends the last line."""
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


def lines_keepends(text: str) -> list[str]:
    """Lines with their newlines kept (the last one may lack it), for byte-faithful head/tail."""
    return _LINE.findall(text)


def unlines(lines: list[str]) -> str:
    """Each line followed by a newline, as the utilities print them."""
    return "".join(line + "\n" for line in lines)


def parse_count(text: str) -> int | None:
    """A non-negative integer with GNU's size suffixes not supported; None when not a number."""
    text = text.strip()
    return int(text) if text.isdigit() else None


__all__ = [
    "NO_FILES",
    "STDIN_NAME",
    "UsageError",
    "getopt",
    "lines_keepends",
    "lines_of",
    "parse_count",
    "read_operand",
    "unlines",
    "usage",
]
