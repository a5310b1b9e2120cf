"""The server side of a mongo shell connection: database commands run against a `MongoState`.

Each command returns the reply document a mongod 4.4 sends (``ok: 1`` or ``ok: 0`` with
``errmsg``, ``code`` and ``codeName``). Authorization follows ``--auth``: without a login every
command but the handshake ones needs authentication (except creating the first user through
the localhost exception); user management needs ``userAdmin`` on the database or
``userAdminAnyDatabase``/``root``; reads and writes need the matching data roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from .js import Raw
from .state import MongoCommandError, MongoState, Role

__all__ = ["Connection", "role_list"]

_OPEN_COMMANDS = {"ismaster", "hello", "buildinfo", "ping", "whatsmyuri", "logout", "saslstart", "authenticate",
                  "connectionstatus"}
_USER_ADMIN = {"createuser", "dropuser", "grantrolestouser", "revokerolesfromuser", "updateuser", "usersinfo"}
_READS = {"find", "count", "listcollections", "dbstats", "collstats"}
_WRITES = {"insert", "update", "delete", "drop", "create", "dropdatabase"}

# Collections the HotelReservation services create in their databases.
_COLLECTIONS = {
    "geo-db": ["geo"], "rate-db": ["inventory"], "profile-db": ["hotels"], "recommendation-db": ["recommend"],
    "reservation-db": ["number", "reservation"], "user-db": ["user"],
}
_UNAUTHORIZED = 13


def role_list(value: object, db: str) -> list[Role]:
    """Roles as the shell passes them: ``"readWrite"`` (on ``db``) or ``{role, db}`` documents."""
    roles: list[Role] = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, str):
            roles.append((item, db))
        elif isinstance(item, dict) and "role" in item:
            roles.append((str(item["role"]), str(item.get("db", db))))
    return roles


def _failure(message: str, code: int, code_name: str) -> dict:
    return {"ok": 0, "errmsg": message, "code": code, "codeName": code_name}


@dataclass
class Connection:
    """One client connection: which server it reached and who it authenticated as."""

    state: MongoState
    session_id: str
    user: tuple[str, str] | None = None  # (name, authentication database)

    def authenticate(self, name: str, password: str, db: str) -> bool:
        if self.state.authenticate(name, password, db):
            self.user = (name, db)
            return True
        return False

    # ------------------------------------------------------------------ authorization
    def _roles(self) -> list[Role]:
        if self.user is None:
            return []
        found = self.state.find_user(*self.user)
        return list(found.roles) if found else []

    def _holds(self, db: str, on_db: tuple[str, ...], any_db: tuple[str, ...]) -> bool:
        return any((r in on_db and d == db) or (r in any_db and d == "admin") for r, d in self._roles())

    def _allowed(self, name: str, db: str) -> bool:
        if name in _USER_ADMIN:
            if name == "usersinfo" and self.user is not None:
                return True  # a user may always view itself; the twin lets it view the others too
            return self._holds(db, ("userAdmin", "dbOwner"), ("userAdminAnyDatabase", "root"))
        if name in _READS:
            return self._holds(db, ("read", "readWrite", "dbOwner"), ("readAnyDatabase", "readWriteAnyDatabase",
                                                                       "root"))
        if name in _WRITES:
            return self._holds(db, ("readWrite", "dbOwner"), ("readWriteAnyDatabase", "root"))
        if name == "listdatabases":
            return self.user is not None
        return self._holds(db, (), ("root", "clusterAdmin", "clusterMonitor"))

    def _not_authorized(self, name: str, command: dict, db: str) -> dict | None:
        if name in _OPEN_COMMANDS or not self.state.auth_enabled:
            return None
        if self.user is None:
            if name == "createuser" and not self.state.users:
                return None  # the localhost exception: the first user may be created without a login
            return _failure(f"command {next(iter(command))} requires authentication", _UNAUTHORIZED, "Unauthorized")
        if self._allowed(name, db):
            return None
        first = next(iter(command))
        shown = f'{first}: "{command[first]}"' if isinstance(command[first], str) else f"{first}: {command[first]}"
        return _failure(f'not authorized on {db} to execute command {{ {shown}, lsid: {{ id: '
                        f'UUID("{self.session_id}") }}, $db: "{db}" }}', _UNAUTHORIZED, "Unauthorized")

    # ------------------------------------------------------------------ commands
    def run_command(self, db: str, command: dict) -> dict:
        if not command:
            return _failure("no such command: ''", 59, "CommandNotFound")
        first = next(iter(command))
        name = first.lower()
        refused = self._not_authorized(name, command, db)
        if refused is not None:
            return refused
        handler = getattr(self, f"_cmd_{name}", None)
        if handler is None:
            return _failure(f"no such command: '{first}'", 59, "CommandNotFound")
        try:
            return handler(db, command)
        except MongoCommandError as err:
            # The state words errors as the shell shows them; the server's errmsg lacks the helper's prefix.
            message = str(err).removeprefix("couldn't add user: ")
            return _failure(message, 11, "UserNotFound") if "find user" in message else _failure(
                message, 51003, "Location51003")

    def _cmd_ping(self, db: str, command: dict) -> dict:
        return {"ok": 1}

    def _cmd_ismaster(self, db: str, command: dict) -> dict:
        return {"ismaster": True, "maxBsonObjectSize": 16777216, "maxMessageSizeBytes": 48000000,
                "maxWriteBatchSize": 100000, "localTime": Raw('ISODate("2026-03-02T09:00:00Z")'),
                "logicalSessionTimeoutMinutes": 30, "connectionId": 1, "minWireVersion": 0, "maxWireVersion": 9,
                "readOnly": False, "ok": 1}

    _cmd_hello = _cmd_ismaster

    def _cmd_buildinfo(self, db: str, command: dict) -> dict:
        return {"version": "4.4.6", "gitVersion": "72e66213c2c3eab37d9358d5e78ad7f5c1d0d0d7",
                "versionArray": [4, 4, 6, 0], "bits": 64, "ok": 1}

    def _cmd_logout(self, db: str, command: dict) -> dict:
        self.user = None
        return {"ok": 1}

    def _cmd_connectionstatus(self, db: str, command: dict) -> dict:
        users = [{"user": self.user[0], "db": self.user[1]}] if self.user else []
        roles = [{"role": r, "db": d} for r, d in self._roles()]
        return {"authInfo": {"authenticatedUsers": users, "authenticatedUserRoles": roles}, "ok": 1}

    def _cmd_usersinfo(self, db: str, command: dict) -> dict:
        wanted = command[next(iter(command))]
        docs = [_with_uuid(d) for d in self.state.users_info(db)]
        if isinstance(wanted, str):
            docs = [d for d in docs if d["user"] == wanted]
        elif isinstance(wanted, dict):
            docs = [d for d in docs if d["user"] == wanted.get("user") and d["db"] == wanted.get("db", db)]
        return {"users": docs, "ok": 1}

    def _cmd_createuser(self, db: str, command: dict) -> dict:
        name = str(command["createUser"] if "createUser" in command else command[next(iter(command))])
        self.state.create_user(name, str(command.get("pwd", "")), role_list(command.get("roles"), db), db)
        return {"ok": 1}

    def _cmd_dropuser(self, db: str, command: dict) -> dict:
        name = str(command[next(iter(command))])
        if not self.state.drop_user(name, db):
            return _failure(f"User '{name}@{db}' not found", 11, "UserNotFound")
        return {"ok": 1}

    def _cmd_grantrolestouser(self, db: str, command: dict) -> dict:
        self.state.grant_roles(str(command[next(iter(command))]), role_list(command.get("roles"), db), db)
        return {"ok": 1}

    def _cmd_revokerolesfromuser(self, db: str, command: dict) -> dict:
        self.state.revoke_roles(str(command[next(iter(command))]), role_list(command.get("roles"), db), db)
        return {"ok": 1}

    def _cmd_updateuser(self, db: str, command: dict) -> dict:
        name = str(command[next(iter(command))])
        user = self.state.find_user(name, db)
        if user is None:
            return _failure(f"User {name}@{db} not found", 11, "UserNotFound")
        if "pwd" in command:
            user.password = str(command["pwd"])
        if "roles" in command:
            user.roles = role_list(command["roles"], db)
        return {"ok": 1}

    def _cmd_listdatabases(self, db: str, command: dict) -> dict:
        names = sorted(self.state.databases)
        docs = [{"name": n, "sizeOnDisk": 40960 if n != "local" else 73728, "empty": False} for n in names]
        return {"databases": docs, "totalSize": sum(d["sizeOnDisk"] for d in docs), "ok": 1}

    def collections(self, db: str) -> list[str]:
        if db == "admin":
            return ["system.users", "system.version"]
        if db == "config":
            return ["system.sessions"]
        if db == "local":
            return ["startup_log"]
        return list(_COLLECTIONS.get(db, [])) if db in self.state.databases else []

    def _cmd_listcollections(self, db: str, command: dict) -> dict:
        batch = [{"name": n, "type": "collection"} for n in self.collections(db)]
        return {"cursor": {"id": 0, "ns": f"{db}.$cmd.listCollections", "firstBatch": batch}, "ok": 1}

    def _cmd_find(self, db: str, command: dict) -> dict:
        return {"cursor": {"firstBatch": [], "id": 0, "ns": f"{db}.{command['find']}"}, "ok": 1}

    def _cmd_count(self, db: str, command: dict) -> dict:
        return {"n": 0, "ok": 1}

    def _cmd_insert(self, db: str, command: dict) -> dict:
        self.state.databases.add(db)
        return {"n": len(command.get("documents") or []), "ok": 1}

    def _cmd_dropdatabase(self, db: str, command: dict) -> dict:
        self.state.databases.discard(db)
        return {"dropped": db, "ok": 1}


def _with_uuid(doc: dict) -> dict:
    out = dict(doc)
    if isinstance(out.get("userId"), str):
        out["userId"] = Raw(out["userId"])
    return out
