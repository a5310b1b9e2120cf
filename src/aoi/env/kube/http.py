"""GETs to Prometheus and Jaeger that fail with one line: `Unreachable` says which service and why.

Both telemetry exports read JSON over HTTP (httpx, one client per export, a timeout on every
request). Whatever goes wrong, a refused connection, a timeout, an HTTP error status, a body that
is not the JSON expected, turns into `Unreachable`, whose text the backend hands the agent as
its observation.
"""

from __future__ import annotations

from typing import Any

import httpx

__all__ = ["JsonClient", "Unreachable"]


class Unreachable(Exception):
    """A telemetry service did not answer usefully; ``str()`` is the agent-facing line."""


class JsonClient:
    """GET JSON from one service (``name`` is its display name in errors) under ``base_url``."""

    def __init__(self, name: str, base_url: str, timeout_s: float) -> None:
        self.name, self.base_url = name, base_url.rstrip("/")
        self._client = httpx.Client(timeout=timeout_s, follow_redirects=True)

    def __enter__(self) -> JsonClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        url = f"{self.base_url}{path}"
        try:
            response = self._client.get(url, params=params)
        except httpx.TimeoutException:
            raise Unreachable(f"Error: {self.name} at {self.base_url} did not answer within "
                              f"{self._client.timeout.read:g} s") from None
        except httpx.HTTPError as exc:
            raise Unreachable(f"Error: cannot reach {self.name} at {self.base_url}: {exc}") from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code != 200 or not isinstance(body, dict):
            raise Unreachable(f"Error: {self.name} answered HTTP {response.status_code} for {path}: "
                              f"{_detail(body, response.text)}")
        return body


def _detail(body: Any, text: str) -> str:
    """The service's own error message when it sent one (Prometheus' ``error``, Jaeger's ``errors``)."""
    if isinstance(body, dict):
        if body.get("error"):
            return str(body["error"])
        errors = body.get("errors") or []
        if errors and isinstance(errors[0], dict):
            return str(errors[0].get("msg", errors[0]))
    return " ".join(text.split())[:200] or "(empty body)"
