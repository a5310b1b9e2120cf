"""jq subset against outputs recorded from jq 1.6, plus jq's error texts and exit codes."""

from __future__ import annotations

import pytest

from aoi.twin.process import CommandResult
from aoi.twin.shell import TEXT_PROGRAMS, Shell

PODS_JSON = (
    '{"items":[{"metadata":{"name":"a","labels":{"app":"x"}},"status":{"phase":"Running","n":1.5}},{"metadata":{"name":"b"},"status":{"phase":"Failed","n":2}}]}'
    + "\n"
)

JQ_CASES = [
    (
        "jq . /tmp/j.json",
        '{\n  "items": [\n    {\n      "metadata": {\n        "name": "a",\n        "labels": {\n          "app": "x"\n        }\n      },\n      "status": {\n        "phase": "Running",\n        "n": 1.5\n      }\n    },\n    {\n      "metadata": {\n        "name": "b"\n      },\n      "status": {\n        "phase": "Failed",\n        "n": 2\n      }\n    }\n  ]\n}\n',
        0,
    ),
    (
        "jq -c . /tmp/j.json",
        '{"items":[{"metadata":{"name":"a","labels":{"app":"x"}},"status":{"phase":"Running","n":1.5}},{"metadata":{"name":"b"},"status":{"phase":"Failed","n":2}}]}\n',
        0,
    ),
    ("jq '.items[0].metadata' /tmp/j.json", '{\n  "name": "a",\n  "labels": {\n    "app": "x"\n  }\n}\n', 0),
    ("jq -r '.items[].metadata.name' /tmp/j.json", "a\nb\n", 0),
    ("jq '.items | length' /tmp/j.json", "2\n", 0),
    ("jq '.items[] | select(.status.phase == \"Failed\") | .metadata.name' /tmp/j.json", '"b"\n', 0),
    ("jq -r '.items[] | \"\\(.metadata.name) \\(.status.phase)\"' /tmp/j.json", "a Running\nb Failed\n", 0),
    (
        "jq '[.items[] | {name: .metadata.name, phase: .status.phase}]' /tmp/j.json",
        '[\n  {\n    "name": "a",\n    "phase": "Running"\n  },\n  {\n    "name": "b",\n    "phase": "Failed"\n  }\n]\n',
        0,
    ),
    ("jq '.items | map(.metadata.name)' /tmp/j.json", '[\n  "a",\n  "b"\n]\n', 0),
    ("jq '.items[0] | keys' /tmp/j.json", '[\n  "metadata",\n  "status"\n]\n', 0),
    (
        "jq '.items[0].metadata.labels | to_entries' /tmp/j.json",
        '[\n  {\n    "key": "app",\n    "value": "x"\n  }\n]\n',
        0,
    ),
    ("jq '.items[1].metadata.labels // \"none\"' /tmp/j.json", '"none"\n', 0),
    ("jq '.items[].metadata.labels.app?' /tmp/j.json", '"x"\nnull\n', 0),
    (
        "jq '.items[] | select(.metadata.name | test(\"^a\"))' /tmp/j.json",
        '{\n  "metadata": {\n    "name": "a",\n    "labels": {\n      "app": "x"\n    }\n  },\n  "status": {\n    "phase": "Running",\n    "n": 1.5\n  }\n}\n',
        0,
    ),
    ("jq '.items[] | select(.status.phase | contains(\"Run\")) | .metadata.name' /tmp/j.json", '"a"\n', 0),
    ("jq '.items[] | select(.metadata.name | startswith(\"b\") and true) | .status.n' /tmp/j.json", "2\n", 0),
    (
        "jq '.items[] | select(.status.n > 1.6 or .metadata.name == \"a\") | .metadata.name' /tmp/j.json",
        '"a"\n"b"\n',
        0,
    ),
    ("jq '.items[] | select(.status.phase != \"Running\" | not) | .metadata.name' /tmp/j.json", '"a"\n', 0),
    ("jq '.items[0].status.n, .items[1].status.n' /tmp/j.json", "1.5\n2\n", 0),
    ("jq '[.items[].status.n] | add' /tmp/j.json", "3.5\n", 0),
    ("jq '.items | sort_by(.status.phase) | .[0].metadata.name' /tmp/j.json", '"b"\n', 0),
    ("jq '.items[0].metadata.name | ascii_upcase' /tmp/j.json", '"A"\n', 0),
    ("jq '.foo.bar' /tmp/j.json", "null\n", 0),
    ("jq '.items[] | .metadata.name | length' /tmp/j.json", "1\n1\n", 0),
    ("jq -r '.items[] | [.metadata.name, .status.phase] | @tsv' /tmp/j.json", "a\tRunning\nb\tFailed\n", 0),
    (
        "jq -r '.items[] | [.metadata.name, .status.phase] | @csv' /tmp/j.json",
        '"a","Running"\n"b","Failed"\n',
        0,
    ),
    ("jq 'keys' /tmp/j.json", '[\n  "items"\n]\n', 0),
    ("jq '.items[0] | has(\"status\")' /tmp/j.json", "true\n", 0),
    ("jq '.items | first | .metadata.name' /tmp/j.json", '"a"\n', 0),
    ("jq '.items | .[-1:] | .[0].metadata.name' /tmp/j.json", '"b"\n', 0),
    (
        'jq -n \'1 + 2 * 3, 10 / 4, 7 % 3, "a" + "b", [1,2] - [2], {"a":1} + {"b":2}\'',
        '7\n2.5\n1\n"ab"\n[\n  1\n]\n{\n  "a": 1,\n  "b": 2\n}\n',
        0,
    ),
    (
        "jq -n '[3,1,2] | sort, reverse, unique, min, max'",
        "[\n  1,\n  2,\n  3\n]\n[\n  2,\n  1,\n  3\n]\n[\n  1,\n  2,\n  3\n]\n1\n3\n",
        0,
    ),
    ('jq -n \'"a,b,c" | split(",") | join("-")\'', '"a-b-c"\n', 0),
    ("jq -n '[1,[2,[3]]] | flatten'", "[\n  1,\n  2,\n  3\n]\n", 0),
    ('jq -n \'{"a":1,"b":null} | with_entries(select(.value != null))\'', '{\n  "a": 1\n}\n', 0),
    ("jq -n '\"dGVzdA==\" | @base64d'", '"test"\n', 0),
    ("jq -n '\"x\" | @base64'", '"eA=="\n', 0),
    ("jq -n '[range(5)] | map(select(. % 2 == 0))'", "[\n  0,\n  2,\n  4\n]\n", 0),
    ('jq -n \'if 1 > 2 then "a" elif 2 > 1 then "b" else "c" end\'', '"b"\n', 0),
    ("jq -n '[limit(2; range(10))]'", "[\n  0,\n  1\n]\n", 0),
    ("jq -n 'reduce range(5) as $x (0; . + $x)'", "10\n", 0),
    ("jq -n '. as $x | [1,2] | map(. * 10)'", "[\n  10,\n  20\n]\n", 0),
    ('jq -n \'"abc" | test("B"; "i")\'', "true\n", 0),
    ('jq -n \'"a-b-c" | gsub("-"; "_")\'', '"a_b_c"\n', 0),
    ("jq -n '\"12\" | tonumber + 1'", "13\n", 0),
    ("jq -n '1 | tostring'", '"1"\n', 0),
    ('jq -n \'{"b":2,"a":1} | keys_unsorted, keys\'', '[\n  "b",\n  "a"\n]\n[\n  "a",\n  "b"\n]\n', 0),
    ('jq -n \'[{"a":1},{"a":1},{"a":2}] | group_by(.a) | length\'', "2\n", 0),
    ("jq -n '[1,2,3] | any(. > 2), all(. > 2)'", "true\nfalse\n", 0),
    ("jq -n '{\"a\":[1,2]} | .a[1:]'", "[\n  2\n]\n", 0),
    ("jq -n '\"héllo\" | length'", "5\n", 0),
    ("jq -n '1.0, 2.5, 1e3, 100000000000'", "1\n2.5\n1000\n100000000000\n", 0),
    ("jq -n --arg v hi '$v'", '"hi"\n', 0),
    ("jq -n --argjson v '{\"x\":1}' '$v.x'", "1\n", 0),
    (
        "jq -S . /tmp/j.json",
        '{\n  "items": [\n    {\n      "metadata": {\n        "labels": {\n          "app": "x"\n        },\n        "name": "a"\n      },\n      "status": {\n        "n": 1.5,\n        "phase": "Running"\n      }\n    },\n    {\n      "metadata": {\n        "name": "b"\n      },\n      "status": {\n        "n": 2,\n        "phase": "Failed"\n      }\n    }\n  ]\n}\n',
        0,
    ),
    ('echo \'{"a":1}{"a":2}\' | jq .a', "1\n2\n", 0),
    ("echo '[]' | jq '.[]'", "", 0),
    ("echo '{}' | jq '.a.b.c'", "null\n", 0),
    ("jq -r '.items[0].status' /tmp/j.json", '{\n  "phase": "Running",\n  "n": 1.5\n}\n', 0),
]


@pytest.mark.parametrize(("command", "stdout", "exit_code"), JQ_CASES)
def test_matches_jq(command: str, stdout: str, exit_code: int):
    shell = Shell()
    shell.files["/tmp/j.json"] = PODS_JSON
    result = shell.run(command)
    assert (result.stdout, result.exit_code) == (stdout, exit_code)


def jq(*args: str, stdin: str = PODS_JSON) -> CommandResult:
    return TEXT_PROGRAMS["jq"](["jq", *args], stdin)


def test_runtime_errors_exit_5_with_jq_wording():
    assert jq(".items.foo") == CommandResult(
        "", 'jq: error (at <stdin>:1): Cannot index array with "foo"\n', 5
    )
    assert jq(".[]", stdin="5").stderr == "jq: error (at <stdin>:0): Cannot iterate over number (5)\n"
    assert jq('error("boom")').stderr == "jq: error (at <stdin>:1): boom\n"


def test_compile_errors_exit_3():
    result = jq(".items[")
    assert result.exit_code == 3 and result.stderr.endswith("jq: 1 compile error\n")
    assert "nosuchfn/0 is not defined" in jq("nosuchfn").stderr


def test_bad_json_input_exits_2():
    result = jq(".", stdin="not json")
    assert result.exit_code == 2 and result.stderr.startswith("jq: parse error: Invalid literal at line 1")


def test_exit_status_flag():
    assert jq("-e", ".nope").exit_code == 1
    assert jq("-e", ".items[0].metadata.name").exit_code == 0
    assert jq("-e", "empty").exit_code == 4


def test_raw_join_and_slurp():
    assert jq("-j", ".items[].metadata.name").stdout == "ab"
    assert jq("-c", "-s", "map(.a)", stdin='{"a":1} {"a":2}').stdout == "[1,2]\n"
