"""awk grammar -> nested tuples ``(kind, ...)`` that `interp` evaluates.

Expressions, lowest precedence first: assignment, ``?:``, ``||``, ``&&``, ``in``, ``~ !~``,
comparison, concatenation, ``+ -``, ``* / %``, unary, ``^``, ``++ --``, ``$``, primary. Inside
``print``/``printf`` arguments a bare ``>`` is output redirection, not a comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aoi.twin.shell.textutils._tokens import TokenCursor
from aoi.twin.shell.textutils.awk.lexer import AwkSyntaxError, Token, tokenize

Node = tuple
_ASSIGN_OPS = frozenset({"=", "+=", "-=", "*=", "/=", "%=", "^="})
_COMPARE = frozenset({"<", "<=", "==", "!=", ">", ">="})
# "-", "+" and "!" never start a concatenated operand: "a -1" is a subtraction
_CONCAT_START = frozenset({"num", "str", "regex", "name", "funcname", "builtin", "$", "(", "++", "--"})
_STMT_END = frozenset({";", "nl", "}", "eof"})


@dataclass
class Program:
    """A parsed awk program: BEGIN actions, pattern-action rules, END actions, functions."""

    begin: list[Node] = field(default_factory=list)
    rules: list[tuple[Node | None, Node | None, Node | None]] = field(
        default_factory=list
    )  # (pat, pat2, action)
    end: list[Node] = field(default_factory=list)
    functions: dict[str, tuple[list[str], Node]] = field(default_factory=dict)


class _Parser(TokenCursor[Token]):
    def __init__(self, src: str) -> None:
        super().__init__(tokenize(src))
        self.no_gt = False  # inside print arguments, ">" redirects
        self.no_in = False  # inside for(...) init, "in" belongs to the loop

    def expected(self, kind: str) -> Exception:
        got = self.tok.value or ("end of program" if self.tok.kind == "eof" else "newline")
        return AwkSyntaxError(f"syntax error at source line 1: expected '{kind}' near '{got}'")

    def newlines(self) -> None:
        while self.tok.kind in ("nl", ";"):
            self.i += 1

    def opt_newlines(self) -> None:
        while self.tok.kind == "nl":
            self.i += 1

    # -- program -----------------------------------------------------------------------------
    def program(self) -> Program:
        prog = Program()
        self.newlines()
        while self.tok.kind != "eof":
            if self.accept("BEGIN"):
                prog.begin.append(self.block())
            elif self.accept("END"):
                prog.end.append(self.block())
            elif self.accept("function"):
                name = self.next().value
                self.expect("(")
                params = []
                while not self.accept(")"):
                    params.append(self.expect("name").value)
                    self.accept(",")
                self.opt_newlines()
                prog.functions[name] = (params, self.block())
            else:
                pattern = pattern2 = None
                if self.tok.kind != "{":
                    pattern = self.expr()
                    if self.accept(","):
                        self.opt_newlines()
                        pattern2 = self.expr()
                action = self.block() if self.tok.kind == "{" else None
                prog.rules.append((pattern, pattern2, action))
            self.newlines()
        return prog

    def block(self) -> Node:
        self.expect("{")
        body = []
        self.newlines()
        while not self.accept("}"):
            body.append(self.statement())
            self.newlines()
        return ("block", body)

    def simple_or_block(self) -> Node:
        self.opt_newlines()
        if self.tok.kind == "{":
            return self.block()
        stmt = self.statement()
        self.accept(";")
        return stmt

    def end_statement(self) -> None:
        if self.tok.kind not in _STMT_END:
            raise AwkSyntaxError(f"syntax error at source line 1: unexpected '{self.tok.value}'")
        self.accept(";")

    # -- statements --------------------------------------------------------------------------
    def statement(self) -> Node:
        kind = self.tok.kind
        if kind == "{":
            return self.block()
        if kind == "if":
            self.next()
            self.expect("(")
            cond = self.expr()
            self.expect(")")
            then = self.simple_or_block()
            save = self.i
            self.newlines()
            if self.accept("else"):
                return ("if", cond, then, self.simple_or_block())
            self.i = save
            return ("if", cond, then, None)
        if kind == "while":
            self.next()
            self.expect("(")
            cond = self.expr()
            self.expect(")")
            return ("while", cond, self.simple_or_block())
        if kind == "do":
            self.next()
            body = self.simple_or_block()
            self.newlines()
            self.expect("while")
            self.expect("(")
            cond = self.expr()
            self.expect(")")
            return ("do", body, cond)
        if kind == "for":
            return self.for_statement()
        if kind in ("print", "printf"):
            node = self.print_statement()
        elif kind in ("next", "break", "continue"):
            node = (self.next().kind,)
        elif kind in ("exit", "return"):
            self.next()
            node = (kind, None if self.tok.kind in _STMT_END else self.expr())
        elif kind == "delete":
            self.next()
            name = self.expect("name").value
            node = ("delete", name, self.subscripts() if self.tok.kind == "[" else None)
        elif kind == "getline":
            raise AwkSyntaxError("getline is not supported by the twin's awk")
        else:
            node = ("expr", self.expr())
        self.end_statement()
        return node

    def for_statement(self) -> Node:
        self.next()
        self.expect("(")
        if self.tok.kind == "name" and self.tokens[self.i + 1].kind == "in":
            save = self.i
            var = self.next().value
            self.next()
            if self.tok.kind == "name" and self.tokens[self.i + 1].kind == ")":
                array = self.next().value
                self.next()
                return ("forin", var, array, self.simple_or_block())
            self.i = save
        init = None if self.tok.kind == ";" else self.expr()
        self.expect(";")
        self.opt_newlines()
        cond = None if self.tok.kind == ";" else self.expr()
        self.expect(";")
        self.opt_newlines()
        step = None if self.tok.kind == ")" else self.expr()
        self.expect(")")
        return ("for", init, cond, step, self.simple_or_block())

    def print_statement(self) -> Node:
        kind = self.next().kind
        self.no_gt = True
        args: list[Node] = []
        if self.tok.kind == "(":
            # print (a, b) > f: a parenthesised list; print (a)(b): concatenation
            save = self.i
            self.next()
            self.no_gt = False
            items = [self.expr()]
            while self.accept(","):
                self.opt_newlines()
                items.append(self.expr())
            self.no_gt = True
            if self.accept(")") and self.tok.kind in _STMT_END | {">", ">>", "|"}:
                args = items
            else:
                self.i = save
        if not args and self.tok.kind not in _STMT_END | {">", ">>", "|"}:
            args.append(self.expr())
            while self.accept(","):
                self.opt_newlines()
                args.append(self.expr())
        self.no_gt = False
        if self.tok.kind in (">", ">>", "|"):
            raise AwkSyntaxError("output redirection is not supported by the twin's awk")
        return (kind, args)

    # -- expressions ---------------------------------------------------------------------------
    def expr(self) -> Node:
        left = self.ternary()
        if self.tok.kind in _ASSIGN_OPS and left[0] in ("var", "field", "index"):
            op = self.next().kind
            self.opt_newlines()
            return ("assign", op, left, self.expr())
        return left

    def ternary(self) -> Node:
        cond = self.binary_or()
        if self.accept("?"):
            self.opt_newlines()
            a = self.expr()
            self.opt_newlines()
            self.expect(":")
            self.opt_newlines()
            return ("cond", cond, a, self.expr())
        return cond

    def binary_or(self) -> Node:
        left = self.binary_and()
        while self.accept("||"):
            self.opt_newlines()
            left = ("or", left, self.binary_and())
        return left

    def binary_and(self) -> Node:
        left = self.membership()
        while self.accept("&&"):
            self.opt_newlines()
            left = ("and", left, self.membership())
        return left

    def membership(self) -> Node:
        left = self.matching()
        while not self.no_in and self.accept("in"):
            left = ("in", [left] if left[0] != "grouping" else left[1], self.expect("name").value)
        return left

    def matching(self) -> Node:
        left = self.comparison()
        while self.tok.kind in ("~", "!~"):
            negate = self.next().kind == "!~"
            left = ("match", negate, left, self.comparison())
        return left

    def comparison(self) -> Node:
        left = self.concatenation()
        if self.tok.kind in _COMPARE and not (self.no_gt and self.tok.kind == ">"):
            op = self.next().kind
            return ("cmp", op, left, self.concatenation())
        return left

    def concatenation(self) -> Node:
        left = self.additive()
        while self.tok.kind in _CONCAT_START:
            left = ("concat", left, self.additive())
        return left

    def additive(self) -> Node:
        return self.binop_chain(("+", "-"), self.multiplicative)

    def multiplicative(self) -> Node:
        return self.binop_chain(("*", "/", "%"), self.unary)

    def unary(self) -> Node:
        if self.tok.kind == "!":
            self.next()
            return ("not", self.unary())
        if self.tok.kind in ("-", "+"):
            op = self.next().kind
            return ("neg", self.unary()) if op == "-" else ("num", self.unary())
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        if self.accept("^"):
            return ("binop", "^", base, self.unary())  # right associative
        return base

    def postfix(self) -> Node:
        if self.tok.kind in ("++", "--"):
            op = self.next().kind
            return ("incr", op, True, self.postfix())
        node = self.primary()
        if node[0] in ("var", "field", "index") and self.tok.kind in ("++", "--"):
            return ("incr", self.next().kind, False, node)
        return node

    def subscripts(self) -> list[Node]:
        self.expect("[")
        items = [self.expr()]
        while self.accept(","):
            items.append(self.expr())
        self.expect("]")
        return items

    def primary(self) -> Node:
        tok = self.next()
        kind = tok.kind
        if kind == "num":
            return ("const", float(tok.value))
        if kind == "str":
            return ("const", tok.value)
        if kind == "regex":
            return ("regex", tok.value)
        if kind == "$":
            return ("field", self.postfix() if self.tok.kind in ("++", "--") else self.primary())
        if kind == "(":
            save_gt, save_in, self.no_gt, self.no_in = self.no_gt, self.no_in, False, False
            items = [self.expr()]
            while self.accept(","):
                items.append(self.expr())
            self.expect(")")
            self.no_gt, self.no_in = save_gt, save_in
            return ("grouping", items) if len(items) > 1 else ("group", items[0])
        if kind == "name":
            if self.tok.kind == "[":
                return ("index", tok.value, self.subscripts())
            return ("var", tok.value)
        if kind in ("builtin", "funcname"):
            args: list[Node] = []
            if self.accept("("):
                save_gt, self.no_gt = self.no_gt, False
                while not self.accept(")"):
                    args.append(self.expr())
                    self.accept(",")
                    self.opt_newlines()
                self.no_gt = save_gt
            elif kind == "funcname":
                raise AwkSyntaxError(f"syntax error at source line 1: {tok.value}")
            return ("call", tok.value, args, kind == "builtin")
        got = tok.value or ("end of program" if kind == "eof" else "newline")
        raise AwkSyntaxError(f"syntax error at source line 1 near '{got}'")


def parse_program(src: str) -> Program:
    """Parse awk source; raises `AwkSyntaxError`."""
    return _Parser(src).program()


__all__ = ["Node", "Program", "parse_program"]
