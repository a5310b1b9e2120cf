"""Errors the twin's API server raises; kubectl turns them into real kubectl messages.

    TwinError
    ├── NotFound        (kubectl: Error from server (NotFound): ...)
    ├── AlreadyExists   (kubectl: Error from server (AlreadyExists): ...)
    └── Invalid         (kubectl: The <Kind> "<name>" is invalid: ...)
"""

from __future__ import annotations

from .kinds import BY_KIND


class TwinError(Exception):
    """Base of every error the twin's API raises."""


class NotFound(TwinError):
    def __init__(self, kind: str, name: str, namespace: str | None = None) -> None:
        self.kind, self.name, self.namespace = kind, name, namespace
        rtype = BY_KIND.get(kind)
        label = rtype.qualified if rtype else kind.lower()
        super().__init__(f'{label} "{name}" not found')


class AlreadyExists(TwinError):
    def __init__(self, kind: str, name: str) -> None:
        self.kind, self.name = kind, name
        rtype = BY_KIND.get(kind)
        label = rtype.qualified if rtype else kind.lower()
        super().__init__(f'{label} "{name}" already exists')


class Invalid(TwinError):
    def __init__(self, kind: str, name: str, detail: str) -> None:
        self.kind, self.name, self.detail = kind, name, detail
        super().__init__(f'{kind} "{name}" is invalid: {detail}')
