"""The twin's object store: Kubernetes objects as API-shaped dicts, keyed by kind/namespace/name.

Objects are plain dicts in exactly the shape ``kubectl get -o json`` prints (apiVersion, kind,
metadata, spec, status), so printers, patches, jsonpath and oracles work on them unchanged.
The store does no validation and runs no controllers; `Cluster` does that.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

Key = tuple[str, str, str]  # (kind, namespace or "", name)


def key_of(obj: Mapping) -> Key:
    meta = obj["metadata"]
    return (obj["kind"], meta.get("namespace") or "", meta["name"])


def matches_selector(labels: Mapping[str, str] | None, selector: Mapping[str, str] | None) -> bool:
    """Equality-based label selection (``matchLabels`` / a Service selector)."""
    if not selector:
        return True
    if not labels:
        return False
    return all(labels.get(k) == v for k, v in selector.items())


class ObjectStore:
    """Objects by kind, then by (namespace, name); iteration is sorted like the API server's."""

    def __init__(self) -> None:
        self._by_kind: dict[str, dict[tuple[str, str], dict]] = {}

    def get(self, kind: str, name: str, namespace: str | None = None) -> dict | None:
        return self._by_kind.get(kind, {}).get((namespace or "", name))

    def put(self, obj: dict) -> None:
        kind, ns, name = key_of(obj)
        self._by_kind.setdefault(kind, {})[(ns, name)] = obj

    def pop(self, kind: str, name: str, namespace: str | None = None) -> dict | None:
        return self._by_kind.get(kind, {}).pop((namespace or "", name), None)

    def list(
        self,
        kind: str,
        namespace: str | None = None,
        selector: Mapping[str, str] | None = None,
    ) -> list[dict]:
        """Objects of ``kind``; ``namespace=None`` means all namespaces. Sorted by (namespace, name)."""
        bucket = self._by_kind.get(kind)
        if not bucket:
            return []
        out = [
            obj
            for (ns, _), obj in bucket.items()
            if (namespace is None or ns == namespace)
            and (selector is None or matches_selector(obj["metadata"].get("labels"), selector))
        ]
        out.sort(key=lambda o: (o["metadata"].get("namespace", ""), o["metadata"]["name"]))
        return out

    def kinds(self) -> Iterator[str]:
        return iter(self._by_kind)

    def namespaces_in_use(self) -> set[str]:
        return {ns for bucket in self._by_kind.values() for (ns, _) in bucket if ns}
