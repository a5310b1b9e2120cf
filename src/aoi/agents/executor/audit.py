"""The Executor's audit log: one append-only record per decision about a write command.

Each `AuditRecord` says which order asked, which command, the safety verdict, how approval went,
what happened (``ran``, ``failed``, ``refused``, ``dry-run``, ``rejected``, ``rolled-back``...),
and the checkpoint token taken just before the write, which `Executor.rollback` restores.
Tokens stay in memory (they are cluster snapshots); the JSONL file gets ``has_checkpoint``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["AuditLog", "AuditRecord"]


class AuditRecord(BaseModel):
    """One line of the audit log."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    id: int = Field(description="position in the log, from 1; what `Executor.rollback` takes")
    at: float = Field(default_factory=time.time)
    namespace: str
    target: str
    intent: str
    command: str
    verdict: str = Field(description="aoi.safety's verdict on the command (read, write, denied)")
    approval: str = Field(description="auto, approved, rejected, dry-run, or - when not asked")
    outcome: str = Field(description="ran, failed, refused, dry-run, rejected, rolled-back")
    detail: str = ""
    exit_code: int | None = None
    checkpoint: object | None = Field(None, exclude=True, repr=False)
    rollback_of: int | None = Field(None, description="for a rolled-back record: the record restored")


class AuditLog:
    """Append-only records, kept in memory and, given a path, appended to a JSONL file."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._records: list[AuditRecord] = []

    def append(self, **fields: object) -> AuditRecord:
        """Add a record (its ``id`` is assigned here) and return it."""
        record = AuditRecord(id=len(self._records) + 1, **fields)
        self._records.append(record)
        if self.path is not None:
            line = record.model_dump(mode="json")
            line["has_checkpoint"] = record.checkpoint is not None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(line) + "\n")
        return record

    def get(self, record_id: int) -> AuditRecord:
        if not 1 <= record_id <= len(self._records):
            raise KeyError(f"no audit record {record_id}; the log has {len(self._records)}")
        return self._records[record_id - 1]

    @property
    def records(self) -> tuple[AuditRecord, ...]:
        return tuple(self._records)

    def __len__(self) -> int:
        return len(self._records)
