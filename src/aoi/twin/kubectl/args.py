"""Command-line parsing shared by every kubectl verb: pflag-style flags and resource targets.

Flags follow spf13/pflag: ``--name value``, ``--name=value``, ``-n value``, ``-nvalue``,
``-n=value``, grouped boolean shorthands (``-it``), ``--bool=false``, and ``--`` ending flag
parsing. Unknown flags fail with kubectl's exact message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..kinds import ResourceType, resolve


class KubectlError(Exception):
    """A kubectl failure; the message is printed to stderr verbatim and the exit code is 1."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Flag:
    key: str
    names: tuple[str, ...]
    takes_value: bool = True
    repeatable: bool = False
    default: object = None


GLOBAL_FLAGS: tuple[Flag, ...] = (
    Flag("namespace", ("-n", "--namespace")),
    Flag("context", ("--context",)),
    Flag("kubeconfig", ("--kubeconfig",)),
    Flag("cluster", ("--cluster",)),
    Flag("user", ("--user",)),
    Flag("verbosity", ("-v", "--v")),
    Flag("request_timeout", ("--request-timeout",)),
    Flag("server", ("-s", "--server")),
    Flag("insecure", ("--insecure-skip-tls-verify",), takes_value=False),
)


@dataclass
class ParsedArgs:
    positionals: list[str] = field(default_factory=list)
    values: dict[str, object] = field(default_factory=dict)
    after_dashdash: list[str] | None = None

    def get(self, key: str, default: object = None) -> object:
        return self.values.get(key, default)

    def flag(self, key: str) -> bool:
        return bool(self.values.get(key, False))


def usage_error(message: str, verb: str) -> KubectlError:
    """A flag that does not parse: cobra prints it capitalised, with the pointer to ``--help``."""
    return KubectlError(f"Error: {message}\nSee 'kubectl {verb} --help' for usage.")


def flag_label(spec: Flag) -> str:
    """How pflag names a flag in its errors: ``-w, --watch`` (or just ``--watch``)."""
    short = next((n for n in spec.names if not n.startswith("--")), None)
    long = next((n for n in spec.names if n.startswith("--")), spec.names[0])
    return f"{short}, {long}" if short else long


def _bool(text: str, name: str, verb: str) -> bool:
    lowered = text.lower()
    if lowered in ("true", "1", "t"):
        return True
    if lowered in ("false", "0", "f"):
        return False
    raise usage_error(f'invalid argument "{text}" for "{name}" flag: strconv.ParseBool: parsing "{text}": '
                      "invalid syntax", verb)


def parse_args(argv: Sequence[str], flags: Sequence[Flag], verb: str) -> ParsedArgs:
    table: dict[str, Flag] = {}
    for spec in (*GLOBAL_FLAGS, *flags):
        for name in spec.names:
            table[name] = spec
    parsed = ParsedArgs()
    for spec in (*GLOBAL_FLAGS, *flags):
        if spec.default is not None:
            parsed.values.setdefault(spec.key, spec.default)
    i = 0
    args = list(argv)

    def store(spec: Flag, value: object) -> None:
        if spec.repeatable:
            existing = parsed.values.get(spec.key)
            parsed.values[spec.key] = [*(existing if isinstance(existing, list) else []), value]
        else:
            parsed.values[spec.key] = value

    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            parsed.after_dashdash = args[i:]
            break
        if arg.startswith("--") and len(arg) > 2:
            name, eq, inline = arg.partition("=")
            spec = table.get(name)
            if spec is None:
                raise usage_error(f"unknown flag: {name}", verb)
            if spec.takes_value:
                if not eq:
                    if i >= len(args):
                        raise usage_error(f"flag needs an argument: {name}", verb)
                    inline = args[i]
                    i += 1
                store(spec, inline)
            else:
                store(spec, _bool(inline, flag_label(spec), verb) if eq else True)
        elif arg.startswith("-") and len(arg) > 1 and not _is_number(arg):
            j = 1
            while j < len(arg):
                short = "-" + arg[j]
                spec = table.get(short)
                if spec is None:
                    raise usage_error(f"unknown shorthand flag: '{arg[j]}' in {arg}", verb)
                if spec.takes_value:
                    rest = arg[j + 1 :]
                    if rest.startswith("="):
                        rest = rest[1:]
                    if not rest:
                        if i >= len(args):
                            raise usage_error(f"flag needs an argument: '{arg[j]}' in {short}", verb)
                        rest = args[i]
                        i += 1
                    store(spec, rest)
                    break
                store(spec, True)
                j += 1
        else:
            parsed.positionals.append(arg)
    return parsed


def _is_number(text: str) -> bool:
    return text[1:].isdigit()


def namespace_of(parsed: ParsedArgs, default: str = "default") -> str:
    return str(parsed.get("namespace") or default)


@dataclass(frozen=True)
class Target:
    """One resource type and the names asked for (empty = all of that type)."""

    rtype: ResourceType
    names: tuple[str, ...] = ()
    slash_form: bool = False


ALL_TYPES = ("pods", "services", "daemonsets", "deployments", "replicasets", "statefulsets", "jobs")


def resolve_type(name: str) -> ResourceType:
    rtype = resolve(name)
    if rtype is None:
        raise KubectlError(f'error: the server doesn\'t have a resource type "{name}"')
    return rtype


def parse_targets(positionals: Sequence[str], *, expand_all: bool = True) -> list[Target]:
    """``pods``, ``pods a b``, ``pod/a svc/b``, ``pods,svc``, ``all`` -> typed targets."""
    if not positionals:
        return []
    if any("/" in p for p in positionals):
        if not all("/" in p for p in positionals):
            raise KubectlError(
                "error: there is no need to specify a resource type as a separate argument when passing "
                "arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of "
                "'kubectl get resource resource/<resource_name>'"
            )
        targets = []
        for item in positionals:
            type_name, _, name = item.partition("/")
            if not name:
                raise KubectlError("error: arguments in resource/name form must have a single resource and name")
            targets.append(Target(resolve_type(type_name), (name,), slash_form=True))
        return targets
    type_names = positionals[0].split(",")
    names = tuple(positionals[1:])
    expanded: list[str] = []
    for type_name in type_names:
        if type_name == "all" and expand_all:
            expanded.extend(ALL_TYPES)
        else:
            expanded.append(type_name)
    if names and len(expanded) > 1:
        return [Target(resolve_type(t), names) for t in expanded]
    return [Target(resolve_type(t), names) for t in expanded]
