"""head and tail: first or last lines or characters, GNU's ``==> name <==`` headers for many files."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from aoi.twin.process import CommandResult
from aoi.twin.shell.textutils._common import NO_FILES, UsageError, getopt, lines_keepends, read_operand, usage

_LONGS = {
    "lines": ("n", True),
    "bytes": ("c", True),
    "quiet": ("q", False),
    "silent": ("q", False),
    "verbose": ("v", False),
    "follow": ("f", False),
}

# (text, count, by_lines, signed) -> selected text; signed is "-n +N" for tail, "-n -N" for head.
_Select = Callable[[str, int, bool, bool], str]


def _head(text: str, count: int, by_lines: bool, all_but_last: bool) -> str:
    units = lines_keepends(text) if by_lines else list(text)
    return "".join(units[: max(len(units) - count, 0)] if all_but_last else units[:count])


def _tail(text: str, count: int, by_lines: bool, from_start: bool) -> str:
    units = lines_keepends(text) if by_lines else list(text)
    if from_start:
        return "".join(units[max(count - 1, 0) :])
    return "".join(units[-count:]) if count else ""


def _numeric_shorthand(args: list[str]) -> list[str]:
    """``head -5`` / ``tail -20`` mean ``-n 5`` / ``-n 20``; ``tail +3`` means ``-n +3``."""
    out: list[str] = []
    for arg in args:
        takes_value = bool(out) and out[-1] in ("-n", "-c", "--lines", "--bytes")
        if not takes_value and len(arg) > 1 and arg[0] == "-" and arg[1:].isdigit():
            arg = "-n" + arg[1:]
        out.append(arg)
    return out


def _run(prog: str, select: _Select, argv: list[str], stdin: str, files: Mapping[str, str]) -> CommandResult:
    try:
        opts, operands = getopt(prog, _numeric_shorthand(argv[1:]), "n:c:qvfF", _LONGS)
    except UsageError as e:
        return usage(prog, e)
    count, by_lines, signed, headers = 10, True, False, None
    for flag, value in opts:
        if flag in ("n", "c"):
            by_lines = flag == "n"
            sign = value[:1] if value[:1] in "+-" else ""
            if not value[len(sign) :].isdigit():
                kind = "lines" if by_lines else "bytes"
                return CommandResult(stderr=f"{prog}: invalid number of {kind}: '{value}'\n", exit_code=1)
            count = int(value[len(sign) :])
            signed = sign == ("-" if prog == "head" else "+")
        elif flag in ("q", "v"):
            headers = flag == "v"
    names = operands or ["-"]
    show = headers if headers is not None else len(names) > 1
    out, errors = [], []
    for name in names:
        text = read_operand(name, stdin, files)
        if text is None:
            errors.append(f"{prog}: cannot open '{name}' for reading: No such file or directory\n")
            continue
        if show:
            out.append(("\n" if out else "") + f"==> {'standard input' if name == '-' else name} <==\n")
        out.append(select(text, count, by_lines, signed))
    return CommandResult("".join(out), "".join(errors), 1 if errors else 0)


def head(argv: list[str], stdin: str, files: Mapping[str, str] = NO_FILES) -> CommandResult:
    """GNU head: ``-n N``, ``-N``, ``-n -N`` (all but the last N), ``-c N``."""
    return _run("head", _head, argv, stdin, files)


def tail(argv: list[str], stdin: str, files: Mapping[str, str] = NO_FILES) -> CommandResult:
    """GNU tail: ``-n N``, ``-N``, ``-n +N`` (from line N), ``-c N``; ``-f`` prints and returns."""
    return _run("tail", _tail, argv, stdin, files)


__all__ = ["head", "tail"]
