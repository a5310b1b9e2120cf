"""Trajectories out of (and back into) files: JSONL, AIOpsLab session JSON, Hugging Face datasets.

- `to_jsonl` / `from_jsonl`: one trajectory per line, keys in schema order (the order of the
  fields in `aoi.trajectories.schema`; dicts inside keep their own order), lossless round trip.
- `to_steps_jsonl`: one row per step with its trajectory's header, for training data.
- `to_aiopslab_session`: the dict AIOpsLab writes as ``<session_id>_<start_time>.json``.
- `to_hf_dataset`: a ``datasets.Dataset``; needs the optional ``datasets`` package.

Files are written to a temporary name and renamed into place, so an interrupted export never
leaves a half-written file under the target name.

Every export is redacted: each takes ``redactor`` (default `aoi.safety.redact.EXPORT_REDACTOR`,
which masks secrets and e-mails and keeps addresses) and passes every string of every row
through it, so a password an agent read, or a key a Probe printed, is not shared or trained on.
``redactor=None`` writes the record as stored, for a local backup that `from_jsonl` restores
byte for byte; the SQLite store itself is never redacted.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from aoi.safety.redact import EXPORT_REDACTOR, Redactor

from .errors import MissingExtraError, TrajectoryFileError
from .schema import Role, Trajectory

if TYPE_CHECKING:
    import datasets

__all__ = ["from_jsonl", "step_rows", "to_aiopslab_session", "to_hf_dataset", "to_jsonl", "to_steps_jsonl"]

_TRAIN_EXTRA = "pip install 'aoi[train]'"


def to_jsonl(
    trajectories: Iterable[Trajectory], path: Path | str, *, redactor: Redactor | None = EXPORT_REDACTOR
) -> int:
    """Write one JSON object per trajectory (redacted, module docstring); return how many."""
    return _write_lines(path, _redacted((t.model_dump(mode="json") for t in trajectories), redactor))


def from_jsonl(path: Path | str) -> list[Trajectory]:
    """Read `to_jsonl`'s output; a bad line is a `TrajectoryFileError` naming its line number."""
    out = []
    for lineno, data in _read_lines(path):
        try:
            out.append(Trajectory.model_validate(data))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "top level"
            raise TrajectoryFileError(f"{path}:{lineno}: not a trajectory: {where}: {first['msg']}") from exc
    return out


def step_rows(trajectories: Iterable[Trajectory]) -> Iterator[dict[str, Any]]:
    """One flat dict per step: its trajectory's id, problem, agent and verdict, then the step."""
    for t in trajectories:
        head = {
            "trajectory_id": t.id, "problem_id": t.problem_id, "task": t.task, "app": t.app,
            "agent": t.agent, "model": t.model, "seed": t.seed, "split": t.split,
            "status": t.status.value, "success": t.success,
        }  # fmt: skip
        for step in t.steps:
            yield {**head, **step.model_dump(mode="json")}


def to_steps_jsonl(
    trajectories: Iterable[Trajectory], path: Path | str, *, redactor: Redactor | None = EXPORT_REDACTOR
) -> int:
    """Write `step_rows` as JSONL (redacted); return how many rows were written."""
    return _write_lines(path, _redacted(step_rows(trajectories), redactor))


def to_aiopslab_session(trajectory: Trajectory, *, redactor: Redactor | None = EXPORT_REDACTOR) -> dict[str, Any]:
    """The trajectory as AIOpsLab's session JSON: what crossed the agent/environment boundary.

    ``trace`` alternates ``assistant`` and ``env`` turns:
    - an ``agent`` step (single-agent baseline) gives its raw output, then its observation;
    - an ``env`` step gives one ``env`` turn (its observation, else its output);
    - any other role's step that ran a command (not ``denied``) gives that command as an AIOpsLab
      action (a shell command becomes ``exec_shell("...")``; an API call such as ``submit(...)``
      stays as it is), fenced as AIOpsLab's parser expects, then its observation;
    - steps that ran nothing (planning, compression, refused commands) stay out of the trace.
    The session id is the trajectory id; ``results`` are AIOpsLab's, unchanged; every string is
    passed through ``redactor``.
    """
    # Imported here: aoi.env loads the twin (~0.2 s), which only this export needs.
    from aoi.env.parser import exec_shell_action, fence
    from aoi.env.prompts import API_NAMES
    from aoi.env.session import SessionRecord, TraceItem

    api_call = re.compile(rf"^\s*({'|'.join(API_NAMES)})\s*\(")
    trace: list[TraceItem] = []
    for step in trajectory.steps:
        if step.role is Role.ENV:
            trace.append(TraceItem(role="env", content=step.observation or step.output))
            continue
        if step.role is Role.AGENT:
            said = step.output
        elif step.command is not None and step.verdict != "denied":
            said = fence(step.command if api_call.match(step.command) else exec_shell_action(step.command))
        else:
            continue
        trace.append(TraceItem(role="assistant", content=said))
        trace.append(TraceItem(role="env", content=step.observation or ""))
    record = SessionRecord(
        agent=trajectory.agent,
        session_id=trajectory.id,
        problem_id=trajectory.problem_id,
        start_time=trajectory.started_at,
        end_time=trajectory.ended_at,
        trace=trace,
        results=trajectory.results,
    )
    session = record.model_dump(mode="json")
    return redactor.redact_data(session) if redactor is not None else session


def to_hf_dataset(
    trajectories: Iterable[Trajectory], *, per_step: bool = False, redactor: Redactor | None = EXPORT_REDACTOR
) -> datasets.Dataset:
    """A Hugging Face ``Dataset``: one row per trajectory, or per step with ``per_step=True``.

    Free-form JSON (``submission``, ``results``, step ``metadata``) is stored as JSON text,
    because Arrow needs one type per column and these differ from row to row. Rows are redacted.
    """
    try:
        import datasets
    except ImportError as exc:
        raise MissingExtraError(
            f"to_hf_dataset needs the optional 'datasets' package, which is not installed: {_TRAIN_EXTRA}"
        ) from exc
    if per_step:
        rows = [{**row, "metadata": json.dumps(row["metadata"])} for row in _redacted(step_rows(trajectories), redactor)]
    else:
        rows = [_hf_trajectory_row(t, redactor) for t in trajectories]
    return datasets.Dataset.from_list(rows)


# ------------------------------------------------------------------ helpers
def _redacted(rows: Iterable[dict[str, Any]], redactor: Redactor | None) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield redactor.redact_data(row) if redactor is not None else row


def _hf_trajectory_row(t: Trajectory, redactor: Redactor | None) -> dict[str, Any]:
    row = next(_redacted([t.model_dump(mode="json")], redactor))
    row["submission"] = json.dumps(row["submission"])
    row["results"] = json.dumps(row["results"])
    for step in row["steps"]:
        step["metadata"] = json.dumps(step["metadata"])
    row.update(success=t.success, total_tokens=t.total_tokens)
    return row


def _write_lines(path: Path | str, rows: Iterable[dict[str, Any]]) -> int:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    count = 0
    try:
        with partial.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return count


def _read_lines(path: Path | str) -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON) for every non-blank line; bad input is a one-line error."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise TrajectoryFileError(f"cannot read trajectory file {path}: {exc.strerror or exc}") from exc
    for lineno, line in enumerate(raw.splitlines(), start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise TrajectoryFileError(f"{path}:{lineno}: not UTF-8 text: {exc.reason}") from exc
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TrajectoryFileError(
                f"{path}:{lineno}: not valid JSON: {exc.msg} (column {exc.colno})"
            ) from exc
        yield lineno, data
