"""The kubelet: starts containers on bound pods and keeps their statuses as a real node would.

Each container start asks the cluster's `BehaviourTable` for an `Outcome`. Crashes go into
CrashLoopBackOff with the kubelet's doubling back-off (10 s up to 5 min); image pull failures go
into ErrImagePull / ImagePullBackOff. Every restart asks the behaviour again, so a fix an agent
makes (a granted role, a corrected port) takes effect on the next start.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from ..runtime import Outcome, StartContext

if TYPE_CHECKING:
    from ..cluster import Cluster

START_DELAY_S = 2.0
CRASH_AFTER_S = 1.0
MAX_BACKOFF_S = 300.0


def backoff_seconds(restarts: int) -> float:
    return min(10.0 * 2 ** max(restarts, 0), MAX_BACKOFF_S)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _image_id(image: str) -> str:
    name = image.split(":")[0] if "/" in image.split(":")[0] or ":" in image else image
    if "/" not in name:
        name = f"library/{name}"
    if not name.startswith(("docker.io/", "ghcr.io/", "quay.io/", "registry.k8s.io/")):
        name = f"docker.io/{name}"
    return f"{name}@sha256:{_digest(image)}"


def reconcile_kubelet(cluster: Cluster) -> None:
    seen = cluster.controller_state.setdefault("kubelet", {})
    for pod in cluster.list("Pod"):
        uid = pod["metadata"]["uid"]
        if uid in seen or not pod["spec"].get("nodeName"):
            continue
        seen[uid] = True
        _admit(cluster, pod)


def _admit(cluster: Cluster, pod: dict) -> None:
    now = cluster.clock.rfc3339()
    status = pod.setdefault("status", {})
    status["startTime"] = now
    status["containerStatuses"] = [
        {
            "image": c["image"],
            "imageID": "",
            "lastState": {},
            "name": c["name"],
            "ready": False,
            "restartCount": 0,
            "started": False,
            "state": {"waiting": {"reason": "ContainerCreating"}},
        }
        for c in pod["spec"]["containers"]
    ]
    _refresh_pod(cluster, pod)
    for index, container in enumerate(pod["spec"]["containers"]):
        cluster.record_event(pod, "Normal", "Pulled",
                             f'Container image "{container["image"]}" already present on machine', "kubelet")
        cluster.schedule(START_DELAY_S, "start_container", pod["metadata"]["namespace"],
                         pod["metadata"]["name"], pod["metadata"]["uid"], index)


def _live_pod(cluster: Cluster, namespace: str, name: str, uid: str) -> dict | None:
    pod = cluster.find("Pod", name, namespace)
    return pod if pod is not None and pod["metadata"]["uid"] == uid else None


def start_container(cluster: Cluster, namespace: str, name: str, uid: str, index: int) -> None:
    pod = _live_pod(cluster, namespace, name, uid)
    if pod is None:
        return
    spec = pod["spec"]["containers"][index]
    cstatus = pod["status"]["containerStatuses"][index]
    ctx = StartContext(cluster, pod, spec, cstatus["restartCount"], cluster.clock.now)
    outcome = cluster.behaviours.for_image(spec["image"])(ctx)
    if outcome.state == "pull_error":
        _pull_failed(cluster, pod, spec, cstatus, outcome)
    else:
        _run(cluster, pod, spec, cstatus, outcome, index)
    _refresh_pod(cluster, pod)


def _run(cluster: Cluster, pod: dict, spec: dict, cstatus: dict, outcome: Outcome, index: int) -> None:
    meta = pod["metadata"]
    now = cluster.clock.rfc3339()
    container_id = "containerd://" + _digest(f"{meta['uid']}/{spec['name']}/{cstatus['restartCount']}")
    cstatus.update(containerID=container_id, imageID=_image_id(spec["image"]))
    cluster.logs.start_run(meta["namespace"], meta["name"], spec["name"])
    cluster.logs.append(meta["namespace"], meta["name"], spec["name"], outcome.logs)
    cluster.record_event(pod, "Normal", "Created", f"Created container: {spec['name']}", "kubelet")
    cluster.record_event(pod, "Normal", "Started", f"Started container {spec['name']}", "kubelet")
    if outcome.state == "running":
        cstatus.update(state={"running": {"startedAt": now}}, ready=outcome.ready, started=True)
        return
    finished = cluster.clock.rfc3339(cluster.clock.now + CRASH_AFTER_S)
    terminated = {
        "containerID": container_id,
        "exitCode": outcome.exit_code,
        "finishedAt": finished,
        "reason": "Completed" if outcome.exit_code == 0 else "Error",
        "startedAt": now,
    }
    policy = pod["spec"].get("restartPolicy", "Always")
    restarts = policy == "Always" or (policy == "OnFailure" and outcome.exit_code != 0)
    if not restarts:
        cstatus.update(state={"terminated": terminated}, ready=False, started=False)
        return
    delay = backoff_seconds(cstatus["restartCount"])
    cstatus.update(
        state={"waiting": {
            "message": f"back-off {int(delay)}s restarting failed container={spec['name']} "
                       f"pod={meta['name']}_{meta['namespace']}({meta['uid']})",
            "reason": "CrashLoopBackOff",
        }},
        lastState={"terminated": terminated},
        ready=False,
        started=False,
    )
    cluster.record_event(
        pod, "Warning", "BackOff",
        f"Back-off restarting failed container {spec['name']} in pod {meta['name']}_{meta['namespace']}({meta['uid']})",
        "kubelet",
    )
    cluster.schedule(CRASH_AFTER_S + delay, "restart_container", meta["namespace"], meta["name"], meta["uid"], index)


def restart_container(cluster: Cluster, namespace: str, name: str, uid: str, index: int) -> None:
    pod = _live_pod(cluster, namespace, name, uid)
    if pod is None:
        return
    pod["status"]["containerStatuses"][index]["restartCount"] += 1
    start_container(cluster, namespace, name, uid, index)


def _pull_failed(cluster: Cluster, pod: dict, spec: dict, cstatus: dict, outcome: Outcome) -> None:
    image = spec["image"]
    attempts = cluster.controller_state.setdefault("pull-attempts", {})
    key = (pod["metadata"]["uid"], spec["name"])
    attempts[key] = attempts.get(key, 0) + 1
    cluster.record_event(pod, "Normal", "Pulling", f'Pulling image "{image}"', "kubelet")
    cluster.record_event(pod, "Warning", "Failed", f'Failed to pull image "{image}": {outcome.message}', "kubelet")
    cluster.record_event(pod, "Warning", "Failed", "Error: ErrImagePull", "kubelet")
    cstatus.update(state={"waiting": {"message": f'Back-off pulling image "{image}"', "reason": "ImagePullBackOff"}}
                   if attempts[key] > 1 else {"waiting": {"message": outcome.message, "reason": "ErrImagePull"}},
                   ready=False, started=False)
    if attempts[key] > 1:
        cluster.record_event(pod, "Normal", "BackOff", f'Back-off pulling image "{image}"', "kubelet")
        cluster.record_event(pod, "Warning", "Failed", "Error: ImagePullBackOff", "kubelet")
    meta = pod["metadata"]
    index = pod["spec"]["containers"].index(spec)
    cluster.schedule(backoff_seconds(attempts[key] - 1), "start_container",
                     meta["namespace"], meta["name"], meta["uid"], index)


def _refresh_pod(cluster: Cluster, pod: dict) -> None:
    """Recompute phase and conditions from the container statuses."""
    status = pod["status"]
    statuses = status["containerStatuses"]
    now = cluster.clock.rfc3339()
    ever_started = all(s.get("containerID") for s in statuses)
    terminated = [s["state"]["terminated"] for s in statuses if "terminated" in s["state"]]
    if len(terminated) == len(statuses):
        phase = "Succeeded" if all(t["exitCode"] == 0 for t in terminated) else "Failed"
    elif ever_started:
        phase = "Running"
    else:
        phase = "Pending"
    ready = all(s["ready"] for s in statuses)
    unready = [s["name"] for s in statuses if not s["ready"]]
    wanted = {
        "PodReadyToStartContainers": ("True", None),
        "Initialized": ("True", None),
        "Ready": ("True", None) if ready else ("False", "ContainersNotReady"),
        "ContainersReady": ("True", None) if ready else ("False", "ContainersNotReady"),
        "PodScheduled": ("True", None),
    }
    previous = {c["type"]: c for c in status.get("conditions") or ()}
    conditions = []
    for ctype, (cstatus, reason) in wanted.items():
        prev = previous.get(ctype)
        cond = {
            "lastProbeTime": None,
            "lastTransitionTime": prev["lastTransitionTime"] if prev and prev["status"] == cstatus else now,
            "status": cstatus,
            "type": ctype,
        }
        if reason:
            cond["message"] = f"containers with unready status: [{' '.join(unready)}]"
            cond["reason"] = reason
        conditions.append(cond)
    status["conditions"] = conditions
    status["phase"] = phase
    cluster.write_status(pod)
