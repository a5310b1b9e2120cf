"""Heredoc extraction, done before bashlex sees the line.

bashlex 0.18 rejects quoted delimiters (``<<'EOF'``, ``<<"EOF"``: "here-document ... delimited by
end-of-file") and keeps the delimiter line inside the body it returns. So this module cuts every
heredoc body out of the source itself and leaves a placeholder here-string (``<<<__AOI_HEREDOC_n__``)
where the operator stood; `parse` swaps the placeholder back for the body.
"""

from __future__ import annotations

from aoi.heredocs import Heredoc, read_body, read_delimiter

PLACEHOLDER = "__AOI_HEREDOC_{}__"
_WORD_START = frozenset(" \t\n;|&(")


def extract_heredocs(src: str) -> tuple[str, tuple[Heredoc, ...]]:
    """Return ``src`` with heredoc bodies removed and operators replaced by placeholders, and the bodies."""
    if "<<" not in src:
        return src, ()
    out: list[str] = []
    docs: list[Heredoc] = []
    pending: list[tuple[str, bool, bool]] = []  # (delimiter, quoted, strip_tabs) awaiting their bodies
    i, n, start = 0, len(src), 0
    quote = ""
    while i < n:
        ch = src[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = ""
            i += 1
            continue
        if ch in "'\"":
            quote = ch
        elif ch == "\\":
            i += 2
            continue
        elif ch == "#" and (i == 0 or src[i - 1] in _WORD_START):
            nl = src.find("\n", i)
            i = n if nl < 0 else nl
            continue
        elif src.startswith("<<<", i):
            i += 3
            continue
        elif src.startswith("<<", i):
            strip_tabs = src.startswith("<<-", i)
            delim, quoted, after = read_delimiter(src, i + (3 if strip_tabs else 2))
            if delim:
                out.append(src[start:i])
                out.append("<<<" + PLACEHOLDER.format(len(docs) + len(pending)))
                pending.append((delim, quoted, strip_tabs))
                i = start = after
                continue
        elif ch == "\n" and pending:
            out.append(src[start : i + 1])
            i += 1
            for delim, quoted, strip_tabs in pending:
                body, i = read_body(src, i, delim, strip_tabs)
                docs.append(Heredoc(body, not quoted))
            pending.clear()
            start = i
            continue
        i += 1
    out.append(src[start:])
    docs.extend(Heredoc("", not quoted) for _, quoted, _ in pending)
    return "".join(out), tuple(docs)
