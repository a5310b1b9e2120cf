"""Reading `Evidence.render()` text back into commands, kubectl table rows and plain lines.

The Observer only ever receives rendered evidence: ``$ command``, a one-line summary, then the
kept lines indented by two spaces. Several renders may be concatenated in one memory entry, so a
block starts at every line beginning with ``$ ``. Tables are sliced at their header's column
starts, as kubectl (and the compressor, which re-aligns kept rows) pads every cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Block", "rows", "split_blocks", "strip_repeat"]

_HEADER_CELL = re.compile(r"\S+(?: \S+)*")
_REPEAT = re.compile(r" \(x\d+\)$")


@dataclass
class Block:
    """One command's evidence: the command as shown, the summary line and the kept lines."""

    command: str
    summary: str = ""
    lines: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.summary.startswith("failed")

    @property
    def text(self) -> str:
        return "\n".join([self.summary, *self.lines])


def split_blocks(evidence: str) -> list[Block]:
    """Every ``$ command`` block in ``evidence``, in order."""
    blocks: list[Block] = []
    for line in evidence.split("\n"):
        if line.startswith("$ "):
            blocks.append(Block(line[2:].strip()))
        elif blocks and not blocks[-1].summary and line.strip() and not line.startswith("  "):
            blocks[-1].summary = line.strip()
        elif blocks and line.startswith("  "):
            blocks[-1].lines.append(line[2:])
    return blocks


def strip_repeat(line: str) -> str:
    """A kept line without the compressor's trailing repeat count ``(xN)``."""
    return _REPEAT.sub("", line.rstrip())


def _is_header(line: str) -> bool:
    first = line.split("  ", 1)[0]
    return bool(first) and first == first.upper() and first[:1].isalpha() and "  " in line


def rows(lines: list[str]) -> list[dict[str, str]]:
    """The table rows among ``lines`` as dicts keyed by header name; a new header starts a table."""
    found: list[dict[str, str]] = []
    header: list[tuple[int, str]] = []
    for raw in lines:
        line = strip_repeat(raw)
        if line.startswith("... (") or line.startswith("-- "):
            continue
        if _is_header(line):
            header = [(m.start(), m.group()) for m in _HEADER_CELL.finditer(line)]
            continue
        if not header:
            continue
        starts = [s for s, _ in header] + [None]
        found.append({
            name: line[start:end].strip() for (start, name), end in zip(header, starts[1:], strict=True)
        })
    return found
