"""`TrajectoryStore`: trajectories in one SQLite file, written step by step, safe under interruption.

    with TrajectoryStore("runs/trajectories.db") as store:
        tid = store.start(Trajectory(problem_id="k8s_target_port-misconfig-detection-1", agent="aoi"))
        store.append_step(tid, Step(index=0, role=Role.PROBE, command="kubectl get pods -A"))
        store.finish(tid, results={"Detection Accuracy": "Correct"}, submission="Yes")

Durability. The database runs in WAL mode with ``synchronous=NORMAL`` and every call that writes
is its own transaction, so a process killed at any point (SIGKILL included) loses at most the step
it was writing; a power cut may also lose the last few commits, never the file's consistency.

Interruption. A running trajectory records the pid and host name of the process writing it. On
open (``recover=True``, the default) and on `mark_interrupted`, running trajectories whose writer
on this host no longer exists become ``interrupted``. Writers on other hosts cannot be checked and
are left alone; ``mark_interrupted(include_live=True)`` marks every running trajectory, for use
when the caller knows that nothing else is writing. Pid checks are POSIX (``os.kill(pid, 0)``).

Concurrency. One store object may be shared by the threads of one process: it holds a single
connection and serialises every call with a lock. Separate processes should each open their own
store on the same file; WAL lets them read while one writes, and writers wait up to
``busy_timeout_s`` for each other.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from .errors import TrajectoryExists, TrajectoryNotFound, TrajectoryNotRunning
from .migrations import migrate
from .schema import Status, Step, Trajectory, TrajectorySummary, aiopslab_success

__all__ = ["TrajectoryStore"]

_HEADER = (
    "id", "problem_id", "task", "app", "agent", "model", "seed", "split", "started_at", "ended_at", "status",
)  # fmt: skip
_STEP = (
    "role", "input", "output", "command", "verdict", "observation",
    "tokens_in", "tokens_out", "started_at", "duration_s", "error", "metadata",
)  # fmt: skip


class TrajectoryStore:
    """Trajectories in an SQLite file; see the module docstring for durability and concurrency."""

    def __init__(self, path: Path | str, *, recover: bool = True, busy_timeout_s: float = 10.0) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        # isolation_level=None: no implicit transactions; every write below opens its own.
        self._conn = sqlite3.connect(
            str(path), timeout=busy_timeout_s, isolation_level=None, check_same_thread=False
        )
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self.schema_version = migrate(self._conn)
        self._host = socket.gethostname()
        if recover:
            self.mark_interrupted()

    # -------------------------------------------------------------- lifecycle
    def close(self) -> None:
        """Close the connection; further calls fail. Closing twice is harmless."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> TrajectoryStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ----------------------------------------------------------------- writes
    def start(self, trajectory: Trajectory) -> str:
        """Store a trajectory as given (its steps, status and results too) and return its id.

        A running trajectory is owned by this process until `finish`. Passing a finished one
        imports it whole, e.g. from `from_jsonl`.
        """
        t = trajectory
        row = [getattr(t, name) for name in _HEADER]
        row[_HEADER.index("status")] = t.status.value
        if t.started_at is None:
            row[_HEADER.index("started_at")] = time.time()
        owner = (os.getpid(), self._host) if t.status is Status.RUNNING else (None, None)
        with self._transaction() as conn:
            if conn.execute("SELECT 1 FROM trajectories WHERE id = ?", (t.id,)).fetchone():
                raise TrajectoryExists(f"a trajectory with id {t.id!r} is already in the store")
            conn.execute(
                f"INSERT INTO trajectories ({', '.join(_HEADER)}, success, submission, results, "
                f"owner_pid, owner_host, updated_at) VALUES ({', '.join('?' * (len(_HEADER) + 6))})",
                (*row, int(t.success), _dump(t.submission), _dump(t.results), *owner, time.time()),
            )
            for step in t.steps:
                self._insert_step(conn, t.id, step)
        return t.id

    def append_step(self, trajectory_id: str, step: Step) -> None:
        """Commit one step of a running trajectory, in its own transaction."""
        with self._transaction() as conn:
            self._require_running(conn, trajectory_id)
            self._insert_step(conn, trajectory_id, step)
            conn.execute("UPDATE trajectories SET updated_at = ? WHERE id = ?", (time.time(), trajectory_id))

    def finish(
        self,
        trajectory_id: str,
        results: dict[str, Any],
        submission: Any = None,
        status: Status | str = Status.FINISHED,
        *,
        ended_at: float | None = None,
    ) -> None:
        """Record the outcome and close the trajectory (``status`` must not be ``running``).

        Allowed on a trajectory in any state, so a writer that was wrongly marked interrupted
        (``mark_interrupted(include_live=True)``) can still record its result.
        """
        status = Status(status)
        if status is Status.RUNNING:
            raise ValueError("finish() needs a final status (finished, interrupted or failed), got 'running'")
        now = time.time()
        with self._transaction() as conn:
            self._require(conn, trajectory_id)
            conn.execute(
                "UPDATE trajectories SET status = ?, results = ?, submission = ?, success = ?, "
                "ended_at = ?, owner_pid = NULL, owner_host = NULL, updated_at = ? WHERE id = ?",
                (
                    status.value, _dump(results), _dump(submission), int(aiopslab_success(results)),
                    now if ended_at is None else ended_at, now, trajectory_id,
                ),
            )  # fmt: skip

    def mark_interrupted(self, *, include_live: bool = False) -> list[str]:
        """Mark running trajectories whose writer died as ``interrupted``; return their ids.

        With ``include_live`` every running trajectory is marked, whoever writes it.
        """
        with self._transaction() as conn:
            rows = conn.execute(
                "SELECT id, owner_pid, owner_host FROM trajectories WHERE status = ? ORDER BY id",
                (Status.RUNNING.value,),
            ).fetchall()
            stale = [tid for tid, pid, host in rows if include_live or self._writer_gone(pid, host)]
            now = time.time()
            for tid in stale:
                conn.execute(
                    "UPDATE trajectories SET status = ?, ended_at = COALESCE(ended_at, updated_at), "
                    "owner_pid = NULL, owner_host = NULL, updated_at = ? WHERE id = ?",
                    (Status.INTERRUPTED.value, now, tid),
                )
        return stale

    def delete(self, trajectory_id: str) -> None:
        """Remove a trajectory and its steps."""
        with self._transaction() as conn:
            self._require(conn, trajectory_id)
            conn.execute("DELETE FROM trajectories WHERE id = ?", (trajectory_id,))

    # ------------------------------------------------------------------ reads
    def get(self, trajectory_id: str) -> Trajectory:
        """The whole trajectory, steps in index order."""
        with self._lock:
            cols = ", ".join(_HEADER)
            row = self._conn.execute(
                f"SELECT {cols}, submission, results FROM trajectories WHERE id = ?", (trajectory_id,)
            ).fetchone()
            if row is None:
                raise TrajectoryNotFound(trajectory_id)
            steps = self._conn.execute(
                f"SELECT idx, {', '.join(_STEP)} FROM steps WHERE trajectory_id = ? ORDER BY idx",
                (trajectory_id,),
            ).fetchall()
        header = dict(zip(_HEADER, row[: len(_HEADER)], strict=True))
        return Trajectory(
            **header,
            submission=json.loads(row[-2]),
            results=json.loads(row[-1]),
            steps=[_step_from_row(step) for step in steps],
        )

    def list(
        self,
        problem_id: str | None = None,
        agent: str | None = None,
        status: Status | str | None = None,
        success: bool | None = None,
    ) -> list[TrajectorySummary]:
        """Summaries matching every filter given, oldest first.

        ``success`` is AIOpsLab's verdict on the stored results; a trajectory without results
        (still running, say) counts as unsuccessful, so combine it with ``status`` to narrow.
        """
        where, args = _filters(problem_id, agent, status, success)
        cols = ", ".join(f"t.{name}" for name in _HEADER)
        query = (
            f"SELECT {cols}, t.success, COUNT(s.idx), COALESCE(SUM(s.tokens_in + s.tokens_out), 0) "
            f"FROM trajectories t LEFT JOIN steps s ON s.trajectory_id = t.id {where} "
            "GROUP BY t.id ORDER BY t.started_at, t.rowid"
        )
        with self._lock:
            rows = self._conn.execute(query, args).fetchall()
        n = len(_HEADER)
        return [
            TrajectorySummary(
                **dict(zip(_HEADER, row[:n], strict=True)),
                success=bool(row[n]),
                n_steps=row[n + 1],
                total_tokens=row[n + 2],
            )
            for row in rows
        ]

    def iter_trajectories(
        self,
        problem_id: str | None = None,
        agent: str | None = None,
        status: Status | str | None = None,
        success: bool | None = None,
    ) -> Iterator[Trajectory]:
        """Whole trajectories matching the filters (as `list`), loaded one at a time."""
        for summary in self.list(problem_id=problem_id, agent=agent, status=status, success=success):
            try:
                yield self.get(summary.id)
            except TrajectoryNotFound:
                continue  # deleted by another thread or process since the listing

    def __len__(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM trajectories").fetchone()[0])

    # ---------------------------------------------------------------- helpers
    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            # IMMEDIATE takes the write lock up front, so a check-then-write cannot race another writer.
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @staticmethod
    def _require(conn: sqlite3.Connection, trajectory_id: str) -> str:
        row = conn.execute("SELECT status FROM trajectories WHERE id = ?", (trajectory_id,)).fetchone()
        if row is None:
            raise TrajectoryNotFound(trajectory_id)
        return str(row[0])

    def _require_running(self, conn: sqlite3.Connection, trajectory_id: str) -> None:
        status = self._require(conn, trajectory_id)
        if status != Status.RUNNING.value:
            raise TrajectoryNotRunning(
                f"trajectory {trajectory_id!r} is {status}; steps can only be appended to a running one"
            )

    @staticmethod
    def _insert_step(conn: sqlite3.Connection, trajectory_id: str, step: Step) -> None:
        values = [getattr(step, name) for name in _STEP]
        values[0] = step.role.value
        values[-1] = _dump(step.metadata)
        try:
            conn.execute(
                f"INSERT INTO steps (trajectory_id, idx, {', '.join(_STEP)}) "
                f"VALUES ({', '.join('?' * (len(_STEP) + 2))})",
                (trajectory_id, step.index, *values),
            )
        except sqlite3.IntegrityError as exc:
            raise TrajectoryExists(
                f"trajectory {trajectory_id!r} already has a step with index {step.index}"
            ) from exc

    def _writer_gone(self, pid: int | None, host: str | None) -> bool:
        if pid is None or host is None:
            return True  # no owner recorded: nobody can still be writing it
        if host != self._host:
            return False  # another machine's process: cannot tell, leave it running
        if pid == os.getpid():
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False  # exists, owned by another user
        return False


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _step_from_row(row: tuple[Any, ...]) -> Step:
    fields = dict(zip(("index", *_STEP), row, strict=True))
    fields["metadata"] = json.loads(fields["metadata"])
    return Step(**fields)


def _filters(
    problem_id: str | None, agent: str | None, status: Status | str | None, success: bool | None
) -> tuple[str, list[Any]]:
    clauses, args = [], []
    for column, value in (("problem_id", problem_id), ("agent", agent)):
        if value is not None:
            clauses.append(f"t.{column} = ?")
            args.append(value)
    if status is not None:
        clauses.append("t.status = ?")
        args.append(Status(status).value)
    if success is not None:
        clauses.append("t.success = ?")
        args.append(int(success))
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", args
