"""Bad flags, bad operands and missing files: GNU's exact messages and exit codes."""

from __future__ import annotations

import pytest

from aoi.twin.process import CommandResult
from aoi.twin.shell import Shell


@pytest.mark.parametrize(
    ("command", "stderr", "exit_code"),
    [
        ("head -n x", "head: invalid number of lines: 'x'\n", 1),
        ("tail -n x", "tail: invalid number of lines: 'x'\n", 1),
        ("head nope", "head: cannot open 'nope' for reading: No such file or directory\n", 1),
        ("head --foo", "head: unrecognized option '--foo'\nTry 'head --help' for more information.\n", 1),
        ("grep -E '('", "grep: Unmatched ( or \\(\n", 2),
        ("grep x nope", "grep: nope: No such file or directory\n", 2),
        ("wc nope", "wc: nope: No such file or directory\n", 1),
        ("cut -f0", "cut: fields are numbered from 1\nTry 'cut --help' for more information.\n", 1),
        (
            "cut",
            "cut: you must specify a list of bytes, characters, or fields\n"
            "Try 'cut --help' for more information.\n",
            1,
        ),
        (
            "cut -d ab -f1",
            "cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n",
            1,
        ),
        ("sort nope", "sort: cannot read: nope: No such file or directory\n", 2),
        ("sort -k0", "sort: field number is zero: invalid field specification '0'\n", 2),
        ("sed 's/x'", "sed: -e expression #1, char 3: unterminated `s' command\n", 1),
        ("sed k", "sed: -e expression #1, char 1: unknown command: `k'\n", 1),
        ("cat nope", "cat: nope: No such file or directory\n", 1),
        ("base64 -d <<< '!!!'", "base64: invalid input\n", 1),
        ("tr", "tr: missing operand\nTry 'tr --help' for more information.\n", 1),
        ("uniq nope", "uniq: nope: No such file or directory\n", 1),
        ("sleep x", "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n", 1),
        (
            "grep -Q x",
            "grep: invalid option -- 'Q'\nUsage: grep [OPTION]... PATTERNS [FILE]...\n"
            "Try 'grep --help' for more information.\n",
            2,
        ),
    ],
)
def test_gnu_error_messages(command: str, stderr: str, exit_code: int):
    result = Shell().run(command)
    assert (result.stdout, result.stderr, result.exit_code) == ("", stderr, exit_code)


def test_grep_quiet_and_no_match_exit_codes():
    shell = Shell()
    assert shell.run("echo abc | grep -q b") == CommandResult("", "", 0)
    assert shell.run("echo abc | grep -q z") == CommandResult("", "", 1)


def test_awk_errors():
    shell = Shell()
    syntax = shell.run("awk '{print $1'")
    assert syntax.exit_code == 1 and syntax.stderr.startswith("awk: cmd. line:1: ")
    assert shell.run("awk 'BEGIN { print 1/0 }'") == CommandResult(
        "", "awk: cmd. line:1: fatal: division by zero attempted\n", 2
    )
    assert "not supported" in shell.run("awk '{ print > \"/tmp/x\" }'").stderr
    assert shell.run("awk 'BEGIN { while (1) n++ }'").exit_code == 2  # runaway loops stop


def test_date_rejects_unknown_flags():
    assert Shell().run("date -d tomorrow").exit_code == 1
