"""The commands `exec_shell` refuses, and what it answers instead.

AIOpsLab refuses a command when one of five substrings occurs anywhere in it; nothing else is
filtered (destructive commands pass). The answers are its exact texts. The check runs in front of
every backend, so the twin and a real cluster refuse the same commands.
"""

from __future__ import annotations

__all__ = ["BLOCKED_COMMANDS", "blocked_message"]

_NO_EDIT = "Error: Cannot use `kubectl edit`. Use `kubectl patch` instead."

# Insertion order matters: the first matching pattern's message wins.
BLOCKED_COMMANDS: dict[str, str] = {
    "kubectl edit": _NO_EDIT,
    "edit svc": _NO_EDIT,
    "kubectl port-forward": "Error: Cannot use `kubectl port-forward` because it is an interactive command.",
    "docker logs -f": "Error: Cannot use `docker logs -f`. Use `docker logs` instead.",
    "kubectl logs -f": "Error: Cannot use `kubectl logs -f`. Use `kubectl logs` instead.",
}


def blocked_message(command: str) -> str | None:
    """The refusal for ``command``, or None when it may run."""
    for pattern, message in BLOCKED_COMMANDS.items():
        if pattern in command:
            return message
    return None
