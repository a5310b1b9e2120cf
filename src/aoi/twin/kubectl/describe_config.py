"""``kubectl describe`` for ConfigMaps, Secrets, Namespaces, and a generic fallback for other kinds."""

from __future__ import annotations

import base64
import binascii
import re
from typing import TYPE_CHECKING

from .describe_common import (
    Writer,
    describe_events,
    print_labels_annotations,
)

if TYPE_CHECKING:
    from ..cluster import Cluster

__all__ = ["describe_configmap", "describe_generic", "describe_namespace", "describe_secret",
           "describe_serviceaccount"]


def _head(w: Writer, obj: dict) -> None:
    meta = obj["metadata"]
    w.write(0, f"Name:\t{meta['name']}\n")
    if meta.get("namespace"):
        w.write(0, f"Namespace:\t{meta['namespace']}\n")
    print_labels_annotations(w, meta)


def describe_configmap(w: Writer, cm: dict, events: list[dict], now: float, cluster: Cluster) -> None:
    _head(w, cm)
    w.write(0, "\nData\n====\n")
    for key, value in sorted((cm.get("data") or {}).items()):
        w.write(0, f"{key}:\n----\n")
        w.write(0, f"{value}\n")
        w.write(0, "\n")
    w.write(0, "\nBinaryData\n====\n")
    for key, value in sorted((cm.get("binaryData") or {}).items()):
        w.write(0, f"{key}: {_decoded_size(value)} bytes\n")
    w.write(0, "\n")
    describe_events(w, events, now)


def _decoded_size(value: str) -> int:
    try:
        return len(base64.b64decode(value, validate=False))
    except (binascii.Error, ValueError):
        return len(value)


def describe_secret(w: Writer, secret: dict, events: list[dict], now: float, cluster: Cluster) -> None:
    _head(w, secret)
    w.write(0, f"\nType:\t{secret.get('type', 'Opaque')}\n")
    w.write(0, "\nData\n====\n")
    data = dict(secret.get("data") or {})
    for key, value in (secret.get("stringData") or {}).items():
        data[key] = base64.b64encode(str(value).encode()).decode()
    for key, value in sorted(data.items()):
        w.write(0, f"{key}:\t{_decoded_size(value)} bytes\n")


def describe_namespace(w: Writer, ns: dict, events: list[dict], now: float, cluster: Cluster) -> None:
    _head(w, ns)
    w.write(0, f"Status:\t{(ns.get('status') or {}).get('phase', 'Active')}\n")
    w.write(0, "\nNo resource quota.\n")
    w.write(0, "\nNo LimitRange resource.\n")


_SA_HEADERS = ("Image pull secrets:", "Mountable secrets: ", "Tokens:            ")  # sorted, as kubectl lists them


def describe_serviceaccount(w: Writer, sa: dict, events: list[dict], now: float, cluster: Cluster) -> None:
    _head(w, sa)
    namespace, uid = sa["metadata"].get("namespace"), sa["metadata"].get("uid")
    secrets = cluster.list("Secret", namespace)
    existing = {s["metadata"]["name"] for s in secrets}
    tokens = [s["metadata"]["name"] for s in secrets if s.get("type") == "kubernetes.io/service-account-token"
              and (s["metadata"].get("annotations") or {}).get("kubernetes.io/service-account.name")
              == sa["metadata"]["name"]
              and (s["metadata"].get("annotations") or {}).get("kubernetes.io/service-account.uid") == uid]
    names = dict(zip(_SA_HEADERS, ([r.get("name", "") for r in sa.get("imagePullSecrets") or ()],
                                   [r.get("name", "") for r in sa.get("secrets") or ()], tokens), strict=True))
    for header, listed in names.items():
        if not listed:
            w.write(0, f"{header}\t<none>\n")
        for i, name in enumerate(listed):
            missing = " (not found)" if name not in existing else ""
            w.write(0, f"{header if i == 0 else ' ' * len(header)}\t{name}{missing}\n")
    describe_events(w, events, now)


_ACRONYMS = frozenset({"API", "URL", "UID", "OSB", "GUID"})


def _camel(key: str) -> str:
    """kubectl's smart label: ``creationTimestamp`` -> ``Creation Timestamp``, ``uid`` -> ``UID``."""
    if any(not (ch.isalpha() or ch == "-") for ch in key):
        return key
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z]|$)|[A-Z]?[a-z]+|[A-Z]+|-", key)
    return " ".join(w.upper() if w.upper() in _ACRONYMS else w[:1].upper() + w[1:] for w in words)


def _fields(w: Writer, value: object, level: int) -> None:
    if isinstance(value, dict):
        for key in sorted(value):
            item = value[key]
            if isinstance(item, dict | list):
                w.write(level, f"{_camel(key)}:\n")
                _fields(w, item, level + 1)
            else:
                w.write(level, f"{_camel(key)}:\t{_scalar(item)}\n")
    elif isinstance(value, list):
        # items print at the level the caller chose for the list (one below its key)
        for item in value:
            if isinstance(item, dict):
                _fields(w, item, level)
            else:
                w.write(level, f"{_scalar(item)}\n")


def _scalar(value: object) -> str:
    """Go's %v of a decoded JSON value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + " ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{_scalar(v)}" for k, v in sorted(value.items())) + "]"
    return "<nil>" if value is None else str(value)


def describe_generic(w: Writer, obj: dict, events: list[dict], now: float, cluster: Cluster) -> None:
    """kubectl's describer for types it has no printer for: every field, nested, capitalised."""
    _head(w, obj)
    w.write(0, f"API Version:\t{obj.get('apiVersion', '')}\n")
    w.write(0, f"Kind:\t{obj.get('kind', '')}\n")
    meta = {k: v for k, v in obj["metadata"].items() if k not in ("name", "namespace", "labels", "annotations")}
    w.write(0, "Metadata:\n")
    _fields(w, meta, 1)
    for section in ("spec", "status", "data"):
        if obj.get(section):
            w.write(0, f"{_camel(section)}:\n")
            _fields(w, obj[section], 1)
    describe_events(w, events, now)
