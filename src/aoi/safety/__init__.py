"""Read/write/denied classification of shell commands, enforced in code rather than in a prompt.

`classify` parses a command line with bashlex into simple commands (through pipes, lists,
subshells, substitutions, heredocs and wrappers such as ``sudo``, ``xargs`` and ``sh -c``), judges
each one from explicit tables (unknown programs and kubectl verbs are writes), and returns the
worst verdict. This package is a leaf: it imports nothing else from ``aoi``.
"""

from aoi.safety._classify import MAX_DEPTH, classify
from aoi.safety._commands_file import CommandFileError, load_commands
from aoi.safety._models import Classification, PartVerdict, Verdict

__all__ = [
    "MAX_DEPTH",
    "Classification",
    "CommandFileError",
    "PartVerdict",
    "Verdict",
    "classify",
    "load_commands",
]
