"""docker and helm: read subcommands by table, everything else (exec, run, install, upgrade...) a write."""

from __future__ import annotations

from aoi.safety._outcome import Outcome, read, write
from aoi.safety._parse import DYNAMIC

__all__ = ["DOCKER_READ", "HELM_READ", "classify_docker", "classify_helm"]

DOCKER_READ = frozenset(["ps", "logs", "inspect", "stats", "images", "version", "info", "top", "port", "diff",
                         "events", "history"])  # fmt: skip
_DOCKER_GROUP_READ = frozenset(["ls", "list", "inspect", "logs", "ps", "stats", "top", "port", "history"])
HELM_READ = frozenset(["list", "ls", "status", "get", "history", "show", "version", "env", "lint", "template"])
_DOCKER_VALUE_FLAGS = frozenset(["-H", "--host", "--context", "--config", "-c", "--log-level"])
_HELM_VALUE_FLAGS = frozenset(["-n", "--namespace", "--kube-context", "--kubeconfig"])


def _positionals(args: list[str], value_flags: frozenset[str]) -> list[str]:
    out, skip = [], False
    for a in args:
        if a.startswith(DYNAMIC):
            return ["<run-time word>"]
        if skip:
            skip = False
        elif a in value_flags:
            skip = True
        elif not a.startswith("-"):
            out.append(a)
    return out


def classify_docker(name: str, args: list[str]) -> Outcome:
    pos = _positionals(args, _DOCKER_VALUE_FLAGS)
    if not pos:
        return read(f"{name}: prints help")
    sub = pos[0]
    if sub in DOCKER_READ:
        return read(f"{name} {sub}: read subcommand")
    if sub in ("container", "image", "network", "volume") and len(pos) > 1 and pos[1] in _DOCKER_GROUP_READ:
        return read(f"{name} {sub} {pos[1]}: read subcommand")
    return write(f"{name} {sub}: write or unknown subcommand")


def classify_helm(name: str, args: list[str]) -> Outcome:
    pos = _positionals(args, _HELM_VALUE_FLAGS)
    if not pos:
        return read(f"{name}: prints help")
    if pos[0] in HELM_READ or pos[:2] == ["repo", "list"]:
        return read(f"{name} {pos[0]}: read subcommand")
    return write(f"{name} {pos[0]}: write or unknown subcommand")
