"""The mongo shell's JavaScript objects: ``db`` (a `Database`), its collections and cursors.

Each helper wraps one server command the way the 4.4 legacy shell's ``db.js`` does: it throws
``Error: <errmsg>`` on failure (with the shell's stack lines), ``createUser`` prints
``Successfully added user: {...}``, ``dropUser`` answers ``true``/``false`` and ``auth`` prints
``Error: Authentication failed.`` and answers ``0``.
"""

from __future__ import annotations

from collections.abc import Callable

from .js import UNDEFINED, JSError
from .server import Connection
from .tojson import tojson

__all__ = ["Collection", "Cursor", "Database", "command_error"]

_UTILS = "_getErrorWithCode@src/mongo/shell/utils.js:25:13"
_DB_LINES = {"createUser": 1386, "getUsers": 1659, "getUser": 1637, "dropUser": 1559, "grantRolesToUser": 1572,
             "revokeRolesFromUser": 1583, "updateUser": 1491, "getCollectionNames": 1011}

Printer = Callable[[str], None]


def command_error(res: dict, method: str, prefix: str = "") -> JSError:
    """``Error: <prefix><errmsg>`` as thrown from ``DB.prototype.<method>``."""
    frame = f"DB.prototype.{method}@src/mongo/shell/db.js:{_DB_LINES.get(method, 1200)}:15"
    return JSError("Error", f"{prefix}{res.get('errmsg', '')}", (_UTILS, frame))


class Database:
    def __init__(self, conn: Connection, name: str, emit: Printer) -> None:
        self.conn, self.name, self.emit = conn, name, emit

    def shell_repr(self) -> str:
        return self.name

    def attribute(self, name: str) -> object:
        method = getattr(self, f"js_{name}", None)
        return method if method is not None else Collection(self, name)

    def command(self, doc: dict) -> dict:
        return self.conn.run_command(self.name, doc)

    # ------------------------------------------------------------- plain methods
    def js_getName(self) -> str:
        return self.name

    def js_getSiblingDB(self, name: str) -> Database:
        return Database(self.conn, str(name), self.emit)

    def js_getCollection(self, name: str) -> Collection:
        return Collection(self, str(name))

    def js_version(self) -> str:
        return "4.4.6"

    def js_runCommand(self, doc: object) -> dict:
        return self.command({doc: 1} if isinstance(doc, str) else dict(doc) if isinstance(doc, dict) else {})

    def js_adminCommand(self, doc: object) -> dict:
        return Database(self.conn, "admin", self.emit).js_runCommand(doc)

    def js_isMaster(self) -> dict:
        return self.command({"isMaster": 1})

    def js_hello(self) -> dict:
        return self.command({"hello": 1})

    def js_logout(self) -> dict:
        return self.command({"logout": 1})

    def js_dropDatabase(self) -> dict:
        return self.command({"dropDatabase": 1})

    def js_getCollectionNames(self) -> list[str]:
        res = self.command({"listCollections": 1})
        if not res["ok"]:
            raise command_error(res, "getCollectionNames")
        return [c["name"] for c in res["cursor"]["firstBatch"]]

    # ------------------------------------------------------------- users
    def js_auth(self, user: object, password: object = None) -> int:
        if isinstance(user, dict):
            user, password = user.get("user"), user.get("pwd")
        if self.conn.authenticate(str(user), str(password), self.name):
            return 1
        self.emit("Error: Authentication failed.\n")
        return 0

    def js_createUser(self, doc: object, write_concern: object = None) -> object:
        if not isinstance(doc, dict) or "user" not in doc:
            raise JSError("Error", "no 'user' field provided to createUser function")
        command = {"createUser": doc["user"], **{k: v for k, v in doc.items() if k != "user"}}
        res = self.command(command)
        if not res["ok"]:
            raise command_error(res, "createUser", "couldn't add user: ")
        shown = {k: v for k, v in doc.items() if k != "pwd"}
        self.emit(f"Successfully added user: {tojson(shown)}\n")
        return UNDEFINED

    def js_getUsers(self, options: object = None) -> list:
        res = self.command({"usersInfo": 1})
        if not res["ok"]:
            raise command_error(res, "getUsers")
        return res["users"]

    def js_getUser(self, name: object, options: object = None) -> object:
        if not isinstance(name, str):
            raise JSError("Error", "User name for getUser shell helper must be a string")
        res = self.command({"usersInfo": name})
        if not res["ok"]:
            raise command_error(res, "getUser")
        return res["users"][0] if res["users"] else None

    def js_dropUser(self, name: object, write_concern: object = None) -> bool:
        res = self.command({"dropUser": name})
        if res["ok"]:
            return True
        if res.get("code") == 11:
            return False
        raise command_error(res, "dropUser")

    def _roles_change(self, command: str, name: object, roles: object) -> object:
        res = self.command({command: name, "roles": roles})
        if not res["ok"]:
            raise command_error(res, command)
        return UNDEFINED

    def js_grantRolesToUser(self, name: object, roles: object, write_concern: object = None) -> object:
        return self._roles_change("grantRolesToUser", name, roles)

    def js_revokeRolesFromUser(self, name: object, roles: object, write_concern: object = None) -> object:
        return self._roles_change("revokeRolesFromUser", name, roles)

    def js_updateUser(self, name: object, update: object, write_concern: object = None) -> object:
        res = self.command({"updateUser": name, **(update if isinstance(update, dict) else {})})
        if not res["ok"]:
            raise command_error(res, "updateUser", "Updating user failed: ")
        return UNDEFINED

    def js_changeUserPassword(self, name: object, password: object, write_concern: object = None) -> object:
        return self.js_updateUser(name, {"pwd": password})


class Cursor:
    """A query's result; the twin's collections hold no documents, so it is always empty."""

    def __init__(self, collection: Collection, query: dict) -> None:
        self.collection, self.query = collection, query

    def _run(self) -> list:
        coll = self.collection
        res = coll.db.command({"find": coll.name, "filter": self.query})
        if not res["ok"]:
            raise JSError("Error", f"error: {tojson(res)}",
                          (_UTILS, "DBCommandCursor@src/mongo/shell/query.js:707:15"))
        return res["cursor"]["firstBatch"]

    def shell_repr(self) -> str | None:
        docs = self._run()
        return "\n".join(tojson(d, pretty=False) for d in docs) if docs else None

    def attribute(self, name: str) -> object:
        if name in ("pretty", "limit", "skip", "sort", "batchSize"):
            return lambda *args: self
        if name == "toArray":
            return lambda: self._run()
        if name in ("count", "size", "itcount"):
            return lambda *args: len(self._run())
        if name == "hasNext":
            return lambda: bool(self._run())
        raise JSError("TypeError", f"cursor.{name} is not a function")


class Collection:
    def __init__(self, db: Database, name: str) -> None:
        self.db, self.name = db, name

    def shell_repr(self) -> str:
        return f"{self.db.name}.{self.name}"

    def attribute(self, name: str) -> object:
        if name == "find":
            return lambda query=None, projection=None: Cursor(self, query if isinstance(query, dict) else {})
        if name == "findOne":
            return lambda query=None, projection=None: (Cursor(self, query or {})._run() or [None])[0]
        if name in ("count", "countDocuments", "estimatedDocumentCount"):
            return self._count
        if name in ("insert", "insertOne", "insertMany"):
            return self._insert
        if name == "getName":
            return lambda: self.name
        return Collection(self.db, f"{self.name}.{name}")

    def _count(self, query: object = None, options: object = None) -> int:
        res = self.db.command({"count": self.name, "query": query or {}})
        if not res["ok"]:
            raise JSError("Error", f"count failed: {tojson(res)}",
                          (_UTILS, "DBQuery.prototype.count@src/mongo/shell/query.js:384:11"))
        return int(res["n"])

    def _insert(self, docs: object, options: object = None) -> object:
        batch = docs if isinstance(docs, list) else [docs]
        res = self.db.command({"insert": self.name, "documents": batch})
        if not res["ok"]:
            return {"nInserted": 0, "writeError": {"code": res.get("code"), "errmsg": res.get("errmsg")}}
        return {"acknowledged": True, "insertedCount": len(batch)} if isinstance(docs, list) else {"nInserted": 1}
