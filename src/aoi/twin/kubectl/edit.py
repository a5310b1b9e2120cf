"""``kubectl edit``: there is no terminal behind an agent's shell, so no editor can run.

Real kubectl starts ``vi`` on a temporary file; with stdin not a terminal the editor exits at
once without touching the file, and kubectl reports that nothing was changed. The twin prints
exactly that, after checking that the object exists (a missing one is the usual NotFound).
AIOpsLab's shell blocks ``kubectl edit`` before it ever runs; this covers other front ends.
"""

from __future__ import annotations

from ..process import CommandResult
from .args import Flag, KubectlError, parse_args
from .context import KubectlContext
from .write_support import resolve

FLAGS = (
    Flag("output", ("-o", "--output")),
    Flag("filename", ("-f", "--filename")),
    Flag("selector", ("-l", "--selector")),
    Flag("windows_line_endings", ("--windows-line-endings",), takes_value=False),
    Flag("save_config", ("--save-config",), takes_value=False),
    Flag("validate", ("--validate",)),
    Flag("subresource", ("--subresource",)),
    Flag("field_manager", ("--field-manager",)),
)


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parsed = parse_args(argv, FLAGS, "edit")
    found = resolve(ctx, parsed)
    if found.errors:
        raise KubectlError(found.errors[0])
    return CommandResult("Edit cancelled, no changes made.\n")
