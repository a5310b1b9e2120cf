"""POSIX regular expressions (BRE and ERE, as grep, sed and awk read them) -> Python `re` patterns.

Python's `re` differs from POSIX in the places that matter to agents: ``[[:alpha:]]`` classes, BRE's
escaped operators (``\\(``, ``\\|``, ``\\+``) versus literal ``( | +``, and ``\\<``/``\\>`` word
anchors. Perl-style escapes (``\\d``, ``\\s``, ``\\w``) keep their Python meaning, which is what
GNU grep -P would do and what agents usually mean.
"""

from __future__ import annotations

import re
from functools import lru_cache

_CLASSES = {
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "upper": "A-Z",
    "lower": "a-z",
    "space": " \\t\\n\\r\\f\\v",
    "blank": " \\t",
    "punct": "!-/:-@\\[-`{-~",
    "xdigit": "0-9A-Fa-f",
    "word": "a-zA-Z0-9_",
    "cntrl": "\\x00-\\x1f\\x7f",
    "print": " -~",
    "graph": "!-~",
}
_BRE_ESCAPED_OPS = {"(": "(", ")": ")", "{": "{", "}": "}", "|": "|", "+": "+", "?": "?"}


def _bracket(pattern: str, i: int) -> tuple[str, int]:
    """Translate the bracket expression starting at ``pattern[i] == '['``; returns (text, index after)."""
    out = ["["]
    j = i + 1
    if pattern[j : j + 1] == "^":
        out.append("^")
        j += 1
    if pattern[j : j + 1] == "]":
        out.append("\\]")
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        if pattern.startswith("[:", j):
            end = pattern.find(":]", j + 2)
            name = pattern[j + 2 : end] if end > 0 else ""
            if name not in _CLASSES:
                raise re.error(f"invalid character class {name!r}")
            out.append(_CLASSES[name])
            j = end + 2
            continue
        ch = pattern[j]
        out.append("\\" + ch if ch in "\\[&~|" else ch)
        j += 1
    if j >= len(pattern):
        raise re.error("unterminated character set")
    out.append("]")
    return "".join(out), j + 1


@lru_cache(maxsize=512)
def translate(pattern: str, extended: bool) -> str:
    """The Python equivalent of a POSIX BRE (``extended=False``) or ERE."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "[":
            text, i = _bracket(pattern, i)
            out.append(text)
            continue
        if ch == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt in "<>":
                out.append("\\b")
            elif not extended and nxt in _BRE_ESCAPED_OPS:
                out.append(_BRE_ESCAPED_OPS[nxt])
            else:
                out.append("\\" + nxt)
            i += 2
            continue
        if not extended and ch in "(){}|+?":
            out.append("\\" + ch)
        elif ch == "*" and (not out or out[-1] in ("(", "|", "^")):
            out.append("\\*")  # a leading star is literal in POSIX, an error in Python
        elif extended and ch == "{" and not re.match(r"\{[0-9]*(,[0-9]*)?\}", pattern[i:]):
            out.append("\\{")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


@lru_cache(maxsize=512)
def compile_posix(pattern: str, extended: bool, ignore_case: bool = False) -> re.Pattern[str]:
    """Compile a POSIX pattern; raises `re.error` with Python's message when it is invalid."""
    return re.compile(translate(pattern, extended), re.IGNORECASE if ignore_case else 0)


def gnu_message(error: re.error) -> str:
    """GNU regex's wording for the common ways a pattern is broken."""
    text = str(error)
    if "missing )" in text or "unterminated subpattern" in text:
        return "Unmatched ( or \\("
    if "unbalanced parenthesis" in text:
        return "Unmatched ) or \\)"
    if "character set" in text:
        return "Unmatched [, [^, [:, [., or [="
    if "character class" in text:
        return "Invalid character class name"
    if "end of pattern" in text:
        return "Trailing backslash"
    return "Invalid regular expression"


__all__ = ["compile_posix", "gnu_message", "translate"]
