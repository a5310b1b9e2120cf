"""The role prompts: one YAML file per role under ``prompts/``, filled with `string.Template`.

`render` uses ``Template.substitute``, so a placeholder without a value raises `KeyError`
instead of leaving ``$gap`` in a prompt; values are inserted verbatim (a ``$`` inside command
output is never read as a placeholder).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from string import Template
from typing import Any

import yaml

__all__ = ["ROLES", "load_prompts", "render"]

ROLES = ("observer", "probe", "executor", "compressor")


@cache
def load_prompts(role: str) -> dict[str, Any]:
    """The parsed ``prompts/<role>.yaml``; ``role`` must be one of `ROLES`."""
    if role not in ROLES:
        raise ValueError(f"unknown prompt role {role!r}; expected one of {', '.join(ROLES)}")
    text = resources.files(__package__).joinpath("prompts", f"{role}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def render(template: str, **values: object) -> str:
    """``template`` with every ``$name`` replaced; a missing name raises `KeyError`."""
    return Template(template).substitute({k: str(v) for k, v in values.items()})
