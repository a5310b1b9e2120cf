"""read_metrics / read_traces: the pandas-like printing and AIOpsLab's error texts."""

from __future__ import annotations

from aoi.env.backend import read_exported_csv


def test_an_empty_csv_prints_like_an_empty_dataframe(tmp_path):
    (tmp_path / "t.csv").write_text("trace_id,span_id,parent_span\n")
    assert read_exported_csv(str(tmp_path / "t.csv"), "traces").startswith("Empty DataFrame\nColumns: [trace_id, span_id,")


def test_read_exported_csv_errors(tmp_path):
    assert read_exported_csv("/nope/x.csv", "metrics") == "error: Metrics file '/nope/x.csv' not found."
    assert read_exported_csv("rel.csv", "traces", base=tmp_path) == "error: Traces file 'rel.csv' not found."
    (tmp_path / "empty.csv").write_text("")
    assert read_exported_csv(str(tmp_path / "empty.csv"), "metrics") == (
        "Failed to read metrics: No columns to parse from file"
    )
    (tmp_path / "ok.csv").write_text("a,b\n1,x\n")
    assert read_exported_csv("ok.csv", "metrics", base=tmp_path) == " a b\n 1 x"
