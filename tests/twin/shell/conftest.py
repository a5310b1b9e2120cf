"""A shell with a scripted kubectl, shared by the shell tests."""

from __future__ import annotations

import pytest

from aoi.twin.process import CommandResult, fail
from aoi.twin.shell import Shell

PODS = (
    "NAME                     READY   STATUS             RESTARTS   AGE\n"
    "geo-abc                  1/1     Running            0          5m\n"
    "user-x                   0/1     CrashLoopBackOff   4          5m\n"
    "mongo-y                  1/1     Running            0          5m\n"
)


def kubectl(argv: list[str], stdin: str) -> CommandResult:
    """Answers ``get pods``, echoes ``apply -f -`` stdin back, fails like kubectl otherwise."""
    if argv[1:3] == ["get", "pods"]:
        return CommandResult(PODS)
    if argv[1:3] == ["apply", "-f"]:
        return CommandResult(f"applied:\n{stdin}")
    if argv[1:3] == ["get", "secret"]:
        return CommandResult("cGFzc3dvcmQ=")
    return fail('Error from server (NotFound): pods "nope" not found')


def recorder(calls: list[list[str]]):
    def program(argv: list[str], stdin: str) -> CommandResult:
        calls.append(argv)
        return CommandResult()

    return program


@pytest.fixture
def shell() -> Shell:
    return Shell({"kubectl": kubectl}, env={"NS": "test-social-network"})
