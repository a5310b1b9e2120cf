"""`KubeReader`: the oracles' `ClusterReader` over ``kubectl get -o json``, with real, bounded waits.

Reads run with the Probe's kubeconfig. A missing object is None and a kind the server does not
serve lists as empty (the `ClusterReader` contract); any other kubectl failure raises
`KubectlFailed`, since a verdict on a cluster that cannot be read would be a guess. `wait`
sleeps for real, but all waits of one reader together stop at ``max_wait_s``, so a scoring
loop against a cluster that never heals ends.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from .errors import KubectlFailed
from .kubectl import Kubectl

__all__ = ["KubeReader"]

_NOT_SERVED = ("the server doesn't have a resource type", "doesn't have a resource type")


class KubeReader:
    """A `ClusterReader` over a live cluster (``sleep`` is injectable for tests)."""

    def __init__(self, kubectl: Kubectl, kubeconfig: Path, *, max_wait_s: float = 120.0,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.kubectl, self.kubeconfig = kubectl, kubeconfig
        self.max_wait_s, self.waited = max_wait_s, 0.0
        self._sleep = sleep

    def find(self, kind: str, name: str, namespace: str | None = None) -> dict | None:
        scope = ["-n", namespace] if namespace else []
        return self._get([kind.lower(), name, *scope])

    def list(self, kind: str, namespace: str | None = None) -> list[dict]:
        scope = ["-n", namespace] if namespace else ["--all-namespaces"]
        found = self._get([kind.lower(), *scope])
        return [] if found is None else list(found.get("items") or [])

    def wait(self, seconds: float) -> None:
        step = max(0.0, min(seconds, self.max_wait_s - self.waited))
        self.waited += step
        if step:
            self._sleep(step)

    def _get(self, args: list[str]) -> dict | None:
        result = self.kubectl.run(["kubectl", "get", *args, "-o", "json"], self.kubeconfig)
        if result.ok:
            try:
                return json.loads(result.stdout)
            except ValueError:
                raise KubectlFailed(f"kubectl get {' '.join(args)} printed no JSON") from None
        if "(NotFound)" in result.stderr or any(text in result.stderr for text in _NOT_SERVED):
            return None
        raise KubectlFailed(f"kubectl get {' '.join(args)} failed: {result.stderr.strip() or result.exit_code}")
