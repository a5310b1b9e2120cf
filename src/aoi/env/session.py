"""The session record: AIOpsLab's result JSON as a pydantic model, and how to name and load one.

Top-level keys are AIOpsLab's: ``agent, session_id, problem_id, start_time, end_time, trace,
results``. ``trace`` holds ``{"role": "assistant" | "env", "content": str}`` in turn order,
without the initial prompts. Loading accepts files written by AIOpsLab itself (extra keys are
kept, ``results`` may hold anything).
"""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import SessionFileError

__all__ = ["SessionRecord", "TraceItem", "session_id_for"]


class TraceItem(BaseModel):
    """One turn: what the agent said (``assistant``) or what the environment answered (``env``)."""

    role: Literal["assistant", "env"]
    content: str


class SessionRecord(BaseModel):
    """One episode as AIOpsLab writes it to ``<session_id>_<start_time>.json``."""

    model_config = ConfigDict(extra="allow")

    agent: str | None = None
    session_id: str
    problem_id: str
    start_time: float | None = None
    end_time: float | None = None
    trace: list[TraceItem] = []
    results: dict[str, Any] = {}

    @property
    def file_name(self) -> str:
        """AIOpsLab's file name for this session."""
        return f"{self.session_id}_{self.start_time}.json"

    def save(self, path: Path | str) -> Path:
        """Write the record as indented JSON to ``path`` (a folder gets `file_name` inside it)."""
        target = Path(path)
        if target.is_dir():
            target = target / self.file_name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(self.model_dump(mode="json"), indent=4) + "\n", encoding="utf-8")
        return target

    @classmethod
    def load(cls, path: Path | str) -> SessionRecord:
        """Read a session file; any problem becomes a one-line `SessionFileError`."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise SessionFileError(f"cannot read session file {path}: {exc.strerror or exc}") from exc
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SessionFileError(f"session file {path} is not valid JSON: {exc}") from exc
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "top level"
            raise SessionFileError(
                f"session file {path} is not an AIOpsLab session: {where}: {first['msg']}"
            ) from exc


def session_id_for(seed: int, problem_id: str) -> str:
    """A version-4 UUID drawn from a generator seeded by ``seed`` and the problem id.

    AIOpsLab uses ``uuid4()``; a seeded draw keeps AOI's records reproducible.
    """
    rng = random.Random(f"aoi-session:{seed}:{problem_id}")
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
