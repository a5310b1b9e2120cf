"""Ordinary programs (grep, sed, awk, find, tee...): the read-only table and per-program flag checks.

A program is a read only if it is in `READ_PROGRAMS` and its flags do not make it write
(``sed -i``, ``sort -o``, ``awk`` with ``system()`` or ``print > file``, ``find -delete``...).
Network clients (curl, wget, nc, ssh...) are denied: a probe has no business sending data out,
and ``curl ... | sh`` is the classic way in. Every program not named here is a write.
"""

from __future__ import annotations

import re

from aoi.safety._outcome import Outcome, denied, read, write
from aoi.safety._parse import DYNAMIC

__all__ = ["EGRESS_PROGRAMS", "READ_PROGRAMS", "classify_program"]

READ_PROGRAMS = frozenset(
    [
        "grep", "egrep", "fgrep", "zgrep", "rg", "head", "tail", "wc", "cut", "tr", "jq", "cat", "zcat",
        "tac", "echo", "printf", "base64", "column", "true", "false", "sleep", "ls", "pwd", "whoami",
        "id", "uname", "nl", "rev", "fold", "paste", "join", "comm", "diff", "cmp", "md5sum",
        "sha1sum", "sha256sum", "seq", "stat", "file", "du", "df", "free", "uptime", "ps", "printenv",
        "basename", "dirname", "realpath", "readlink", "test", "[", "expr", "which", "type", "top",
        "lsof", "netstat", "ss", "xxd", "od", "strings", "hexdump", "nproc", "cd", ":", "less", "more",
        "sort", "uniq", "awk", "gawk", "mawk", "sed", "find", "tee", "yq", "date", "hostname", "export",
    ]
)  # fmt: skip
EGRESS_PROGRAMS = frozenset(
    ["curl", "wget", "nc", "ncat", "netcat", "telnet", "ssh", "scp", "sftp", "ftp", "rsync", "socat"]
)
_FLAG_SENSITIVE = frozenset(["sed", "awk", "gawk", "mawk", "sort", "uniq", "find", "tee", "yq", "date", "hostname"])
_SAFE_SINKS = frozenset(["/dev/null", "/dev/stdout", "/dev/stderr"])
_AWK_WRITES = re.compile(r"system\s*\(|print[f]?[^;}]*?>|\|\s*getline|getline\s*<|\"\s*\|\s*\"|print[f]?[^;}]*\|")
_SED_WRITE_CMD = re.compile(r"(?<![A-Za-z0-9_])[wWe](?![A-Za-z0-9_])")
_FIND_WRITES = frozenset(["-delete", "-exec", "-execdir", "-ok", "-okdir", "-fprint", "-fprint0", "-fprintf", "-fls"])


def _short_flags(args: list[str]) -> set[str]:
    """Single-letter flags, with ``-rf`` counted as ``r`` and ``f``."""
    letters: set[str] = set()
    for a in args:
        if a.startswith("-") and not a.startswith("--") and len(a) > 1:
            letters.update(a[1:])
    return letters


def _sed(name: str, args: list[str]) -> Outcome:
    if "i" in _short_flags(args) or any(a.startswith("--in-place") for a in args):
        return write(f"{name}: -i edits files in place")
    scripts = [a for a in args if not a.startswith("-")][:1] + [
        args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-e", "--expression")
    ]
    if any(_SED_WRITE_CMD.search(s) for s in scripts) or any(a in ("-f", "--file") for a in args):
        return write(f"{name}: script may write files or run commands (w/W/e)")
    return read(f"{name}: read-only program")


def _awk(name: str, args: list[str]) -> Outcome:
    if any(a in ("-f", "-i", "--include", "--file") or a.startswith("-i") for a in args):
        return write(f"{name}: program from a file or in-place mode")
    if any(_AWK_WRITES.search(a) for a in args if not a.startswith("-")):
        return write(f"{name}: program runs commands or prints to a file")
    return read(f"{name}: read-only program")


def _tee(name: str, args: list[str]) -> Outcome:
    files = [a for a in args if not a.startswith("-") and a not in _SAFE_SINKS]
    if files:
        return write(f"{name}: writes to {files[0]}")
    return read(f"{name}: no output file")


def classify_program(name: str, args: list[str]) -> Outcome:
    """Generic programs; ``name`` is the basename of the program word."""
    if name in EGRESS_PROGRAMS:
        return denied(f"{name}: network egress is denied")
    if name not in READ_PROGRAMS:
        return write(f"{name}: unknown program counts as write")
    if name in _FLAG_SENSITIVE and any(a.startswith(DYNAMIC) for a in args):
        return write(f"{name}: argument only known at run time")
    if name == "sed":
        return _sed(name, args)
    if name in ("awk", "gawk", "mawk"):
        return _awk(name, args)
    if name == "tee":
        return _tee(name, args)
    if name == "sort" and any(a.startswith(("-o", "--output")) for a in args):
        return write(f"{name}: -o writes a file")
    if name == "uniq" and len([a for a in args if not a.startswith("-")]) > 1:
        return write(f"{name}: second operand is an output file")
    if name == "find" and _FIND_WRITES & set(args):
        return write(f"{name}: -delete/-exec/-fprint act on files")
    if name == "yq" and ("i" in _short_flags(args) or "--inplace" in args):
        return write(f"{name}: -i edits files in place")
    if name == "date" and ("s" in _short_flags(args) or any(a.startswith("--set") for a in args)):
        return write(f"{name}: sets the clock")
    if name == "hostname" and [a for a in args if not a.startswith("-")]:
        return write(f"{name}: sets the host name")
    return read(f"{name}: read-only program")
