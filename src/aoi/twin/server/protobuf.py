"""Request bodies in Kubernetes' protobuf encoding, for the objects kubectl's generators send.

client-go's typed clients write protobuf (``application/vnd.kubernetes.protobuf``): the magic
``k8s\\x00``, then a ``runtime.Unknown`` (typeMeta = 1, raw = 2) whose ``raw`` is the object's
own message. ``kubectl create configmap | secret generic | namespace | serviceaccount`` use
them, so those four kinds are decoded here, field numbers as in k8s.io/api's generated.proto;
any other kind stays a 415, as before.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator

__all__ = ["MAGIC", "ProtobufError", "decode_object"]

MAGIC = b"k8s\x00"


class ProtobufError(ValueError):
    """The body is not protobuf the server can read (bad wire data, or a kind not decoded here)."""


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if pos >= len(data):
            raise ProtobufError("truncated varint")
        byte = data[pos]
        value |= (byte & 0x7F) << shift
        pos += 1
        if not byte & 0x80:
            return value, pos
        shift += 7


def _fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) pairs: varints as int, length-delimited fields as bytes."""
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
            yield number, value
        elif wire == 2:
            size, pos = _varint(data, pos)
            yield number, data[pos:pos + size]
            pos += size
        elif wire in (1, 5):
            pos += 8 if wire == 1 else 4
        else:
            raise ProtobufError(f"unsupported wire type {wire}")


def _text(value: int | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _entry(value: int | bytes) -> tuple[str, bytes]:
    found = dict(_fields(value if isinstance(value, bytes) else b""))
    key, item = found.get(1, b""), found.get(2, b"")
    return _text(key), item if isinstance(item, bytes) else str(item).encode()


def _meta(data: bytes) -> dict:
    meta: dict = {}
    for number, value in _fields(data):
        if number in (1, 2, 3, 6) and _text(value):  # gogo writes empty strings too; JSON omits them
            meta[{1: "name", 2: "generateName", 3: "namespace", 6: "resourceVersion"}[number]] = _text(value)
        elif number in (11, 12):
            key, item = _entry(value)
            meta.setdefault("labels" if number == 11 else "annotations", {})[key] = item.decode()
        elif number == 14:
            meta.setdefault("finalizers", []).append(_text(value))
    return meta


def _configmap(obj: dict, number: int, value: int | bytes) -> None:
    if number in (2, 3):
        key, item = _entry(value)
        if number == 2:
            obj.setdefault("data", {})[key] = item.decode()
        else:
            obj.setdefault("binaryData", {})[key] = base64.b64encode(item).decode()
    elif number == 4:
        obj["immutable"] = bool(value)


def _secret(obj: dict, number: int, value: int | bytes) -> None:
    if number in (2, 4):
        key, item = _entry(value)
        if number == 2:
            obj.setdefault("data", {})[key] = base64.b64encode(item).decode()
        else:
            obj.setdefault("stringData", {})[key] = item.decode()
    elif number == 3 and _text(value):
        obj["type"] = _text(value)
    elif number == 5:
        obj["immutable"] = bool(value)


def _namespace(obj: dict, number: int, value: int | bytes) -> None:
    if number == 2 and isinstance(value, bytes):
        finalizers = [_text(v) for n, v in _fields(value) if n == 1]
        obj["spec"] = {"finalizers": finalizers} if finalizers else {}


def _serviceaccount(obj: dict, number: int, value: int | bytes) -> None:
    if number == 3 and isinstance(value, bytes):
        names = [_text(v) for n, v in _fields(value) if n == 1]
        obj.setdefault("imagePullSecrets", []).extend({"name": name} for name in names)
    elif number == 4:
        obj["automountServiceAccountToken"] = bool(value)


_KINDS: dict[tuple[str, str], Callable[[dict, int, int | bytes], None]] = {
    ("v1", "ConfigMap"): _configmap,
    ("v1", "Secret"): _secret,
    ("v1", "Namespace"): _namespace,
    ("v1", "ServiceAccount"): _serviceaccount,
}


def decode_object(body: bytes) -> dict:
    """The object a protobuf request body carries, as the JSON-shaped dict the twin stores."""
    if not body.startswith(MAGIC):
        raise ProtobufError("the body does not start with the protobuf magic number")
    unknown = dict(_fields(body[len(MAGIC):]))
    type_meta = dict(_fields(unknown.get(1, b""))) if isinstance(unknown.get(1), bytes) else {}
    api_version, kind = _text(type_meta.get(1, b"")), _text(type_meta.get(2, b""))
    read = _KINDS.get((api_version, kind))
    raw = unknown.get(2, b"")
    if read is None or not isinstance(raw, bytes):
        raise ProtobufError(f"the twin reads protobuf only for {', '.join(k for _, k in _KINDS)}, not {kind or '?'}")
    obj: dict = {"apiVersion": api_version, "kind": kind, "metadata": {}}
    for number, value in _fields(raw):
        if number == 1 and isinstance(value, bytes):
            obj["metadata"] = _meta(value)
        else:
            read(obj, number, value)
    return obj
