"""The Hugging Face export: a clear error without the extra, a faithful dataset with it."""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from aoi.trajectories import MissingExtraError, to_hf_dataset

from .conftest import make_trajectory

HAVE_DATASETS = importlib.util.find_spec("datasets") is not None


def test_missing_datasets_names_the_extra(monkeypatch, trajectory):
    monkeypatch.setitem(sys.modules, "datasets", None)  # makes `import datasets` fail, installed or not
    with pytest.raises(MissingExtraError, match=r"pip install 'aoi\[train\]'") as info:
        to_hf_dataset([trajectory])
    assert isinstance(info.value, ImportError)


@pytest.mark.skipif(not HAVE_DATASETS, reason="the optional 'datasets' package is not installed")
def test_trajectory_rows(trajectory):
    other = make_trajectory(problem_id="other", submission=["a", "b"], results={"success": False})
    ds = to_hf_dataset([trajectory, other])
    assert ds.num_rows == 2
    row = ds[0]
    assert row["id"] == trajectory.id and row["success"] is True and row["total_tokens"] == 75
    assert json.loads(row["results"]) == trajectory.results
    assert json.loads(ds[1]["submission"]) == ["a", "b"]
    assert len(row["steps"]) == 5 and row["steps"][1]["command"] == trajectory.steps[1].command


@pytest.mark.skipif(not HAVE_DATASETS, reason="the optional 'datasets' package is not installed")
def test_step_rows(trajectory):
    ds = to_hf_dataset([trajectory], per_step=True)
    assert ds.num_rows == 5
    assert ds[4]["trajectory_id"] == trajectory.id
    assert json.loads(ds[4]["metadata"]) == {"why": ["crash"]}
