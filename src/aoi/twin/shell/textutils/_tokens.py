"""The token cursor the awk and jq recursive-descent parsers share.

Each language keeps its own `Token` and error wording; the cursor only needs tokens with a
``kind`` and a list that ends in an ``eof`` token.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Generic, Protocol, TypeVar


class _Kinded(Protocol):
    @property
    def kind(self) -> str: ...


T = TypeVar("T", bound=_Kinded)


class TokenCursor(Generic[T]):
    """A position in a token list, with the look/consume/require steps every parser rule uses.

    Subclasses say how a missing token is reported by overriding `expected`.
    """

    def __init__(self, tokens: list[T]) -> None:
        self.tokens, self.i = tokens, 0

    @property
    def tok(self) -> T:
        return self.tokens[self.i]

    def next(self) -> T:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def accept(self, kind: str) -> bool:
        if self.tok.kind == kind:
            self.i += 1
            return True
        return False

    def expect(self, kind: str) -> T:
        if self.tok.kind != kind:
            raise self.expected(kind)
        return self.next()

    def binop_chain(self, ops: Collection[str], operand: Callable[[], tuple]) -> tuple:
        """A left-associative precedence level: ``operand (op operand)*`` as nested
        ``("binop", op, left, right)`` nodes, the shape both languages evaluate."""
        left = operand()
        while self.tok.kind in ops:
            op = self.next().kind
            left = ("binop", op, left, operand())
        return left

    def expected(self, kind: str) -> Exception:
        """The language's syntax error for wanting ``kind`` at the current token."""
        raise NotImplementedError


__all__ = ["TokenCursor"]
