"""Read a file of commands: one per line, or JSON Lines of strings for commands that span lines.

The file is JSON Lines when every non-empty line parses as a JSON string; otherwise each non-empty
line is one command. An unreadable or empty file raises `CommandFileError`.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["CommandFileError", "load_commands"]


class CommandFileError(ValueError):
    """The command file could not be read or holds no commands."""


def _json_string(line: str) -> str | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def load_commands(path: str | Path) -> list[str]:
    """The commands in ``path``, in file order."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise CommandFileError(f"cannot read {path}: {e}") from None
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise CommandFileError(f"{path} holds no commands")
    decoded = [_json_string(line) for line in lines]
    if all(d is not None for d in decoded):
        return [d for d in decoded if d is not None]
    return lines
