"""The typed syntax tree of a shell command line, as `parse` builds it and `Shell` runs it.

A `Script` is a list of `Step`s, each a `Pipeline` plus the operator (``;``, ``&&``, ``||``) that joins
it to the step before. A pipeline is a list of commands: a `SimpleCommand`, or one of the few
compound forms the twin supports (`Group` for ``( ... )`` / ``{ ...; }``, `ForLoop`, `IfClause`).

Words are plain ``str`` when they are literal (quotes already removed). A word that needs expansion
at run time (``$VAR``, ``${VAR:-x}``, ``$(...)``, backticks) is a `Word`: it compares equal to its
quote-removed source text and carries the `parts` to expand. Keeping literal words as plain strings
lets the fast path build an argv with one ``str.split`` and lets the runner skip expansion entirely.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Lit:
    """Literal text inside an expandable word; ``quoted`` text is exempt from field splitting."""

    text: str
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Param:
    """``$name`` or ``${name<op><arg>}``; ``op`` is one of ``''``, ``':-'``, ``'-'``, ``':+'``, ``'#'``."""

    name: str
    op: str = ""
    arg: str = ""
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Subst:
    """``$(script)`` or a backtick substitution: its stdout, trailing newlines removed."""

    script: Script
    quoted: bool = False


WordPart = Lit | Param | Subst


class Word(str):
    """An expandable word. Equal to its quote-removed source text; `parts` say how to expand it."""

    parts: tuple[WordPart, ...]

    def __new__(cls, text: str, parts: tuple[WordPart, ...]) -> Word:
        word = super().__new__(cls, text)
        word.parts = parts
        return word

    def __reduce__(self):  # keeps pickling (multiprocessing benches) working for the str subclass
        return (Word, (str(self), self.parts))


@dataclass(frozen=True, slots=True)
class Redirect:
    """One redirection, applied left to right.

    ``op`` is ``'>'``, ``'>>'``, ``'<'`` (``target`` a path word), ``'>&'`` (``target`` the fd to
    copy, as an int) or ``'&>'`` (stdout and stderr to the path ``target``).
    """

    fd: int
    op: str
    target: str | int


@dataclass(frozen=True, slots=True)
class SimpleCommand:
    """``NAME=value ... argv... redirects``; ``stdin_text`` is a heredoc or here-string body."""

    argv: tuple[str, ...]
    stdin_text: str | None = None
    redirects: tuple[Redirect, ...] = ()
    assignments: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Group:
    """``( script )`` or ``{ script; }``; the twin runs both in the same variable scope."""

    body: Script
    redirects: tuple[Redirect, ...] = ()


@dataclass(frozen=True, slots=True)
class ForLoop:
    """``for var in words; do body; done``."""

    var: str
    words: tuple[str, ...]
    body: Script


@dataclass(frozen=True, slots=True)
class IfClause:
    """``if c1; then b1; elif c2; then b2; else e; fi``: ``branches`` pairs conditions with bodies."""

    branches: tuple[tuple[Script, Script], ...]
    orelse: Script | None = None


Command = SimpleCommand | Group | ForLoop | IfClause


@dataclass(frozen=True, slots=True)
class Pipeline:
    """Commands joined by ``|``; ``stderr_piped[i]`` is true where ``|&`` follows command ``i``."""

    commands: tuple[Command, ...]
    negate: bool = False
    stderr_piped: tuple[bool, ...] = ()


@dataclass(frozen=True, slots=True)
class Step:
    """A pipeline and the operator that joins it to the previous step (``';'`` for the first)."""

    op: str
    pipeline: Pipeline


@dataclass(frozen=True, slots=True)
class Script:
    """A whole command line: steps run in order, ``&&``/``||`` short-circuiting."""

    steps: tuple[Step, ...] = field(default=())


__all__ = [
    "Command",
    "ForLoop",
    "Group",
    "IfClause",
    "Lit",
    "Param",
    "Pipeline",
    "Redirect",
    "Script",
    "SimpleCommand",
    "Step",
    "Subst",
    "Word",
    "WordPart",
]
