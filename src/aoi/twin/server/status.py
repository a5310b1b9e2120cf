"""API errors as metav1.Status objects, with the real API server's reason, code and message.

kubectl prints a Status it receives as ``Error from server (<reason>): <message>`` (and an
``Invalid`` one as ``The <details.kind> "<name>" is invalid: <field>: <message>``), so the
messages here are the API server's own, letter for letter. Every handler raises `ApiError`;
`app.py` turns it into the JSON response.

    ApiError (code, reason, message, details)
    built by: not_found, already_exists, conflict, invalid, bad_request, method_not_allowed,
              unsupported_media_type, from_twin_error
"""

from __future__ import annotations

from ..errors import AlreadyExists, Invalid, NotFound, TwinError
from ..kinds import BY_KIND, ResourceType

__all__ = [
    "ApiError",
    "already_exists",
    "bad_request",
    "conflict",
    "from_twin_error",
    "invalid",
    "method_not_allowed",
    "not_found",
    "status_object",
    "success",
    "unsupported_media_type",
]


class ApiError(Exception):
    """A request the API server refuses; `body` is the Status it answers with."""

    def __init__(self, code: int, reason: str, message: str, details: dict | None = None) -> None:
        super().__init__(message)
        self.code, self.reason, self.message = code, reason, message
        self.details = details if details is not None else {}

    @property
    def body(self) -> dict:
        return status_object("Failure", self.message, self.reason, self.details, self.code)


def status_object(status: str, message: str = "", reason: str = "", details: dict | None = None,
                  code: int = 200) -> dict:
    """A metav1.Status with the field order and omissions of the real server's JSON."""
    body: dict = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": status}
    if message:
        body["message"] = message
    if reason:
        body["reason"] = reason
    if details is not None:
        body["details"] = details
    body["code"] = code
    return body


def _details(rtype: ResourceType, name: str) -> dict:
    """details of a refusal about one object: its name, group and resource (plural)."""
    details: dict = {"name": name} if name else {}
    if rtype.group:
        details["group"] = rtype.group
    details["kind"] = rtype.plural
    return details


def success(rtype: ResourceType, obj: dict) -> dict:
    """What DELETE answers for an object that is gone at once (no finalizers, no grace period)."""
    details = _details(rtype, obj["metadata"]["name"])
    details["uid"] = obj["metadata"].get("uid", "")
    return status_object("Success", details=details)


def not_found(rtype: ResourceType | None = None, name: str = "") -> ApiError:
    if rtype is None:
        return ApiError(404, "NotFound", "the server could not find the requested resource")
    return ApiError(404, "NotFound", f'{rtype.qualified} "{name}" not found', _details(rtype, name))


def already_exists(rtype: ResourceType, name: str) -> ApiError:
    return ApiError(409, "AlreadyExists", f'{rtype.qualified} "{name}" already exists', _details(rtype, name))


def conflict(rtype: ResourceType, name: str) -> ApiError:
    return ApiError(409, "Conflict", f'Operation cannot be fulfilled on {rtype.qualified} "{name}": the object has '
                    "been modified; please apply your changes to the latest version and try again",
                    _details(rtype, name))


def invalid(kind: str, name: str, field: str, message: str, group: str | None = None) -> ApiError:
    """422 with one cause; kubectl prints ``The <Kind> "<name>" is invalid: <field>: <message>``.

    ``group`` defaults to the kind's own (for kinds that are not resources, e.g. PatchOptions).
    """
    rtype = BY_KIND.get(kind)
    if group is None:
        group = rtype.group if rtype is not None else ""
    qualified = f"{kind}.{group}" if group else kind
    cause = {"reason": _cause_reason(message), "message": message, "field": field}
    details: dict = {"name": name} if name else {}
    if group:
        details["group"] = group
    details.update({"kind": kind, "causes": [cause]})
    return ApiError(422, "Invalid", f'{qualified} "{name}" is invalid: {field}: {message}', details)


def _cause_reason(message: str) -> str:
    for prefix, reason in (("Required value", "FieldValueRequired"), ("Forbidden", "FieldValueForbidden"),
                           ("Unsupported value", "FieldValueNotSupported")):
        if message.startswith(prefix):
            return reason
    return "FieldValueInvalid"


def bad_request(message: str) -> ApiError:
    return ApiError(400, "BadRequest", message)


def method_not_allowed(message: str = "the server does not allow this method on the requested resource") -> ApiError:
    return ApiError(405, "MethodNotAllowed", message)


def unsupported_media_type(accepted: tuple[str, ...], hint: str = "") -> ApiError:
    return ApiError(415, "UnsupportedMediaType", f"the body of the request was in an unknown format - accepted "
                    f"media types include: {', '.join(accepted)}{hint}")


def from_twin_error(err: TwinError) -> ApiError:
    """The twin's API errors (raised by `Cluster`) as the Status a real server answers."""
    if isinstance(err, NotFound):
        rtype = BY_KIND.get(err.kind)
        return not_found(rtype, err.name) if rtype else ApiError(404, "NotFound", str(err))
    if isinstance(err, AlreadyExists):
        rtype = BY_KIND.get(err.kind)
        return already_exists(rtype, err.name) if rtype else ApiError(409, "AlreadyExists", str(err))
    if isinstance(err, Invalid):
        field, _, message = err.detail.partition(": ")
        return invalid(err.kind, err.name, field, message or err.detail)
    return ApiError(500, "InternalError", f"Internal error occurred: {err}")
