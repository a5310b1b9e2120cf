"""What an investigator sees of one service through the public API, reduced to comparable facts.

`Twin` is one started scenario (a backend after `signals.WAIT_S` seconds); `kube_view` reads the
service's pods, endpoints, Service ports, events, Chaos Mesh experiments and (AstronomyShop) the
flagd ConfigMap through ``kubectl ... -o json``, names and times left out so that two runs of the
same state compare equal; `log_errors` counts error lines in its log; `Twin.telemetry` collects
`signals.Evidence` from get_metrics/get_traces on first use. The noop twin of a problem is the
same problem with nothing injected (Flower has no noop problem in the catalog).
"""

from __future__ import annotations

import json
import re
from functools import cached_property

from aoi.env.backends.twin import TwinBackend
from aoi.problems import FaultSpec, Problem
from aoi.problems.models import Injector

from .signals import WAIT_S, Evidence, collect_from, effects, service_of

NOOP_FAULT = FaultSpec(family="noop", injector=Injector.NOOP, fault_type="noop")
_ERROR = re.compile(r"error|fail|panic|fatal|refused|denied|unauthori[sz]ed|exception|timeout|traceback", re.I)


class Twin:
    """``problem`` started at ``seed`` (with its fault, or none) and left running `WAIT_S` seconds."""

    def __init__(self, problem: Problem, seed: int = 0, *, noop: bool = False) -> None:
        self.problem = problem.model_copy(update={"fault": NOOP_FAULT}) if noop else problem
        self.namespace = problem.namespace
        self.backend = TwinBackend()  # telemetry files go to its own temporary folder
        self.backend.reset(self.problem, seed)
        self.backend.cluster.advance(WAIT_S)

    def kubectl_json(self, args: str) -> dict:
        out = self.backend.exec_shell(f"kubectl {args} -n {self.namespace} -o json")
        return json.loads(out) if out.lstrip().startswith("{") else {}

    @cached_property
    def services(self) -> set[str]:
        if self.namespace == "docker":
            return set(_docker_status(self))
        return {service_of(p["metadata"]["name"]) for p in self.kubectl_json("get pods").get("items", [])}

    @cached_property
    def telemetry(self) -> Evidence:
        return collect_from(self.backend, self.namespace)

    def view(self, service: str) -> dict[str, object]:
        """Everything kubectl (or docker) says about ``service``, without names and times."""
        if self.namespace == "docker":
            return {"status": _docker_status(self).get(service, "absent")}
        return _kube_view(self, service)

    def log_errors(self, service: str) -> int:
        return sum(bool(_ERROR.search(line)) for line in self.backend.get_logs(self.namespace, service).splitlines())


def _docker_status(twin: Twin) -> dict[str, str]:
    rows = twin.backend.exec_shell("docker ps -a").splitlines()[1:]
    out = {}
    for row in rows:
        cells = re.split(r"\s{2,}", row.strip())
        out[cells[-1]] = re.sub(r"\d+ \w+ ago|\d+ \w+$", "", cells[4]).strip()  # "Exited (0)", "Up"
    return out


def _kube_view(twin: Twin, service: str) -> dict[str, object]:
    pods = [p for p in _items(twin, "pods") if service_of(p["metadata"]["name"]) == service]
    view: dict[str, object] = {
        "pods": sorted(_pod_state(p) for p in pods),
        "endpoints": _endpoints(twin, service),
        "service ports": sorted(
            (str(port.get("port")), str(port.get("targetPort")))
            for s in _items(twin, "services") if s["metadata"]["name"] == service
            for port in s.get("spec", {}).get("ports") or ()
        ),
        "events": sorted({
            (e.get("type", ""), e.get("reason", ""))
            for e in _items(twin, "events")
            if service_of((e.get("involvedObject") or {}).get("name", "")) == service
            or (e.get("involvedObject") or {}).get("name") == service
        }),
        "chaos": sorted(
            (c["kind"], c.get("spec", {}).get("action", ""))
            for kind in ("networkchaos", "podchaos")
            for c in _items(twin, kind)
            if service in json.dumps(c.get("spec", {}).get("selector", {}))
        ),
    }
    if twin.namespace == "astronomy-shop":
        flags = twin.kubectl_json("get configmap flagd-config").get("data", {})
        view["flags"] = json.dumps(flags, sort_keys=True)
    return view


def _items(twin: Twin, kind: str) -> list[dict]:
    cache = twin.__dict__.setdefault("_items", {})
    if kind not in cache:
        cache[kind] = twin.kubectl_json(f"get {kind}").get("items", [])
    return cache[kind]


def _pod_state(pod: dict) -> tuple:
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    containers = tuple(
        (c.get("image", ""), tuple(c.get("command") or ()), tuple(c.get("args") or ()))
        for c in spec.get("containers") or ()
    )
    states = tuple(
        (s.get("ready"), s.get("restartCount", 0), next(iter(s.get("state") or {}), ""),
         ((s.get("state") or {}).get("waiting") or {}).get("reason", ""))
        for s in status.get("containerStatuses") or ()
    )
    return (status.get("phase", ""), bool(spec.get("nodeName")), json.dumps(spec.get("nodeSelector") or {}),
            containers, states, "deletionTimestamp" in pod["metadata"])


def _endpoints(twin: Twin, service: str) -> tuple:
    for ep in _items(twin, "endpoints"):
        if ep["metadata"]["name"] == service:
            subsets = ep.get("subsets") or ()
            return (
                sum(len(s.get("addresses") or ()) for s in subsets),
                sum(len(s.get("notReadyAddresses") or ()) for s in subsets),
                sorted(str(p.get("port")) for s in subsets for p in s.get("ports") or ()),
            )
    return ("absent",)


def differences(faulty: Twin, noop: Twin, service: str) -> list[str]:
    """What about ``service`` differs between two twins, cheapest evidence first (kubectl, logs,
    then telemetry, collected only if nothing cheaper showed)."""
    found = []
    seen, base = faulty.view(service), noop.view(service)
    found += [f"kubectl {key}" for key in seen if seen[key] != base.get(key)]
    if faulty.log_errors(service) > noop.log_errors(service):
        found.append("log errors")
    if not found:
        found += [f"telemetry {e}" for e in effects(faulty.telemetry, noop.telemetry, service)]
    return found
