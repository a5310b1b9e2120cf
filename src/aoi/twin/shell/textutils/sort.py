"""sort and uniq. Comparison is by code point (the C locale), so the twin's order never depends
on the host's locale; keys skip leading blanks the way sort -b does, which is also what a UTF-8
locale's collation effectively does for the aligned columns of kubectl tables."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from aoi.twin.process import CommandResult
from aoi.twin.shell.textutils._common import (
    NO_FILES,
    UsageError,
    getopt,
    lines_of,
    read_operand,
    unlines,
    usage,
)

_SORT_LONGS = {
    "numeric-sort": ("n", False),
    "reverse": ("r", False),
    "key": ("k", True),
    "field-separator": ("t", True),
    "unique": ("u", False),
    "human-numeric-sort": ("h", False),
    "version-sort": ("V", False),
    "ignore-case": ("f", False),
    "general-numeric-sort": ("g", False),
    "stable": ("s", False),
    "ignore-leading-blanks": ("b", False),
}
_KEY = re.compile(r"([0-9]+)(?:\.([0-9]+))?([bdfghinrMV]*)(?:,([0-9]+)(?:\.([0-9]+))?([bdfghinrMV]*))?\Z")
_NUMBER = re.compile(r"\s*(-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))")
_HUMAN = re.compile(r"\s*(-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))([kKMGTPEZY]?)")
_FIELD = re.compile(r"\s*\S+")
_VERSION_CHUNK = re.compile(r"[0-9]+|[^0-9]+")
_SUFFIX = " KMGTPEZY"


def _numeric(text: str) -> float:
    m = _NUMBER.match(text)
    return float(m.group(1)) if m else 0.0


def _human(text: str) -> float:
    m = _HUMAN.match(text)
    if not m:
        return 0.0
    return float(m.group(1)) * 1024.0 ** _SUFFIX.index(m.group(2).upper() or " ")


def _version(text: str) -> tuple:
    return tuple((0, int(c), "") if c.isdigit() else (1, 0, c) for c in _VERSION_CHUNK.findall(text))


_MODES: dict[str, Callable[[str], object]] = {"n": _numeric, "g": _numeric, "h": _human, "V": _version}


class _FieldZero(UsageError):
    """GNU prints this one without the "Try 'sort --help'" line."""


@dataclass(frozen=True)
class _Key:
    start_field: int
    start_char: int
    end_field: int | None
    end_char: int
    flags: str

    def extract(self, line: str, sep: str | None) -> str:
        if sep is None:
            spans = [m.span() for m in _FIELD.finditer(line)]
        else:
            spans, at = [], 0
            for part in line.split(sep):
                spans.append((at, at + len(part)))
                at += len(part) + len(sep)
        if self.start_field > len(spans):
            return ""
        begin = spans[self.start_field - 1][0]
        if sep is None:  # the field's leading blanks belong to it; skip them, as -b would
            begin += len(line[begin:]) - len(line[begin:].lstrip())
        begin += self.start_char - 1
        if self.end_field is None or self.end_field > len(spans):
            return line[begin:]
        s, e = spans[self.end_field - 1]
        if self.end_char:
            e = s + self.end_char
        return line[begin:e]


def _parse_key(spec: str, global_flags: str) -> _Key:
    m = _KEY.match(spec)
    if not m:
        raise UsageError(f"sort: invalid number at field start: invalid count at start of '{spec}'")
    if m.group(1) == "0":
        raise _FieldZero(f"sort: field number is zero: invalid field specification '{spec}'")
    f1, c1, o1, f2, c2, o2 = m.groups()
    flags = (o1 or "") + (o2 or "")
    return _Key(int(f1), int(c1 or 1), int(f2) if f2 else None, int(c2 or 0), flags or global_flags)


def _transform(flags: str) -> Callable[[str], object]:
    for mode, fn in _MODES.items():
        if mode in flags:
            return fn
    return str.casefold if "f" in flags else str


def sort(argv: list[str], stdin: str, files: Mapping[str, str] = NO_FILES) -> CommandResult:
    """GNU sort: ``-n -r -k -t -u -h -V -f -g -s -b``, several ``-k`` keys with their own flags."""
    try:
        opts, operands = getopt("sort", argv[1:], "nrk:t:uhVfgsbo:", _SORT_LONGS)
        global_flags = "".join(f for f, _ in opts if f in "nrhVfgb")
        sep = next((v for f, v in reversed(opts) if f == "t"), None)
        if sep is not None and len(sep) != 1:
            raise UsageError("sort: multi-character tab '" + sep + "'")
        keys = [_parse_key(v, global_flags) for f, v in opts if f == "k"]
    except _FieldZero as e:
        return CommandResult(stderr=f"{e}\n", exit_code=2)
    except UsageError as e:
        return usage("sort", e, 2)
    flags = {f for f, _ in opts}
    lines: list[str] = []
    for name in operands or ["-"]:
        text = read_operand(name, stdin, files)
        if text is None:
            return CommandResult(
                stderr=f"sort: cannot read: {name}: No such file or directory\n", exit_code=2
            )
        lines.extend(lines_of(text))
    whole = _Key(1, 1, None, 0, global_flags)
    keys = keys or [whole]
    if "s" not in flags and "u" not in flags:
        lines.sort(reverse="r" in flags)  # GNU's last-resort comparison of whole lines
    for key in reversed(keys):
        fn = _transform(key.flags)
        if key is whole:
            lines.sort(key=lambda line: fn(line), reverse="r" in key.flags)
        else:
            lines.sort(key=lambda line, k=key, f=fn: f(k.extract(line, sep)), reverse="r" in key.flags)
    if "u" in flags:
        seen, unique = object(), []
        for line in lines:
            ident = tuple(_transform(k.flags)(k.extract(line, sep) if k is not whole else line) for k in keys)
            if ident != seen:
                unique.append(line)
                seen = ident
        lines = unique
    return CommandResult(unlines(lines))


_UNIQ_LONGS = {
    "count": ("c", False),
    "repeated": ("d", False),
    "unique": ("u", False),
    "ignore-case": ("i", False),
    "skip-fields": ("f", True),
    "skip-chars": ("s", True),
    "check-chars": ("w", True),
}


def uniq(argv: list[str], stdin: str, files: Mapping[str, str] = NO_FILES) -> CommandResult:
    """GNU uniq: ``-c`` (count padded to 7), ``-d``, ``-u``, ``-i``, ``-f N``, ``-s N``, ``-w N``."""
    try:
        opts, operands = getopt("uniq", argv[1:], "cduif:s:w:", _UNIQ_LONGS)
        numbers = {f: int(v) for f, v in opts if f in "fsw" and v.isdigit()}
        bad = [v for f, v in opts if f in "fsw" and not v.isdigit()]
        if bad:
            raise UsageError(f"uniq: {bad[0]}: invalid number of fields to skip")
    except UsageError as e:
        return usage("uniq", e)
    flags = {f for f, _ in opts}
    text = read_operand(operands[0], stdin, files) if operands else stdin
    if text is None:
        return CommandResult(stderr=f"uniq: {operands[0]}: No such file or directory\n", exit_code=1)

    def ident(line: str) -> str:
        for _ in range(numbers.get("f", 0)):
            line = _FIELD.sub("", line, count=1)
        line = line[numbers.get("s", 0) :]
        line = line[: numbers["w"]] if "w" in numbers else line
        return line.casefold() if "i" in flags else line

    groups: list[list] = []
    for line in lines_of(text):
        key = ident(line)
        if groups and groups[-1][0] == key:
            groups[-1][2] += 1
        else:
            groups.append([key, line, 1])
    out = []
    for _, line, count in groups:
        if ("d" in flags and count == 1) or ("u" in flags and count > 1):
            continue
        out.append(f"{count:7d} {line}" if "c" in flags else line)
    return CommandResult(unlines(out))


__all__ = ["sort", "uniq"]
