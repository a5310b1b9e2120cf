"""Why a command line could not be turned into a `Script`.

``ShellError`` is the parent; ``ShellSyntaxError`` is what bash itself would reject (exit 2, bash's
message), ``UnsupportedSyntax`` is valid bash that the twin's shell does not emulate (exit 2, a
message naming the construct so the agent can rewrite the command).
"""

from __future__ import annotations


class ShellError(Exception):
    """A command line that cannot run; ``str(error)`` is the full stderr text bash-style."""


class ShellSyntaxError(ShellError):
    """Input bash would refuse to parse."""


class UnsupportedSyntax(ShellError):
    """Valid bash the twin's shell does not run (while loops, functions, arithmetic, ...)."""


__all__ = ["ShellError", "ShellSyntaxError", "UnsupportedSyntax"]
