"""Runs a parsed awk `Program` over a list of records; output is collected, nothing is printed."""

from __future__ import annotations

import math
import random
import re

from aoi.twin.shell.textutils._regex import compile_posix
from aoi.twin.shell.textutils.awk.parser import Node, Program
from aoi.twin.shell.textutils.awk.values import (
    UNINIT,
    StrNum,
    Value,
    compare,
    to_num,
    to_str,
    truthy,
)

_SPEC = re.compile(r"%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?([cdiouxXeEfgGs%])")
_MAX_LOOP = 1_000_000  # a runaway while(1) in an agent's command must not hang the twin


class AwkRuntimeError(Exception):
    """A fatal error while running; ``str`` follows gawk's ``fatal:`` wording."""


class _Next(Exception):
    pass


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


class AwkExit(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


class _Return(Exception):
    def __init__(self, value: Value) -> None:
        self.value = value


def format_values(fmt: str, args: list[Value]) -> str:
    """awk's printf/sprintf: C conversions over awk values."""
    queue = list(args)

    def take() -> Value:
        return queue.pop(0) if queue else UNINIT

    def one(m: re.Match[str]) -> str:
        flags, width, precision, conv = m.groups()
        if conv == "%":
            return "%"
        width = str(int(to_num(take()))) if width == "*" else width or ""
        precision = str(int(to_num(take()))) if precision == "*" else precision
        spec = "%" + flags + width + ("." + precision if precision is not None else "")
        value = take()
        if conv == "s":
            return (spec + "s") % to_str(value)
        if conv == "c":
            char = chr(int(to_num(value))) if isinstance(value, float) else to_str(value)[:1]
            return (spec + "s") % char
        if conv in "diouxX":
            return (spec + ("d" if conv in "iu" else conv)) % int(to_num(value))
        return (spec + conv) % to_num(value)

    return _SPEC.sub(one, fmt)


class Interpreter:
    """One awk run: globals, arrays, the current record and the collected output."""

    def __init__(self, program: Program, variables: dict[str, Value]) -> None:
        self.program = program
        self.vars: dict[str, Value] = {
            "FS": " ", "OFS": " ", "ORS": "\n", "RS": "\n", "SUBSEP": "\x1c", "NR": 0.0, "FNR": 0.0,
            "RSTART": 0.0, "RLENGTH": -1.0, "CONVFMT": "%.6g", "OFMT": "%.6g", "FILENAME": "",
        }  # fmt: skip
        self.vars.update(variables)
        self.arrays: dict[str, dict[str, Value]] = {}
        self.frames: list[dict[str, Value | dict]] = []
        self.fields: list[str] = [""]
        self.out: list[str] = []
        self.random = random.Random(0)
        self.seed = 0.0
        self.ranges = [False] * len(program.rules)
        self.eval_table = {name[2:]: getattr(self, name) for name in dir(self) if name.startswith("e_")}

    # -- records and fields ----------------------------------------------------------------
    def split(self, text: str, fs: str) -> list[str]:
        if fs == " ":
            return text.split()
        if not text:
            return []
        if len(fs) == 1 and fs != "\\":
            return text.split(fs)
        return compile_posix(fs, True).split(text)

    def set_record(self, text: str) -> None:
        self.fields = [text, *self.split(text, to_str(self.vars["FS"]))]

    def rebuild(self) -> None:
        self.fields[0] = to_str(self.vars["OFS"]).join(self.fields[1:])

    def get_field(self, index: int) -> Value:
        if index < 0:
            raise AwkRuntimeError(f"attempt to access field {index}")
        return StrNum(self.fields[index]) if index < len(self.fields) else UNINIT

    def set_field(self, index: int, value: str) -> None:
        if index == 0:
            self.set_record(value)
            return
        while len(self.fields) <= index:
            self.fields.append("")
        self.fields[index] = value
        self.rebuild()

    # -- variables -------------------------------------------------------------------------
    def get_var(self, name: str) -> Value:
        if self.frames and name in self.frames[-1]:
            value = self.frames[-1][name]
            return UNINIT if isinstance(value, dict) else value
        if name == "NF":
            return float(len(self.fields) - 1)
        return self.vars.get(name, UNINIT)

    def set_var(self, name: str, value: Value) -> None:
        if self.frames and name in self.frames[-1]:
            self.frames[-1][name] = value
        elif name == "NF":
            n = int(to_num(value))
            self.fields = self.fields[: n + 1] + [""] * max(0, n + 1 - len(self.fields))
            self.rebuild()
        else:
            self.vars[name] = value

    def array(self, name: str) -> dict[str, Value]:
        if self.frames and name in self.frames[-1]:
            value = self.frames[-1][name]
            if not isinstance(value, dict):
                value = self.frames[-1][name] = {}
            return value
        return self.arrays.setdefault(name, {})

    def key(self, subscripts: list[Node]) -> str:
        conv = to_str(self.vars["CONVFMT"])
        return to_str(self.vars["SUBSEP"]).join(to_str(self.eval(s), conv) for s in subscripts)

    def assign(self, target: Node, value: Value) -> Value:
        kind = target[0]
        if kind == "var":
            self.set_var(target[1], value)
        elif kind == "field":
            self.set_field(int(to_num(self.eval(target[1]))), to_str(value))
        else:
            self.array(target[1])[self.key(target[2])] = value
        return value

    # -- expressions -------------------------------------------------------------------------
    def eval(self, node: Node) -> Value:
        return self.eval_table[node[0]](node)

    def e_const(self, node: Node) -> Value:
        return node[1]

    def e_regex(self, node: Node) -> Value:
        return 1.0 if compile_posix(node[1], True).search(self.fields[0]) else 0.0

    def e_field(self, node: Node) -> Value:
        return self.get_field(int(to_num(self.eval(node[1]))))

    def e_var(self, node: Node) -> Value:
        return self.get_var(node[1])

    def e_index(self, node: Node) -> Value:
        return self.array(node[1]).setdefault(self.key(node[2]), UNINIT)

    def e_group(self, node: Node) -> Value:
        return self.eval(node[1])

    def e_grouping(self, node: Node) -> Value:
        return to_str(self.vars["SUBSEP"]).join(to_str(self.eval(n)) for n in node[1])

    def e_assign(self, node: Node) -> Value:
        _, op, target, expr = node
        value = self.eval(expr)
        if op != "=":
            value = self.arith(op[0], self.eval(target), value)
        elif isinstance(value, StrNum) and value is not UNINIT:
            value = StrNum(value)
        return self.assign(target, value)

    def e_cond(self, node: Node) -> Value:
        return self.eval(node[2]) if truthy(self.eval(node[1])) else self.eval(node[3])

    def e_or(self, node: Node) -> Value:
        return 1.0 if truthy(self.eval(node[1])) or truthy(self.eval(node[2])) else 0.0

    def e_and(self, node: Node) -> Value:
        return 1.0 if truthy(self.eval(node[1])) and truthy(self.eval(node[2])) else 0.0

    def e_in(self, node: Node) -> Value:
        return 1.0 if self.key(node[1]) in self.array(node[2]) else 0.0

    def regex_of(self, node: Node) -> re.Pattern[str]:
        source = node[1] if node[0] == "regex" else to_str(self.eval(node))
        return compile_posix(source, True)

    def e_match(self, node: Node) -> Value:
        _, negate, left, right = node
        found = self.regex_of(right).search(to_str(self.eval(left))) is not None
        return 1.0 if found != negate else 0.0

    def e_cmp(self, node: Node) -> Value:
        return 1.0 if compare(node[1], self.eval(node[2]), self.eval(node[3])) else 0.0

    def e_concat(self, node: Node) -> Value:
        conv = to_str(self.vars["CONVFMT"])
        return to_str(self.eval(node[1]), conv) + to_str(self.eval(node[2]), conv)

    def arith(self, op: str, a: Value, b: Value) -> float:
        x, y = to_num(a), to_num(b)
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        if op == "^":
            return x**y
        if y == 0:
            raise AwkRuntimeError(
                "division by zero attempted" if op == "/" else "division by zero attempted in `%'"
            )
        return x / y if op == "/" else math.fmod(x, y)

    def e_binop(self, node: Node) -> Value:
        return self.arith(node[1], self.eval(node[2]), self.eval(node[3]))

    def e_neg(self, node: Node) -> Value:
        return -to_num(self.eval(node[1]))

    def e_num(self, node: Node) -> Value:
        return to_num(self.eval(node[1]))

    def e_not(self, node: Node) -> Value:
        return 0.0 if truthy(self.eval(node[1])) else 1.0

    def e_incr(self, node: Node) -> Value:
        _, op, prefix, target = node
        old = to_num(self.eval(target))
        new = old + (1 if op == "++" else -1)
        self.assign(target, new)
        return new if prefix else old

    def e_call(self, node: Node) -> Value:
        _, name, args, builtin = node
        if builtin:
            from aoi.twin.shell.textutils.awk.builtins import call_builtin

            return call_builtin(self, name, args)
        return self.call_function(name, args)

    def call_function(self, name: str, args: list[Node]) -> Value:
        if name not in self.program.functions:
            raise AwkRuntimeError(f"function `{name}' not defined")
        params, body = self.program.functions[name]
        frame: dict[str, Value | dict] = {}
        for i, param in enumerate(params):
            if i < len(args):
                arg = args[i]
                is_array = arg[0] == "var" and (
                    arg[1] in self.arrays
                    or isinstance(self.frames[-1].get(arg[1]) if self.frames else None, dict)
                )
                frame[param] = self.array(arg[1]) if is_array else self.eval(arg)
            else:
                frame[param] = UNINIT
        if len(self.frames) > 200:
            raise AwkRuntimeError("function call nesting too deep")
        self.frames.append(frame)
        try:
            self.execute(body)
        except _Return as r:
            return r.value
        finally:
            self.frames.pop()
        return UNINIT

    # -- statements --------------------------------------------------------------------------
    def execute(self, node: Node) -> None:
        kind = node[0]
        if kind == "block":
            for stmt in node[1]:
                self.execute(stmt)
        elif kind == "expr":
            self.eval(node[1])
        elif kind == "print":
            ofmt = to_str(self.vars["OFMT"])
            text = (
                to_str(self.vars["OFS"]).join(to_str(self.eval(a), ofmt) for a in node[1])
                if node[1]
                else (self.fields[0])
            )
            self.out.append(text + to_str(self.vars["ORS"]))
        elif kind == "printf":
            if not node[1]:
                raise AwkRuntimeError("printf: no format")
            values = [self.eval(a) for a in node[1]]
            self.out.append(format_values(to_str(values[0]), values[1:]))
        elif kind == "if":
            if truthy(self.eval(node[1])):
                self.execute(node[2])
            elif node[3] is not None:
                self.execute(node[3])
        elif kind in ("while", "do", "for", "forin"):
            self.loop(node)
        elif kind == "next":
            raise _Next
        elif kind == "exit":
            raise AwkExit(int(to_num(self.eval(node[1]))) if node[1] else 0)
        elif kind == "return":
            raise _Return(self.eval(node[1]) if node[1] else UNINIT)
        elif kind == "break":
            raise _Break
        elif kind == "continue":
            raise _Continue
        elif kind == "delete":
            array = self.array(node[1])
            if node[2] is None:
                array.clear()
            else:
                array.pop(self.key(node[2]), None)

    def loop(self, node: Node) -> None:
        kind = node[0]
        if kind == "forin":
            _, var, name, body = node
            items: list = list(self.array(name))
            cond, step = None, None
        elif kind == "for":
            _, init, cond, step, body = node
            if init is not None:
                self.eval(init)
        else:
            cond, body = (node[1], node[2]) if kind == "while" else (node[2], node[1])
            step = None
        for count in range(_MAX_LOOP):
            if kind == "forin":
                if count >= len(items):
                    return
                self.set_var(var, items[count])
            elif cond is not None and not (kind == "do" and count == 0) and not truthy(self.eval(cond)):
                return
            try:
                self.execute(body)
            except _Break:
                return
            except _Continue:
                pass
            if step is not None:
                self.eval(step)
        raise AwkRuntimeError(f"loop ran {_MAX_LOOP} times; the twin's awk stops there")

    # -- the main loop -------------------------------------------------------------------------
    def run(self, records: list[str]) -> int:
        try:
            for action in self.program.begin:
                self.execute(action)
            if self.program.rules or self.program.end:
                for record in records:
                    self.vars["NR"] = self.vars["FNR"] = to_num(self.vars["NR"]) + 1
                    self.set_record(record)
                    try:
                        self.record()
                    except _Next:
                        continue
            code = 0
        except AwkExit as e:
            code = e.code
        try:
            for action in self.program.end:
                self.execute(action)
        except AwkExit as e:
            code = e.code
        return code

    def record(self) -> None:
        for index, (pattern, pattern2, action) in enumerate(self.program.rules):
            if pattern2 is not None:
                if self.ranges[index]:
                    hit = True
                    self.ranges[index] = not truthy(self.eval(pattern2))
                else:
                    hit = truthy(self.eval(pattern))
                    self.ranges[index] = hit and not truthy(self.eval(pattern2))
            else:
                hit = pattern is None or truthy(self.eval(pattern))
            if hit:
                if action is None:
                    self.out.append(self.fields[0] + to_str(self.vars["ORS"]))
                else:
                    self.execute(action)


__all__ = ["AwkExit", "AwkRuntimeError", "Interpreter", "format_values"]
