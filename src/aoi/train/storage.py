"""Sample rows on disk: JSONL, a Hugging Face `datasets.Dataset`, and a manifest of counts.

A saved data folder holds ``samples.jsonl`` (one row per line, readable without any extra),
``dataset/`` (``Dataset.save_to_disk``) and ``manifest.json`` (rows by task, split and source,
plus whatever the builder adds). The dataset is built with explicit features (`FEATURES`) so
that nested values keep their types: ``prompt`` and ``completion`` stay lists of
``{"role", "content"}`` messages and ``prefix_actions`` a list of strings, even when every row's
prefix is empty. ``datasets`` is imported only here and only when needed
(`aoi.trajectories.MissingExtraError` names the extra when it is absent).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aoi.trajectories import MissingExtraError

from .errors import NoSamples, SampleFileError
from .samples import COLUMNS, SampleRow, count_by

if TYPE_CHECKING:
    import datasets

__all__ = ["DATASET_DIR", "MANIFEST_FILE", "SAMPLES_FILE", "load", "read_jsonl", "save", "to_dataset",
           "write_jsonl"]  # fmt: skip

SAMPLES_FILE = "samples.jsonl"
DATASET_DIR = "dataset"
MANIFEST_FILE = "manifest.json"
_TRAIN_EXTRA = "pip install 'aoi[train]'"
_STRINGS = ("reference", "problem_id", "noise", "task", "namespace", "split", "source", "trajectory_id")


def _datasets() -> Any:
    try:
        import datasets
    except ImportError:
        raise MissingExtraError(
            f"sample datasets need the optional 'datasets' package: {_TRAIN_EXTRA}") from None
    return datasets


def _features(columns: Sequence[str]) -> datasets.Features:
    """The schema's features for ``columns`` (`aoi.train.samples` module docstring)."""
    ds = _datasets()
    message = {"role": ds.Value("string"), "content": ds.Value("string")}
    known = {
        "prompt": ds.List(message), "completion": ds.List(message), "prefix_actions": ds.List(ds.Value("string")),
        "prefix_decisions": ds.List(ds.Value("string")),
        "seed": ds.Value("int64"), "iteration": ds.Value("int64"), **{c: ds.Value("string") for c in _STRINGS},
    }  # fmt: skip
    return ds.Features({c: known[c] for c in columns})


def _columns(rows: Sequence[dict[str, Any]], where: str) -> list[str]:
    """The rows' columns, in schema order; all rows must have the same ones, all from the schema."""
    columns = list(rows[0]) if rows else list(COLUMNS)
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown or "prompt" not in columns:
        raise SampleFileError(f"{where}: expected sample columns ({', '.join(COLUMNS)}), found "
                              f"{', '.join(columns) or 'none'}")
    for number, row in enumerate(rows, 1):
        if set(row) != set(columns):
            raise SampleFileError(f"{where}: row {number} has columns {sorted(row)}, row 1 has {sorted(columns)}")
    return [c for c in COLUMNS if c in columns]


def to_dataset(rows: Sequence[SampleRow] | Sequence[dict[str, Any]]) -> datasets.Dataset:
    """``rows`` (all with the same schema columns; the full schema when empty) as a `Dataset`."""
    ds = _datasets()
    rows = list(rows)
    columns = _columns(rows, "rows")
    features = _features(columns)
    if not rows:
        return ds.Dataset.from_dict({c: [] for c in columns}, features=features)
    return ds.Dataset.from_list([{c: row[c] for c in columns} for row in rows], features=features)


def write_jsonl(rows: Sequence[SampleRow] | Sequence[dict[str, Any]], path: Path | str) -> Path:
    """One JSON row per line (parent folders created)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def read_jsonl(path: Path | str) -> list[dict[str, Any]]:
    """The rows of a samples JSONL file; `SampleFileError` names the file and the bad line."""
    path = Path(path)
    if not path.is_file():
        raise SampleFileError(f"{path}: no such file")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError:
            row = None
        if not isinstance(row, dict):
            raise SampleFileError(f"{path}:{number}: not a JSON object")
        rows.append(row)
    _columns(rows, str(path))
    return rows


def save(
    rows: Sequence[SampleRow], out_dir: Path | str, *, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Write ``rows`` into ``out_dir`` (module docstring); return the manifest with the paths.

    ``extra`` entries are added to the manifest (e.g. counts before balancing). An existing
    ``dataset/`` is replaced; `NoSamples` for no rows, `MissingExtraError` without ``datasets``,
    both before anything is written."""
    if not rows:
        raise NoSamples(f"no samples to save into {out_dir}")
    dataset = to_dataset(rows)
    out = Path(out_dir)
    target = out / DATASET_DIR
    if target.exists():
        if not (target / "state.json").is_file():
            raise SampleFileError(f"{target}: exists and is not a saved dataset; remove it or choose "
                                  "another folder")
        shutil.rmtree(target)  # save_to_disk would leave the old shards beside the new ones
    jsonl = write_jsonl(rows, out / SAMPLES_FILE)
    _quietly(dataset.save_to_disk, str(target))
    manifest = {
        "samples": len(rows),
        "columns": list(dataset.column_names),
        **{f"by_{column}": count_by(rows, column) for column in ("task", "split", "source")},
        **(extra or {}),
    }
    (out / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return {**manifest, "out_dir": out, "jsonl": jsonl, "dataset": target, "manifest": out / MANIFEST_FILE}


def _quietly(call: Any, *args: Any) -> Any:
    """``call(*args)`` without the progress bars ``datasets`` prints (callers report progress)."""
    ds = _datasets()
    shown = ds.is_progress_bar_enabled()
    ds.disable_progress_bars()
    try:
        return call(*args)
    finally:
        if shown:
            ds.enable_progress_bars()


def load(path: Path | str) -> datasets.Dataset:
    """The samples at ``path``: a saved dataset folder, a samples JSONL file, or a folder holding
    either (the dataset is preferred)."""
    path = Path(path)
    if not path.exists():
        raise SampleFileError(f"{path}: no such file or folder")
    if path.is_file():
        return to_dataset(read_jsonl(path))
    for candidate in (path, path / DATASET_DIR):
        if (candidate / "state.json").is_file():
            dataset = _quietly(_datasets().load_from_disk, str(candidate))
            _columns([dict.fromkeys(dataset.column_names)], str(candidate))
            return dataset
    if (path / SAMPLES_FILE).is_file():
        return to_dataset(read_jsonl(path / SAMPLES_FILE))
    raise SampleFileError(f"{path}: holds no samples (expected a saved dataset, {SAMPLES_FILE}, "
                          "or a folder with one)")
