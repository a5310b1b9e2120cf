"""tr: translate, delete (-d) and squeeze (-s) characters, with ranges, escapes and [:classes:]."""

from __future__ import annotations

import re
import string

from aoi.twin.process import CommandResult
from aoi.twin.shell.textutils._common import UsageError, getopt, usage

_CLASSES = {
    "upper": string.ascii_uppercase,
    "lower": string.ascii_lowercase,
    "digit": string.digits,
    "alpha": string.ascii_letters,
    "alnum": string.ascii_letters + string.digits,
    "space": " \t\n\r\f\v",
    "blank": " \t",
    "punct": string.punctuation,
    "xdigit": string.hexdigits,
    "cntrl": "".join(map(chr, range(32))) + "\x7f",
    "print": "".join(map(chr, range(32, 127))),
    "graph": "".join(map(chr, range(33, 127))),
}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_TOKEN = re.compile(r"\[:([a-z]+):\]|\\([0-7]{1,3}|.)|(.)", re.S)
_LONGS = {"delete": ("d", False), "squeeze-repeats": ("s", False), "complement": ("c", False)}


def _expand(spec: str) -> str:
    """A tr SET as the full list of characters it names."""
    chars: list[str] = []
    tokens = list(_TOKEN.finditer(spec))
    i = 0
    while i < len(tokens):
        m = tokens[i]
        if m.group(1):
            if m.group(1) not in _CLASSES:
                raise UsageError(f"tr: invalid character class '{m.group(1)}'")
            chars.extend(_CLASSES[m.group(1)])
            i += 1
            continue
        ch = m.group(3) if m.group(3) is not None else m.group(2)
        if m.group(2) is not None:
            ch = chr(int(ch, 8)) if ch[0] in "01234567" else _ESCAPES.get(ch, ch)
        if i + 2 < len(tokens) and tokens[i + 1].group(3) == "-" and not tokens[i + 2].group(1):
            end_m = tokens[i + 2]
            end = (
                end_m.group(3) if end_m.group(3) is not None else _ESCAPES.get(end_m.group(2), end_m.group(2))
            )
            if ord(end) < ord(ch):
                raise UsageError(
                    f"tr: range-endpoints of '{ch}-{end}' are in reverse collating sequence order"
                )
            chars.extend(map(chr, range(ord(ch), ord(end) + 1)))
            i += 3
            continue
        chars.append(ch)
        i += 1
    return "".join(chars)


def _squeeze(text: str, chars: set[str]) -> str:
    out: list[str] = []
    for ch in text:
        if not (out and out[-1] == ch and ch in chars):
            out.append(ch)
    return "".join(out)


def tr(argv: list[str], stdin: str) -> CommandResult:
    """GNU tr: ``tr SET1 SET2``, ``-d SET1``, ``-s SET``, ``-c`` complement, ``-ds SET1 SET2``."""
    try:
        opts, sets = getopt("tr", argv[1:], "dscC", _LONGS)
        flags = {f for f, _ in opts}
        delete, squeeze, complement = "d" in flags, "s" in flags, bool(flags & {"c", "C"})
        needed = 2 if (delete and squeeze) or not (delete or squeeze) else 1
        if len(sets) < needed:
            raise UsageError("tr: missing operand" if not sets else f"tr: missing operand after '{sets[-1]}'")
        if len(sets) > needed and delete and not squeeze:
            raise UsageError(f"tr: extra operand '{sets[needed]}'")
        set1, set2 = _expand(sets[0]), _expand(sets[1]) if len(sets) > 1 else ""
    except UsageError as e:
        return usage("tr", e)
    in_set1 = (lambda ch: ch not in set1) if complement else (lambda ch: ch in set1)
    text = stdin
    if delete:
        text = "".join(ch for ch in text if not in_set1(ch))
        return CommandResult(_squeeze(text, set(set2)) if squeeze else text)
    if set2:
        if complement:
            text = "".join(set2[-1] if in_set1(ch) else ch for ch in text)
        else:
            table = {ord(c): set2[min(i, len(set2) - 1)] for i, c in enumerate(set1)}
            text = text.translate(table)
    if squeeze:
        text = (
            _squeeze(text, set(set2 or set1))
            if not complement or set2
            else _squeeze(text, {ch for ch in text if in_set1(ch)})
        )
    return CommandResult(text)


__all__ = ["tr"]
