"""Chaos Mesh faults: the experiment objects AIOpsLab applies, and what they do to the pods.

The PodChaos / NetworkChaos custom resource lands in the app namespace (``kubectl get podchaos``
shows it). ``container-kill`` kills the selected container once; ``pod-failure`` swaps the
container image for the pause image until the experiment's duration runs out, as Chaos Mesh
does. Network loss and delay change no pod state; their effect is on traffic (telemetry).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..controllers import TIMER_ACTIONS
from ..controllers.kubelet import restart_container
from ._edit import INJECT_SETTLE_S

if TYPE_CHECKING:
    from ..cluster import Cluster
    from .spec import FaultSpec

PAUSE_IMAGE = "gcr.io/google-containers/pause:latest"
_SAVED_IMAGES = "chaos-mesh/saved-images"


def _seconds(duration: str) -> float:
    return float(duration[:-1]) * {"s": 1, "m": 60, "h": 3600}[duration[-1]]


def _experiment(fault: FaultSpec, namespace: str) -> dict:
    params = fault.params
    name = params.get("experiment", params["action"])
    spec: dict = {
        "action": params["action"],
        "mode": params["mode"],
        "duration": params["duration"],
        "selector": {"labelSelectors": dict(params["selector"]), "namespaces": [namespace]},
    }
    if params.get("container_names"):
        spec["containerNames"] = list(params["container_names"])
    for extra in ("loss", "delay"):
        if params.get(extra):
            spec[extra] = dict(params[extra])
    return {
        "apiVersion": "chaos-mesh.org/v1alpha1",
        "kind": params["kind"],
        "metadata": {"name": name, "namespace": namespace},
        "spec": spec,
        "status": {"experiment": {"desiredPhase": "Run"}},
    }


def _victim(cluster: Cluster, fault: FaultSpec, namespace: str) -> dict | None:
    pods = cluster.list("Pod", namespace, selector=fault.params["selector"])
    running = [p for p in pods if p["status"].get("phase") == "Running"]
    # mode "one" picks a random matching pod; the cluster RNG keeps the pick reproducible.
    return cluster.rng.choice(running) if running else None


def inject_chaos(cluster: Cluster, fault: FaultSpec, namespace: str) -> None:
    experiment = cluster.create(_experiment(fault, namespace))
    victim = _victim(cluster, fault, namespace)
    action = fault.params["action"]
    if victim is not None:  # Chaos Mesh lists the selected pods in the experiment's status
        experiment["status"]["experiment"]["containerRecords"] = [{
            "id": f"{namespace}/{victim['metadata']['name']}", "phase": "Injected", "selectorKey": ".",
        }]
        cluster.write_status(experiment)
    if victim is not None and action == "container-kill":
        names = fault.params.get("container_names") or [c["name"] for c in victim["spec"]["containers"]]
        _kill(cluster, victim, names)
    elif victim is not None and action == "pod-failure":
        _pause(cluster, victim)
        meta = victim["metadata"]
        cluster.schedule(_seconds(fault.params["duration"]), "chaos_recover_pod_failure",
                         meta["namespace"], meta["name"], meta["uid"])
    cluster.schedule(_seconds(fault.params["duration"]), "chaos_finish", experiment["kind"],
                     experiment["metadata"]["name"], namespace)
    cluster.advance(INJECT_SETTLE_S)


def _kill(cluster: Cluster, pod: dict, names: list[str]) -> None:
    meta = pod["metadata"]
    for index, container in enumerate(pod["spec"]["containers"]):
        if container["name"] not in names:
            continue
        status = pod["status"]["containerStatuses"][index]
        running = status["state"].get("running", {})
        status["lastState"] = {"terminated": {
            "containerID": status.get("containerID", ""),
            "exitCode": 137,
            "finishedAt": cluster.clock.rfc3339(),
            "reason": "Error",
            "startedAt": running.get("startedAt", cluster.clock.rfc3339()),
        }}
        restart_container(cluster, meta["namespace"], meta["name"], meta["uid"], index)


def _pause(cluster: Cluster, pod: dict) -> None:
    saved = cluster.app_state.setdefault(_SAVED_IMAGES, {})
    saved[pod["metadata"]["uid"]] = [c["image"] for c in pod["spec"]["containers"]]
    for container in pod["spec"]["containers"]:
        container["image"] = PAUSE_IMAGE
    _kill(cluster, pod, [c["name"] for c in pod["spec"]["containers"]])


def recover_pod_failure(cluster: Cluster, namespace: str, name: str, uid: str) -> None:
    pod = cluster.find("Pod", name, namespace)
    images = cluster.app_state.get(_SAVED_IMAGES, {}).pop(uid, None)
    if pod is None or pod["metadata"]["uid"] != uid or images is None:
        return
    for container, image in zip(pod["spec"]["containers"], images, strict=True):
        container["image"] = image
    _kill(cluster, pod, [c["name"] for c in pod["spec"]["containers"]])


def finish_experiment(cluster: Cluster, kind: str, name: str, namespace: str) -> None:
    experiment = cluster.find(kind, name, namespace)
    if experiment is not None:
        records = [dict(r, phase="Recovered") for r in experiment["status"]["experiment"].get("containerRecords") or ()]
        experiment["status"] = {"experiment": {"desiredPhase": "Stop", "containerRecords": records}}
        cluster.write_status(experiment)


TIMER_ACTIONS["chaos_recover_pod_failure"] = recover_pod_failure
TIMER_ACTIONS["chaos_finish"] = finish_experiment
