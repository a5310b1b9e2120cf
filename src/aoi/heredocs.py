"""Reading bash heredocs: the delimiter word after ``<<`` and the body lines up to it.

Shared by the safety classifier and the twin's shell, which both cut heredoc bodies out of a
line before bashlex sees it (bashlex 0.18 rejects quoted delimiters). Each keeps its own scanner,
because they differ on purpose: the classifier refuses ambiguous ``<<`` (arithmetic, parameter
expansions), the shell tolerates them. This module imports nothing from ``aoi``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Heredoc", "read_body", "read_delimiter"]

_DELIM_STOP = frozenset(" \t\n;|&<>()")


@dataclass(frozen=True, slots=True)
class Heredoc:
    """A heredoc body; ``expand`` is false when the delimiter was quoted (``<<'EOF'``)."""

    body: str
    expand: bool


def read_delimiter(src: str, i: int) -> tuple[str, bool, int]:
    """The delimiter word starting at ``i``: (text without quotes, was it quoted, index after it).
    The text is empty when no word follows the operator."""
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
    return "".join(text), quoted, i


def read_body(src: str, i: int, delim: str, strip_tabs: bool) -> tuple[str, int]:
    """Body lines from ``i`` up to the delimiter line; returns (body, index after the delimiter line)."""
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
    return ("\n".join(lines) + "\n") if lines else "", min(i, n)
