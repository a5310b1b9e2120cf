"""The text utilities the twin's shell offers, each a `Program` (see ``aoi.twin.process``).

`TEXT_PROGRAMS` holds the stateless ones; run outside a shell, their file operands are all
missing. `bind_programs` gives a shell its own set: file-reading utilities see the shell's
in-memory files, ``tee`` writes into them, ``xargs`` starts commands through the shell and ``date``
prints the shell's fixed ``TWIN_DATE``.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from functools import partial

from aoi.twin.process import Program
from aoi.twin.shell.textutils.awk import awk
from aoi.twin.shell.textutils.basic import DEFAULT_DATE, cat, date, false, nl, rev, sleep, tee, true
from aoi.twin.shell.textutils.columns import column, cut
from aoi.twin.shell.textutils.echo import echo, printf
from aoi.twin.shell.textutils.encoding import base64
from aoi.twin.shell.textutils.grep import egrep, fgrep, grep
from aoi.twin.shell.textutils.headtail import head, tail
from aoi.twin.shell.textutils.jq import jq
from aoi.twin.shell.textutils.sed import sed
from aoi.twin.shell.textutils.sort import sort, uniq
from aoi.twin.shell.textutils.tr import tr
from aoi.twin.shell.textutils.wc import wc
from aoi.twin.shell.textutils.xargs import xargs

_FILE_READERS: dict[str, Program] = {
    "awk": awk,
    "gawk": awk,
    "mawk": awk,
    "base64": base64,
    "cat": cat,
    "column": column,
    "cut": cut,
    "egrep": egrep,
    "fgrep": fgrep,
    "grep": grep,
    "head": head,
    "jq": jq,
    "nl": nl,
    "rev": rev,
    "sed": sed,
    "sort": sort,
    "tail": tail,
    "uniq": uniq,
    "wc": wc,
}
_STDIN_ONLY: dict[str, Program] = {
    "echo": echo,
    "false": false,
    "printf": printf,
    "sleep": sleep,
    "tr": tr,
    "true": true,
}

TEXT_PROGRAMS: dict[str, Program] = {**_FILE_READERS, **_STDIN_ONLY, "tee": tee, "date": date}
"""Name -> program for every utility that needs no shell (``xargs`` is only in `bind_programs`)."""


def bind_programs(
    files: MutableMapping[str, str], run: Program, env: Mapping[str, str] | None = None
) -> dict[str, Program]:
    """The utilities bound to one shell: its ``files``, its ``run`` for xargs, ``env["TWIN_DATE"]``."""
    programs: dict[str, Program] = {name: partial(fn, files=files) for name, fn in _FILE_READERS.items()}
    programs.update(_STDIN_ONLY)
    programs["tee"] = partial(tee, files=files)
    programs["xargs"] = partial(xargs, run=run)
    programs["date"] = partial(date, now=(env or {}).get("TWIN_DATE", DEFAULT_DATE))
    return programs


__all__ = ["TEXT_PROGRAMS", "bind_programs"]
