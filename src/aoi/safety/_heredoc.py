"""Cut heredoc bodies out of a command line before bashlex sees it.

bashlex 0.18 rejects quoted delimiters (``<<'EOF'``) and keeps the delimiter line in the body, so
each ``<<DELIM`` operator is replaced by a here-string placeholder (``<<<__AOI_SAFETY_HEREDOC_n__``)
and its body is kept aside. The scanner tracks quotes so ``echo "<<EOF"`` is not a heredoc. Input
where ``<<`` could mean something else to bash (arithmetic ``$((1<<2))``, a ``${...}`` pattern) is
refused: a misread there could hide the next lines inside a "body".
"""

from __future__ import annotations

import re

from aoi.heredocs import Heredoc, read_body, read_delimiter

__all__ = ["PLACEHOLDER_RE", "Heredoc", "HeredocError", "extract_heredocs"]

_PLACEHOLDER = "__AOI_SAFETY_HEREDOC_{}__"
PLACEHOLDER_RE = re.compile(r"__AOI_SAFETY_HEREDOC_([0-9]+)__\Z")


class HeredocError(ValueError):
    """The line uses ``<<`` in a way this scanner will not guess about."""


def _delimiter(src: str, i: int) -> tuple[str, bool, int]:
    delim, quoted, after = read_delimiter(src, i)
    if not delim:
        raise HeredocError("heredoc operator without a delimiter")
    return delim, quoted, after


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
                body, j = read_body(src, j, delim, strip)
                docs.append(Heredoc(body, not quoted))
            pending.clear()
            i = start = j
            continue
        i += 1
    out.append(src[start:])
    for _delim, quoted, _ in pending:  # operator on the last line: bash reads an empty body
        docs.append(Heredoc("", not quoted))
    return "".join(out), tuple(docs)
