"""Command line -> flat list of `SimpleCommand`s, with bashlex.

Every simple command that bash could run is returned: those in pipelines, lists, subshells,
``if``/``for``/``while`` bodies, function bodies (they run if the function is called), and inside
command and process substitutions, wherever those appear (arguments, assignments, redirection
targets, ``for`` word lists, unquoted heredoc bodies). A word whose value depends on an expansion
(``$X``, ``$(...)``, ``<(...)``) is marked with a leading `DYNAMIC` character, so rules can refuse to
trust it in a position that decides what runs. Anything bashlex cannot parse raises `ParseFailure`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import bashlex
import bashlex.errors

from aoi.safety._heredoc import PLACEHOLDER_RE, Heredoc, HeredocError, extract_heredocs

__all__ = ["DYNAMIC", "ParseFailure", "SimpleCommand", "parse_commands"]

DYNAMIC = "\x00"
"""Prefix of a word whose value is only known at run time."""

_BRACE_EXPANSION = re.compile(r"\{[^{}\s]*(,|\.\.)[^{}\s]*\}")
_EXPANSIONS = frozenset(["parameter", "commandsubstitution", "processsubstitution"])


class ParseFailure(ValueError):
    """bashlex (or the heredoc pre-pass) could not parse the line; the message says why."""


@dataclass(slots=True)
class SimpleCommand:
    """One simple command: words after quote removal, leading assignments, redirections, stdin text.

    ``redirects`` holds ``(operator, target)`` pairs with ``target`` a word or an fd number as text;
    ``stdin`` is the text of a here-string or heredoc; ``piped`` is true when stdin comes from a pipe.
    """

    text: str
    argv: list[str] = field(default_factory=list)
    assignments: list[tuple[str, str]] = field(default_factory=list)
    redirects: list[tuple[str, str]] = field(default_factory=list)
    stdin: str | None = None
    piped: bool = False


class _Walker:
    def __init__(self, src: str, heredocs: tuple[Heredoc, ...], depth: int) -> None:
        self.src = src
        self.heredocs = heredocs
        self.depth = depth
        self.found: list[SimpleCommand] = []

    def walk(self, node, piped: bool = False) -> None:
        kind = node.kind
        if kind == "command":
            self.command(node, piped)
        elif kind == "pipeline":
            first = True
            for part in node.parts:
                if part.kind not in ("pipe", "reservedword"):
                    self.walk(part, piped=not first)
                    first = False
        elif kind in ("word", "assignment"):
            self.word(node)
        elif kind in ("commandsubstitution", "processsubstitution"):
            self.walk(node.command)
        elif kind == "redirect":
            self.redirect(node)
        elif kind == "compound":
            for part in node.list:
                self.walk(part, piped)
            for redirect in node.redirects or ():
                self.redirect(redirect)
        else:  # list, function, if, for, while, until, operators, reserved words
            for part in getattr(node, "parts", ()) or ():
                self.walk(part)

    def word(self, node) -> str:
        """The word's value (``DYNAMIC``-prefixed if it expands), after walking its substitutions."""
        dynamic = False
        for part in getattr(node, "parts", ()) or ():
            if part.kind in _EXPANSIONS:
                dynamic = True
            if part.kind in ("commandsubstitution", "processsubstitution"):
                self.walk(part.command)
        if not dynamic and "{" in node.word and _BRACE_EXPANSION.search(self.src[node.pos[0] : node.pos[1]]):
            dynamic = True  # bash expands {a,b} and {1..3}; bashlex does not
        return DYNAMIC + node.word if dynamic else node.word

    def redirect(self, node, cmd: SimpleCommand | None = None) -> None:
        kind, out = node.type, node.output
        if kind == "<<<":
            raw = self.src[out.pos[0] : out.pos[1]]
            m = PLACEHOLDER_RE.match(raw)
            if m:
                doc = self.heredocs[int(m.group(1))]
                if doc.expand:
                    self.heredoc_substitutions(doc.body)
                text = doc.body
            else:
                text = self.word(out).lstrip(DYNAMIC)
            if cmd is not None:
                cmd.stdin = text
            return
        if kind in ("<<", "<<-"):
            raise ParseFailure("heredoc the pre-pass did not cut out")
        target = str(out) if isinstance(out, int) else self.word(out)
        if cmd is not None:
            cmd.redirects.append((kind, target))

    def heredoc_substitutions(self, body: str) -> None:
        """Walk the command substitutions an unquoted heredoc body would run."""
        if "$(" not in body and "`" not in body and "<(" not in body:
            return
        quoted = ': "' + body.replace("\\", "\\\\").replace('"', '\\"') + '"'
        inner = _Walker(quoted, (), self.depth)
        for node in _bashlex(quoted):
            inner.walk(node)
        self.found.extend(c for c in inner.found if c.argv[:1] != [":"])

    def command(self, node, piped: bool) -> None:
        start, end = node.pos
        cmd = SimpleCommand(self.src[start:end], piped=piped)
        self.found.append(cmd)
        for part in node.parts:
            if part.kind == "word":
                cmd.argv.append(self.word(part))
            elif part.kind == "assignment" and not cmd.argv:
                name, _, _ = part.word.partition("=")
                value = self.word(part)
                cmd.assignments.append((name.rstrip("+"), value[value.find("=") + 1 :]))
            elif part.kind == "assignment":
                cmd.argv.append(self.word(part))
            elif part.kind == "redirect":
                self.redirect(part, cmd)
            else:
                self.walk(part)


def _bashlex(src: str) -> list:
    try:
        return bashlex.parse(src)
    except bashlex.errors.ParsingError as e:
        raise ParseFailure(f"bashlex: {e.message}") from None
    except NotImplementedError as e:
        raise ParseFailure(f"bashlex does not support {e}") from None
    except Exception as e:  # bashlex raises assorted internal errors on odd input
        raise ParseFailure(f"bashlex: {type(e).__name__}: {e}") from None


def parse_commands(line: str, depth: int = 0) -> list[SimpleCommand]:
    """Every simple command in ``line``, in source order; raises `ParseFailure`."""
    if "\x00" in line:
        raise ParseFailure("NUL byte in command")
    try:
        src, heredocs = extract_heredocs(line)
    except HeredocError as e:
        raise ParseFailure(str(e)) from None
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in src.splitlines()):
        return []
    walker = _Walker(src, heredocs, depth)
    for node in _bashlex(src):
        walker.walk(node)
    return walker.found
