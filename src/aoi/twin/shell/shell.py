"""`Shell`: runs a command line against a table of in-process programs.

Pipes hand stdout to the next stage's stdin; every stage's stderr is kept, in order, so a kubectl
error mid-pipeline still reaches the agent; the status is the last stage's (no pipefail). Files
written with ``>`` live in `Shell.files`, never on the host. Variables set during one `run` last for
that run only, as each ``exec_shell`` call in AIOpsLab is a fresh ``bash -c``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from aoi.twin.process import CommandResult, Program
from aoi.twin.shell.ast import Command, ForLoop, Group, IfClause, Pipeline, Redirect, Script, SimpleCommand
from aoi.twin.shell.errors import ShellError
from aoi.twin.shell.expand import expand_fields, expand_text
from aoi.twin.shell.parse import parse
from aoi.twin.shell.textutils import bind_programs

_PIPE, _ERR, _NULL = "pipe", "err", "null"
_DEVICE_SINKS = {"/dev/null": _NULL, "/dev/stdout": _PIPE, "/dev/stderr": _ERR}
_MAX_DEPTH = 32  # command substitution nesting; bash would recurse until it ran out of memory


@dataclass
class _Exit(Exception):
    """``exit N`` unwinds the whole run."""

    code: int


@dataclass
class _Out:
    """What a command produced for its stdout sink (``pipe``) and for the run's stderr."""

    pipe: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Sinks:
    """Where a command's stdout and stderr go (``pipe``, ``err``, ``null`` or ("file", path))."""

    stdout: str | tuple[str, str] = _PIPE
    stderr: str | tuple[str, str] = _ERR
    stdin: str | None = None


_DEFAULT = _Sinks()


class _Run:
    """The state of one `Shell.run` call: variables, ``$?`` and the substitution depth."""

    def __init__(self, shell: Shell, env: dict[str, str]) -> None:
        self.shell = shell
        self.env = env
        self.depth = 0

    # -- scripts and pipelines -------------------------------------------------------------
    def script(self, script: Script, stdin: str, out: _Out) -> int:
        status = 0
        for step in script.steps:
            if (step.op == "&&" and status != 0) or (step.op == "||" and status == 0):
                continue
            status = self.pipeline(step.pipeline, stdin, out)
            stdin = ""  # only the first command of a group reads the group's stdin
            self.env["?"] = str(status)
        return status

    def pipeline(self, pipeline: Pipeline, stdin: str, out: _Out) -> int:
        commands = pipeline.commands
        last = len(commands) - 1
        status = 0
        for index, command in enumerate(commands):
            stage = _Out()
            status = self.command(command, stdin, stage)
            if index == last:
                out.pipe.extend(stage.pipe)
                out.err.extend(stage.err)
            elif pipeline.stderr_piped[index]:  # "|&" sends stderr down the pipe too
                stdin = "".join(stage.pipe + stage.err)
            else:
                stdin = "".join(stage.pipe)
                out.err.extend(stage.err)
        if pipeline.negate:
            status = 0 if status else 1
        return status

    def command(self, command: Command, stdin: str, out: _Out) -> int:
        if isinstance(command, SimpleCommand):
            return self.simple(command, stdin, out)
        if isinstance(command, Group):
            inner = _Out()
            status = self.script(command.body, stdin, inner)
            sinks = self.redirects(command.redirects, out) if command.redirects else _DEFAULT
            if sinks is None:
                return 1
            self.route(sinks, "".join(inner.pipe), "".join(inner.err), out)
            return status
        if isinstance(command, ForLoop):
            status = 0
            for word in command.words:
                for value in expand_fields(word, self.env, lambda s: self.substitute(s, out)):
                    self.env[command.var] = value
                    status = self.script(command.body, "", out)
            return status
        return self.if_clause(command, out)

    def if_clause(self, clause: IfClause, out: _Out) -> int:
        for condition, body in clause.branches:
            if self.script(condition, "", out) == 0:
                return self.script(body, "", out)
        return self.script(clause.orelse, "", out) if clause.orelse else 0

    # -- simple commands ---------------------------------------------------------------------
    def simple(self, command: SimpleCommand, stdin: str, out: _Out) -> int:
        env, sub = self.env, (lambda s: self.substitute(s, out))
        argv: list[str] = []
        for word in command.argv:
            if type(word) is str:
                argv.append(word)
            else:
                argv.extend(expand_fields(word, env, sub))
        if command.stdin_text is not None:
            stdin = expand_text(command.stdin_text, env, sub)
        sinks = self.redirects(command.redirects, out) if command.redirects else _DEFAULT
        if sinks is None:
            return 1
        if sinks.stdin is not None:
            stdin = sinks.stdin
        if not argv:
            for name, value in command.assignments:
                env[name] = expand_text(value, env, sub)
            return 0
        result = self.shell.dispatch(argv, stdin, self)
        self.route(sinks, result.stdout, result.stderr, out)
        return result.exit_code

    def redirects(self, redirects: tuple[Redirect, ...], out: _Out) -> _Sinks | None:
        """Apply redirections left to right (files are truncated now, as bash does); None on error."""
        sinks: dict[int, str | tuple[str, str]] = {1: _PIPE, 2: _ERR}
        stdin: str | None = None
        files = self.shell.files
        for redirect in redirects:
            if redirect.op == ">&":
                if redirect.target not in sinks:
                    out.err.append(f"bash: line 1: {redirect.target}: Bad file descriptor\n")
                    return None
                sinks[redirect.fd] = sinks[redirect.target]
                continue
            path = expand_text(redirect.target, self.env, lambda s: self.substitute(s, out))
            if redirect.op == "<":
                if path not in files and path != "/dev/null":
                    out.err.append(f"bash: line 1: {path}: No such file or directory\n")
                    return None
                stdin = files.get(path, "")
                continue
            sink = _DEVICE_SINKS.get(path)
            if sink is None:
                sink = ("file", path)
                if redirect.op in (">", "&>"):
                    files[path] = ""
                else:
                    files.setdefault(path, "")
            for fd in (1, 2) if redirect.op in ("&>", "&>>") else (redirect.fd,):
                sinks[fd] = sink
        return _Sinks(sinks[1], sinks[2], stdin)

    def route(self, sinks: _Sinks, stdout: str, stderr: str, out: _Out) -> None:
        for text, sink in ((stdout, sinks.stdout), (stderr, sinks.stderr)):
            if not text or sink == _NULL:
                continue
            if sink == _PIPE:
                out.pipe.append(text)
            elif sink == _ERR:
                out.err.append(text)
            else:
                self.shell.files[sink[1]] += text

    def substitute(self, script: Script, out: _Out) -> str:
        if self.depth >= _MAX_DEPTH:
            out.err.append("bash: maximum command substitution depth exceeded\n")
            return ""
        self.depth += 1
        try:
            inner = _Out()
            self.script(script, "", inner)
        finally:
            self.depth -= 1
        out.err.extend(inner.err)
        return "".join(inner.pipe)


class Shell:
    """A tiny bash: ``Shell(programs).run("kubectl get pods | grep -v Running")``.

    ``programs`` maps names to `Program`s and wins over the built-in text utilities (grep, awk,
    jq, ...), which are included unless ``text_programs=False``. `programs` stays mutable so that
    backends can add kubectl, docker or mongo after construction.
    """

    def __init__(
        self,
        programs: Mapping[str, Program] | None = None,
        env: Mapping[str, str] | None = None,
        *,
        text_programs: bool = True,
    ) -> None:
        self.files: dict[str, str] = {}
        self.env: dict[str, str] = dict(env or {})
        self.programs: dict[str, Program] = (
            bind_programs(self.files, self._run_argv, self.env) if text_programs else {}
        )
        self.programs.update(programs or {})
        self._current: _Run | None = None

    def run(self, command: str) -> CommandResult:
        """Run one command line; never raises for bad input (that is bash's stderr and exit 2)."""
        try:
            script = parse(command)
        except ShellError as e:
            return CommandResult(stderr=str(e), exit_code=2)
        state = _Run(self, {**self.env, "?": "0"})
        out = _Out()
        try:
            status = state.script(script, "", out)
        except _Exit as e:
            status = e.code
        return CommandResult("".join(out.pipe), "".join(out.err), status)

    def dispatch(self, argv: list[str], stdin: str, state: _Run | None = None) -> CommandResult:
        """Run one already-expanded argv: shell builtins first, then the program table."""
        name = argv[0]
        builtin = _BUILTINS.get(name)
        if builtin is not None:
            return builtin(self, argv, stdin, state)
        program = self.programs.get(name.rsplit("/", 1)[-1] if "/" in name else name)
        if program is None:
            return CommandResult(stderr=f"bash: line 1: {name}: command not found\n", exit_code=127)
        return program(argv, stdin)

    def _run_argv(self, argv: list[str], stdin: str) -> CommandResult:
        """The `Program` that xargs and friends use to start another command."""
        return self.dispatch(argv, stdin)


def _wrapper(value_flags: frozenset[str], positional: int = 0):
    """A builtin like ``sudo -u root X`` or ``timeout 5 X`` that runs its trailing command."""

    def run(shell: Shell, argv: list[str], stdin: str, state: _Run | None) -> CommandResult:
        i = 1
        while i < len(argv) and argv[i].startswith("-"):
            i += 2 if argv[i] in value_flags else 1
        i += positional
        if i >= len(argv):
            return CommandResult(exit_code=0 if argv[0] != "timeout" else 125)
        return shell.dispatch(argv[i:], stdin, state)

    return run


def _set_vars(shell: Shell, argv: list[str], stdin: str, state: _Run | None) -> CommandResult:
    if state is not None:
        for arg in argv[1:]:
            name, eq, value = arg.partition("=")
            if eq:
                state.env[name] = value
    return CommandResult()


def _unset(shell: Shell, argv: list[str], stdin: str, state: _Run | None) -> CommandResult:
    if state is not None:
        for name in argv[1:]:
            state.env.pop(name, None)
    return CommandResult()


def _exit(shell: Shell, argv: list[str], stdin: str, state: _Run | None) -> CommandResult:
    raise _Exit(int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 0)


def _noop(shell: Shell, argv: list[str], stdin: str, state: _Run | None) -> CommandResult:
    return CommandResult()


_BUILTINS = {
    "sudo": _wrapper(frozenset({"-u", "-g", "-h", "-p", "-C"})),
    "timeout": _wrapper(frozenset({"-s", "--signal", "-k", "--kill-after"}), positional=1),
    "nohup": _wrapper(frozenset()),
    "command": _wrapper(frozenset()),
    "exec": _wrapper(frozenset()),
    "export": _set_vars,
    "unset": _unset,
    "exit": _exit,
    "cd": _noop,
    ":": _noop,
    "set": _noop,
}

__all__ = ["Shell"]
