"""grep, egrep and fgrep, with GNU grep's flags, output prefixes, context groups and exit codes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from aoi.twin.process import CommandResult
from aoi.twin.shell.textutils._common import NO_FILES, STDIN_NAME, UsageError, getopt, lines_of, read_operand
from aoi.twin.shell.textutils._regex import compile_posix, gnu_message

_SPEC = "ivyEFGPcnwoxqslLhHe:f:A:B:C:m:rRaZzUTbu"
_LONGS = {
    "ignore-case": ("i", False),
    "invert-match": ("v", False),
    "extended-regexp": ("E", False),
    "fixed-strings": ("F", False),
    "basic-regexp": ("G", False),
    "perl-regexp": ("P", False),
    "count": ("c", False),
    "line-number": ("n", False),
    "word-regexp": ("w", False),
    "only-matching": ("o", False),
    "line-regexp": ("x", False),
    "quiet": ("q", False),
    "silent": ("q", False),
    "no-messages": ("s", False),
    "files-with-matches": ("l", False),
    "files-without-match": ("L", False),
    "no-filename": ("h", False),
    "with-filename": ("H", False),
    "regexp": ("e", True),
    "after-context": ("A", True),
    "before-context": ("B", True),
    "context": ("C", True),
    "max-count": ("m", True),
    "color": ("color", False),
    "colour": ("color", False),
    "recursive": ("r", False),
    "text": ("a", False),
}
_BOOL_FLAGS = {"v": "invert", "c": "count", "n": "number", "o": "only", "q": "quiet", "s": "silent"}
_USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"


@dataclass
class _Options:
    invert: bool = False
    count: bool = False
    number: bool = False
    only: bool = False
    quiet: bool = False
    silent: bool = False
    list_files: str = ""  # "l" or "L"
    filename: bool | None = None
    after: int = 0
    before: int = 0
    max_count: int = -1


def _number(flag: str, value: str) -> int:
    if not value.isdigit():
        raise UsageError(
            f"grep: {value}: invalid {'max count' if flag == 'm' else 'context length argument'}"
        )
    return int(value)


def _build(argv: list[str], mode: str) -> tuple[re.Pattern[str], _Options, list[str]]:
    args = [f"-C{a[1:]}" if len(a) > 1 and a[0] == "-" and a[1:].isdigit() else a for a in argv[1:]]
    opts, operands = getopt("grep", args, _SPEC, _LONGS)
    o, patterns, ignore_case, word, line = _Options(), [], False, False, False
    for flag, value in opts:
        if flag in ("E", "F", "G", "P"):
            mode = flag
        elif flag in ("i", "y"):
            ignore_case = True
        elif flag == "e":
            patterns.extend(value.split("\n"))
        elif flag in ("A", "B", "C"):
            n = _number(flag, value)
            o.after = n if flag != "B" else o.after
            o.before = n if flag != "A" else o.before
        elif flag == "m":
            o.max_count = _number(flag, value)
        elif flag in ("l", "L"):
            o.list_files = flag
        elif flag in ("h", "H"):
            o.filename = flag == "H"
        elif flag in _BOOL_FLAGS:
            setattr(o, _BOOL_FLAGS[flag], True)
        elif flag in ("w", "x"):
            word, line = word or flag == "w", line or flag == "x"
    if not patterns:
        if not operands:
            raise UsageError("")
        patterns = operands.pop(0).split("\n")
    if mode == "F":
        sources = [re.escape(p) for p in patterns]
    else:
        sources = [compile_posix(p, mode != "G").pattern for p in patterns]
    body = "|".join(f"(?:{s})" for s in sources)
    if line:
        body = f"^(?:{body})$"
    elif word:
        body = f"(?<!\\w)(?:{body})(?!\\w)"
    return re.compile(body, re.IGNORECASE if ignore_case else 0), o, operands


class _Printer:
    """Emits selected and context lines with GNU's ``name:``/``name-`` prefixes and ``--`` separators."""

    def __init__(self, o: _Options, show_name: bool) -> None:
        self.o, self.show_name, self.out, self.any_group = o, show_name, [], False

    def emit(self, name: str, index: int, text: str, sep: str) -> None:
        prefix = (name + sep if self.show_name else "") + (f"{index + 1}{sep}" if self.o.number else "")
        self.out.append(prefix + text + "\n")

    def scan(self, name: str, lines: list[str], regex: re.Pattern[str]) -> int:
        """Print one input's lines; returns how many lines were selected."""
        o, selected, last, after_left = self.o, 0, -1, 0
        context = o.after or o.before
        for i, text in enumerate(lines):
            if o.max_count >= 0 and selected >= o.max_count:
                if after_left <= 0 or last != i - 1:
                    break
                self.emit(name, i, text, "-")
                last, after_left = i, after_left - 1
                continue
            hit = (regex.search(text) is not None) != o.invert
            if not hit:
                if after_left > 0 and last == i - 1:
                    self.emit(name, i, text, "-")
                    last, after_left = i, after_left - 1
                continue
            selected += 1
            if o.count or o.quiet or o.list_files:
                continue
            start = max(i - o.before, last + 1)
            if context and self.any_group and start > last + 1:
                self.out.append("--\n")
            self.any_group = True
            for j in range(start, i):
                self.emit(name, j, lines[j], "-")
            if o.only:
                for m in regex.finditer(text) if not o.invert else ():
                    if m.group():
                        self.emit(name, i, m.group(), ":")
            else:
                self.emit(name, i, text, ":")
            last, after_left = i, o.after
        return selected


def _grep(argv: list[str], stdin: str, files: Mapping[str, str], mode: str) -> CommandResult:
    try:
        regex, o, operands = _build(argv, mode)
    except UsageError as e:
        return CommandResult(stderr=(f"{e}\n" if str(e) else "") + _USAGE, exit_code=2)
    except re.error as e:
        return CommandResult(stderr=f"grep: {gnu_message(e)}\n", exit_code=2)
    names = operands or ["-"]
    printer = _Printer(o, o.filename if o.filename is not None else len(names) > 1)
    errors, matched = [], False
    for name in names:
        text = read_operand(name, stdin, files)
        if text is None:
            if not o.silent:
                errors.append(f"grep: {name}: No such file or directory\n")
            continue
        shown = STDIN_NAME if name == "-" else name
        selected = printer.scan(shown, lines_of(text), regex)
        matched = matched or selected > 0
        if o.quiet and matched:
            return CommandResult(exit_code=0)
        if o.count:
            printer.out.append(f"{shown}:{selected}\n" if printer.show_name else f"{selected}\n")
        elif (o.list_files == "l" and selected) or (o.list_files == "L" and not selected):
            printer.out.append(shown + "\n")
    stdout = "" if o.quiet else "".join(printer.out)
    code = 2 if errors else (0 if matched else 1)
    return CommandResult(stdout, "".join(errors), code)


def grep(argv: list[str], stdin: str, files: Mapping[str, str] = NO_FILES) -> CommandResult:
    """GNU grep (basic regular expressions unless -E/-F/-P)."""
    return _grep(argv, stdin, files, "G")


def egrep(argv: list[str], stdin: str, files: Mapping[str, str] = NO_FILES) -> CommandResult:
    """``grep -E``."""
    return _grep(argv, stdin, files, "E")


def fgrep(argv: list[str], stdin: str, files: Mapping[str, str] = NO_FILES) -> CommandResult:
    """``grep -F``."""
    return _grep(argv, stdin, files, "F")


__all__ = ["egrep", "fgrep", "grep"]
