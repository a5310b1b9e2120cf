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


FLAGD = (
    '{"data": {"demo.flagd.json": "{\\"flags\\": {\\"kafkaQueueProblems\\": '
    '{\\"defaultVariant\\": \\"on\\", \\"state\\": \\"ENABLED\\"}}}"}}\n'
)

# (filter, stdin, `jq -c` stdout), each recorded from jq 1.6
ASSIGN_CASES = [
    ('.a.b = "x"', '{"b":[1]}', '{"b":[1],"a":{"b":"x"}}\n'),
    (".a = .b", '{"b":[1]}', '{"b":[1],"a":[1]}\n'),
    (".a = (.b | length)", '{"b":[1]}', '{"b":[1],"a":1}\n'),
    (".x = (1, 2)", "{}", '{"x":1}\n{"x":2}\n'),
    ("(.y, .z) = 3", "{}", '{"y":3,"z":3}\n'),
    (".a = 1 | .b", '{"b":[1]}', "[1]\n"),
    (".a = 1, .b = 2", '{"b":[1]}', '{"b":[1],"a":1}\n{"b":2}\n'),
    (".a // .b = 1", '{"b":[1]}', '{"b":1}\n'),
    (".a = 1 // 2", "{}", '{"a":1}\n'),
    ('.["key.with.dots"] = 1', "{}", '{"key.with.dots":1}\n'),
    (".a[0] = 1", "{}", '{"a":[1]}\n'),
    (".[-1] = 9", "[1,2]", "[1,9]\n"),
    (".[5] = 9", "[1,2]", "[1,2,null,null,null,9]\n"),
    ('.[1:] = ["x"]', "[1,2,3]", '[1,"x"]\n'),
    ('.[1:2] = ["a","b"]', "[1,2,3]", '[1,"a","b",3]\n'),
    (".a |= . + 1", '{"a":5}', '{"a":6}\n'),
    (".a |= (., 10)", '{"a":5}', '{"a":5}\n'),
    (".items[] |= (.x = 1)", '{"items":[{},{"x":0,"y":2}]}', '{"items":[{"x":1},{"x":1,"y":2}]}\n'),
    (".a[].b |= . * 10", '{"a":[{"b":1},{"b":2}]}', '{"a":[{"b":10},{"b":20}]}\n'),
    (".[1:] |= map(. * 2)", "[1,2,3]", "[1,4,6]\n"),
    (".[] |= empty", "[1,2,3,4]", "[2,4]\n"),
    ("(.. | numbers) |= . + 1", '{"a":[1,[2]]}', '{"a":[2,[3]]}\n'),
    (
        '(.a[] | select(.n == "y") | .v) = 20',
        '{"a":[{"n":"x","v":1},{"n":"y","v":2}]}',
        '{"a":[{"n":"x","v":1},{"n":"y","v":20}]}\n',
    ),
    ("(.b // .a) = 0", '{"a":5,"b":null}', '{"a":0,"b":null}\n'),
    ("(if .a > 1 then .a else .b end) = 0", '{"a":5}', '{"a":0}\n'),
    ("first(.a, .b) = 0", '{"a":5}', '{"a":0}\n'),
    (".a += 1 | .b -= 1 | .c *= 2 | .d /= 2", '{"b":3,"c":4,"d":8}', '{"b":2,"c":8,"d":4,"a":1}\n'),
    (".a %= 3", '{"a":7}', '{"a":1}\n'),
    (".a //= 3 | .b //= 4", '{"a":false,"b":1}', '{"a":3,"b":1}\n'),
    (".a[] += (10, 20)", '{"a":[1,2]}', '{"a":[11,12]}\n{"a":[21,22]}\n'),
    ("reduce (1, 2) as $x (.; .c += $x)", "{}", '{"c":3}\n'),
    (".a[]? = 1", '{"a":5}', '{"a":5}\n'),
    ("[.[].a.b?]", '[{"a":5},{"a":{"b":1}}]', "[1]\n"),
    (".[].a.b? = 9", '[{"a":5},{"a":{"b":1}}]', '[{"a":5},{"a":{"b":9}}]\n'),
    ('[(1, error("x"), 3)?]', "null", "[1]\n"),
    ("del(.a)", '{"a":1,"b":2}', '{"b":2}\n'),
    ("del(.items[0])", '{"items":[1,2,3]}', '{"items":[2,3]}\n'),
    ("del(.a[] | select(. == 2))", '{"a":[1,2,3]}', '{"a":[1,3]}\n'),
    ("del(.[0, 2])", "[1,2,3]", "[2]\n"),
    ("del(.[-3], .[2])", "[1,2,3]", "[2]\n"),
    ("del(.[1:])", "[1,2,3]", "[1]\n"),
    ("del(.a, .a.b)", '{"a":{"b":1}}', "{}\n"),
    ("del(.a.b.c)", '{"a":null}', '{"a":null}\n'),
    ("del(.[] | nulls)", "[1,null,2]", "[1,2]\n"),
    ("[paths]", '[1,[2,{"a":3}]]', '[[0],[1],[1,0],[1,1],[1,1,"a"]]\n'),
    ('[paths(type == "number")], [leaf_paths]', '{"a":{"b":1,"c":null}}', '[["a","b"]]\n[["a","b"]]\n'),
    ("[path(..)]", '{"a":{"b":1}}', '[[],["a"],["a","b"]]\n'),
    ('path(getpath(["a",0]))', "{}", '["a",0]\n'),
    (
        'getpath(["a","b"]), setpath(["a","b"]; 1), delpaths([["a"]])',
        '{"a":{"b":2}}',
        '2\n{"a":{"b":1}}\n{}\n',
    ),
    ("map_values(. + 1), map_values(empty)", '{"a":1,"b":2}', '{"a":2,"b":3}\n{}\n'),
    ("to_entries", "[5,6]", '[{"key":0,"value":5},{"key":1,"value":6}]\n'),
    ("with_entries(.key |= ascii_upcase | .value += 1)", '{"a":1}', '{"A":2}\n'),
    ("to_entries | from_entries", '{"a":1,"b":2}', '{"a":1,"b":2}\n'),
]


@pytest.mark.parametrize(("program", "stdin", "stdout"), ASSIGN_CASES)
def test_assignment_matches_jq(program: str, stdin: str, stdout: str):
    assert jq("-c", program, stdin=stdin + "\n") == CommandResult(stdout, "", 0)


def test_flagd_configmap_patch_pipeline():
    program = (
        '{data: {"demo.flagd.json": (.data["demo.flagd.json"] | fromjson'
        ' | .flags.kafkaQueueProblems.defaultVariant = "off" | tojson)}}'
    )
    assert jq("-c", program, stdin=FLAGD).stdout == (
        '{"data":{"demo.flagd.json":"{\\"flags\\":{\\"kafkaQueueProblems\\":'
        '{\\"defaultVariant\\":\\"off\\",\\"state\\":\\"ENABLED\\"}}}"}}\n'
    )


@pytest.mark.parametrize(
    ("program", "stdin", "message"),
    [
        (".a.b = 1", '{"a":5}', 'Cannot index number with string "b"'),
        ("del(.a[0])", '{"a":5}', "Cannot index number with number"),
        (".a[] = 1", "{}", "Cannot iterate over null (null)"),
        (".[-5] = 9", "[1,2]", "Out of bounds negative array index"),
        (".[1:] = 5", "[1,2,3]", "A slice of an array can only be assigned another array"),
        ('.[1:] = "x"', '"abc"', "Cannot update field at object index of string"),
        ("(.a | tostring) = 1", "{}", 'Invalid path expression with result "null"'),
        ("path(1)", "{}", "Invalid path expression with result 1"),
        (
            '{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa":1} as $x | path($x)',
            "{}",
            'Invalid path expression with result {"aaaaaaaaaaaaaaaaaaaaaaaa...',
        ),
        ('.a += "x"', '{"a":5}', 'number (5) and string ("x") cannot be added'),
        (".a %= 2", "{}", "null (null) and number (2) cannot be divided (remainder)"),
        ('setpath("a"; 1)', "{}", "Path must be specified as an array"),
        ('delpaths(["a"])', "{}", "Path must be specified as array, not string"),
        ('delpaths([["a","b"]])', '{"a":5}', "Cannot delete fields from number"),
    ],
)
def test_assignment_errors_exit_5(program: str, stdin: str, message: str):
    assert jq(program, stdin=stdin + "\n") == CommandResult("", f"jq: error (at <stdin>:1): {message}\n", 5)


def test_assignment_operators_are_non_associative():
    result = jq(".a = .b = 1", stdin="{}\n")
    assert result.exit_code == 3 and "syntax error, unexpected '='" in result.stderr
