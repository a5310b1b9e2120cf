"""The pandas-free ``to_string(index=False)``; expected texts were produced by pandas 3.1.1."""

from __future__ import annotations

import pytest

from aoi.env.frame_text import EmptyCsvError, csv_to_text

CASES = [
    ("a,bb\n1,x\n22,yyy\n", " a  bb\n 1   x\n22 yyy"),
    (
        "timestamp,cmdb_id,kpi_name,value\n"
        "1772442000,kind-worker.geo-1,container_cpu_usage_seconds_total,1.5\n"
        "1772442015,kind-worker.geo-1,container_cpu_usage_seconds_total,12.25\n",
        " timestamp           cmdb_id                          kpi_name  value\n"
        "1772442000 kind-worker.geo-1 container_cpu_usage_seconds_total   1.50\n"
        "1772442015 kind-worker.geo-1 container_cpu_usage_seconds_total  12.25",
    ),
    ("v\n12345678.0\n0.123\n", "           v\n12345678.000\n       0.123"),
    ("v\n1.0\n2.0\n", "  v\n1.0\n2.0"),
    ("v\n1234567890123.0\n5.0\n", "           v\n1.234568e+12\n5.000000e+00"),
    ("v,b\n0.1234567,True\n3,False\n", "       v     b\n0.123457  True\n3.000000 False"),
    ("t,e\n0123,x\n4567,y\n", "   t e\n 123 x\n4567 y"),
    ('t,u\n"a b",\n', "  t   u\na b NaN"),
    ("longheadername,x\n1,2\n", " longheadername  x\n              1  2"),
    ("a\n-1.5\n2\n", "   a\n-1.5\n 2.0"),
    ("a,b\n1,\n2,3\n", " a   b\n 1 NaN\n 2 3.0"),
    ("t\nabc\n\n", "  t\nabc"),
    ("a,b\n", "Empty DataFrame\nColumns: [a, b]\nIndex: []"),
]


@pytest.mark.parametrize(("csv_text", "expected"), CASES)
def test_matches_pandas(csv_text, expected):
    assert csv_to_text(csv_text) == expected


def test_headerless_file_is_an_error_with_pandas_message():
    with pytest.raises(EmptyCsvError, match="No columns to parse from file"):
        csv_to_text("")
