"""The small utilities: cat, tee, true, false, sleep, rev, nl, and a deterministic date."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from datetime import datetime

from aoi.twin.process import CommandResult
from aoi.twin.shell.textutils._common import NO_FILES, UsageError, getopt, lines_of, read_operand, usage

DEFAULT_DATE = "2024-01-01T00:00:00+00:00"
"""What ``date`` prints when the Shell's env has no ``TWIN_DATE`` (an ISO-8601 timestamp)."""


def cat(argv: list[str], stdin: str, files: Mapping[str, str] = NO_FILES) -> CommandResult:
    """cat FILE... (``-`` or nothing is stdin); ``-n`` numbers lines as ``%6d<TAB>``."""
    try:
        opts, operands = getopt("cat", argv[1:], "nbsAEuv", {"number": ("n", False)})
    except UsageError as e:
        return usage("cat", e)
    out, errors = [], []
    for name in operands or ["-"]:
        text = read_operand(name, stdin, files)
        if text is None:
            errors.append(f"cat: {name}: No such file or directory\n")
        else:
            out.append(text)
    text = "".join(out)
    if any(f in ("n", "b") for f, _ in opts):
        text = "".join(f"{n:6d}\t{line}\n" for n, line in enumerate(lines_of(text), 1))
    return CommandResult(text, "".join(errors), 1 if errors else 0)


def tee(argv: list[str], stdin: str, files: MutableMapping[str, str] | None = None) -> CommandResult:
    """tee [-a] FILE...: stdin to stdout and to each file in the shell's in-memory file table."""
    try:
        opts, operands = getopt("tee", argv[1:], "ai", {"append": ("a", False)})
    except UsageError as e:
        return usage("tee", e)
    table: MutableMapping[str, str] = {} if files is None else files
    append = any(f == "a" for f, _ in opts)
    for name in operands:
        if name != "/dev/null":
            table[name] = (table.get(name, "") if append else "") + stdin
    return CommandResult(stdin)


def true(argv: list[str], stdin: str) -> CommandResult:
    """Exit 0."""
    return CommandResult()


def false(argv: list[str], stdin: str) -> CommandResult:
    """Exit 1."""
    return CommandResult(exit_code=1)


def sleep(argv: list[str], stdin: str) -> CommandResult:
    """Returns at once: time in the twin is virtual. Still rejects what GNU sleep rejects."""
    if len(argv) < 2:
        return usage("sleep", UsageError("sleep: missing operand"))
    for arg in argv[1:]:
        try:
            float(arg.rstrip("smhd") or "x")
        except ValueError:
            return usage("sleep", UsageError(f"sleep: invalid time interval '{arg}'"))
    return CommandResult()


def rev(argv: list[str], stdin: str, files: Mapping[str, str] = NO_FILES) -> CommandResult:
    """Each line reversed."""
    text = "".join(read_operand(n, stdin, files) or "" for n in argv[1:]) if len(argv) > 1 else stdin
    return CommandResult("".join(line[::-1] + "\n" for line in lines_of(text)))


def nl(argv: list[str], stdin: str, files: Mapping[str, str] = NO_FILES) -> CommandResult:
    """GNU nl: numbers non-empty lines ``%6d<TAB>``; ``-b a`` numbers all, ``-w N``, ``-s SEP``."""
    try:
        opts, operands = getopt("nl", argv[1:], "b:w:s:v:", {"body-numbering": ("b", True)})
    except UsageError as e:
        return usage("nl", e)
    o = dict(opts)
    width, sep, number = int(o.get("w", "6")), o.get("s", "\t"), int(o.get("v", "1"))
    text = read_operand(operands[0], stdin, files) if operands else stdin
    if text is None:
        return CommandResult(stderr=f"nl: {operands[0]}: No such file or directory\n", exit_code=1)
    out = []
    for line in lines_of(text):
        if line or o.get("b") == "a":
            out.append(f"{number:{width}d}{sep}{line}\n")
            number += 1
        else:
            out.append(" " * (width + len(sep)) + "\n")
    return CommandResult("".join(out))


def date(argv: list[str], stdin: str, now: str = DEFAULT_DATE) -> CommandResult:
    """``date`` / ``date +FORMAT`` for the fixed instant ``now``; ``-u``/``--utc`` are accepted."""
    try:
        moment = datetime.fromisoformat(now.replace("Z", "+00:00"))
    except ValueError:
        return CommandResult(stderr=f"date: invalid date '{now}'\n", exit_code=1)
    fmt = "%a %b %e %H:%M:%S %Z %Y"
    for arg in argv[1:]:
        if arg.startswith("+"):
            fmt = arg[1:]
        elif arg not in ("-u", "--utc", "-R") and not arg.startswith("--rfc-3339"):
            return CommandResult(stderr=f"date: invalid option -- '{arg.lstrip('-')[:1]}'\n", exit_code=1)
    fmt = fmt.replace("%s", str(int(moment.timestamp()))).replace("%N", "000000000")
    if "%e" in fmt:
        fmt = fmt.replace("%e", f"{moment.day:2d}")
    text = moment.strftime(fmt)
    if moment.tzinfo is not None and moment.utcoffset().total_seconds() == 0:
        text = text.replace("UTC+00:00", "UTC")
    return CommandResult(text + "\n")


__all__ = ["DEFAULT_DATE", "cat", "date", "false", "nl", "rev", "sleep", "tee", "true"]
