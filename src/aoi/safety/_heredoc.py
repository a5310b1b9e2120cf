"""Cut heredoc bodies out of a command line before bashlex sees it.

bashlex 0.18 rejects quoted delimiters (``<<'EOF'``) and keeps the delimiter line in the body, so
each ``<<DELIM`` operator is replaced by a here-string placeholder (``<<<__AOI_SAFETY_HEREDOC_n__``)
and its body is kept aside. The scanner tracks quotes so ``echo "<<EOF"`` is not a heredoc. Input
where ``<<`` could mean something else to bash (arithmetic ``$((1<<2))``, a ``${...}`` pattern) is
refused: a misread there could hide the next lines inside a "body".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PLACEHOLDER_RE", "Heredoc", "HeredocError", "extract_heredocs"]

_PLACEHOLDER = "__AOI_SAFETY_HEREDOC_{}__"
PLACEHOLDER_RE = re.compile(r"__AOI_SAFETY_HEREDOC_([0-9]+)__\Z")
_DELIM_STOP = frozenset(" \t\n;|&<>()")


class HeredocError(ValueError):
    """The line uses ``<<`` in a way this scanner will not guess about."""


@dataclass(frozen=True, slots=True)
class Heredoc:
    """One heredoc body; ``expand`` is false when the delimiter was quoted (no substitutions run)."""

    body: str
    expand: bool


def _delimiter(src: str, i: int) -> tuple[str, bool, int]:
    n = len(src)
    while i < n and src[i] in " \t":
        i += 1
    text: list[str] = []
    quoted = False
    while i < n and src[i] not in _DELIM_STOP:
        ch = src[i]
        if ch in "'\"":
            end = src.find(ch, i + 1)
            end = n if end < 0 else end
            text.append(src[i + 1 : end])
            quoted, i = True, end + 1
        elif ch == "\\" and i + 1 < n:
            text.append(src[i + 1])
            quoted, i = True, i + 2
        else:
            text.append(ch)
            i += 1
    if not text:
        raise HeredocError("heredoc operator without a delimiter")
    return "".join(text), quoted, i


def _body(src: str, i: int, delim: str, strip_tabs: bool) -> tuple[str, int]:
    lines: list[str] = []
    n = len(src)
    while i < n:
        end = src.find("\n", i)
        end = n if end < 0 else end
        line = src[i:end].lstrip("\t") if strip_tabs else src[i:end]
        i = end + 1
        if line == delim:
            break
        lines.append(line)
    return "\n".join(lines) + ("\n" if lines else ""), min(i, n)


def extract_heredocs(src: str) -> tuple[str, tuple[Heredoc, ...]]:
    """``src`` with heredoc bodies cut out and operators replaced by placeholders, and the bodies."""
    if "<<" not in src and "((" not in src:
        return src, ()
    out: list[str] = []
    docs: list[Heredoc] = []
    pending: list[tuple[str, bool, bool]] = []
    i, n, start, quote, braces = 0, len(src), 0, "", 0
    while i < n:
        ch = src[i]
        if quote == "'":
            quote = "" if ch == "'" else quote
            i += 1
            continue
        if ch == "\\":
            i += 2
            continue
        if quote == '"':
            quote = "" if ch == '"' else quote
            i += 1
            continue
        if ch in "'\"":
            quote = ch
        elif src.startswith("((", i):
            raise HeredocError("arithmetic expressions are not classified")
        elif src.startswith("${", i):
            braces += 1
        elif ch == "}" and braces:
            braces -= 1
        elif src.startswith("<<<", i):
            i += 3
            continue
        elif src.startswith("<<", i):
            if braces:
                raise HeredocError("'<<' inside a parameter expansion")
            strip = src.startswith("<<-", i)
            delim, quoted, after = _delimiter(src, i + (3 if strip else 2))
            out.append(src[start:i] + "<<<" + _PLACEHOLDER.format(len(docs) + len(pending)))
            pending.append((delim, quoted, strip))
            i = start = after
            continue
        elif ch == "\n" and pending:
            out.append(src[start : i + 1])
            j = i + 1
            for delim, quoted, strip in pending:
                body, j = _body(src, j, delim, strip)
                docs.append(Heredoc(body, not quoted))
            pending.clear()
            i = start = j
            continue
        i += 1
    out.append(src[start:])
    for _delim, quoted, _ in pending:  # operator on the last line: bash reads an empty body
        docs.append(Heredoc("", not quoted))
    return "".join(out), tuple(docs)
