"""Things that must never run, whoever asks: checked on every simple command and on the raw line.

- the classic fork bomb (``:(){ :|:& };:`` and renamed copies);
- system destruction: ``rm -r`` of ``/``, ``~``, ``*`` or a top-level directory, ``shutdown``,
  ``reboot``, ``mkfs``, ``dd of=/dev/...``, ``kill -1``, ``chmod``/``chown -R`` on ``/``;
- credential access: any word naming a kubeconfig, SSH key, service-account token, cloud or
  docker credential file (kubectl's own ``--kubeconfig`` value excepted);
- writes to system paths (``/etc``, ``/boot``, ``/bin``, ``/usr``, ``/proc/sys``, raw devices),
  and bash's ``/dev/tcp`` network redirections.
"""

from __future__ import annotations

import re

__all__ = ["denied_line", "denied_argv", "denied_words", "touches_system_path"]

_FORK_BOMB = re.compile(r"([\w:.]+)\s*\(\s*\)\s*\{[^}]*\1\s*\|\s*\1\s*&")
_DESTRUCTIVE = frozenset(["shutdown", "reboot", "halt", "poweroff", "fdisk", "parted", "wipefs", "mkswap", "sfdisk"])
_SYSTEMCTL_DENIED = frozenset(["poweroff", "reboot", "halt", "kexec", "rescue", "emergency"])
_RM_TARGET = re.compile(r"^(/|/\*|~/?|~/\*|\*|\.|\./?\*|\$HOME/?|/[A-Za-z0-9_.-]+/?\*?)$")
_CREDENTIAL = re.compile(
    r"(\.kube/config|/\.kube/|(^|/)\.ssh/|id_rsa|id_ed25519|id_ecdsa|/etc/shadow|/etc/gshadow|/etc/sudoers"
    r"|serviceaccount/token|/var/run/secrets/|/run/secrets/|\.aws/credentials|\.config/gcloud|\.azure/"
    r"|\.docker/config\.json|\.netrc|\.git-credentials|/proc/[^/]+/environ|\.vault-token|\.pgpass)"
)
_SYSTEM_PATH = re.compile(r"^(/etc|/boot|/bin|/sbin|/usr|/lib|/lib64|/proc/sys|/sys|/root|/var/lib/kubelet"
                          r"|/dev/(?!null$|stdout$|stderr$|fd/|tty$))(/|$)")  # fmt: skip


def denied_line(line: str) -> str | None:
    """A reason to deny the raw line before parsing, or None."""
    if _FORK_BOMB.search(line):
        return "fork bomb"
    return None


def denied_words(words: list[str]) -> str | None:
    """Credential files and /dev/tcp named anywhere in these words (argv and redirect targets)."""
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        if word == "--kubeconfig":
            skip = True
            continue
        if word.startswith("--kubeconfig="):
            continue
        if _CREDENTIAL.search(word):
            return f"reads credentials ({word.lstrip(chr(0))})"
        if "/dev/tcp/" in word or "/dev/udp/" in word:
            return "network egress through /dev/tcp"
    return None


def _flags(args: list[str]) -> set[str]:
    out: set[str] = set()
    for a in args:
        if a.startswith("--"):
            out.add(a)
        elif a.startswith("-"):
            out.update("-" + c for c in a[1:])
    return out


def denied_argv(name: str, args: list[str]) -> str | None:
    """A reason to deny this program with these arguments, or None."""
    flags = _flags(args)
    targets = [a for a in args if not a.startswith("-")]
    if name in _DESTRUCTIVE or name.startswith("mkfs"):
        return "destroys the machine or its disks"
    if name in ("init", "telinit") and set(targets) & {"0", "6"}:
        return "halts the machine"
    if name == "systemctl" and set(targets) & _SYSTEMCTL_DENIED:
        return "halts the machine"
    if name == "rm" and flags & {"-r", "-R", "--recursive"} and any(_RM_TARGET.match(t) for t in targets):
        return "recursive delete of a root or home directory"
    if name == "rm" and "--no-preserve-root" in flags:
        return "--no-preserve-root"
    if name in ("chmod", "chown", "chgrp") and flags & {"-R", "--recursive"} and "/" in targets:
        return "recursive permission change on /"
    if name == "dd" and any(a.startswith("of=/dev/") and a != "of=/dev/null" for a in args):
        return "writes a raw device"
    if name in ("kill", "pkill") and ("-1" in targets or "-1" in args[-1:] or "1" in targets):
        return "kills every process or init"
    return None


def touches_system_path(words: list[str]) -> str | None:
    """The first word that is a system path (checked only for commands that write)."""
    for word in words:
        value = word.split("=", 1)[1] if word.startswith("of=") else word
        if _SYSTEM_PATH.match(value):
            return value
    return None
