"""A namespace-wide log scan: the last alarming lines of every pod, one command.

Only lines that name a real failure count (`ALARMS`); benign warnings every healthy app prints
(Redis's overcommit notice) do not. ``Connection refused`` lines that name a host record the
unreachable Service for `services`; the crashing deployments' own logs are read by `mongo`.
"""

from __future__ import annotations

import re

from .check import Check, deployment_of
from .evidence_parsing import Block
from .notes import Notes

__all__ = ["ALARMS", "BENIGN", "LOGS"]

ALARMS = re.compile(
    r"Connection refused|connection refused|not authorized|Authentication failed|panic:|\bFTL\b|Traceback"
    r"|\bERROR\b|<error>|exception", re.IGNORECASE
)
#: Warnings every healthy app prints.
BENIGN = re.compile(r"overcommit_memory|TLS 1\.0")
_HOST = re.compile(r"<Host: ([\w.-]+) Port: \d+>|dial tcp [\d.]*:?\d*|lookup ([\w.-]+)")
_GREP = "error|fail|refused|denied|unauthori|exception|fatal|panic"


def _survey(notes: Notes) -> list[str]:
    ns = notes.namespace
    # Each line is prefixed with its pod through ``xargs -I{} echo``: the Probe's gate refuses
    # ``sed``/``awk`` with an argument known only at run time (their scripts can write files).
    return [f"for p in $(kubectl get pods -n {ns} -o name); do kubectl logs $p -n {ns} --tail=50 2>&1 "
            f"| grep -iE \"{_GREP}\" | tail -n 2 | xargs -I{{}} echo \"$p {{}}\"; done"]


def _read(block: Block, notes: Notes) -> None:
    if not block.command.startswith("for p in $(kubectl get pods"):
        return
    for line in block.lines:
        if not line.startswith("pod/") or BENIGN.search(line) or not ALARMS.search(line):
            continue
        pod, _, message = line.partition(" ")
        notes.fact("log_alarms", {}).setdefault(deployment_of(pod), message)
        host = _HOST.search(message)
        if host and host.group(1):
            notes.fact("refused_hosts", set()).add(host.group(1))


LOGS = Check("logs", _survey, _read, lambda notes: [])
