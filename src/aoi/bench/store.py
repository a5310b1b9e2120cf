"""`BenchStore`: one benchmark run in ``DIR/bench.sqlite``, safe under Ctrl-C and ``kill -9``.

Two tables: ``run`` (one row: the `BenchConfig` as JSON, start and finish times) and ``samples``
(one row per `SampleResult`, keyed ``(problem_id, sample)`` UNIQUE, the whole result as JSON).
Only the bench's parent process writes here, one transaction per sample as results arrive, in
WAL mode, so a killed run keeps every sample it had stored and none half-written; `--resume`
then runs only the missing keys. The trajectories live beside it in ``DIR/trajectories.sqlite``
(`aoi.trajectories.TrajectoryStore`, written by the workers).

Errors::

    BenchError
     ├── RunExists        DIR already holds a run and --resume was not given
     ├── ConfigMismatch   --resume with a configuration other than the stored one
     └── NoRun            DIR holds no run (load_run)
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from types import TracebackType

from .results import BenchConfig, BenchRun, SampleResult

__all__ = [
    "BENCH_FILE",
    "TRAJECTORY_FILE",
    "BenchError",
    "BenchStore",
    "ConfigMismatch",
    "NoRun",
    "RunExists",
    "load_run",
]

BENCH_FILE = "bench.sqlite"
TRAJECTORY_FILE = "trajectories.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS run (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    config TEXT NOT NULL,
    started_at REAL NOT NULL,
    finished_at REAL
);
CREATE TABLE IF NOT EXISTS samples (
    problem_id TEXT NOT NULL,
    sample INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    success INTEGER NOT NULL,
    strict_success INTEGER NOT NULL,
    result TEXT NOT NULL,
    stored_at REAL NOT NULL,
    UNIQUE (problem_id, sample)
);
"""


class BenchError(Exception):
    """A bench run cannot be started, resumed or read as asked; the message says what to do."""


class RunExists(BenchError):
    """The output folder already holds a run and ``resume`` was not asked for."""


class ConfigMismatch(BenchError):
    """``resume`` was asked for with a configuration other than the stored one."""


class NoRun(BenchError):
    """The folder holds no bench run."""


class BenchStore:
    """The run in ``out_dir``: open with `open` (new or resumed) or `read` (for reports)."""

    def __init__(self, out_dir: Path | str, *, create: bool) -> None:
        self.out_dir = Path(out_dir)
        path = self.out_dir / BENCH_FILE
        if not create and not path.is_file():
            raise NoRun(f"{self.out_dir} holds no bench run (no {BENCH_FILE})")
        self.out_dir.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: no implicit transactions; each write below opens its own.
        self._conn = sqlite3.connect(str(path), timeout=10.0, isolation_level=None)
        try:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.executescript(_SCHEMA)
        except sqlite3.Error:
            self._conn.close()
            raise

    # -------------------------------------------------------------- opening
    @classmethod
    def open(cls, out_dir: Path | str, config: BenchConfig, *, resume: bool = False) -> BenchStore:
        """The store for a run of ``config`` in ``out_dir``: a new run, or the stored one when
        ``resume`` is set and its configuration is ``config`` (see the module's errors)."""
        store = cls(out_dir, create=True)
        try:
            stored = store.config()
            if stored is None:
                store._begin(config)
            elif not resume:
                done = store.count()
                raise RunExists(
                    f"{store.out_dir} already holds a bench run ({done} of {len(stored.problems) * stored.k} "
                    "samples); add --resume to finish it, or choose another --out"
                )
            elif stored != config:
                raise ConfigMismatch(
                    f"cannot resume {store.out_dir}: it was run with a different configuration "
                    f"({_differences(stored, config)}); rerun with the original flags or choose another --out"
                )
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def read(cls, out_dir: Path | str) -> BenchStore:
        """The stored run, for reading; `NoRun` when there is none."""
        store = cls(out_dir, create=False)
        if store.config() is None:
            store.close()
            raise NoRun(f"{store.out_dir} holds no bench run (its {BENCH_FILE} is empty)")
        return store

    def _begin(self, config: BenchConfig) -> None:
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute("INSERT INTO run (id, config, started_at) VALUES (1, ?, ?)",
                               (config.model_dump_json(), time.time()))

    # -------------------------------------------------------------- reading
    def config(self) -> BenchConfig | None:
        row = self._conn.execute("SELECT config FROM run WHERE id = 1").fetchone()
        return None if row is None else BenchConfig.model_validate_json(row[0])

    def count(self) -> int:
        return self._conn.execute("SELECT COUNT(*) FROM samples").fetchone()[0]

    def done(self) -> set[tuple[str, int]]:
        """The (problem id, sample) keys already stored."""
        return {(pid, sample) for pid, sample in self._conn.execute("SELECT problem_id, sample FROM samples")}

    def run(self) -> BenchRun:
        """The run as stored: samples in the configuration's problem order, then by sample."""
        config = self.config()
        if config is None:
            raise NoRun(f"{self.out_dir} holds no bench run")
        started_at, finished_at = self._conn.execute("SELECT started_at, finished_at FROM run").fetchone()
        order = {pid: i for i, pid in enumerate(config.problems)}
        samples = [SampleResult.model_validate_json(r) for (r,) in self._conn.execute("SELECT result FROM samples")]
        samples.sort(key=lambda s: (order.get(s.problem_id, len(order)), s.problem_id, s.sample))
        return BenchRun(config=config, started_at=started_at, finished_at=finished_at, samples=samples)

    # -------------------------------------------------------------- writing
    def add(self, sample: SampleResult) -> None:
        """Store one sample in its own transaction; a key already stored raises `sqlite3.IntegrityError`."""
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute(
                "INSERT INTO samples (problem_id, sample, seed, success, strict_success, result, stored_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (sample.problem_id, sample.sample, sample.seed, int(sample.success), int(sample.strict_success),
                 sample.model_dump_json(), time.time()),
            )  # fmt: skip

    def finish(self) -> None:
        """Record that every sample is stored (the first time only: a resumed, finished run keeps it)."""
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute("UPDATE run SET finished_at = ? WHERE id = 1 AND finished_at IS NULL", (time.time(),))

    # ------------------------------------------------------------ lifecycle
    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> BenchStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def load_run(out_dir: Path | str) -> BenchRun:
    """The run stored in ``out_dir`` (finished or not), for reports; `NoRun` when there is none."""
    with BenchStore.read(out_dir) as store:
        return store.run()


def _differences(stored: BenchConfig, given: BenchConfig) -> str:
    """``field: stored -> given`` for each field that differs (problem lists summarised)."""
    parts = []
    old_fields, new_fields = stored.model_dump(mode="json"), given.model_dump(mode="json")
    for name in BenchConfig.model_fields:
        old, new = old_fields[name], new_fields[name]
        if old == new:
            continue
        if name == "problems":
            parts.append(f"problems: {len(old)} -> {len(new)} ids" if len(old) != len(new)
                         else "problems: a different selection")
        else:
            parts.append(f"{name}: {json.dumps(old)} -> {json.dumps(new)}")
    return "; ".join(parts)
