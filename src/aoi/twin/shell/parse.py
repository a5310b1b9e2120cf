"""Command line -> `Script`: a whitespace fast path for plain lines, bashlex for everything else.

bashlex costs close to a millisecond a line, so lines with no shell metacharacters (the common
``kubectl get pods -n x``) are split on whitespace, and bashlex results are cached by line since
agents repeat commands. Heredocs are cut out first (see `heredoc`); words are re-read from their
source slices (see `words`). Errors come back as `ShellError`s whose text is bash's stderr.
"""

from __future__ import annotations

import re
from functools import lru_cache

import bashlex
import bashlex.errors

from aoi.twin.shell.ast import (
    Command,
    ForLoop,
    Group,
    IfClause,
    Lit,
    Pipeline,
    Redirect,
    Script,
    SimpleCommand,
    Step,
    Word,
)
from aoi.twin.shell.errors import ShellError, ShellSyntaxError, UnsupportedSyntax
from aoi.twin.shell.heredoc import PLACEHOLDER, Heredoc, extract_heredocs
from aoi.twin.shell.words import parse_heredoc_body, parse_word

_NEEDS_BASHLEX = re.compile(r"[|&;<>()$`\\\"'\n*?{}\[\]#~=!]")
_RESERVED = frozenset(
    [
        "if",
        "then",
        "else",
        "elif",
        "fi",
        "for",
        "while",
        "until",
        "do",
        "done",
        "case",
        "esac",
        "function",
        "select",
        "time",
        "{",
        "}",
        "[[",
        "]]",
        "!",
    ]
)
_PLACEHOLDER_RE = re.compile(re.escape(PLACEHOLDER).replace(r"\{\}", r"([0-9]+)") + r"\Z")
_UNSUPPORTED_NODES = {
    "while": "while loops",
    "until": "until loops",
    "function": "function definitions",
    "case": "case statements",
}


def _fast(line: str) -> Script | None:
    """The whitespace split for lines with no metacharacters, or None when bashlex is needed."""
    if _NEEDS_BASHLEX.search(line):
        return None
    argv = line.split()
    if not argv:
        return Script()
    if argv[0] in _RESERVED:
        return None
    return Script((Step(";", Pipeline((SimpleCommand(tuple(argv)),), stderr_piped=(False,))),))


class _Converter:
    """Walks bashlex nodes over one source string (heredocs already cut out)."""

    def __init__(self, src: str, heredocs: tuple[Heredoc, ...]) -> None:
        self.src = src
        self.heredocs = heredocs

    def word(self, node) -> str:
        start, end = node.pos
        return parse_word(self.src[start:end], _parse_cached)

    def script(self, nodes: list) -> Script:
        steps: list[Step] = []
        for node in nodes:
            steps.extend(self.steps(node))
        return Script(tuple(steps))

    def steps(self, node) -> list[Step]:
        if node.kind != "list":
            return [Step(";", self.pipeline(node))]
        steps, op = [], ";"
        for part in node.parts:
            if part.kind == "operator":
                op = ";" if part.op in (";", "&", "\n") else part.op
            else:
                steps.append(Step(op, self.pipeline(part)))
        return steps

    def pipeline(self, node) -> Pipeline:
        if node.kind != "pipeline":
            return Pipeline((self.command(node),), stderr_piped=(False,))
        commands: list[Command] = []
        piped: list[bool] = []
        negate = False
        for part in node.parts:
            if part.kind == "pipe":
                piped[-1] = part.pipe == "|&"
            elif part.kind == "reservedword" and part.word == "!":
                negate = not negate
            else:
                commands.append(self.command(part))
                piped.append(False)
        return Pipeline(tuple(commands), negate, tuple(piped))

    def command(self, node) -> Command:
        if node.kind == "command":
            return self.simple(node)
        if node.kind == "compound":
            return self.compound(node)
        if node.kind == "function":
            raise UnsupportedSyntax("function definitions are not supported by the twin shell")
        raise UnsupportedSyntax(f"{node.kind} is not supported by the twin shell")

    def compound(self, node) -> Command:
        head = node.list[0]
        if head.kind == "reservedword" and head.word in ("(", "{"):
            body = self.script([n for n in node.list[1:-1] if n.kind != "reservedword"])
            redirects = tuple(r for r in map(self.redirect, node.redirects or ()) if isinstance(r, Redirect))
            return Group(body, redirects)
        if head.kind == "for":
            return self.for_loop(head)
        if head.kind == "if":
            return self.if_clause(head)
        raise UnsupportedSyntax(
            f"{_UNSUPPORTED_NODES.get(head.kind, head.kind)} are not supported by the twin shell"
        )

    def _sections(self, node) -> list[tuple[str, list]]:
        """Split a compound's parts into (reserved word, nodes after it) sections."""
        sections: list[tuple[str, list]] = []
        for part in node.parts:
            if part.kind == "reservedword" and part.word != ";":
                sections.append((part.word, []))
            elif part.kind != "reservedword":
                sections[-1][1].append(part)
        return sections

    def for_loop(self, node) -> ForLoop:
        sections = dict(self._sections(node))
        var = sections["for"][0].word
        words = tuple(self.word(w) for w in sections.get("in", ()))
        return ForLoop(var, words, self.script(sections.get("do", [])))

    def if_clause(self, node) -> IfClause:
        branches, orelse, cond = [], None, None
        for word, nodes in self._sections(node):
            if word in ("if", "elif"):
                cond = self.script(nodes)
            elif word == "then":
                branches.append((cond, self.script(nodes)))
            elif word == "else":
                orelse = self.script(nodes)
        return IfClause(tuple(branches), orelse)

    def simple(self, node) -> SimpleCommand:
        argv: list[str] = []
        assignments: list[tuple[str, str]] = []
        redirects: list[Redirect] = []
        stdin_text: str | None = None
        for part in node.parts:
            if part.kind == "word":
                argv.append(self.word(part))
            elif part.kind == "assignment" and not argv:
                name, _, _ = part.word.partition("=")
                start = part.pos[0] + len(name) + 1
                assignments.append((name, parse_word(self.src[start : part.pos[1]], _parse_cached)))
            elif part.kind == "assignment":
                argv.append(self.word(part))
            elif part.kind == "redirect":
                result = self.redirect(part)
                if isinstance(result, Redirect):
                    redirects.append(result)
                else:
                    stdin_text = result
        return SimpleCommand(tuple(argv), stdin_text, tuple(redirects), tuple(assignments))

    def redirect(self, node) -> Redirect | str:
        """A `Redirect`, or the stdin text of a heredoc / here-string."""
        kind, fd, out = node.type, node.input, node.output
        if kind == "<<<":
            start, end = out.pos
            raw = self.src[start:end]
            m = _PLACEHOLDER_RE.match(raw)
            if m:
                doc = self.heredocs[int(m.group(1))]
                return parse_heredoc_body(doc.body, _parse_cached) if doc.expand else doc.body
            text = parse_word(raw, _parse_cached)
            if isinstance(text, Word):
                return Word(text + "\n", (*text.parts, Lit("\n", True)))
            return text + "\n"
        if kind in ("<<", "<<-"):  # only reached if the pre-pass missed one; bashlex keeps the delimiter
            return node.heredoc.value.rpartition("\n")[0] + "\n"
        if kind == ">&" and isinstance(out, int):
            return Redirect(1 if fd is None else fd, ">&", out)
        if kind == ">&" and out == "-":
            return Redirect(1 if fd is None else fd, ">", "/dev/null")
        if kind == ">&":
            kind = "&>"
        if kind not in (">", ">>", "<", "&>", "&>>", ">|"):
            raise UnsupportedSyntax(f"redirection {kind} is not supported by the twin shell")
        default_fd = 0 if kind == "<" else 1
        return Redirect(default_fd if fd is None else fd, ">" if kind == ">|" else kind, self.word(out))


@lru_cache(maxsize=1024)
def _parse_cached(line: str) -> Script:
    fast = _fast(line)
    if fast is not None:
        return fast
    src, heredocs = extract_heredocs(line)
    if not src.strip():
        return Script()
    try:
        nodes = bashlex.parse(src)
    except bashlex.errors.ParsingError as e:
        raise _syntax_error(src, str(e), e.position) from None
    except NotImplementedError as e:
        raise UnsupportedSyntax(f"{e} is not supported by the twin shell") from None
    except Exception as e:  # bashlex raises assorted internal errors on odd input
        raise ShellSyntaxError(f"syntax error: {e}") from None
    return _Converter(src, heredocs).script(nodes)


def _syntax_error(src: str, message: str, position: int) -> ShellSyntaxError:
    line = src.count("\n", 0, position) + 1
    m = re.match(r"unexpected token '(.*)' \(position", message, re.S)
    if m:
        token = "newline" if m.group(1) in ("\n", "\\n") else m.group(1)
        text = src.split("\n")[line - 1] if line <= src.count("\n") + 1 else src
        return ShellSyntaxError(
            f"syntax error near unexpected token `{token}'\nbash: -c: line {line}: `{text.strip()}'"
        )
    m = re.match(r"unexpected EOF while looking for matching '(.)'", message)
    if m:
        return ShellSyntaxError(
            f"unexpected EOF while looking for matching `{m.group(1)}'\n"
            f"bash: -c: line {line + 1}: syntax error: unexpected end of file"
        )
    return ShellSyntaxError("syntax error: unexpected end of file")


def parse(command: str) -> Script:
    """Parse one command line; raises `ShellError` whose ``str`` is bash's complete stderr."""
    try:
        return _parse_cached(command)
    except ShellError as e:
        text = str(e)
        if text.startswith("unexpected EOF while looking") and "end of file" not in text:
            text += "\nbash: -c: line 2: syntax error: unexpected end of file"
        prefix = "bash: -c: line 1: " if isinstance(e, ShellSyntaxError) else "bash: "
        raise type(e)(prefix + text + "\n") from None


__all__ = ["parse"]
