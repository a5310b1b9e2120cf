"""The twin's API server: object CRUD with Kubernetes semantics, a virtual clock and controllers.

Writes go through `create`/`update`/`apply`/`delete`, which fill server-side metadata, apply
API defaults, garbage-collect owned objects and then run the controllers until the state
settles. Time only moves in `advance`, which fires the timers controllers scheduled (container
starts, crash back-offs). Reads (`find`, `get`, `list`) never run controllers, so they are cheap.
"""

from __future__ import annotations

import copy
import gc
import heapq
import pickle
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .clock import VirtualClock
from .defaults import admit_pod, apply_defaults
from .errors import AlreadyExists, NotFound
from .events import EventRecorder
from .kinds import BY_KIND
from .logbook import LogBook
from .naming import cluster_ip, new_uid, random_suffix
from .runtime import BehaviourTable
from .store import ObjectStore

Timer = tuple[float, int, str, tuple]  # (due, sequence, controller action, arguments)

_SYSTEM_NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")
_MAX_PASSES = 20


class Cluster:
    """A kind-like cluster (one control-plane node, one worker) living in memory."""

    def __init__(self, *, seed: int = 0, behaviours: BehaviourTable | None = None) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.clock = VirtualClock()
        self.store = ObjectStore()
        self.logs = LogBook(self.clock)
        self.behaviours = behaviours or BehaviourTable()
        self.app_state: dict[str, object] = {}
        self.controller_state: dict[str, dict] = {}
        self.events = EventRecorder()
        self._resource_version = 1000
        self._timers: list[Timer] = []
        self._timer_seq = 0
        self._dirty: set[str] = set()
        self._batch_depth = 0
        self.ips: set[str] = set()
        from .controllers import CONTROLLERS, bootstrap_nodes

        self._controllers = CONTROLLERS
        with self.batch():
            for ns in _SYSTEM_NAMESPACES:
                self.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
            bootstrap_nodes(self)

    # ----------------------------------------------------------------- reads
    def find(self, kind: str, name: str, namespace: str | None = None) -> dict | None:
        return self.store.get(kind, name, namespace if _namespaced(kind) else None)

    def get(self, kind: str, name: str, namespace: str | None = None) -> dict:
        obj = self.find(kind, name, namespace)
        if obj is None:
            raise NotFound(kind, name, namespace)
        return obj

    def list(self, kind: str, namespace: str | None = None, selector: dict[str, str] | None = None) -> list[dict]:
        return self.store.list(kind, namespace if _namespaced(kind) else None, selector)

    # ---------------------------------------------------------------- writes
    def create(self, obj: dict) -> dict:
        kind = obj["kind"]
        meta = obj.setdefault("metadata", {})
        if _namespaced(kind):
            ns = meta.setdefault("namespace", "default")
            namespace = self.store.get("Namespace", ns)
            if namespace is None:
                raise NotFound("Namespace", ns)
        else:
            meta.pop("namespace", None)
        if not meta.get("name") and meta.get("generateName"):
            meta["name"] = meta["generateName"] + random_suffix(self.rng)
        if self.find(kind, meta["name"], meta.get("namespace")) is not None:
            raise AlreadyExists(kind, meta["name"])
        obj.setdefault("apiVersion", BY_KIND[kind].api_version if kind in BY_KIND else "v1")
        meta["uid"] = new_uid(self.rng)
        meta["creationTimestamp"] = self.clock.rfc3339()
        meta["resourceVersion"] = self._next_version()
        if "spec" in obj or kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job"):
            meta.setdefault("generation", 1)
        apply_defaults(obj)
        if kind == "Service":
            self._allocate_service_addresses(obj)
        elif kind == "Pod" and not _admitted(obj):
            admit_pod(obj, random_suffix(self.rng))
        self.store.put(obj)
        self._touch(kind)
        return obj

    def _allocate_service_addresses(self, service: dict) -> None:
        """The API server assigns a ClusterIP (unless headless) and NodePorts where none is given."""
        spec = service["spec"]
        if spec.get("clusterIP") != "None" and not spec.get("clusterIP"):
            spec["clusterIP"] = cluster_ip(self.rng, self.ips)
        elif spec.get("clusterIP") != "None":
            self.ips.add(spec["clusterIP"])
        spec["clusterIPs"] = [spec["clusterIP"]]
        if spec.get("type") in ("NodePort", "LoadBalancer"):
            spec.setdefault("externalTrafficPolicy", "Cluster")
            taken = {p.get("nodePort") for s in self.store.list("Service") for p in s["spec"].get("ports", ())}
            for port in spec.get("ports") or ():
                while not port.get("nodePort") or port["nodePort"] in taken:
                    port["nodePort"] = self.rng.randint(30000, 32767)
                taken.add(port["nodePort"])

    def update(self, obj: dict) -> dict:
        kind, meta = obj["kind"], obj["metadata"]
        old = self.get(kind, meta["name"], meta.get("namespace"))
        if old is obj:
            raise ValueError("update() needs a modified copy, not the stored object itself")
        apply_defaults(obj)
        for field in ("uid", "creationTimestamp"):
            meta[field] = old["metadata"][field]
        if "generation" in old["metadata"]:
            changed = old.get("spec") != obj.get("spec")
            meta["generation"] = old["metadata"]["generation"] + (1 if changed else 0)
        meta["resourceVersion"] = self._next_version()
        self.store.put(obj)
        self._touch(kind)
        return obj

    def write_status(self, obj: dict) -> None:
        """Controllers' in-place status writes: bump the version and mark the kind changed."""
        obj["metadata"]["resourceVersion"] = self._next_version()
        self._touch(obj["kind"])

    def apply(self, obj: dict) -> str:
        """``kubectl apply`` on one object: create it, or replace what the manifest sets."""
        kind, meta = obj["kind"], obj.setdefault("metadata", {})
        current = self.find(kind, meta["name"], meta.get("namespace") or "default")
        if current is None:
            self.create(obj)
            return "created"
        merged = copy.deepcopy(current)
        for key, value in obj.items():
            if key == "metadata":
                for mkey in ("labels", "annotations"):
                    if mkey in value:
                        merged["metadata"][mkey] = {**merged["metadata"].get(mkey, {}), **value[mkey]}
            elif key != "status":
                merged[key] = _merge_manifest(merged.get(key), value)
        apply_defaults(merged)
        if merged == current:
            return "unchanged"
        self.update(merged)
        return "configured"

    def delete(self, kind: str, name: str, namespace: str | None = None) -> dict:
        obj = self.get(kind, name, namespace)
        with self.batch():
            self._remove(obj)
        return obj

    def _remove(self, obj: dict) -> None:
        kind, meta = obj["kind"], obj["metadata"]
        if self.store.pop(kind, meta["name"], meta.get("namespace")) is None:
            return
        self._touch(kind)
        if kind == "Pod":
            self.logs.forget_pod(meta["namespace"], meta["name"])
        elif kind == "Namespace":
            self._remove_namespace(meta["name"])
        uid = meta["uid"]
        for dependent in self._dependents(uid, meta.get("namespace")):
            self._remove(dependent)

    def _remove_namespace(self, namespace: str) -> None:
        for kind in list(self.store.kinds()):
            if _namespaced(kind):
                for obj in self.store.list(kind, namespace):
                    self._remove(obj)
        self.logs.forget_namespace(namespace)

    def _dependents(self, uid: str, namespace: str | None) -> Iterator[dict]:
        for kind in ("ReplicaSet", "Pod", "Endpoints", "Job"):
            for obj in self.store.list(kind, namespace):
                if any(ref.get("uid") == uid for ref in obj["metadata"].get("ownerReferences") or ()):
                    yield obj

    # ------------------------------------------------------------------ time
    def advance(self, seconds: float) -> None:
        """Move virtual time forward, firing every timer that falls due on the way."""
        deadline = self.clock.now + seconds
        actions = self._controllers_by_action()
        while self._timers and self._timers[0][0] <= deadline:
            due = self._timers[0][0]
            self.clock.now = max(self.clock.now, due)
            # Timers due at the same instant (pods created together) settle in one reconcile.
            with self.batch():
                while self._timers and self._timers[0][0] == due:
                    _, _, action, args = heapq.heappop(self._timers)
                    actions[action](self, *args)
        self.clock.now = deadline
        from .controllers.nodes import heartbeat  # controllers import this module

        heartbeat(self)  # the kubelets' periodic writes (lease renewals, status reports) catch up

    def schedule(self, delay: float, action: str, *args: object) -> None:
        """Run controller ``action`` (a name in `controllers.TIMER_ACTIONS`) after ``delay`` seconds."""
        self._timer_seq += 1
        heapq.heappush(self._timers, (self.clock.now + delay, self._timer_seq, action, args))

    @staticmethod
    def _controllers_by_action() -> dict[str, Callable]:
        from .controllers import TIMER_ACTIONS

        return TIMER_ACTIONS

    # ------------------------------------------------------------- reconcile
    @contextmanager
    def batch(self) -> Iterator[None]:
        """Defer reconciliation until the outermost batch ends (many writes, one settle)."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                self.reconcile()

    def reconcile(self) -> None:
        self._batch_depth += 1
        try:
            for _ in range(_MAX_PASSES):
                if not self._dirty:
                    return
                dirty, self._dirty = self._dirty, set()
                for controller in self._controllers:
                    if dirty & controller.watches:
                        controller.run(self)
        finally:
            self._batch_depth -= 1

    def _touch(self, kind: str) -> None:
        self._dirty.add(kind)
        if self._batch_depth == 0:
            self.reconcile()

    def _next_version(self) -> str:
        self._resource_version += 1
        return str(self._resource_version)

    def record_event(self, obj: dict, type_: str, reason: str, message: str, component: str) -> None:
        self.events.record(self, obj, type_, reason, message, component)

    # ------------------------------------------------------------- snapshots
    def snapshot(self) -> bytes:
        """The whole state as bytes; `Cluster.restore` gives back an independent copy fast."""
        behaviours, self.behaviours = self.behaviours, None
        controllers, self._controllers = self._controllers, None
        try:
            return pickle.dumps(self.__dict__, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            self.behaviours, self._controllers = behaviours, controllers

    @classmethod
    def restore(cls, data: bytes, behaviours: BehaviourTable | None = None) -> Cluster:
        from .controllers import CONTROLLERS

        cluster = cls.__new__(cls)
        # Unpickling allocates tens of thousands of dicts, which would trigger full garbage
        # collections over everything alive; none of them can be garbage yet, so skip the scans.
        enabled = gc.isenabled()
        gc.disable()
        try:
            cluster.__dict__.update(pickle.loads(data))
        finally:
            if enabled:
                gc.enable()
        cluster.behaviours = behaviours or BehaviourTable()
        cluster._controllers = CONTROLLERS
        return cluster


def _merge_manifest(live: object, manifest: object) -> object:
    """Fields the manifest sets win; fields only the live object has (claimRef, clusterIP,
    defaults) survive, as with kubectl apply's three-way merge. Lists are replaced whole."""
    if isinstance(live, dict) and isinstance(manifest, dict):
        merged = dict(live)
        for key, value in manifest.items():
            merged[key] = _merge_manifest(live.get(key), value)
        return merged
    return copy.deepcopy(manifest)


def _admitted(pod: dict) -> bool:
    """Whether the admission plugins already ran on ``pod`` (its service account token is mounted)."""
    return any(str(v.get("name", "")).startswith("kube-api-access-") for v in pod["spec"].get("volumes") or ())


def _namespaced(kind: str) -> bool:
    rtype = BY_KIND.get(kind)
    return rtype.namespaced if rtype else True
