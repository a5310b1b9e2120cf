"""Session files: loading AIOpsLab's JSON, one-line errors for bad files, seeded session ids."""

from __future__ import annotations

import json
import uuid

import pytest

from aoi.env import SessionFileError, SessionRecord, session_id_for

AIOPSLAB_SESSION = {
    "agent": "gpt-w-shell",
    "session_id": "5f0e1c9e-0d55-4a4e-9d43-3c8f2b0e6a11",
    "problem_id": "k8s_target_port-misconfig-detection-1",
    "start_time": 1736000000.5,
    "end_time": 1736000030.25,
    "trace": [
        {"role": "assistant", "content": '```\nsubmit("Yes")\n```'},
        {"role": "env", "content": "1"},
    ],
    "results": {"Detection Accuracy": "Correct", "TTD": 29.75, "steps": 1, "in_tokens": 1, "out_tokens": 8},
}


def test_loads_an_aiopslab_session(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(AIOPSLAB_SESSION))
    record = SessionRecord.load(path)
    assert record.problem_id == AIOPSLAB_SESSION["problem_id"]
    assert record.results["TTD"] == 29.75 and record.trace[0].role == "assistant"
    assert record.file_name == "5f0e1c9e-0d55-4a4e-9d43-3c8f2b0e6a11_1736000000.5.json"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "is not valid JSON"),
        (json.dumps({"trace": []}), "is not an AIOpsLab session: session_id"),
        (json.dumps({**AIOPSLAB_SESSION, "trace": [{"role": "user", "content": "x"}]}), "trace.0.role"),
        (json.dumps([1, 2]), "is not an AIOpsLab session"),
    ],
)
def test_bad_files_give_one_line_errors(tmp_path, content, fragment):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(SessionFileError) as info:
        SessionRecord.load(path)
    assert fragment in str(info.value) and "\n" not in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(SessionFileError, match="cannot read session file"):
        SessionRecord.load(tmp_path / "absent.json")


def test_session_ids_are_seeded_uuid4s():
    first = session_id_for(0, "a")
    assert first == session_id_for(0, "a")
    assert len({first, session_id_for(1, "a"), session_id_for(0, "b")}) == 3
    assert uuid.UUID(first).version == 4
