"""The store's SQL schema and the hook that upgrades an older database to it.

``MIGRATIONS[n]`` takes a database at schema version ``n`` to ``n + 1``; `SCHEMA_VERSION` is their
count. To change the schema, append a function and never edit a released one: a database written
by any earlier AOI then upgrades step by step when it is opened. Each migration runs in the same
transaction as the version bump, so an interrupted upgrade leaves the old version intact.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from .errors import StoreVersionError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Migration", "migrate"]

Migration = Callable[[sqlite3.Connection], None]


def _create_v1(conn: sqlite3.Connection) -> None:
    # One statement per execute: executescript would commit the migration's transaction early.
    for statement in _V1.split(";"):
        if statement.strip():
            conn.execute(statement)


# JSON columns (submission, results, metadata) hold json.dumps text. ``owner_pid`` and ``owner_host``
# name the process writing a running trajectory, so that a later open can tell that it died (see
# TrajectoryStore.mark_interrupted).
_V1 = """
        CREATE TABLE trajectories (
            id TEXT PRIMARY KEY,
            problem_id TEXT NOT NULL,
            task TEXT,
            app TEXT,
            agent TEXT NOT NULL,
            model TEXT,
            seed INTEGER,
            split TEXT,
            started_at REAL,
            ended_at REAL,
            status TEXT NOT NULL,
            success INTEGER NOT NULL DEFAULT 0,
            submission TEXT NOT NULL DEFAULT 'null',
            results TEXT NOT NULL DEFAULT '{}',
            owner_pid INTEGER,
            owner_host TEXT,
            updated_at REAL
        );
        CREATE INDEX trajectories_problem ON trajectories (problem_id);
        CREATE INDEX trajectories_agent ON trajectories (agent);
        CREATE INDEX trajectories_status ON trajectories (status);
        CREATE TABLE steps (
            trajectory_id TEXT NOT NULL REFERENCES trajectories (id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            role TEXT NOT NULL,
            input TEXT NOT NULL,
            output TEXT NOT NULL,
            command TEXT,
            verdict TEXT,
            observation TEXT,
            tokens_in INTEGER NOT NULL,
            tokens_out INTEGER NOT NULL,
            started_at REAL,
            duration_s REAL NOT NULL,
            error TEXT,
            metadata TEXT NOT NULL,
            PRIMARY KEY (trajectory_id, idx)
        )
"""


MIGRATIONS: list[Migration] = [_create_v1]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, migrations: list[Migration] | None = None) -> int:
    """Bring ``conn`` (autocommit mode) up to date; return the version it is at afterwards."""
    steps = MIGRATIONS if migrations is None else migrations
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    version = 0 if row is None else int(row[0])
    if version > len(steps):
        raise StoreVersionError(
            f"the trajectory store is at schema version {version}, but this AOI knows up to "
            f"{len(steps)}; upgrade AOI to open it"
        )
    while version < len(steps):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            row = conn.execute("SELECT version FROM schema_version").fetchone()
            version = 0 if row is None else int(row[0])
            if version < len(steps):
                steps[version](conn)
                version += 1
                conn.execute("DELETE FROM schema_version")
                conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return version
