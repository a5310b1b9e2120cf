"""Turning a word's source text into a literal ``str`` or an expandable `Word`.

bashlex's own quote removal is wrong for adjacent quotes (``'it''s'`` stays ``it''s``) and it
reports ``$X`` inside single quotes as a parameter, so words are re-read here from their source
slice. ``$(...)`` and backtick bodies are parsed with the `parse_script` callback the caller passes
in (the parser itself, which caches), so this module does not import the parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from aoi.twin.shell.ast import Lit, Param, Script, Subst, Word, WordPart
from aoi.twin.shell.errors import ShellSyntaxError, UnsupportedSyntax

ParseScript = Callable[[str], Script]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]|[?#@*$!-]")
_BRACED = re.compile(r"(#?)([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#@*$!])(?:(:?[-+=?])(.*))?\Z", re.S)
_ANSI_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "a": "\a",
    "e": "\x1b",
    "0": "\0",
}
_DQ_ESCAPABLE = frozenset('$`"\\\n')
_HEREDOC_ESCAPABLE = frozenset("$`\\\n")


def _match_paren(text: str, i: int) -> int:
    """Index of the ``)`` closing the ``(`` just before ``i``, skipping quoted text and nesting."""
    depth, n = 1, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "'":
            i = text.find("'", i + 1)
            if i < 0:
                break
        elif ch == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ShellSyntaxError("unexpected EOF while looking for matching `)'")


class _Builder:
    """Accumulates parts, merging adjacent literal text of the same quotedness."""

    def __init__(self) -> None:
        self.parts: list[WordPart] = []
        self.display: list[str] = []
        self.expandable = False

    def lit(self, text: str, quoted: bool) -> None:
        if not text:
            if quoted:  # "" still makes a (possibly empty) field
                self.parts.append(Lit("", True))
            return
        last = self.parts[-1] if self.parts else None
        if isinstance(last, Lit) and last.quoted == quoted:
            self.parts[-1] = Lit(last.text + text, quoted)
        else:
            self.parts.append(Lit(text, quoted))
        self.display.append(text)

    def expansion(self, part: WordPart, source: str) -> None:
        self.parts.append(part)
        self.display.append(source)
        self.expandable = True

    def result(self) -> str:
        text = "".join(self.display)
        return Word(text, tuple(self.parts)) if self.expandable else text


def _dollar(text: str, i: int, quoted: bool, out: _Builder, parse_script: ParseScript) -> int:
    """Read the expansion at ``text[i] == '$'``; returns the index after it."""
    nxt = text[i + 1 : i + 2]
    if nxt == "(":
        if text.startswith("((", i + 1):
            raise UnsupportedSyntax("arithmetic expansion $((...)) is not supported; compute the value first")
        end = _match_paren(text, i + 2)
        out.expansion(Subst(parse_script(text[i + 2 : end]), quoted), text[i : end + 1])
        return end + 1
    if nxt == "{":
        end = text.find("}", i + 2)
        if end < 0:
            raise ShellSyntaxError("unexpected EOF while looking for matching `}'")
        m = _BRACED.match(text, i + 2, end)
        if m is None:
            raise UnsupportedSyntax(f"parameter expansion {text[i : end + 1]} is not supported")
        length, name, op, arg = m.groups()
        op = "#" if length else (op or "").replace("=", "-").replace("?", "-")
        out.expansion(Param(name, op, arg or "", quoted), text[i : end + 1])
        return end + 1
    m = _NAME.match(text, i + 1)
    if m is None:
        out.lit("$", quoted)
        return i + 1
    out.expansion(Param(m.group(), "", "", quoted), text[i : m.end()])
    return m.end()


def _backtick(text: str, i: int, quoted: bool, out: _Builder, parse_script: ParseScript) -> int:
    end = i + 1
    while end < len(text) and text[end] != "`":
        end += 2 if text[end] == "\\" else 1
    if end >= len(text):
        raise ShellSyntaxError("unexpected EOF while looking for matching ``'")
    inner = re.sub(r"\\([$`\\])", r"\1", text[i + 1 : end])
    out.expansion(Subst(parse_script(inner), quoted), text[i : end + 1])
    return end + 1


def _ansi_c(text: str, i: int, out: _Builder) -> int:
    """``$'...'`` at ``i``: backslash escapes decoded, result quoted."""
    j, chars = i + 2, []
    while j < len(text) and text[j] != "'":
        if text[j] == "\\" and j + 1 < len(text):
            chars.append(_ANSI_ESCAPES.get(text[j + 1], "\\" + text[j + 1]))
            j += 2
        else:
            chars.append(text[j])
            j += 1
    out.lit("".join(chars), True)
    return j + 1


def _expanding(
    text: str, i: int, stop: str, escapable: frozenset[str], out: _Builder, parse_script: ParseScript
) -> tuple[int, str]:
    """Text from ``i`` up to ``stop`` (or the end when ``stop`` is empty) where only ``$``,
    backticks and backslash before ``escapable`` are special, as inside ``"..."`` and heredocs.

    Expansions go to ``out``; returns the index reached and the literal text after the last one,
    which the caller flushes by its own rule.
    """
    n, run = len(text), []
    while i < n and text[i] != stop:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in escapable:
            run.append("" if text[i + 1] == "\n" else text[i + 1])
            i += 2
        elif ch in "$`":
            if run:
                out.lit("".join(run), True)
                run = []
            i = (_dollar if ch == "$" else _backtick)(text, i, True, out, parse_script)
        else:
            run.append(ch)
            i += 1
    return i, "".join(run)


def _double_quoted(text: str, i: int, out: _Builder, parse_script: ParseScript) -> int:
    """Contents of ``"..."`` starting after the opening quote; returns the index after the closing one."""
    before = len(out.parts)
    i, run = _expanding(text, i, '"', _DQ_ESCAPABLE, out, parse_script)
    if run or len(out.parts) == before:  # "" alone still makes an (empty) field
        out.lit(run, True)
    if i >= len(text):
        raise ShellSyntaxError("unexpected EOF while looking for matching `\"'")
    return i + 1


def parse_word(text: str, parse_script: ParseScript) -> str:
    """Quote removal plus expansion parts for one word's source text."""
    out, i, n = _Builder(), 0, len(text)
    start = 0
    while i < n:
        ch = text[i]
        if ch not in "'\"\\$`":
            i += 1
            continue
        out.lit(text[start:i], False)
        if ch == "'":
            end = text.find("'", i + 1)
            if end < 0:
                raise ShellSyntaxError("unexpected EOF while looking for matching `''")
            out.lit(text[i + 1 : end], True)
            i = end + 1
        elif ch == '"':
            i = _double_quoted(text, i + 1, out, parse_script)
        elif ch == "\\":
            out.lit(text[i + 1 : i + 2] if text[i + 1 : i + 2] != "\n" else "", True)
            i += 2
        elif ch == "$" and text.startswith("$'", i):
            i = _ansi_c(text, i, out)
        else:
            i = (_dollar if ch == "$" else _backtick)(text, i, False, out, parse_script)
        start = i
    out.lit(text[start:n], False)
    return out.result()


def parse_heredoc_body(text: str, parse_script: ParseScript) -> str:
    """An unquoted-delimiter heredoc body: ``$``/backtick expansions, no quote removal, no splitting."""
    if "$" not in text and "`" not in text and "\\" not in text:
        return text
    out = _Builder()
    _, run = _expanding(text, 0, "", _HEREDOC_ESCAPABLE, out, parse_script)
    if run:
        out.lit(run, True)
    return out.result()
