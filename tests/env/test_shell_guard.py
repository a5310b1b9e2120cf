"""The five refused command patterns and their exact answers, in front of every backend."""

from __future__ import annotations

import pytest

from aoi.env import BLOCKED_COMMANDS, ScriptedBackend, blocked_message
from aoi.env.actions import perform
from aoi.env.parser import ParsedAction

EDIT = "Error: Cannot use `kubectl edit`. Use `kubectl patch` instead."


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("kubectl edit deploy geo -n x", EDIT),
        ("kubectl -n x edit svc geo", EDIT),
        (
            "kubectl port-forward svc/jaeger 16686",
            "Error: Cannot use `kubectl port-forward` because it is an interactive command.",
        ),
        ("docker logs -f supernode-1", "Error: Cannot use `docker logs -f`. Use `docker logs` instead."),
        ("kubectl logs -f geo-123 -n x", "Error: Cannot use `kubectl logs -f`. Use `kubectl logs` instead."),
        ("echo hi && kubectl edit cm x", EDIT),  # a substring anywhere counts
    ],
)
def test_blocked_commands(command, message):
    assert blocked_message(command) == message


@pytest.mark.parametrize(
    "command", ["kubectl delete pod x", "kubectl logs geo -n x", "kubectl patch svc a -p '{}'"]
)
def test_everything_else_passes(command):
    assert blocked_message(command) is None


def test_exactly_five_patterns():
    assert list(BLOCKED_COMMANDS) == [
        "kubectl edit", "edit svc", "kubectl port-forward", "docker logs -f", "kubectl logs -f",
    ]  # fmt: skip


def test_blocked_command_never_reaches_the_backend():
    ran: list[str] = []
    backend = ScriptedBackend(shell=lambda c: ran.append(c) or "ok")
    outcome = perform(backend, "detection", ParsedAction("exec_shell", ["kubectl edit svc geo"]))
    assert outcome.observation == EDIT and not outcome.ran
    assert ran == []
    assert perform(backend, "detection", ParsedAction("exec_shell", ["ls"])).observation == "ok"
    assert ran == ["ls"]
