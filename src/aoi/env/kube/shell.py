"""The kube backend's shell: the twin's pure-Python shell with a kubectl that runs the real binary.

Pipes, ``&&``, redirections, heredocs and the text programs agents pipe into (grep, awk, jq,
head...) are `aoi.twin.shell`'s, so no system shell ever sees an agent's line. Only ``kubectl``
(and its alias ``k``) leaves the process, through `Kubectl` with the kubeconfig `Credentials`
picks for that one call. Files the line wrote with ``>`` or ``tee`` live in the shell's memory,
so a ``-f``/``--filename`` naming one is handed to kubectl as a private temporary copy. ``sleep``
really sleeps, at most the kubectl timeout. Anything else (docker, curl, a mongo shell) is
"command not found": on a real cluster those run inside pods, through ``kubectl exec``.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from aoi.twin.process import CommandResult, Program, fail
from aoi.twin.shell import Shell

from .kubectl import Kubectl
from .roles import Credentials, Refused

__all__ = ["kube_shell"]

_SLEEP_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def kube_shell(kubectl: Kubectl, credentials: Credentials, scratch: Path) -> Shell:
    """A shell whose ``kubectl`` runs for real; ``scratch`` holds the temporary copies of shell files."""
    shell = Shell({})
    program = _kubectl_program(kubectl, credentials, shell.files, scratch)
    shell.programs.update({"kubectl": program, "k": program, "sleep": _sleep(kubectl.timeout_s)})
    return shell


def _kubectl_program(kubectl: Kubectl, credentials: Credentials, files: dict[str, str], scratch: Path) -> Program:
    def run(argv: list[str], stdin: str) -> CommandResult:
        chosen = credentials.for_argv(argv)
        if isinstance(chosen, Refused):
            return fail(chosen.message)
        with tempfile.TemporaryDirectory(dir=scratch) as private:
            return kubectl.run(_with_file_copies(argv, files, Path(private)), chosen, stdin)

    return run


def _with_file_copies(argv: list[str], files: dict[str, str], private: Path) -> list[str]:
    """``argv`` with every ``-f``/``--filename`` operand that names a shell file replaced by a copy on disk."""
    out, take_next = [], False
    for word in argv:
        if take_next and word in files:
            word = _copy(files, word, private)
        elif word.startswith("--filename=") and word.split("=", 1)[1] in files:
            word = "--filename=" + _copy(files, word.split("=", 1)[1], private)
        take_next = word in ("-f", "--filename")
        out.append(word)
    return out


def _copy(files: dict[str, str], name: str, private: Path) -> str:
    path = private / f"{len(list(private.iterdir()))}-{Path(name).name or 'file'}"
    path.write_text(files[name], encoding="utf-8")
    return str(path)


def _sleep(limit_s: float) -> Program:
    """``sleep N[smhd]...``: real time passes, at most ``limit_s`` (the command would be stopped then)."""

    def sleep(argv: list[str], stdin: str) -> CommandResult:
        if len(argv) < 2:
            return fail("sleep: missing operand\nTry 'sleep --help' for more information.")
        total = 0.0
        for arg in argv[1:]:
            number, unit = (arg[:-1], arg[-1]) if arg[-1:] in _SLEEP_UNITS else (arg, "s")
            try:
                total += float(number) * _SLEEP_UNITS[unit]
            except ValueError:
                return fail(f"sleep: invalid time interval '{arg}'\nTry 'sleep --help' for more information.")
        time.sleep(max(0.0, min(total, limit_s)))
        return CommandResult()

    return sleep
