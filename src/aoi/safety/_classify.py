"""`classify`: a command line -> its simple commands -> one verdict each -> the worst one.

Lines with no shell metacharacters (most ``kubectl get ...`` lines) skip bashlex and are split on
whitespace; every result is cached by line, since agents repeat themselves. A parse failure, or
nesting deeper than `MAX_DEPTH` (``sh -c "sh -c ..."``), denies the whole line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from aoi.safety._datastores import classify_mongo, classify_redis
from aoi.safety._denylist import denied_argv, denied_line, denied_words, touches_system_path
from aoi.safety._docker_helm import classify_docker, classify_helm
from aoi.safety._kubectl import KUBECTL_NAMES, classify_kubectl
from aoi.safety._models import Classification, PartVerdict, Verdict, worst
from aoi.safety._outcome import Decision, Outcome, RunArgv, RunScript, denied, read, write
from aoi.safety._parse import DYNAMIC, ParseFailure, SimpleCommand, parse_commands
from aoi.safety._programs import classify_program
from aoi.safety._wrappers import RISKY_ENV, WRAPPERS, classify_wrapper

__all__ = ["MAX_DEPTH", "classify"]

MAX_DEPTH = 6
_MAX_LENGTH = 100_000
_NEEDS_PARSER = re.compile(r"[|&;<>()$`\\\"'\n\r*?{}\[\]#!]")
_RESERVED = frozenset(["if", "for", "while", "until", "case", "select", "function", "time", "coproc", "[["])
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_OUTPUT_OPS = frozenset([">", ">>", ">|", "&>", "&>>", "<>", ">&"])
_SAFE_SINKS = frozenset(["/dev/null", "/dev/stdout", "/dev/stderr"])
_COPIERS = frozenset(["cp", "mv", "ln", "install", "rsync"])


def _fast_split(line: str) -> list[SimpleCommand] | None:
    """Whitespace split for lines with no metacharacters, or None when bashlex is needed."""
    if _NEEDS_PARSER.search(line):
        return None
    words = line.split()
    if not words:
        return []
    if words[0] in _RESERVED:
        return None
    cmd = SimpleCommand(line.strip())
    for i, word in enumerate(words):
        if not _ASSIGNMENT.match(word):
            cmd.argv = words[i:]
            break
        name, _, value = word.partition("=")
        cmd.assignments.append((name, value))
    return [cmd]


def _dispatch(name: str, args: list[str], stdin: str | None, piped: bool) -> Outcome:
    if name in KUBECTL_NAMES:
        return classify_kubectl(name, args)
    if name in WRAPPERS:
        return classify_wrapper(name, args, stdin, piped)
    if name in ("mongo", "mongosh"):
        return classify_mongo(name, args, stdin)
    if name == "redis-cli":
        return classify_redis(name, args)
    if name in ("docker", "podman"):
        return classify_docker(name, args)
    if name == "helm":
        return classify_helm(name, args)
    return classify_program(name, args)


def _judge(argv: list[str], stdin: str | None, piped: bool, depth: int) -> tuple[Decision, list[PartVerdict]]:
    """The decision on one argv, and the parts of any script it runs (``sh -c``, ``watch``)."""
    if depth > MAX_DEPTH:
        raise ParseFailure(f"commands nested deeper than {MAX_DEPTH}")
    if argv[0].startswith(DYNAMIC):
        return write(f"{argv[0].lstrip(DYNAMIC)}: command name only known at run time"), []
    name, args = argv[0].rsplit("/", 1)[-1], argv[1:]
    if why := denied_words(argv) or denied_argv(name, args):
        return denied(f"{name}: {why}"), []
    if name == "export" and any(a.split("=", 1)[0] in RISKY_ENV for a in args):
        return write(f"{name}: sets a variable that changes what runs"), []
    outcome = _dispatch(name, args, stdin, piped)
    nested: list[PartVerdict] = []
    if isinstance(outcome, RunArgv):
        inner, nested = _judge(outcome.argv, stdin, piped, depth + 1)
        verdict = worst(inner.verdict, outcome.floor)
        note = "" if verdict == inner.verdict else f" (at least {outcome.floor.value} under {outcome.via})"
        outcome = Decision(verdict, f"{outcome.via} -> {inner.reason}{note}")
    elif isinstance(outcome, RunScript):
        nested = _line_parts(outcome.script, depth + 1)
        top = _worst_part(nested) if nested else PartVerdict(command="", verdict=Verdict.READ, reason="empty")
        outcome = Decision(worst(top.verdict, outcome.floor), f"{outcome.via} -> {top.reason}")
    if outcome.verdict == Verdict.WRITE:
        targets = [a for a in args if not a.startswith("-")][-1:] if name in _COPIERS else args
        if path := touches_system_path(targets):
            outcome = denied(f"{name}: writes system path {path}")
    return outcome, nested


def _redirects(cmd: SimpleCommand) -> Decision | None:
    decision: Decision | None = None
    for op, target in cmd.redirects:
        value = target.lstrip(DYNAMIC)
        if why := denied_words([target]):
            return denied(f"redirection {op} {value}: {why}")
        if op not in _OUTPUT_OPS or value in _SAFE_SINKS or (op == ">&" and (value.isdigit() or value == "-")):
            continue
        if touches_system_path([value]):
            return denied(f"redirection {op} {value}: writes a system path")
        decision = decision or write(f"redirection {op} {value}: writes a file")
    return decision


def _command_parts(cmd: SimpleCommand, depth: int) -> list[PartVerdict]:
    decisions: list[Decision] = []
    nested: list[PartVerdict] = []
    if cmd.argv:
        decision, nested = _judge(cmd.argv, cmd.stdin, cmd.piped, depth)
        decisions.append(decision)
    else:
        decisions.append(read("assignment: sets shell variables"))
    risky = [name for name, _ in cmd.assignments if name in RISKY_ENV]
    if risky:
        decisions.append(write(f"{risky[0]}=...: changes what the command runs"))
    if redirect := _redirects(cmd):
        decisions.append(redirect)
    top = max(decisions, key=lambda d: d.verdict.rank)
    return [PartVerdict(command=cmd.text, verdict=top.verdict, reason=top.reason), *nested]


def _line_parts(line: str, depth: int) -> list[PartVerdict]:
    commands = _fast_split(line)
    if commands is None:
        commands = parse_commands(line)
    parts: list[PartVerdict] = []
    for cmd in commands:
        parts.extend(_command_parts(cmd, depth))
    return parts


def _worst_part(parts: list[PartVerdict]) -> PartVerdict:
    return max(parts, key=lambda p: p.verdict.rank)  # max keeps the first of equals


@lru_cache(maxsize=16384)
def classify(command: str) -> Classification:
    """Classify a command line as read, write or denied: the verdict of its most dangerous part.

    >>> classify("kubectl get pods -n x | grep Running").verdict
    <Verdict.READ: 'read'>
    >>> classify("kubectl -n x patch deploy y -p '{}'").reason
    'kubectl patch: write verb'
    """
    if len(command) > _MAX_LENGTH:
        return Classification(command=command, verdict=Verdict.DENIED, reason="command too long to classify")
    if why := denied_line(command):
        return Classification(command=command, verdict=Verdict.DENIED, reason=f"line: {why}")
    try:
        parts = _line_parts(command, 0)
    except ParseFailure as e:
        return Classification(command=command, verdict=Verdict.DENIED, reason=f"unparseable: {e}")
    except RecursionError:
        return Classification(command=command, verdict=Verdict.DENIED, reason="unparseable: nested too deep")
    if not parts:
        return Classification(command=command, verdict=Verdict.READ, reason="empty command")
    top = _worst_part(parts)
    return Classification(command=command, verdict=top.verdict, reason=top.reason, parts=tuple(parts))
