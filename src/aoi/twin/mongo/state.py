"""What each emulated MongoDB holds that the apps care about: its users, roles, auth and TLS mode.

One `MongoState` per MongoDB Service, kept in ``cluster.app_state["mongo/<namespace>/<service>"]``
and created on first access with the users that the app's init script creates. Behaviours read
it when a client connects (does ``admin``/``admin`` authenticate? does it have ``readWrite`` on
``geo-db``?); the mongo shell (``kubectl exec ... mongo``) changes it.

Lifetime: the state lives on the MongoDB's data directory, so it survives container restarts
and pod re-creation. Deleting the namespace does not remove it either: HotelReservation's PVs
are statically provisioned hostPath volumes (``/data/volumes/<x>-pv``) that outlive the
namespace, so a redeploy finds the old users again once a claim binds to the old volume. Only
a fresh `Cluster` starts from the init scripts.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..cluster import Cluster

TlsMode = Literal["disabled", "allowTLS", "preferTLS", "requireTLS"]
Role = tuple[str, str]  # (role, db)

# Roles that allow reading and writing a database other than by a readWrite grant on it.
_RW_ON_DB = ("readWrite", "dbOwner")
_RW_ANY_DB = ("readWriteAnyDatabase", "root")

# What HotelReservation's init scripts (k8s-geo-mongo.sh / k8s-rate-mongo.sh, mounted at
# /docker-entrypoint-initdb.d) leave behind: users admin/admin and root/root, each with
# userAdminAnyDatabase on admin plus readWrite on the service's database; mongod runs --auth.
_INIT_SCRIPT_DB = {"mongodb-geo": "geo-db", "mongodb-rate": "rate-db"}
_INIT_USERS = (("admin", "admin"), ("root", "root"))

_SYSTEM_DATABASES = ("admin", "config", "local")


class MongoCommandError(Exception):
    """A server-side command failure; the message is what the mongo shell prints after ``Error: ``."""


@dataclass
class MongoUser:
    name: str
    password: str
    db: str = "admin"
    roles: list[Role] = field(default_factory=list)
    user_id: str = ""  # the UUID db.getUsers() shows; filled in by MongoState.create_user

    @property
    def id(self) -> str:
        return f"{self.db}.{self.name}"


class MongoState:
    """One MongoDB server's users, authorization switch and TLS mode."""

    def __init__(self, key: str, *, auth_enabled: bool = False, tls_mode: TlsMode = "disabled") -> None:
        self.key = key
        self.users: dict[str, MongoUser] = {}
        self.auth_enabled = auth_enabled
        self.tls_mode: TlsMode = tls_mode
        self.databases: set[str] = set(_SYSTEM_DATABASES)
        self.initialized = False  # set once the entrypoint's init scripts have run on this data dir
        self._serial = 0

    # ------------------------------------------------------------- queries
    def find_user(self, name: str, db: str = "admin") -> MongoUser | None:
        return self.users.get(f"{db}.{name}")

    def authenticate(self, user: str, password: str, db: str = "admin") -> bool:
        """SCRAM authentication against ``db``: the user exists there and the password matches."""
        found = self.find_user(user, db)
        return found is not None and found.password == password

    def has_read_write(self, user: str, db: str, auth_db: str = "admin") -> bool:
        """Whether ``user`` holds a role that grants reading and writing ``db``."""
        found = self.find_user(user, auth_db)
        if found is None:
            return False
        return any(
            (role in _RW_ON_DB and role_db == db) or (role in _RW_ANY_DB and role_db == "admin")
            for role, role_db in found.roles
        )

    def can_read_write(self, user: str | None, db: str, auth_db: str = "admin") -> bool:
        """Authorization as mongod enforces it: anything goes unless it runs with ``--auth``."""
        if not self.auth_enabled:
            return True
        return user is not None and self.has_read_write(user, db, auth_db)

    def users_info(self, db: str = "admin") -> list[dict]:
        """The documents ``db.getUsers()`` prints for ``db``, in creation order."""
        return [
            {
                "_id": u.id,
                "userId": f'UUID("{u.user_id}")',
                "user": u.name,
                "db": u.db,
                "roles": [{"role": role, "db": role_db} for role, role_db in u.roles],
                "mechanisms": ["SCRAM-SHA-1", "SCRAM-SHA-256"],
            }
            for u in self.users.values()
            if u.db == db
        ]

    # ------------------------------------------------------------ commands
    def create_user(self, name: str, password: str, roles: list[Role], db: str = "admin") -> MongoUser:
        if self.find_user(name, db) is not None:
            raise MongoCommandError(f'couldn\'t add user: User "{name}@{db}" already exists')
        self._serial += 1
        user = MongoUser(name, password, db, list(dict.fromkeys(roles)), self._user_id(name, db))
        self.users[user.id] = user
        return user

    def drop_user(self, name: str, db: str = "admin") -> bool:
        """``db.dropUser``: true if the user existed (the shell prints ``true``/``false``)."""
        return self.users.pop(f"{db}.{name}", None) is not None

    def grant_roles(self, name: str, roles: list[Role], db: str = "admin") -> None:
        user = self._require(name, db)
        for role in roles:
            if role not in user.roles:
                user.roles.append(role)
            self.databases.add(role[1])

    def revoke_roles(self, name: str, roles: list[Role], db: str = "admin") -> None:
        user = self._require(name, db)
        user.roles = [role for role in user.roles if role not in roles]

    # ------------------------------------------------------------- helpers
    def _require(self, name: str, db: str) -> MongoUser:
        user = self.find_user(name, db)
        if user is None:
            raise MongoCommandError(f'Could not find user "{name}@{db}"')
        return user

    def _user_id(self, name: str, db: str) -> str:
        # Stable per state, user and creation count, so a re-created user gets a new id, as in mongod.
        digest = hashlib.sha256(f"{self.key}/{db}.{name}/{self._serial}".encode()).digest()
        return str(uuid.UUID(bytes=digest[:16], version=4))


def mongo_state(cluster: Cluster, namespace: str, service: str) -> MongoState:
    """The state of MongoDB ``service`` in ``namespace``, seeded from the app's init script."""
    key = f"mongo/{namespace}/{service}"
    state = cluster.app_state.get(key)
    if isinstance(state, MongoState):
        return state
    state = MongoState(key)
    target_db = _INIT_SCRIPT_DB.get(service)
    if target_db is not None:
        state.auth_enabled = True
        for user, password in _INIT_USERS:
            state.create_user(user, password, [("userAdminAnyDatabase", "admin"), ("readWrite", target_db)])
        state.databases.add(target_db)
    cluster.app_state[key] = state
    return state
