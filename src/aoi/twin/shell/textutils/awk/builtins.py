"""awk's built-in functions (length, substr, split, sub/gsub, match, sprintf, ...)."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from aoi.twin.shell.textutils._regex import compile_posix
from aoi.twin.shell.textutils.awk.values import UNINIT, StrNum, Value, to_num, to_str

if TYPE_CHECKING:
    from aoi.twin.shell.textutils.awk.interp import Interpreter
    from aoi.twin.shell.textutils.awk.parser import Node

_REPL = re.compile(r"\\\\&|\\&|&|[^\\&]+|\\")


def _substitute(it: Interpreter, args: list[Node], global_: bool) -> float:
    regex = it.regex_of(args[0])
    target = args[2] if len(args) > 2 else ("field", ("const", 0.0))
    pieces = _REPL.findall(to_str(it.eval(args[1])))

    def repl(m: re.Match[str]) -> str:
        return "".join(
            m.group() if p == "&" else "&" if p == "\\&" else "\\&" if p == "\\\\&" else p for p in pieces
        )

    new, count = regex.subn(repl, to_str(it.eval(target)), count=0 if global_ else 1)
    if count:
        it.assign(target, new)
    return float(count)


def _split(it: Interpreter, args: list[Node]) -> float:
    text = to_str(it.eval(args[0]))
    array = it.array(args[1][1])
    array.clear()
    if len(args) > 2:
        sep = args[2][1] if args[2][0] == "regex" else to_str(it.eval(args[2]))
        pieces = compile_posix(sep, True).split(text) if args[2][0] == "regex" else it.split(text, sep)
    else:
        pieces = it.split(text, to_str(it.vars["FS"]))
    for i, piece in enumerate(pieces, 1):
        array[str(i)] = StrNum(piece)
    return float(len(pieces))


def _substr(it: Interpreter, args: list[Node]) -> str:
    text = to_str(it.eval(args[0]))
    start = to_num(it.eval(args[1]))
    begin = math.floor(start + 0.5)
    end = len(text) + 1 if len(args) < 3 else begin + math.floor(to_num(it.eval(args[2])) + 0.5)
    return text[max(begin, 1) - 1 : max(end, 1) - 1]


def _match(it: Interpreter, args: list[Node]) -> float:
    m = it.regex_of(args[1]).search(to_str(it.eval(args[0])))
    it.vars["RSTART"] = float(m.start() + 1) if m else 0.0
    it.vars["RLENGTH"] = float(len(m.group())) if m else -1.0
    return it.vars["RSTART"]


def _length(it: Interpreter, args: list[Node]) -> float:
    if not args:
        return float(len(it.fields[0]))
    node = args[0]
    if node[0] == "var" and (
        node[1] in it.arrays or isinstance((it.frames[-1] if it.frames else {}).get(node[1]), dict)
    ):
        return float(len(it.array(node[1])))
    return float(len(to_str(it.eval(node))))


def _srand(it: Interpreter, args: list[Node]) -> float:
    previous = it.seed
    it.seed = to_num(it.eval(args[0])) if args else 0.0
    it.random.seed(it.seed)
    return previous


def _math(fn):
    return lambda it, args: float(fn(*(to_num(it.eval(a)) for a in args)))


_TABLE = {
    "length": _length,
    "substr": _substr,
    "split": _split,
    "match": _match,
    "srand": _srand,
    "sub": lambda it, args: _substitute(it, args, False),
    "gsub": lambda it, args: _substitute(it, args, True),
    "index": lambda it, args: float(to_str(it.eval(args[0])).find(to_str(it.eval(args[1]))) + 1),
    "sprintf": lambda it, args: _sprintf(it, args),
    "tolower": lambda it, args: to_str(it.eval(args[0])).lower(),
    "toupper": lambda it, args: to_str(it.eval(args[0])).upper(),
    "int": _math(lambda x: math.trunc(x)),
    "sqrt": _math(math.sqrt),
    "exp": _math(math.exp),
    "log": _math(math.log),
    "sin": _math(math.sin),
    "cos": _math(math.cos),
    "atan2": _math(math.atan2),
    "rand": lambda it, args: it.random.random(),
    "close": lambda it, args: 0.0,
    "system": lambda it, args: 127.0,  # the twin's awk cannot start programs
}


def _sprintf(it: Interpreter, args: list[Node]) -> str:
    from aoi.twin.shell.textutils.awk.interp import format_values

    values = [it.eval(a) for a in args]
    return format_values(to_str(values[0]), values[1:]) if values else ""


def call_builtin(it: Interpreter, name: str, args: list[Node]) -> Value:
    """Evaluate built-in ``name`` on unevaluated ``args`` (some take arrays or lvalues)."""
    try:
        return _TABLE[name](it, args)
    except (IndexError, ValueError) as e:
        from aoi.twin.shell.textutils.awk.interp import AwkRuntimeError

        raise AwkRuntimeError(f"{name}: {e}") from None


__all__ = ["UNINIT", "call_builtin"]
