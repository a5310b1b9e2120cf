"""parse(): the AST for pipes, lists, quoting, heredocs, redirections, substitutions, errors."""

from __future__ import annotations

import pytest

from aoi.twin.shell import (
    ForLoop,
    Group,
    Param,
    Redirect,
    ShellSyntaxError,
    SimpleCommand,
    Subst,
    UnsupportedSyntax,
    Word,
    parse,
)
from aoi.twin.shell.parse import _Converter, _fast


def commands(line: str) -> list[SimpleCommand]:
    return [c for step in parse(line).steps for c in step.pipeline.commands]


def test_pipeline_splits_into_commands():
    script = parse("kubectl get pods -n x | grep -v Running | wc -l")
    (step,) = script.steps
    assert [c.argv for c in step.pipeline.commands] == [
        ("kubectl", "get", "pods", "-n", "x"),
        ("grep", "-v", "Running"),
        ("wc", "-l"),
    ]


def test_list_operators_are_recorded_per_step():
    script = parse("a && b || c; d\ne")
    assert [s.op for s in script.steps] == [";", "&&", "||", ";", ";"]
    assert [s.pipeline.commands[0].argv for s in script.steps] == [("a",), ("b",), ("c",), ("d",), ("e",)]


def test_quotes_are_removed_like_bash():
    (cmd,) = commands("""echo 'it''s' "a \\"b\\"" c\\ d '$HOME'""")
    assert cmd.argv == ("echo", "its", 'a "b"', "c d", "$HOME")
    assert all(type(w) is str for w in cmd.argv)  # single-quoted $HOME is literal


def test_parameters_and_substitutions_become_words():
    (cmd,) = commands('echo $NS "${X:-dflt}" $(kubectl get pods | head -1)')
    ns, dflt, sub = cmd.argv[1:]
    assert isinstance(ns, Word) and ns.parts == (Param("NS"),)
    assert isinstance(dflt, Word) and dflt.parts == (Param("X", ":-", "dflt", quoted=True),)
    assert isinstance(sub, Word) and isinstance(sub.parts[0], Subst)
    assert [c.argv for c in sub.parts[0].script.steps[0].pipeline.commands] == [
        ("kubectl", "get", "pods"),
        ("head", "-1"),
    ]


def test_backticks_are_substitutions():
    (cmd,) = commands("echo `echo hi`")
    assert isinstance(cmd.argv[1].parts[0], Subst)


@pytest.mark.parametrize(
    ("line", "body"),
    [
        ("kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nEOF", "apiVersion: v1\nkind: Pod\n"),
        ("kubectl apply -f - <<'EOF'\nname: \"x\"\nv: '$HOME: a'\nEOF", "name: \"x\"\nv: '$HOME: a'\n"),
        ('cat <<"END"\na: b\nEND', "a: b\n"),
        ("cat <<-EOF\n\tindented: yes\n\tEOF", "indented: yes\n"),
        ("cat << EOF\nno end delimiter", "no end delimiter\n"),
    ],
)
def test_heredoc_bodies(line: str, body: str):
    (cmd,) = commands(line)
    assert cmd.stdin_text == body


def test_heredoc_followed_by_more_commands():
    script = parse("cat <<EOF | kubectl apply -f -\nkind: Service\nEOF\necho done")
    first, second = script.steps
    assert first.pipeline.commands[0].stdin_text == "kind: Service\n"
    assert first.pipeline.commands[1].argv == ("kubectl", "apply", "-f", "-")
    assert second.pipeline.commands[0].argv == ("echo", "done")


def test_unquoted_heredoc_keeps_expansions():
    (cmd,) = commands("cat <<EOF\nns: $NS\nEOF")
    assert isinstance(cmd.stdin_text, Word)
    assert Param("NS", quoted=True) in cmd.stdin_text.parts


def test_here_string_adds_newline():
    (cmd,) = commands("grep x <<< 'a x'")
    assert cmd.stdin_text == "a x\n"


def test_redirections_in_order():
    (cmd,) = commands("cmd 2>&1 >/dev/null >> out.txt < in.txt &> all")
    assert cmd.redirects == (
        Redirect(2, ">&", 1),
        Redirect(1, ">", "/dev/null"),
        Redirect(1, ">>", "out.txt"),
        Redirect(0, "<", "in.txt"),
        Redirect(1, "&>", "all"),
    )


def test_pipe_ampersand_marks_stderr():
    (step,) = parse("a |& b").steps
    assert step.pipeline.stderr_piped == (True, False)


def test_for_loop_and_group():
    (loop,) = commands("for p in a b; do echo $p; done")
    assert isinstance(loop, ForLoop) and loop.var == "p" and loop.words == ("a", "b")
    (group,) = commands("(echo a; echo b) 2>&1")
    assert isinstance(group, Group) and len(group.body.steps) == 2


@pytest.mark.parametrize(
    "line",
    ["kubectl get pods -n test-social-network", "kubectl  logs\tgeo-abc  --tail 50", "", "   ", "wc -l"],
)
def test_fast_path_equals_bashlex_path(line: str):
    fast = _fast(line)
    assert fast is not None
    import bashlex

    nodes = bashlex.parse(line) if line.strip() else []
    assert fast == _Converter(line, ()).script(nodes)


@pytest.mark.parametrize("line", ["a | b", "echo 'x'", "X=1 a", "a # c", "echo $X", "if true; then a; fi"])
def test_metacharacters_leave_the_fast_path(line: str):
    assert _fast(line) is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "| grep x",
            "bash: -c: line 1: syntax error near unexpected token `|'\nbash: -c: line 1: `| grep x'\n",
        ),
        ("echo (", "syntax error near unexpected token `newline'"),
        ('echo "abc', "unexpected EOF while looking for matching `\"'"),
        ("echo a &&", "syntax error: unexpected end of file"),
    ],
)
def test_syntax_errors_read_like_bash(line: str, message: str):
    with pytest.raises(ShellSyntaxError) as info:
        parse(line)
    assert message in str(info.value)


@pytest.mark.parametrize("line", ["while true; do a; done", "f() { a; }", "echo $((1+2))", "echo ${X/a/b}"])
def test_unsupported_constructs_are_named(line: str):
    with pytest.raises(UnsupportedSyntax) as info:
        parse(line)
    assert "not supported" in str(info.value)
