"""Docker compose apps (Flower, namespace ``docker``): stopped containers and failing apps.

Survey: ``docker ps -a``. A container that exited is a fault on it (restart it); every running
app container's recent logs are read, and an ``ERROR`` or traceback there is a fault too.
"""

from __future__ import annotations

import re

from .check import Check
from .evidence_parsing import Block, strip_repeat
from .notes import Finding, Notes

__all__ = ["DOCKER"]

_ROW = re.compile(r"^[0-9a-f]{12}\s.*\s(Up|Exited|Created|Restarting|Dead)\b.*\s([\w.-]+)$")
_FAILURE = re.compile(r"\bERROR\b|Traceback|RuntimeError|Exception")


def _read(block: Block, notes: Notes) -> None:
    if block.command == "docker ps -a":
        containers = notes.fact("containers", {})
        for line in [block.summary, *block.lines]:
            match = _ROW.match(strip_repeat(line.strip()))
            if match:
                containers[match.group(2)] = match.group(1)
                if match.group(1) != "Up":
                    notes.add(Finding("container_down", match.group(2), "Virtualization", "Operation Error",
                                      f"container {match.group(2)} is {match.group(1)}", 20,
                                      (f"docker start {match.group(2)}",)))
    elif block.command.startswith("docker logs "):
        name = block.command.split()[2]
        if _FAILURE.search(block.text):
            notes.add(Finding("container_error", name, "Application", "Misconfiguration",
                              f"container {name} logs an application error", 25,
                              (f"docker restart {name}",)))


def _follow_ups(notes: Notes) -> list[str]:
    running = [n for n, state in notes.facts.get("containers", {}).items() if state == "Up"]
    return [f"docker logs {name} --tail 30" for name in sorted(running) if "app" in name]


DOCKER = Check("docker", lambda notes: ["docker ps -a"], _read, _follow_ups)
