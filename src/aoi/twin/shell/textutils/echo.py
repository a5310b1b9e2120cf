"""echo (with -n, -e, -E) and printf (conversions %s %d %i %f %x %o %c %b %%, widths, reuse)."""

from __future__ import annotations

import re

from aoi.twin.process import CommandResult

_ESCAPE = re.compile(r"\\(0[0-7]{0,3}|x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)", re.S)
_SIMPLE = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "e": "\x1b",
}
_SPEC = re.compile(r"%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?([sdifxXoucbeEgG%])")
_STOP = "\0STOP\0"  # \c: "produce no further output"


def _unescape(text: str, octal_needs_zero: bool) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        if code == "c":
            return _STOP
        if code[0] == "x":
            return chr(int(code[1:], 16))
        if code[0] == "0" or (code[0] in "1234567" and not octal_needs_zero):
            return chr(int(code, 8) & 0xFF) if code != "0" else "\0"
        return _SIMPLE.get(code, "\\" + code)

    return _ESCAPE.sub(one, text)


def echo(argv: list[str], stdin: str) -> CommandResult:
    """bash's builtin echo: leading ``-n``/``-e``/``-E`` clusters are flags, anything else is text."""
    args, newline, escapes = argv[1:], True, False
    while args and re.fullmatch(r"-[neE]+", args[0]):
        for flag in args[0][1:]:
            newline = newline and flag != "n"
            escapes = True if flag == "e" else False if flag == "E" else escapes
        args = args[1:]
    text = " ".join(args)
    if escapes:
        text = _unescape(text, octal_needs_zero=True)
        if _STOP in text:
            return CommandResult(text.split(_STOP)[0])
    return CommandResult(text + ("\n" if newline else ""))


def _number(arg: str, errors: list[str]) -> float:
    if not arg:
        return 0
    if arg[0] in "'\"":
        return ord(arg[1]) if len(arg) > 1 else 0
    try:
        return int(arg, 0) if re.fullmatch(r"[-+]?(0[xX][0-9a-fA-F]+|[0-9]+)", arg) else float(arg)
    except ValueError:
        errors.append(f"printf: '{arg}': expected a numeric value\n")
        return 0


def _convert(m: re.Match[str], args: list[str], errors: list[str]) -> str:
    flags, width, precision, conv = m.groups()
    if conv == "%":
        return "%"
    if width == "*":
        width = str(int(_number(args.pop(0) if args else "0", errors)))
    if precision == "*":
        precision = str(int(_number(args.pop(0) if args else "0", errors)))
    arg = args.pop(0) if args else ""
    spec = "%" + flags + (width or "") + ("." + precision if precision is not None else "")
    if conv in "sb":
        return (spec + "s") % (_unescape(arg, False) if conv == "b" else arg)
    if conv == "c":
        return (spec + "s") % arg[:1]
    value = _number(arg, errors)
    if conv in "diouxX":
        return (spec + ("d" if conv in "iu" else conv)) % int(value)
    return (spec + conv) % float(value)


def printf(argv: list[str], stdin: str) -> CommandResult:
    """bash's printf: the format is reused while arguments remain."""
    if len(argv) < 2:
        return CommandResult(stderr="printf: usage: printf [-v var] format [arguments]\n", exit_code=2)
    fmt, args, errors, out = _unescape(argv[1], False), list(argv[2:]), [], []
    while True:
        before = len(args)
        out.append(_SPEC.sub(lambda m: _convert(m, args, errors), fmt))
        if not args or len(args) == before or not _SPEC.search(fmt):
            break
    text = "".join(out)
    if _STOP in text:
        text = text.split(_STOP)[0]
    return CommandResult(text, "".join(errors), 1 if errors else 0)


__all__ = ["echo", "printf"]
