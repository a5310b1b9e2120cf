"""What runs inside an emulated container: its files, its environment and the binaries its image has.

Both ``kubectl exec`` and ``docker exec`` start a process in a container; this module decides
what that process does. A binary the image lacks is reported back (the caller words the runtime's
error), ``bash``/``sh`` run a command line or a script file through the twin's `Shell` with the
container's files and variables, and everything else runs as a `Program`. Unmatched glob words
are expanded against the container's files, as the container's bash would, and ``sed -i`` writes
its result back, so a fault that edits a file inside a container stays visible to ``cat``.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field

from .process import CommandResult, Program

__all__ = ["Container", "binaries_for_image"]

# Every image the twin models has a POSIX userland; which extra tools come with it depends on the image.
_CORE = frozenset({
    "sh", "cat", "ls", "env", "printenv", "echo", "hostname", "sed", "grep", "awk", "head", "tail", "sort",
    "uniq", "wc", "cut", "tr", "tee", "xargs", "date", "sleep", "true", "false", "pwd", "id", "whoami",
    "base64", "printf", "test", "[",
})
_BY_REPOSITORY = (
    ("mongo", frozenset({"bash", "mongo", "mongod"})),
    ("redis", frozenset({"bash", "redis-cli", "redis-server"})),
    ("memcached", frozenset({"bash"})),
    ("consul", frozenset()),  # alpine: no bash
    ("flwr/", frozenset({"bash", "python", "python3", "pip", "flwr"})),
    ("flower-", frozenset({"bash", "python", "python3", "pip", "flwr"})),
)


def binaries_for_image(image: str) -> frozenset[str]:
    """The executables on ``$PATH`` in a container of ``image``."""
    for marker, extra in _BY_REPOSITORY:
        if marker in image:
            return _CORE | extra
    return _CORE | {"bash"}


@dataclass
class Container:
    """One running container's view of the world.

    ``files`` maps absolute paths to contents and is shared with whoever owns the container, so
    edits persist; ``dirs`` lists directories that exist even when empty (mount points).
    ``programs`` are image-specific programs (``mongo``) bound to the twin's state.
    """

    hostname: str
    files: MutableMapping[str, str]
    env: dict[str, str]
    binaries: frozenset[str]
    programs: Mapping[str, Program] = field(default_factory=dict)
    dirs: frozenset[str] = frozenset()

    def has(self, binary: str) -> bool:
        return posixpath.basename(binary) in self.binaries

    def exec(self, argv: list[str], stdin: str = "") -> CommandResult | None:
        """Run ``argv`` as the container's entry of an exec; None if the binary does not exist."""
        if not argv or not self.has(argv[0]):
            return None
        return self._shell().dispatch(argv, stdin)

    # ------------------------------------------------------------------ internals
    def _shell(self):
        from .shell.shell import Shell  # the shell imports the text utilities; only exec needs them

        shell = Shell(env=self.env)
        shell.files.update(self.files)
        own: dict[str, Program] = {
            "env": self._env,
            "printenv": self._printenv,
            "hostname": lambda argv, stdin: CommandResult(self.hostname + "\n"),
            "ls": lambda argv, stdin: self._ls(argv, shell.files),
            "pwd": lambda argv, stdin: CommandResult("/\n"),
            "whoami": lambda argv, stdin: CommandResult("root\n"),
            "id": lambda argv, stdin: CommandResult("uid=0(root) gid=0(root) groups=0(root)\n"),
            "bash": lambda argv, stdin: self._bash(shell, argv, stdin),
            "sh": lambda argv, stdin: self._bash(shell, argv, stdin),
            **self.programs,
        }
        sed = shell.programs.get("sed")
        if sed is not None:
            own["sed"] = lambda argv, stdin: self._sed(sed, shell.files, argv, stdin)
        shell.programs.update(own)
        for name in [n for n in shell.programs if n not in self.binaries]:
            del shell.programs[name]
        for name, program in list(shell.programs.items()):
            shell.programs[name] = self._globbing(program, shell.files)
        return shell

    def _globbing(self, program: Program, files: Mapping[str, str]) -> Program:
        def run(argv: list[str], stdin: str) -> CommandResult:
            expanded = [argv[0]]
            for word in argv[1:]:
                matches = sorted(p for p in files if fnmatch.fnmatchcase(p, word)) if "*" in word or "?" in word else []
                expanded.extend(matches or [word])
            return program(expanded, stdin)

        return run

    def _bash(self, shell, argv: list[str], stdin: str) -> CommandResult:
        name = posixpath.basename(argv[0])
        args = [a for a in argv[1:] if a not in ("-l", "-i", "--login", "-e", "-x")]
        if args and args[0] == "-c":
            if len(args) < 2:
                return CommandResult(stderr=f"{name}: -c: option requires an argument\n", exit_code=2)
            return self._run_text(shell, args[1], stdin)
        if args:
            path = args[0]
            if path not in shell.files:
                return CommandResult(stderr=f"{name}: {path}: No such file or directory\n", exit_code=127)
            return self._run_text(shell, shell.files[path], stdin)
        return self._run_text(shell, stdin, "")

    def _run_text(self, shell, text: str, stdin: str) -> CommandResult:
        del stdin  # commands in a script read their own heredocs; the twin's shell gives them none
        result = shell.run(text)
        for path, content in shell.files.items():
            if path.startswith("/") and not path.startswith("/dev/"):
                self.files[path] = content
        return result

    def _sed(self, sed: Program, files: MutableMapping[str, str], argv: list[str], stdin: str) -> CommandResult:
        in_place = [a for a in argv[1:] if a == "-i" or a.startswith("-i")]
        if not in_place:
            return sed(argv, stdin)
        args = [a for a in argv[1:] if a not in in_place]
        script, operands = args[0], args[1:]
        errors: list[str] = []
        for path in operands:
            if path not in files:
                errors.append(f"sed: can't read {path}: No such file or directory\n")
                continue
            result = sed(["sed", script, path], "")
            if not result.ok:
                return result
            files[path] = result.stdout
            self.files[path] = result.stdout
        return CommandResult(stderr="".join(errors), exit_code=2 if errors else 0)

    def _env(self, argv: list[str], stdin: str) -> CommandResult:
        return CommandResult("".join(f"{k}={v}\n" for k, v in self.env.items()))

    def _printenv(self, argv: list[str], stdin: str) -> CommandResult:
        if len(argv) == 1:
            return self._env(argv, stdin)
        values = [self.env[name] for name in argv[1:] if name in self.env]
        missing = any(name not in self.env for name in argv[1:])
        return CommandResult("".join(v + "\n" for v in values), exit_code=1 if missing else 0)

    def _ls(self, argv: list[str], files: Mapping[str, str]) -> CommandResult:
        flags = "".join(a[1:] for a in argv[1:] if a.startswith("-") and not a.startswith("--"))
        paths = [a for a in argv[1:] if not a.startswith("-")] or ["/"]
        out: list[str] = []
        errors: list[str] = []
        for path in paths:
            entries = self._entries(path.rstrip("/") or "/", files)
            if entries is None:
                errors.append(f"ls: cannot access '{path}': No such file or directory\n")
                continue
            if len(paths) > 1:
                out.append(f"{path}:\n")
            names = sorted(entries)
            if "a" in flags:
                names = [".", "..", *names]
            if "l" in flags:
                out.append(f"total {len(entries) * 4}\n")
                out.extend(self._long(name, path, files) for name in names)
            else:
                out.extend(name + "\n" for name in names)
        return CommandResult("".join(out), "".join(errors), 2 if errors else 0)

    def _entries(self, path: str, files: Mapping[str, str]) -> set[str] | None:
        if path in files:
            return {posixpath.basename(path)}
        prefix = "/" if path == "/" else path + "/"
        entries = {p[len(prefix):].split("/", 1)[0] for p in (*files, *self.dirs) if p.startswith(prefix)}
        entries.discard("")
        if entries or path in self.dirs or path == "/":
            return entries
        return None

    def _long(self, name: str, parent: str, files: Mapping[str, str]) -> str:
        full = posixpath.join(parent, name)
        if full in files:
            return f"-rw-r--r-- 1 root root {len(files[full].encode()):>5} Mar  2 09:00 {name}\n"
        return f"drwxr-xr-x 2 root root  4096 Mar  2 09:00 {name}\n"
