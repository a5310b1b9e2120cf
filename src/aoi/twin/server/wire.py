"""Bytes on the wire: response bodies encoded while the lock is held, request bodies decoded.

Objects in the twin are live dicts that controllers mutate, so a response is serialised to
bytes inside the lock and only the bytes leave it. Request bodies are JSON, or YAML for
server-side apply (``application/apply-patch+yaml``); what does not parse is the API server's
BadRequest.
"""

from __future__ import annotations

import json

from starlette.responses import Response

from ..kubectl.manifests import ManifestError, load_yaml
from .status import bad_request

__all__ = ["decode_body", "encode", "json_response"]


def encode(body: object) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def json_response(body: object, status: int = 200, content_type: str = "application/json") -> Response:
    return Response(encode(body), status_code=status, media_type=content_type)


def decode_body(raw: bytes, *, yaml_ok: bool = False) -> object:
    """The request body as JSON (or YAML when ``yaml_ok``); BadRequest when it does not parse."""
    text = raw.decode("utf-8", errors="replace")
    if not text.strip():
        raise bad_request("the request body is empty")
    try:
        return json.loads(text)
    except ValueError as err:
        if not yaml_ok:
            raise bad_request(f"the body of the request could not be decoded as JSON: {err}") from None
    try:
        documents = load_yaml(text)
    except ManifestError as err:
        raise bad_request(f"error converting YAML to JSON: {err}") from None
    return documents[0] if documents else None
