"""The read-only view of a cluster that mitigation oracles judge, and a snapshot implementation.

A `ClusterReader` hands out Kubernetes objects as plain dicts in the shape ``kubectl get -o json``
prints (``pod["status"]["containerStatuses"]``, ``deployment["status"]["availableReplicas"]``, ...).
The twin implements it over its object store with a virtual clock; the real-cluster backend over
kubectl with real sleeps. `SnapshotReader` serves a fixed list of objects, for tests and for
re-scoring a saved cluster dump.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol, runtime_checkable

__all__ = ["ClusterReader", "SnapshotReader"]


@runtime_checkable
class ClusterReader(Protocol):
    """What an oracle may do to a cluster: look objects up, list them, and let time pass.

    Kinds are Kubernetes kind names (``"Pod"``, ``"Deployment"``, ``"Service"``, ``"ConfigMap"``,
    ``"Node"``, ``"PersistentVolumeClaim"``). A kind the backend does not serve lists as empty.
    """

    def find(self, kind: str, name: str, namespace: str | None = None) -> dict | None:
        """The object, or None when it does not exist."""
        ...

    def list(self, kind: str, namespace: str | None = None) -> list[dict]:
        """Every object of the kind, in the namespace (all namespaces / cluster scope when None)."""
        ...

    def wait(self, seconds: float) -> None:
        """Let `seconds` pass: virtual time in the twin, a real sleep on a live cluster."""
        ...


class SnapshotReader:
    """A `ClusterReader` over a list of object dicts (each with ``kind`` and ``metadata``).

    `on_wait`, if given, is called with the seconds waited and may return a new object list,
    which lets a test script how the cluster changes while an oracle polls it.
    """

    def __init__(
        self, objects: Iterable[dict], on_wait: Callable[[float], Iterable[dict] | None] | None = None
    ) -> None:
        self.objects = list(objects)
        self.waited = 0.0
        self._on_wait = on_wait

    def find(self, kind: str, name: str, namespace: str | None = None) -> dict | None:
        for obj in self.list(kind, namespace):
            if obj.get("metadata", {}).get("name") == name:
                return obj
        return None

    def list(self, kind: str, namespace: str | None = None) -> list[dict]:
        return [
            obj
            for obj in self.objects
            if obj.get("kind") == kind
            and (namespace is None or obj.get("metadata", {}).get("namespace") == namespace)
        ]

    def wait(self, seconds: float) -> None:
        self.waited += seconds
        if self._on_wait is not None:
            replaced = self._on_wait(seconds)
            if replaced is not None:
                self.objects = list(replaced)
