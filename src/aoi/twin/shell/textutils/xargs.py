"""xargs: builds argvs from stdin and runs them through the shell's program table (never a process)."""

from __future__ import annotations

import re

from aoi.twin.process import CommandResult, Program
from aoi.twin.shell.textutils._common import UsageError, getopt, usage

_ITEM = re.compile(r"""(?:[^\s'"\\]|\\.|'[^']*'|"[^"]*")+""", re.S)
_UNQUOTE = re.compile(r"""\\(.)|'([^']*)'|"([^"]*)\"""", re.S)
_VALUE_FLAGS = frozenset({"-I", "-n", "-L", "-d", "-P", "-s", "-E"})
_LONGS = {
    "no-run-if-empty": ("r", False),
    "max-args": ("n", True),
    "replace": ("I", True),
    "null": ("0", False),
}


def _items(text: str, null: bool) -> list[str]:
    if null:
        return [item for item in text.split("\0") if item]
    return [
        _UNQUOTE.sub(lambda m: next(g for g in m.groups() if g is not None), m) for m in _ITEM.findall(text)
    ]


def xargs(argv: list[str], stdin: str, *, run: Program) -> CommandResult:
    """GNU xargs: ``-I R``/``-i``, ``-n N``, ``-L N``, ``-r``, ``-0``; ``run(argv, stdin)`` starts each command."""
    args, cut = argv[1:], 0
    while cut < len(args) and args[cut].startswith("-") and args[cut] != "-":
        cut += 2 if args[cut] in _VALUE_FLAGS else 1  # options end at the command's name
    try:
        opts, _ = getopt("xargs", args[:cut], "I:in:L:r0d:P:s:tE:", _LONGS)
    except UsageError as e:
        return usage("xargs", e)
    command = args[cut:] or ["echo"]
    o = dict(opts)
    replace = "{}" if "i" in o else o.get("I")
    if replace is not None:
        items = [line.strip() for line in stdin.split("\n") if line.strip()]
        batches = [[arg.replace(replace, item) for arg in command] for item in items]
    else:
        items = _items(stdin, "0" in o)
        per = int(o.get("n") or o.get("L") or 0) or max(len(items), 1)
        batches = [command + items[i : i + per] for i in range(0, len(items), per)]
        if not batches and "r" not in o:
            batches = [command]
    out, err, status = [], [], 0
    for batch in batches:
        result = run(batch, "")
        out.append(result.stdout)
        err.append(result.stderr)
        if result.exit_code == 127:
            return CommandResult("".join(out), "".join(err), 127)
        if result.exit_code:
            status = 123
    return CommandResult("".join(out), "".join(err), status)


__all__ = ["xargs"]
