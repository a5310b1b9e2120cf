"""Utility behaviours beyond the recorded GNU table: echo/printf escapes, tr, sed, base64, xargs, awk."""

from __future__ import annotations

import pytest

from aoi.twin.process import CommandResult
from aoi.twin.shell import TEXT_PROGRAMS, Shell


def run(command: str) -> CommandResult:
    return Shell().run(command)


@pytest.mark.parametrize(
    ("command", "stdout"),
    [
        ("echo -n hi", "hi"),
        ("echo -e 'a\\tb\\nc'", "a\tb\nc\n"),
        ("echo -ne 'x\\cy'", "x"),
        ("echo '-e' plain", "plain\n"),
        ("echo -- x", "-- x\n"),
        ("printf '%s-%s\\n' a b c", "a-b\nc-\n"),
        ("printf '%x %o %c %%\\n' 255 8 hello", "ff 10 h %\n"),
        ("printf '%b' 'a\\nb'", "a\nb"),
        ("printf '%-5s|%5s|\\n' ab cd", "ab   |   cd|\n"),
    ],
)
def test_echo_and_printf(command: str, stdout: str):
    assert run(command).stdout == stdout


@pytest.mark.parametrize(
    ("command", "stdout"),
    [
        ("echo Hello | tr '[:upper:]' '[:lower:]'", "hello\n"),
        ("echo 'a  b   c' | tr -s ' '", "a b c\n"),
        ("echo abc123 | tr -d 0-9", "abc\n"),
        ("echo abc | tr abc x", "xxx\n"),
        ("printf 'a,b\\n' | tr , '\\n'", "a\nb\n"),
    ],
)
def test_tr(command: str, stdout: str):
    assert run(command).stdout == stdout


def test_sed_multiple_scripts_and_print_flag():
    assert run("printf 'a\\nb\\nc\\n' | sed -n -e '1p' -e '3p'").stdout == "a\nc\n"
    assert run("printf 'x1\\ny2\\n' | sed -n 's/[0-9]/#/p'").stdout == "x#\ny#\n"
    assert run("printf 'a\\nb\\n' | sed '1a\\\nadded'").stdout == "a\nadded\nb\n"


def test_base64_wraps_at_76_columns():
    encoded = TEXT_PROGRAMS["base64"](["base64"], "x" * 100).stdout
    lines = encoded.splitlines()
    assert [len(line) for line in lines] == [76, 60]
    assert TEXT_PROGRAMS["base64"](["base64", "-w", "0"], "x" * 100).stdout.count("\n") == 1
    assert TEXT_PROGRAMS["base64"](["base64", "-d"], encoded).stdout == "x" * 100


def test_xargs_quotes_and_empty_input():
    shell = Shell()
    assert shell.run("echo \"'a b' c\" | xargs -n1 echo").stdout == "a b\nc\n"
    assert shell.run("printf '' | xargs echo run").stdout == "run\n"
    assert shell.run("printf '' | xargs -r echo run").stdout == ""


@pytest.mark.parametrize(
    ("program", "stdin", "stdout"),
    [
        ('BEGIN { FS = ":" } { print $2 }', "a:b\nc:d\n", "b\nd\n"),
        ("{ print NF }", "a b  c\n\n", "3\n0\n"),
        ("$2 > 9", "x 10\ny 9\n", "x 10\n"),
        ('$2 > "9"', "x 10\ny 9\n", ""),  # a string constant forces a string comparison
        ('{ $3 = "z"; print; print NF }', "a b\n", "a b z\n3\n"),
        ("{ NF = 1; print }", "a b c\n", "a\n"),
        ('{ printf "%s:%s\\n", NR, $0 }', "x\ny\n", "1:x\n2:y\n"),
        ("/b/,/c/", "a\nb\nx\nc\nd\n", "b\nx\nc\n"),
        ("{ a[$1] += $2 } END { for (k in a) print k, a[k] }", "x 1\ny 2\nx 3\n", "x 4\ny 2\n"),
        ('BEGIN { printf "%.2f %5d|%-3s|\\n", 3.14159, 42, "a" }', "", "3.14    42|a  |\n"),
        ("{ print length }", "abcd\n", "4\n"),
        ('{ print $1 "-" $2 }', "a b\n", "a-b\n"),
        ("NR == 1 { next } { print }", "h\nx\n", "x\n"),
        ('{ exit 3 } END { print "end" }', "a\n", "end\n"),
    ],
)
def test_awk_programs(program: str, stdin: str, stdout: str):
    assert TEXT_PROGRAMS["awk"](["awk", program], stdin).stdout == stdout


def test_awk_variables_and_exit_code():
    assert TEXT_PROGRAMS["awk"](["awk", "-v", "n=2", "NR == n"], "a\nb\nc\n").stdout == "b\n"
    assert TEXT_PROGRAMS["awk"](["awk", "{ exit 3 }"], "a\n").exit_code == 3
    assert TEXT_PROGRAMS["awk"](["awk", "-F", "\\t", "{ print $2 }"], "a\tb\n").stdout == "b\n"
