"""The ``mongo`` 4.4 legacy shell as a `Program`: command line, connection, ``--eval`` and stdin.

``mongo [--host H] [--port P] [-u U -p P --authenticationDatabase DB] [DB | URI] [--eval JS]
[--quiet]`` connects to the MongoDB Service ``H`` (default: the one whose pod runs the shell),
authenticates, then runs ``--eval`` (printing the last value, as 4.4 does) or reads statements
from stdin (``use``, ``show dbs|users|collections``, printing each value, ending with ``bye``).
Output follows the real shell: the version banner, ``Error: Authentication failed.`` with
``exiting with code 1``, and ``uncaught exception: Error: ...`` with stack lines for failures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..naming import new_uid
from ..process import CommandResult, Program
from .helpers import Database
from .js import UNDEFINED, JSError, parse_program
from .server import Connection
from .state import mongo_state
from .tojson import shell_repr, tojson

if TYPE_CHECKING:
    from ..cluster import Cluster

__all__ = ["make_mongo_program"]

_VALUE_FLAGS = {"--host", "--port", "-u", "--username", "-p", "--password", "--authenticationDatabase",
                "--eval", "--authenticationMechanism", "--tlsCAFile", "--tlsCertificateKeyFile", "--sslCAFile",
                "--sslPEMKeyFile"}
_EVAL_ERROR_EXIT = 252  # the shell's kEvalError (-4) as an exit status
_CONNECT_TRAILER = "connect@src/mongo/shell/mongo.js:374:17\n@(connect):2:6\nexception: connect failed\nexiting with code 1\n"


class _Options:
    def __init__(self, argv: list[str]) -> None:
        self.values: dict[str, str] = {}
        self.switches: set[str] = set()
        self.positionals: list[str] = []
        i = 0
        while i < len(argv):
            arg = argv[i]
            name, eq, inline = arg.partition("=")
            if name in _VALUE_FLAGS:
                if eq:
                    self.values[name] = inline
                elif i + 1 < len(argv):
                    self.values[name] = argv[i + 1]
                    i += 1
            elif arg.startswith("-"):
                self.switches.add(arg)
            else:
                self.positionals.append(arg)
            i += 1

    def get(self, *names: str) -> str | None:
        return next((self.values[n] for n in names if n in self.values), None)


def make_mongo_program(cluster: Cluster, namespace: str, service: str) -> Program:
    """``mongo`` running inside a pod of MongoDB Service ``service`` (its 127.0.0.1)."""

    def mongo(argv: list[str], stdin: str) -> CommandResult:
        return _MongoRun(cluster, namespace, service, argv[1:]).run(stdin)

    return mongo


class _MongoRun:
    def __init__(self, cluster: Cluster, namespace: str, service: str, argv: list[str]) -> None:
        self.cluster, self.namespace, self.local_service = cluster, namespace, service
        self.opts = _Options(argv)
        self.out: list[str] = []
        self.frame = "@(shell eval):1:1"

    def emit(self, text: str) -> None:
        self.out.append(text)

    # ------------------------------------------------------------------ connection
    def _target(self) -> tuple[str, str, str, str | None, str | None, str | None]:
        """(service, host:port shown, db, user, password, auth db) from flags and the URI/db argument."""
        host = self.opts.get("--host") or "127.0.0.1"
        port = self.opts.get("--port") or "27017"
        user, password = self.opts.get("-u", "--username"), self.opts.get("-p", "--password")
        auth_db = self.opts.get("--authenticationDatabase")
        db = ""
        for word in self.opts.positionals:
            if word.startswith("mongodb://"):
                rest = word[len("mongodb://"):]
                creds, at, rest = rest.rpartition("@")
                if at:
                    user, _, password = creds.partition(":")
                hostport, _, tail = rest.partition("/")
                path, _, query = tail.partition("?")
                host, _, maybe_port = hostport.partition(":")
                port = maybe_port or port
                db = path or db
                for pair in query.split("&"):
                    key, _, value = pair.partition("=")
                    if key == "authSource":
                        auth_db = value
            elif "/" in word:
                hostport, _, db = word.partition("/")
                host, _, maybe_port = hostport.partition(":")
                port = maybe_port or port
            else:
                db = word
        if ":" in host:
            host, _, port = host.partition(":")
        service = self.local_service if host in ("127.0.0.1", "localhost") else host.split(".")[0]
        return service, f"{host}:{port}", db, user, password, auth_db

    def _banner(self, hostport: str, db: str, user: str | None, auth_db: str) -> None:
        if "--quiet" in self.opts.switches:
            return
        query = (f"authSource={auth_db}&" if user else "") + "compressors=disabled&gssapiServiceName=mongodb"
        self.emit(f"MongoDB shell version v4.4.6\nconnecting to: mongodb://{hostport}/{db}?{query}\n")

    def run(self, stdin: str) -> CommandResult:
        service, hostport, db, user, password, auth_db = self._target()
        auth_db = auth_db or db or "admin"
        self._banner(hostport, db, user, auth_db)
        exists = self.cluster.find("Service", service, self.namespace) is not None or service == self.local_service
        if not exists:
            host, _, port = hostport.partition(":")
            self.emit(f"Error: couldn't connect to server {hostport}, connection attempt failed: HostNotFound: "
                      f"Could not find address for {hostport}: SocketException: Host not found (authoritative) :\n"
                      + _CONNECT_TRAILER)
            return CommandResult("".join(self.out), exit_code=1)
        state = mongo_state(self.cluster, self.namespace, service)
        if state.tls_mode == "requireTLS" and not ({"--tls", "--ssl"} & self.opts.switches):
            self.emit(f"Error: network error while attempting to run command 'isMaster' on host '{hostport}'  :\n"
                      + _CONNECT_TRAILER)
            return CommandResult("".join(self.out), exit_code=1)
        conn = Connection(state, new_uid(self.cluster.rng))
        if user is not None and not conn.authenticate(user, password or "", auth_db):
            self.emit("Error: Authentication failed. :\n" + _CONNECT_TRAILER)
            return CommandResult("".join(self.out), exit_code=1)
        if "--quiet" not in self.opts.switches:
            self.emit(f'Implicit session: session {{ "id" : UUID("{conn.session_id}") }}\n'
                      "MongoDB server version: 4.4.6\n")
        self.scope: dict[str, object] = {"db": Database(conn, db or "test", self.emit)}
        script = self.opts.get("--eval")
        if script is not None:
            return self._eval(script)
        return self._stdin(stdin, state.auth_enabled)

    # ------------------------------------------------------------------ modes
    def _eval(self, script: str) -> CommandResult:
        try:
            value = UNDEFINED
            for statement in parse_program(script):
                value = self.evaluate(statement)
            shown = shell_repr(value)
            if shown is not None:
                self.emit(shown + "\n")
        except JSError as err:
            self._report(err)
            self.emit("exiting with code -4\n")
            return CommandResult("".join(self.out), exit_code=_EVAL_ERROR_EXIT)
        return CommandResult("".join(self.out))

    def _stdin(self, text: str, auth_enabled: bool) -> CommandResult:
        self.frame = "@(shell):1:1"
        if not auth_enabled and "--quiet" not in self.opts.switches:
            self.emit("---\nThe server generated these startup warnings when booting: \n        "
                      "2026-03-02T09:00:00.000+00:00: Access control is not enabled for the database. Read and write "
                      "access to data and configuration is unrestricted\n---\n")
        pending = ""
        for line in text.splitlines():
            pending = f"{pending}\n{line}" if pending else line
            if pending.count("(") > pending.count(")") or pending.count("{") > pending.count("}"):
                continue
            statement, pending = pending.strip(), ""
            if statement in ("exit", "quit()", "exit()", "quit"):
                break
            if statement:
                self._line(statement)
        self.emit("bye\n")
        return CommandResult("".join(self.out))

    def _line(self, line: str) -> None:
        words = line.rstrip(";").split()
        try:
            if words[0] == "use" and len(words) == 2:
                self.scope["db"] = self.db().js_getSiblingDB(words[1])
                self.emit(f"switched to db {words[1]}\n")
            elif words[0] == "show" and len(words) == 2:
                self._show(words[1])
            else:
                for statement in parse_program(line):
                    shown = shell_repr(self.evaluate(statement))
                    if shown is not None:
                        self.emit(shown + "\n")
        except JSError as err:
            self._report(err)

    def _show(self, what: str) -> None:
        db = self.db()
        if what in ("dbs", "databases"):
            res = db.js_adminCommand({"listDatabases": 1})
            if not res["ok"]:
                raise JSError("Error", f"listDatabases failed:{tojson(res)}",
                              ("_getErrorWithCode@src/mongo/shell/utils.js:25:13",
                               "Mongo.prototype.getDBs/<@src/mongo/shell/mongo.js:147:19"))
            width = max(len(d["name"]) for d in res["databases"])
            self.emit("".join(f"{d['name']:<{width}}  {d['sizeOnDisk'] / 1e9:.3f}GB\n" for d in res["databases"]))
        elif what == "users":
            self.emit("".join(tojson(u) + "\n" for u in db.js_getUsers()))
        elif what in ("collections", "tables"):
            self.emit("".join(name + "\n" for name in db.js_getCollectionNames()))
        else:
            raise JSError("Error", "don't know how to show [" + what + "]",
                          ("shellHelper.show@src/mongo/shell/utils.js:1191:11",))

    def _report(self, err: JSError) -> None:
        self.emit(f"uncaught exception: {err} :\n" + "".join(f + "\n" for f in err.frames) + self.frame + "\n")

    def db(self) -> Database:
        db = self.scope["db"]
        assert isinstance(db, Database)
        return db

    # ------------------------------------------------------------------ evaluation
    def evaluate(self, node: tuple) -> object:
        tag = node[0]
        if tag == "lit":
            return node[1]
        if tag == "name":
            return self._name(node[1])
        if tag == "assign":
            self.scope[node[1]] = self.evaluate(node[2])
            return self.scope[node[1]]
        if tag == "object":
            return {key: self.evaluate(value) for key, value in node[1]}
        if tag == "array":
            return [self.evaluate(item) for item in node[1]]
        if tag in ("member", "index"):
            target = self.evaluate(node[1])
            key = node[2] if tag == "member" else self.evaluate(node[2])
            return _member(target, str(key), _describe(node[1]))
        callee = self.evaluate(node[1])
        args = [self.evaluate(arg) for arg in node[2]]
        if not callable(callee):
            raise JSError("TypeError", f"{_describe(node[1])} is not a function")
        return callee(*args)

    def _name(self, name: str) -> object:
        if name in self.scope:
            return self.scope[name]
        builtins = {
            "print": lambda *a: self.emit(" ".join(_print_text(x) for x in a) + "\n") or UNDEFINED,
            "printjson": lambda x=UNDEFINED: self.emit(tojson(x) + "\n") or UNDEFINED,
            "tojson": lambda x=UNDEFINED: tojson(x),
            "version": lambda: "4.4.6",
            "quit": lambda *a: UNDEFINED,
            "exit": lambda *a: UNDEFINED,
            "rs": _Namespace({"status": lambda: self.db().js_adminCommand({"replSetGetStatus": 1})}),
        }
        if name in builtins:
            return builtins[name]
        raise JSError("ReferenceError", f"{name} is not defined")


class _Namespace:
    def __init__(self, members: dict[str, object]) -> None:
        self.members = members

    def attribute(self, name: str) -> object:
        if name not in self.members:
            return UNDEFINED
        return self.members[name]


def _member(target: object, key: str, described: str) -> object:
    if hasattr(target, "attribute"):
        return target.attribute(key)
    if isinstance(target, dict):
        return target.get(key, UNDEFINED)
    if isinstance(target, list):
        if key == "length":
            return len(target)
        if key.isdigit() and int(key) < len(target):
            return target[int(key)]
        return UNDEFINED
    if target is None or target is UNDEFINED:
        raise JSError("TypeError", f"{described} is {'null' if target is None else 'undefined'}")
    return UNDEFINED


def _describe(node: tuple) -> str:
    if node[0] == "name":
        return node[1]
    if node[0] == "member":
        return f"{_describe(node[1])}.{node[2]}"
    if node[0] == "call":
        return f"{_describe(node[1])}(...)"
    return "expression"


def _print_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "[object Object]"
    shown = shell_repr(value)
    return "undefined" if shown is None else shown

