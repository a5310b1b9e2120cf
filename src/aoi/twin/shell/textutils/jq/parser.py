"""jq grammar -> nested tuples ``(kind, ...)``; precedence from loosest: ``|`` (and ``as``), ``,``,
``//`` (right-assoc), assignments ``= |= += -= *= /= %= //=`` (non-assoc), ``or``, ``and``, comparisons, ``+ -``, ``* / %``, unary minus, postfix (``.a [i] [] ?``). A step made optional
by ``?`` gets a trailing ``"?"``: ``("index", base, key, "?")``, ``("iterate", base, "?")``, ``("slice", ..., "?")``."""

from __future__ import annotations

from aoi.twin.shell.textutils._tokens import TokenCursor
from aoi.twin.shell.textutils.jq.lexer import JqSyntaxError, Token, tokenize

Node = tuple
IDENTITY: Node = ("identity",)
_LITERALS = {"true": True, "false": False, "null": None}
_COMPARE = frozenset({"==", "!=", "<", "<=", ">", ">="})
_ASSIGN = frozenset({"=", "|=", "+=", "-=", "*=", "/=", "%=", "//="})


class _Parser(TokenCursor[Token]):
    def expected(self, kind: str) -> Exception:
        got = "end of file" if self.tok.kind == "eof" else repr(self.tok.value)
        return JqSyntaxError(f"syntax error, unexpected {got}, expecting '{kind}'")

    def whole(self) -> Node:
        node = self.pipe()
        if self.tok.kind != "eof":
            raise JqSyntaxError(f"syntax error, unexpected {self.tok.value!r}")
        return node

    def pipe(self) -> Node:
        if self.accept("def"):
            raise JqSyntaxError("function definitions (def) are not supported by the twin's jq")
        left = self.comma()
        if self.accept("as"):
            name = self.expect("var").value
            self.expect("|")
            return ("as", left, name, self.pipe())
        if self.accept("|"):
            return ("pipe", left, self.pipe())
        return left

    def comma(self) -> Node:
        left = self.alternative()
        while self.accept(","):
            left = ("comma", left, self.alternative())
        return left

    def alternative(self) -> Node:
        left = self.assignment()
        if self.accept("//"):
            return ("alt", left, self.alternative())
        return left

    def assignment(self) -> Node:
        left = self.disjunction()
        if self.tok.kind in _ASSIGN:  # non-associative: `.a = .b = 1` leaves a stray `=` (syntax error)
            op = self.next().kind
            return ("assign", op, left, self.disjunction())
        return left

    def disjunction(self) -> Node:
        left = self.conjunction()
        while self.accept("or"):
            left = ("or", left, self.conjunction())
        return left

    def conjunction(self) -> Node:
        left = self.comparison()
        while self.accept("and"):
            left = ("and", left, self.comparison())
        return left

    def comparison(self) -> Node:
        left = self.additive()
        if self.tok.kind in _COMPARE:
            op = self.next().kind
            return ("binop", op, left, self.additive())
        return left

    def additive(self) -> Node:
        return self.binop_chain(("+", "-"), self.multiplicative)

    def multiplicative(self) -> Node:
        return self.binop_chain(("*", "/", "%"), self.unary)

    def unary(self) -> Node:
        if self.accept("-"):
            return ("neg", self.unary())
        return self.postfix()

    def postfix(self) -> Node:
        first = self.tok.kind
        node = self.primary()
        step = node[0] == "index" and first in ("field", ".")  # `?` after a step makes only it optional
        while True:
            if self.tok.kind == "field":
                node, step = ("index", node, ("const", self.next().value)), True
            elif self.tok.kind == "." and self.tokens[self.i + 1].kind in ("str", "["):
                self.next()
                if self.tok.kind == "str":
                    node, step = ("index", node, self.string(self.next())), True
            elif self.accept("["):
                node, step = self.bracket(node), True
            elif self.accept("?"):
                # `.a.b?` only tries `.b` (an error in `.a` still stops jq); `(.a.b)?` tries it all
                node, step = ((*node, "?") if step else ("try", node, None)), False
            else:
                return node

    def bracket(self, node: Node) -> Node:
        if self.accept("]"):
            return ("iterate", node)
        start = None if self.tok.kind == ":" else self.pipe()
        if self.accept(":"):
            end = None if self.tok.kind == "]" else self.pipe()
            self.expect("]")
            return ("slice", node, start, end)
        self.expect("]")
        return ("index", node, start)

    def string(self, tok: Token) -> Node:
        parts = []
        for part in tok.value:
            parts.append(part if isinstance(part, str) else _Parser(part).whole())
        if len(parts) == 1:
            return ("const", parts[0])
        return ("string", parts)

    def primary(self) -> Node:
        tok = self.next()
        kind = tok.kind
        if kind == "field":
            return ("index", IDENTITY, ("const", tok.value))
        if kind == ".":
            if self.tok.kind == "str":
                return ("index", IDENTITY, self.string(self.next()))
            return IDENTITY
        if kind == "..":
            return ("call", "recurse", [])
        if kind == "num":
            return ("const", tok.value)
        if kind == "str":
            return self.string(tok)
        if kind == "format":
            if self.tok.kind == "str":
                raise JqSyntaxError('format strings (@fmt "...") are not supported by the twin\'s jq')
            return ("format", tok.value)
        if kind == "var":
            return ("var", tok.value)
        if kind == "(":
            node = self.pipe()
            self.expect(")")
            return node
        if kind == "[":
            if self.accept("]"):
                return ("collect", None)
            node = self.pipe()
            self.expect("]")
            return ("collect", node)
        if kind == "{":
            return self.object()
        if kind == "if":
            return self.if_expr()
        if kind == "try":
            body = self.postfix()
            return ("try", body, self.postfix() if self.accept("catch") else None)
        if kind == "reduce":
            source = self.postfix()
            self.expect("as")
            name = self.expect("var").value
            self.expect("(")
            init = self.pipe()
            self.expect(";")
            update = self.pipe()
            self.expect(")")
            return ("reduce", source, name, init, update)
        if kind == "ident" and tok.value in _LITERALS:
            return ("const", _LITERALS[tok.value])
        if kind == "ident":
            args = []
            if self.accept("("):
                args.append(self.pipe())
                while self.accept(";"):
                    args.append(self.pipe())
                self.expect(")")
            return ("call", tok.value, args)
        got = "end of file" if kind == "eof" else repr(tok.value)
        raise JqSyntaxError(f"syntax error, unexpected {got}")

    def if_expr(self) -> Node:
        branches = []
        cond = self.pipe()
        self.expect("then")
        branches.append((cond, self.pipe()))
        while self.accept("elif"):
            cond = self.pipe()
            self.expect("then")
            branches.append((cond, self.pipe()))
        orelse = self.pipe() if self.accept("else") else IDENTITY
        self.expect("end")
        return ("if", branches, orelse)

    def object(self) -> Node:
        entries: list[tuple[Node, Node]] = []
        while not self.accept("}"):
            tok = self.next()
            if tok.kind == "var":
                key, value = ("const", tok.value), ("var", tok.value)
            elif tok.kind == "str":
                key = self.string(tok)
                value = ("index", IDENTITY, key)
            elif tok.kind == "ident" or tok.kind.isalpha():  # keywords are fine as keys: {if: 1}
                key = ("const", tok.value)
                value = ("index", IDENTITY, key)
            elif tok.kind == "(":
                key = self.pipe()
                self.expect(")")
                value = None
            else:
                raise JqSyntaxError(f"syntax error, unexpected {tok.value!r} in object construction")
            if self.accept(":"):
                value = self.object_value()
            elif value is None:
                raise JqSyntaxError("syntax error, unexpected '}', expecting ':'")
            entries.append((key, value))
            if not self.accept(","):
                self.expect("}")
                break
        return ("object", entries)

    def object_value(self) -> Node:
        node = self.alternative()
        while self.accept("|"):
            node = ("pipe", node, self.alternative())
        return node


def parse_filter(src: str) -> Node:
    """Parse a jq filter; raises `JqSyntaxError`."""
    tokens, _ = tokenize(src)
    return _Parser(tokens).whole()


__all__ = ["IDENTITY", "Node", "parse_filter"]
