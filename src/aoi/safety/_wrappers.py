"""Programs that run another command: env, sudo, timeout, nohup, nice, xargs, watch, sh -c, eval...

Each returns the command it would run (`RunArgv`) or the script it would parse (`RunScript`), so
``sudo kubectl delete`` is judged as ``kubectl delete``. ``sudo`` raises the floor to write
(privilege escalation is never a probe's business). ``xargs`` appends a run-time word for the
arguments it reads from stdin, so ``xargs kubectl`` has an unknown verb. A shell with no ``-c``
reads its script from a file (write), from a heredoc or here-string (classified), or from a pipe
(denied: ``curl ... | sh``).
"""

from __future__ import annotations

from aoi.safety._models import Verdict
from aoi.safety._outcome import Outcome, RunArgv, RunScript, denied, read, write
from aoi.safety._parse import DYNAMIC

__all__ = ["RISKY_ENV", "SHELLS", "WRAPPERS", "classify_wrapper"]

RISKY_ENV = frozenset(
    [
        "PATH", "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "BASH_ENV", "ENV", "PROMPT_COMMAND", "IFS",
        "SHELLOPTS", "BASHOPTS", "KUBECTL_EXTERNAL_DIFF", "KUBE_EDITOR", "EDITOR", "VISUAL", "PAGER",
        "PYTHONPATH", "PERL5LIB", "NODE_OPTIONS", "GIT_SSH_COMMAND", "KUBECTL_PLUGINS_PATH",
    ]
)  # fmt: skip
"""Variables that change which program runs or inject code into it."""

SHELLS = frozenset(["sh", "bash", "dash", "zsh", "ksh", "ash", "busybox-sh"])
# Wrapper -> flags that take a value in the next word.
_VALUE_FLAGS: dict[str, frozenset[str]] = {
    "env": frozenset(["-u", "--unset", "-C", "--chdir"]),
    "sudo": frozenset(["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "--user", "--group"]),
    "timeout": frozenset(["-s", "--signal", "-k", "--kill-after"]),
    "nice": frozenset(["-n", "--adjustment"]),
    "nohup": frozenset(),
    "command": frozenset(),
    "builtin": frozenset(),
    "exec": frozenset(["-a"]),
    "stdbuf": frozenset(["-i", "-o", "-e"]),
    "setsid": frozenset(),
    "ionice": frozenset(["-c", "-n", "-p"]),
    "xargs": frozenset(["-n", "-I", "-L", "-P", "-d", "-E", "-s", "-a", "--max-args", "--max-procs", "--delimiter"]),
    "watch": frozenset(["-n", "--interval", "-d", "-g"]),
    "busybox": frozenset(),
}
WRAPPERS = frozenset(_VALUE_FLAGS) | SHELLS | frozenset(["eval", "source", "."])


def _strip_options(name: str, args: list[str]) -> tuple[list[str], list[str]]:
    """(options, rest) for a wrapper's own options before the command it runs."""
    values = _VALUE_FLAGS[name]
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            return args[:i], args[i + 1 :]
        if not a.startswith("-") or a == "-":
            break
        i += 2 if a in values else 1
    return args[:i], args[i:]


def _env(args: list[str]) -> Outcome:
    options, rest = _strip_options("env", args)
    if any(o in ("-S", "--split-string") or o.startswith("-S") for o in options):
        return write("env: -S splits a string into a command")
    while rest and "=" in rest[0] and not rest[0].startswith(("=", DYNAMIC)):
        if rest[0].split("=", 1)[0] in RISKY_ENV:
            return write(f"env: sets {rest[0].split('=', 1)[0]}")
        rest = rest[1:]
    if not rest:
        return read("env: prints the environment")
    return RunArgv(rest, via="env")


def _xargs(args: list[str]) -> Outcome:
    options, rest = _strip_options("xargs", args)
    if not rest:
        return read("xargs: runs echo")
    replace = any(o == "-I" or o.startswith("-I") or o.startswith("--replace") for o in options)
    return RunArgv(rest if replace else [*rest, DYNAMIC + "<args from stdin>"], via="xargs")


def _shell(name: str, args: list[str], stdin: str | None, piped: bool) -> Outcome:
    for i, a in enumerate(args):
        if a.startswith("-") and not a.startswith("--") and "c" in a[1:]:
            if i + 1 >= len(args):
                return write(f"{name} -c: no script")
            script = args[i + 1]
            if script.startswith(DYNAMIC):
                return write(f"{name} -c: script only known at run time")
            return RunScript(script, via=f"{name} -c")
        if not a.startswith("-"):
            return write(f"{name}: runs script file {a}")
    if stdin is not None:
        return RunScript(stdin, via=f"{name} <<<")
    if piped:
        return denied(f"{name}: runs a script read from a pipe")
    return write(f"{name}: interactive shell counts as write")


def classify_wrapper(name: str, args: list[str], stdin: str | None, piped: bool) -> Outcome:
    if name in SHELLS:
        return _shell(name, args, stdin, piped)
    if name == "env":
        return _env(args)
    if name == "xargs":
        return _xargs(args)
    if name == "eval":
        if any(a.startswith(DYNAMIC) for a in args):
            return write("eval: script only known at run time")
        return RunScript(" ".join(args), via="eval")
    if name in ("source", "."):
        return write(f"{name}: runs a script file")
    options, rest = _strip_options(name, args)
    if name == "timeout":
        rest = rest[1:]  # the duration
    if name == "watch":
        if any(a.startswith(DYNAMIC) for a in rest):
            return write("watch: command only known at run time")
        return RunScript(" ".join(rest), via="watch") if rest else write("watch: no command")
    if not rest:
        return read(f"{name}: no command") if name in ("nohup", "command", "builtin", "exec") else write(
            f"{name}: no command"
        )
    floor = Verdict.WRITE if name == "sudo" else Verdict.READ
    if name == "command" and {"-v", "-V"} & set(options):  # command -v / -V only look a name up
        return read("command -v: looks a name up")
    return RunArgv(rest, via=name, floor=floor)
