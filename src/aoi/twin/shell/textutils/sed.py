"""sed subset: addresses (N, $, /re/, ranges, !), s///[gIpN], p, d, q, Q, y, =, a/i/c, -n -E -e.

Scripts are parsed into `_Command`s once per call and run line by line, GNU style: the pattern
space is printed at the end of each cycle unless -n, ``d`` starts the next cycle, ``q`` prints and
stops, ``Q`` stops silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from aoi.twin.process import CommandResult
from aoi.twin.shell.textutils._common import NO_FILES, UsageError, getopt, lines_of, read_operand, usage
from aoi.twin.shell.textutils._regex import gnu_message, translate

_LONGS = {
    "quiet": ("n", False),
    "silent": ("n", False),
    "expression": ("e", True),
    "regexp-extended": ("E", False),
    "in-place": ("i", False),
}
_REPL_TOKEN = re.compile(r"\\([0-9&nt\\])|(&)|([^\\&]+|\\)", re.S)

Address = int | re.Pattern[str] | str  # a line number, a regex, or "$"


class _SedError(Exception):
    """A script error; ``str`` is GNU's text after ``sed: -e expression #1, char N: ``."""


@dataclass
class _Command:
    name: str
    start: Address | None = None
    end: Address | None = None
    negate: bool = False
    regex: re.Pattern[str] | None = None
    replace: Callable[[re.Match[str]], str] | None = None
    count: int = 1  # which occurrence s/// replaces; 0 means all (g)
    print_after: bool = False
    text: str = ""
    active: bool = field(default=False, repr=False)  # inside an addr1,addr2 range


class _Parser:
    def __init__(self, script: str, extended: bool) -> None:
        self.s, self.i, self.extended = script, 0, extended

    def error(self, message: str) -> _SedError:
        return _SedError(f"char {self.i}: {message}")

    def peek(self) -> str:
        return self.s[self.i : self.i + 1]

    def skip_blanks(self, newlines: bool = False) -> None:
        while self.peek() and (self.peek() in " \t" or (newlines and self.peek() in "\n;")):
            self.i += 1

    def delimited(self, delim: str) -> str:
        """Text up to the next unescaped ``delim``; ``\\delim`` becomes ``delim``."""
        out = []
        while self.i < len(self.s):
            ch = self.s[self.i]
            if ch == "\\" and self.i + 1 < len(self.s):
                nxt = self.s[self.i + 1]
                out.append(nxt if nxt == delim else "\\" + nxt)
                self.i += 2
                continue
            if ch == delim:
                self.i += 1
                return "".join(out)
            out.append(ch)
            self.i += 1
        raise self.error("unterminated address regex")

    def regex(self, source: str, flags: int = 0) -> re.Pattern[str]:
        try:
            return re.compile(translate(source, self.extended), flags)
        except re.error as e:
            raise self.error(gnu_message(e)) from None

    def address(self) -> Address | None:
        ch = self.peek()
        if ch.isdigit():
            start = self.i
            while self.peek().isdigit():
                self.i += 1
            return int(self.s[start : self.i])
        if ch == "$":
            self.i += 1
            return "$"
        if ch in ("/", "\\"):
            if ch == "\\":
                self.i += 1
            delim = self.s[self.i]
            self.i += 1
            source = self.delimited(delim)
            flags = 0
            if self.peek() == "I":
                self.i += 1
                flags = re.IGNORECASE
            return self.regex(source, flags)
        return None

    def commands(self) -> list[_Command]:
        out = []
        while True:
            self.skip_blanks(newlines=True)
            if self.i >= len(self.s):
                return out
            out.append(self.command())

    def command(self) -> _Command:
        start = self.address()
        end = None
        if start is not None and self.peek() == ",":
            self.i += 1
            end = self.address()
            if end is None:
                raise self.error("unexpected `,'")
        self.skip_blanks()
        negate = self.peek() == "!"
        if negate:
            self.i += 1
            self.skip_blanks()
        name = self.peek()
        self.i += 1
        cmd = _Command(name, start, end, negate)
        if name == "s":
            self.substitution(cmd)
        elif name == "y":
            self.transliteration(cmd)
        elif name in ("a", "i", "c"):
            self.skip_blanks()
            if self.peek() == "\\":
                self.i += 1
                if self.peek() == "\n":
                    self.i += 1
            end_at = self.s.find("\n", self.i)
            end_at = len(self.s) if end_at < 0 else end_at
            cmd.text, self.i = self.s[self.i : end_at], end_at
        elif name in ("q", "Q"):
            self.skip_blanks()
            digits = re.match(r"[0-9]*", self.s[self.i :]).group()
            cmd.count, self.i = int(digits or 0), self.i + len(digits)
        elif name not in ("p", "d", "=", "P", "D", "n", "N", "h", "g", "x", "l"):
            self.i -= 0 if name else 1
            raise self.error("missing command" if not name or name in "\n;" else f"unknown command: `{name}'")
        self.skip_blanks()
        if self.peek() not in ("", ";", "\n", "}"):
            raise self.error("extra characters after command")
        return cmd

    def substitution(self, cmd: _Command) -> None:
        delim = self.peek()
        if not delim or delim in "\n\\":
            raise self.error("unterminated `s' command")
        self.i += 1
        try:
            pattern, replacement = self.delimited(delim), self.delimited(delim)
        except _SedError:
            raise self.error("unterminated `s' command") from None
        flags, count = 0, 1
        while self.peek() and self.peek() in "gpIiemM0123456789":
            ch = self.peek()
            if ch == "g":
                count = 0
            elif ch == "p":
                cmd.print_after = True
            elif ch in "Ii":
                flags |= re.IGNORECASE
            elif ch.isdigit():
                digits = re.match(r"[0-9]+", self.s[self.i :]).group()
                count, self.i = int(digits), self.i + len(digits) - 1
            self.i += 1
        cmd.regex, cmd.count, cmd.replace = self.regex(pattern, flags), count, _replacement(replacement)

    def transliteration(self, cmd: _Command) -> None:
        delim = self.peek()
        self.i += 1
        source, target = self.delimited(delim), self.delimited(delim)
        if len(source) != len(target):
            raise self.error("strings for `y' command are different lengths")
        cmd.text = source + "\0" + target


def _replacement(text: str) -> Callable[[re.Match[str]], str]:
    pieces: list[str | int] = []
    for m in _REPL_TOKEN.finditer(text):
        escaped, amp, plain = m.groups()
        if amp:
            pieces.append(0)
        elif escaped is None:
            pieces.append(plain)
        elif escaped.isdigit():
            pieces.append(int(escaped))
        else:
            pieces.append({"n": "\n", "t": "\t"}.get(escaped, escaped))
    return lambda match: "".join(p if isinstance(p, str) else (match.group(p) or "") for p in pieces)


def _matches(addr: Address, index: int, line: str, last: bool) -> bool:
    if addr == "$":
        return last
    if isinstance(addr, int):
        return index + 1 == addr
    return addr.search(line) is not None


def _selects(cmd: _Command, index: int, line: str, last: bool) -> bool:
    if cmd.start is None:
        hit = True
    elif cmd.end is None:
        hit = _matches(cmd.start, index, line, last)
    elif cmd.active:
        hit = True
        if (
            isinstance(cmd.end, int)
            and index + 1 >= cmd.end
            or not isinstance(cmd.end, int)
            and _matches(cmd.end, index, line, last)
        ):
            cmd.active = False
    else:
        hit = _matches(cmd.start, index, line, last)
        if hit:
            cmd.active = not (isinstance(cmd.end, int) and cmd.end <= index + 1)
    return hit != cmd.negate


def _substitute(cmd: _Command, line: str) -> tuple[str, bool]:
    assert cmd.regex is not None and cmd.replace is not None
    if cmd.count <= 1:
        new, n = cmd.regex.subn(cmd.replace, line, count=0 if cmd.count == 0 else 1)
        return new, n > 0
    seen = 0

    def nth(match: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        return cmd.replace(match) if seen == cmd.count else match.group()

    new = cmd.regex.sub(nth, line)
    return new, seen >= cmd.count


def _run(commands: list[_Command], lines: list[str], quiet: bool) -> list[str]:
    out: list[str] = []
    for index, line in enumerate(lines):
        last, deleted, after = index == len(lines) - 1, False, []
        for cmd in commands:
            if not _selects(cmd, index, line, last):
                continue
            name = cmd.name
            if name == "s":
                line, done = _substitute(cmd, line)
                if done and cmd.print_after:
                    out.append(line)
            elif name in ("p", "P"):
                out.append(line)
            elif name == "d" or name == "D":
                deleted = True
                break
            elif name == "=":
                out.append(str(index + 1))
            elif name == "y":
                source, target = cmd.text.split("\0")
                line = line.translate(str.maketrans(source, target))
            elif name == "i":
                out.append(cmd.text)
            elif name == "a":
                after.append(cmd.text)
            elif name == "c":
                out.append(cmd.text)
                deleted = True
                break
            elif name in ("q", "Q"):
                if name == "q" and not quiet:
                    out.append(line)
                return out + after
        if not deleted and not quiet:
            out.append(line)
        out.extend(after)
    return out


def sed(argv: list[str], stdin: str, files: Mapping[str, str] = NO_FILES) -> CommandResult:
    """GNU sed subset; the first operand is the script unless ``-e`` gave one."""
    try:
        opts, operands = getopt("sed", argv[1:], "ne:Erisu", _LONGS)
    except UsageError as e:
        return usage("sed", e)
    scripts = [v for f, v in opts if f == "e"]
    if not scripts:
        if not operands:
            return CommandResult(
                stderr="Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n",
                exit_code=1,
            )
        scripts = [operands.pop(0)]
    flags = {f for f, _ in opts}
    commands: list[_Command] = []
    for number, script in enumerate(scripts, 1):
        try:
            commands.extend(_Parser(script, bool(flags & {"E", "r"})).commands())
        except _SedError as e:
            return CommandResult(stderr=f"sed: -e expression #{number}, {e}\n", exit_code=1)
    lines, errors = [], []
    for name in operands or ["-"]:
        text = read_operand(name, stdin, files)
        if text is None:
            errors.append(f"sed: can't read {name}: No such file or directory\n")
            continue
        lines.extend(lines_of(text))
    out = _run(commands, lines, "n" in flags)
    return CommandResult("".join(line + "\n" for line in out), "".join(errors), 2 if errors else 0)


__all__ = ["sed"]
