"""Log line formats of the programs the apps run, with virtual-clock timestamps.

Each function renders one line exactly as the real program prints it: zerolog's console writer
(HotelReservation, colours included, since the writer colours even when not on a terminal),
Boost.Log (DeathStarBench C++), Thrift's global error output, mongod 4.4's structured JSON,
Go panics. Sub-second parts are derived from the virtual time so output is reproducible.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import timedelta

from ..clock import EPOCH

_RESET = "\x1b[0m"
_LEVEL_COLOUR = {"INF": "\x1b[32m", "WRN": "\x1b[31m", "ERR": "\x1b[31m", "FTL": "\x1b[31m", "PNC": "\x1b[31m"}


def _moment(now: float):
    return EPOCH + timedelta(seconds=now)


def go_time(now: float) -> str:
    """RFC 3339 in seconds, as zerolog's console writer and Go services print it."""
    return _moment(now).strftime("%Y-%m-%dT%H:%M:%SZ")


def zerolog_json(now: float, message: str) -> str:
    """A line from the global zerolog logger before the console writer is installed."""
    return json.dumps({"level": "info", "time": go_time(now), "message": message}, separators=(",", ":"))


def zerolog(now: float, level: str, caller: str, message: str) -> str:
    """``<time> INF cmd/geo/main.go:23 > Reading config...`` with the console writer's colours."""
    colour = _LEVEL_COLOUR[level]
    return (
        f"\x1b[90m{go_time(now)}{_RESET} {colour}{level}{_RESET} \x1b[1m{caller}{_RESET}\x1b[36m >{_RESET} "
        f"\x1b[1m{message}{_RESET}"
    )


def go_panic(message: str, frames: list[tuple[str, str]]) -> list[str]:
    """A Go runtime panic report: ``panic: <message>``, a blank line, then goroutine 1's stack.

    ``frames`` are (function with arguments, ``file:line +offset``) pairs, innermost first.
    """
    lines = [f"panic: {message}", "", "goroutine 1 [running]:"]
    for function, location in frames:
        lines += [function, f"\t{location}"]
    return lines


def boost(now: float, severity: str, where: str, message: str) -> str:
    """DeathStarBench's Boost.Log format: ``[2026-Mar-02 09:00:02.000210] <info>: (File.cpp:49:main) msg``."""
    moment = _moment(now)
    micros = int(round((now % 1) * 1_000_000)) or 210
    return f"[{moment.strftime('%Y-%b-%d %H:%M:%S')}.{micros:06d}] <{severity}>: ({where}) {message}"


def thrift_error(now: float, message: str) -> str:
    """Apache Thrift's GlobalOutput line: ``Thrift: Mon Mar  2 09:00:05 2026 <message>``."""
    moment = _moment(now)
    stamp = f"{moment.strftime('%a %b')} {moment.day:2d} {moment.strftime('%H:%M:%S %Y')}"
    return f"Thrift: {stamp} {message}"


def mongod(now: float, severity: str, component: str, id_: int, ctx: str, msg: str,
           attr: Mapping | None = None, tags: list[str] | None = None) -> str:
    """mongod 4.4 structured log line, padded after ``s``, ``c`` and ``id`` to mongod's columns."""
    moment = _moment(now)
    millis = int(round((now % 1) * 1000)) % 1000
    date = f"{moment.strftime('%Y-%m-%dT%H:%M:%S')}.{millis:03d}+00:00"
    head = (
        f'{{"t":{{"$date":"{date}"}},'
        + f'"s":"{severity}",'.ljust(10)
        + f'"c":"{component}",'.ljust(16)
        + f'"id":{id_},'.ljust(14)
        + f'"ctx":"{ctx}","msg":{json.dumps(msg)}'
    )
    if attr is not None:
        head += f',"attr":{json.dumps(attr, separators=(",", ":"))}'
    if tags is not None:
        head += f',"tags":{json.dumps(tags, separators=(",", ":"))}'
    return head + "}"
