"""One API call as the resource handlers see it: method, target, query, negotiated headers, body.

`app.py` reads the body on the event loop and hands an `ApiCall` to a synchronous handler on
the thread pool, so the handlers (`objects`, `writes`, `scale`) are plain functions that tests
can call without HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import QueryParams

from .paths import Target

__all__ = ["ApiCall"]


@dataclass(frozen=True)
class ApiCall:
    method: str
    target: Target
    query: QueryParams
    accept: str = ""
    content_type: str = ""
    body: bytes = b""

    def flag(self, name: str) -> bool:
        """A boolean query parameter (``watch=true``, ``watch=1``)."""
        return self.query.get(name, "").lower() in ("true", "1")

    @property
    def dry_run(self) -> bool:
        """``dryRun=All``: validate and answer, but store nothing."""
        return "All" in self.query.getlist("dryRun")

    @property
    def media_type(self) -> str:
        """The request body's media type without parameters (``application/json``)."""
        return self.content_type.split(";", 1)[0].strip().lower()
