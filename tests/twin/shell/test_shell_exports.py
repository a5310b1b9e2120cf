"""The public surface of aoi.twin.shell is pinned here."""

from __future__ import annotations

import pickle

import aoi.twin.shell as shell_pkg
from aoi.twin.shell import Param, Word, parse


def test_exported_names():
    assert sorted(shell_pkg.__all__) == sorted(
        [
            "TEXT_PROGRAMS", "Command", "ForLoop", "Group", "IfClause", "Lit", "Param", "Pipeline",
            "Redirect", "Script", "Shell", "ShellError", "ShellSyntaxError", "SimpleCommand", "Step",
            "Subst", "UnsupportedSyntax", "Word", "bind_programs", "parse",
        ]
    )  # fmt: skip
    for name in shell_pkg.__all__:
        assert getattr(shell_pkg, name) is not None


def test_text_programs_cover_the_brief():
    wanted = "grep egrep head tail wc sort uniq cut tr sed awk jq cat echo printf base64 column true false"
    assert set(wanted.split() + ["sleep", "tee", "nl", "rev", "date"]) <= set(shell_pkg.TEXT_PROGRAMS)


def test_scripts_pickle_with_expandable_words():
    script = parse("echo $NS | grep x")
    clone = pickle.loads(pickle.dumps(script))
    assert clone == script
    word = clone.steps[0].pipeline.commands[0].argv[1]
    assert isinstance(word, Word) and word.parts == (Param("NS"),)
