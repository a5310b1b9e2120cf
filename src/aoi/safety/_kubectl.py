"""kubectl (and its aliases ``k``, ``kubecolor``, ``oc``): verb tables and the exec, dry-run and deny rules.

Decisions documented here (see also README.md):
- Unknown verbs (plugins such as ``kubectl my-plugin``), an unknown flag before the verb, or a verb
  that is only known at run time (``$VERB``, ``xargs kubectl``) are writes.
- ``port-forward``, ``proxy``, ``attach`` and ``debug`` are writes: they open tunnels, attach to a
  live process or create ephemeral containers; an Executor may need them, a Probe never does.
- ``--dry-run=client|server`` (or a bare ``--dry-run``) makes a verb that honours it a read: the
  API server does not persist anything. ``--dry-run=none`` (or any other value) stays a write.
- ``exec`` is a read only when the command it runs in the container is a read (same tables as on
  the host, so ``kubectl exec p -- rm x`` is a write); ``exec`` without ``--`` is a write.
- Secrets and credentials are denied: ``config view --raw`` and ``get secret -o yaml|json|...``.
"""

from __future__ import annotations

from aoi.safety._outcome import Outcome, RunArgv, denied, read, write
from aoi.safety._parse import DYNAMIC

__all__ = ["KUBECTL_NAMES", "classify_kubectl"]

KUBECTL_NAMES = frozenset(["kubectl", "k", "kubecolor", "oc"])

READ_VERBS = frozenset(
    [
        "get", "describe", "logs", "top", "explain", "api-resources", "api-versions", "version",
        "cluster-info", "events", "diff", "wait", "kustomize", "completion", "options", "help",
    ]
)  # fmt: skip
WRITE_VERBS = frozenset(
    [
        "apply", "create", "delete", "patch", "edit", "scale", "autoscale", "set", "rollout", "label",
        "annotate", "replace", "expose", "run", "cp", "exec", "port-forward", "proxy", "attach",
        "debug", "drain", "cordon", "uncordon", "taint", "certificate", "config", "auth", "alpha",
        "plugin",
    ]
)  # fmt: skip
# (verb, first positional) pairs that read although the verb mostly writes.
READ_SUBVERBS = frozenset(
    [
        ("rollout", "status"), ("rollout", "history"), ("auth", "can-i"), ("auth", "whoami"),
        ("config", "view"), ("config", "get-contexts"), ("config", "get-clusters"),
        ("config", "get-users"), ("config", "current-context"), ("apply", "view-last-applied"),
        ("plugin", "list"),
    ]
)  # fmt: skip
DRY_RUN_VERBS = frozenset(
    [
        "apply", "create", "delete", "patch", "replace", "scale", "autoscale", "set", "label",
        "annotate", "expose", "run", "taint", "drain", "cordon", "uncordon", "rollout",
    ]
)  # fmt: skip
# Global flags that take a value in the next word (when not written --flag=value).
_VALUE_FLAGS = frozenset(
    [
        "-n", "--namespace", "--context", "--cluster", "--user", "--kubeconfig", "-s", "--server",
        "--token", "--as", "--as-group", "--as-uid", "--certificate-authority", "--client-certificate",
        "--client-key", "--request-timeout", "--cache-dir", "--tls-server-name", "--profile",
        "--profile-output", "-v", "--v", "--log-file", "--password", "--username", "--vmodule",
        "--log-dir", "--kuberc",
    ]
)  # fmt: skip
_BOOL_FLAGS = frozenset(
    ["--insecure-skip-tls-verify", "--match-server-version", "--warnings-as-errors", "--disable-compression"]
)
_PROTECTED_NAMESPACES = frozenset(["kube-system", "kube-public", "kube-node-lease", "default"])
_SECRET_OUTPUTS = ("yaml", "json", "jsonpath", "go-template", "custom-columns", "template")


def _split_verb(args: list[str]) -> tuple[str | None, list[str], str | None]:
    """(verb, words after it, problem) with global flags before the verb skipped."""
    i = 0
    while i < len(args):
        word = args[i]
        if word.startswith(DYNAMIC):
            return None, [], "verb only known at run time"
        if not word.startswith("-") or word == "-":
            return word, args[i + 1 :], None
        if word == "--":
            return None, [], "'--' before the verb"
        if word.startswith("--"):
            name = word.split("=", 1)[0]
            if name in _VALUE_FLAGS:
                i += 1 if "=" in word else 2
            elif name in _BOOL_FLAGS:
                i += 1
            else:
                return None, [], f"unknown flag {word} before the verb"
        elif word[:2] in ("-n", "-s", "-v"):
            i += 1 if len(word) > 2 else 2
        else:
            return None, [], f"unknown flag {word} before the verb"
    return None, [], None


def _flag_values(words: list[str], *names: str) -> list[str]:
    """Values of ``--name=v``, ``--name v`` and ``-x v`` / ``-xv`` spellings of a flag."""
    values = []
    for i, word in enumerate(words):
        for name in names:
            if word == name and i + 1 < len(words):
                values.append(words[i + 1])
            elif word.startswith(name + "="):
                values.append(word[len(name) + 1 :])
            elif len(name) == 2 and word.startswith(name) and len(word) > 2 and not word.startswith("--"):
                values.append(word[2:])
    return values


def _positionals(words: list[str]) -> list[str]:
    return [w for w in words if not w.startswith("-")]


def _dry_run(words: list[str]) -> str | None:
    """'client'/'server' for a dry run, 'none' for --dry-run=none, None without the flag."""
    for word in words:
        if word == "--":
            break
        if word == "--dry-run":
            return "client"
        if word.startswith("--dry-run="):
            value = word.split("=", 1)[1]
            return value if value in ("client", "server") else "none"
    return None


def _denied_delete(args: list[str], rest: list[str]) -> str | None:
    pos = [p.lower() for p in _positionals(rest)]
    namespaces = _flag_values(args, "-n", "--namespace")
    kinds = {p.split("/")[0] for p in pos}
    names = {p.split("/", 1)[-1] for p in pos}
    if kinds & {"ns", "namespace", "namespaces"} and (names & _PROTECTED_NAMESPACES or "--all" in rest):
        return "deletes a protected namespace"
    if kinds & {"node", "nodes", "no"}:
        return "deletes a node"
    if "--all" in rest and ({"-A", "--all-namespaces"} & set(rest) or "kube-system" in namespaces):
        return "deletes everything across namespaces"
    if "kube-system" in namespaces:
        return "deletes in kube-system"
    return None


def classify_kubectl(name: str, args: list[str]) -> Outcome:
    verb, rest, problem = _split_verb(args)
    if problem:
        return write(f"{name}: {problem}")
    if verb is None:
        return read(f"{name}: prints help")
    label = f"{name} {verb}"
    sub = next(iter(_positionals(rest)), "")
    dynamic_output = any(o.startswith((DYNAMIC, *_SECRET_OUTPUTS)) for o in _flag_values(rest, "-o", "--output"))
    if any(w.startswith(DYNAMIC) for w in rest) and (verb == "config" or (verb == "get" and dynamic_output)):
        return write(f"{label}: argument only known at run time (could print secrets)")
    if verb == "config" and sub == "view" and {"--raw"} & {w.split("=")[0] for w in rest}:
        return denied(f"{label}: --raw prints credentials")
    if verb == "get" and {"secret", "secrets"} & {p.split("/")[0].split(".")[0] for p in _positionals(rest)}:
        outputs = _flag_values(rest, "-o", "--output")
        if any(o.startswith(_SECRET_OUTPUTS) for o in outputs):
            return denied(f"{label}: prints secret data")
    if verb == "delete" and (why := _denied_delete(args, rest)):
        return denied(f"{label}: {why}")
    if verb == "cluster-info" and sub == "dump" and _flag_values(rest, "--output-directory"):
        return write(f"{label}: dump writes files")
    if verb in READ_VERBS:
        return read(f"{label}: read verb")
    if (verb, sub) in READ_SUBVERBS:
        return read(f"{label} {sub}: read verb")
    if verb == "exec":
        return _exec(label, rest)
    if verb in WRITE_VERBS:
        dry = _dry_run(rest)
        if verb in DRY_RUN_VERBS and dry in ("client", "server"):
            return read(f"{label}: --dry-run={dry} does not persist")
        return write(f"{label}{' ' + sub if verb in ('rollout', 'config', 'auth') else ''}: write verb")
    return write(f"{label}: unknown verb (plugin?) counts as write")


def _exec(label: str, rest: list[str]) -> Outcome:
    if "--" not in rest:
        return write(f"{label}: exec without '--' counts as write")
    inner = rest[rest.index("--") + 1 :]
    if not inner:
        return write(f"{label}: no command")
    return RunArgv(inner, via=label)
