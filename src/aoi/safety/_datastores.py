"""Database shells agents run inside pods: mongo/mongosh (by their JavaScript) and redis-cli (by command).

mongo is a read only when every call in its ``--eval`` script (or the script on its stdin) is a
known read such as ``find``, ``getUsers`` or ``serverStatus``; any other call, a call on a computed
name (``db['dropUser']()``), a script file, or an interactive session is a write. redis-cli is a
read only for commands in `REDIS_READ`; no command (interactive) is a write.
"""

from __future__ import annotations

import re

from aoi.safety._outcome import Outcome, read, write
from aoi.safety._parse import DYNAMIC

__all__ = ["MONGO_READ_CALLS", "REDIS_READ", "classify_mongo", "classify_redis"]

MONGO_READ_CALLS = frozenset(
    [
        "find", "findOne", "count", "countDocuments", "estimatedDocumentCount", "distinct", "getUsers",
        "getUser", "getRoles", "getRole", "getCollectionNames", "getCollectionInfos", "stats",
        "serverStatus", "isMaster", "hello", "version", "getName", "getSiblingDB", "getCollection",
        "getIndexes", "getMongo", "getDBNames", "toArray", "limit", "sort", "skip", "pretty",
        "explain", "printjson", "print", "tojson", "stringify", "hostInfo", "buildInfo", "currentOp",
        "getReplicationInfo", "isWritablePrimary", "dataSize", "totalSize", "storageSize",
        "forEach", "map", "function", "status", "printReplicationInfo", "itcount", "size", "hasNext", "next", "getDB", "listCollections",
    ]
)  # fmt: skip
_MONGO_CALL = re.compile(r"([A-Za-z_$][\w$]*)\s*\(|([\])])\s*\(")
_MONGO_SHOW = re.compile(r"^\s*show\s+(dbs|databases|collections|tables|users|roles|profile|log)\b", re.M)

REDIS_READ = frozenset(
    [
        "info", "get", "mget", "keys", "scan", "type", "ttl", "pttl", "exists", "strlen", "hget",
        "hgetall", "hkeys", "hvals", "hlen", "hexists", "hmget", "hscan", "lrange", "llen", "lindex",
        "smembers", "scard", "sismember", "sscan", "zrange", "zrangebyscore", "zcard", "zscore",
        "zrank", "zscan", "dbsize", "ping", "echo", "time", "lastsave", "role", "xlen", "xrange",
        "xinfo", "getrange", "randomkey", "dump", "object",
    ]
)  # fmt: skip
_REDIS_READ_PAIRS = frozenset(
    [("config", "get"), ("client", "list"), ("client", "info"), ("slowlog", "get"), ("slowlog", "len"),
     ("memory", "usage"), ("memory", "stats"), ("memory", "doctor"), ("cluster", "info"),
     ("cluster", "nodes"), ("cluster", "slots")]
)  # fmt: skip
_REDIS_VALUE_FLAGS = frozenset(["-h", "-p", "-a", "-n", "-u", "-s", "--user", "--pass", "-r", "-i", "-d"])
_REDIS_READ_MODES = frozenset(["--scan", "--bigkeys", "--memkeys", "--hotkeys", "--stat", "--latency"])


def _mongo_script_reads(script: str) -> str | None:
    """None when every call is a known read, else the first offending call."""
    body = _MONGO_SHOW.sub("", script)
    for m in _MONGO_CALL.finditer(body):
        if m.group(2):
            return "call on a computed name"
        if m.group(1) not in MONGO_READ_CALLS and m.group(1) not in ("JSON", "db"):
            return m.group(1)
    return None


def classify_mongo(name: str, args: list[str], stdin: str | None) -> Outcome:
    if any(a.startswith(DYNAMIC) for a in args):
        return write(f"{name}: argument only known at run time")
    scripts = [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--eval"]
    scripts += [a.split("=", 1)[1] for a in args if a.startswith("--eval=")]
    files = [a for a in args if a.endswith(".js") or a in ("-f", "--file")]
    if files:
        return write(f"{name}: runs a script file")
    if not scripts and stdin is None:
        return write(f"{name}: interactive session counts as write")
    for script in scripts + ([stdin] if stdin is not None else []):
        bad = _mongo_script_reads(script)
        if bad:
            return write(f"{name}: {bad}() is not a known read")
    return read(f"{name}: read-only script")


def classify_redis(name: str, args: list[str]) -> Outcome:
    if any(a.startswith(DYNAMIC) for a in args):
        return write(f"{name}: argument only known at run time")
    words: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in _REDIS_READ_MODES:
            return read(f"{name} {a}: read-only mode")
        if a in _REDIS_VALUE_FLAGS:
            i += 2
            continue
        if not a.startswith("-"):
            words.append(a.lower())
        i += 1
    if not words:
        return write(f"{name}: interactive session counts as write")
    if words[0] in REDIS_READ or tuple(words[:2]) in _REDIS_READ_PAIRS:
        return read(f"{name} {words[0]}: read command")
    return write(f"{name} {words[0]}: write or unknown command")
