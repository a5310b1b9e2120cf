"""The twin's tiny shell: parse a command line (bashlex), run it against in-process programs.

>>> from aoi.twin.shell import Shell
>>> Shell().run("printf 'a\\nb\\na\\n' | sort | uniq -c").stdout
'      2 a\\n      1 b\\n'
"""

from aoi.twin.shell.ast import (
    Command,
    ForLoop,
    Group,
    IfClause,
    Lit,
    Param,
    Pipeline,
    Redirect,
    Script,
    SimpleCommand,
    Step,
    Subst,
    Word,
)
from aoi.twin.shell.errors import ShellError, ShellSyntaxError, UnsupportedSyntax
from aoi.twin.shell.parse import parse
from aoi.twin.shell.shell import Shell
from aoi.twin.shell.textutils import TEXT_PROGRAMS, bind_programs

__all__ = [
    "TEXT_PROGRAMS",
    "Command",
    "ForLoop",
    "Group",
    "IfClause",
    "Lit",
    "Param",
    "Pipeline",
    "Redirect",
    "Script",
    "Shell",
    "ShellError",
    "ShellSyntaxError",
    "SimpleCommand",
    "Step",
    "Subst",
    "UnsupportedSyntax",
    "Word",
    "bind_programs",
    "parse",
]
