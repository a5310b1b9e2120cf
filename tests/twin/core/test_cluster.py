"""The twin's API server and controllers behave like Kubernetes on the states faults create."""

from __future__ import annotations

import copy

import pytest

from aoi.twin.cluster import Cluster
from aoi.twin.errors import AlreadyExists, NotFound
from aoi.twin.runtime import BehaviourTable, Outcome, StartContext

NS = "demo"


def crash_on_bad_tag(ctx: StartContext) -> Outcome:
    if ctx.image.endswith(":bad"):
        return Outcome(state="exited", exit_code=1, logs=("fatal: bad config",))
    if ctx.image.endswith(":missing"):
        return Outcome(state="pull_error", message="rpc error: code = NotFound desc = not found")
    return Outcome(logs=("started",))


def make_cluster(seed: int = 0) -> Cluster:
    cluster = Cluster(seed=seed, behaviours=BehaviourTable({"app": crash_on_bad_tag}))
    cluster.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NS}})
    return cluster


def deployment(name: str = "web", image: str = "app:1", replicas: int = 1, **pod_spec: object) -> dict:
    labels = {"app": name}
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": NS, "labels": labels},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": labels},
            "template": {
                "metadata": {"labels": labels},
                "spec": {"containers": [{"name": name, "image": image, "ports": [{"containerPort": 8080}]}],
                         **pod_spec},
            },
        },
    }


def service(name: str = "web", target_port: int = 8080) -> dict:
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": NS},
            "spec": {"selector": {"app": name}, "ports": [{"name": "http", "port": 80, "targetPort": target_port}]}}


def pods(cluster: Cluster) -> list[dict]:
    return cluster.list("Pod", NS)


def edit(cluster: Cluster, kind: str, name: str, change) -> None:
    obj = copy.deepcopy(cluster.get(kind, name, NS))
    change(obj)
    cluster.update(obj)


def state_of(pod: dict) -> dict:
    return pod["status"]["containerStatuses"][0]["state"]


def test_deployment_creates_replicaset_and_running_pods() -> None:
    cluster = make_cluster()
    cluster.create(deployment(replicas=2))
    cluster.advance(5)
    (rs,) = cluster.list("ReplicaSet", NS)
    assert rs["metadata"]["name"].startswith("web-")
    names = [p["metadata"]["name"] for p in pods(cluster)]
    assert len(names) == 2 and all(n.startswith(rs["metadata"]["name"] + "-") for n in names)
    assert all("running" in state_of(p) for p in pods(cluster))
    status = cluster.get("Deployment", "web", NS)["status"]
    assert status["availableReplicas"] == 2 and status["readyReplicas"] == 2


def test_containers_wait_in_container_creating_until_started() -> None:
    cluster = make_cluster()
    cluster.create(deployment())
    (pod,) = pods(cluster)
    assert state_of(pod) == {"waiting": {"reason": "ContainerCreating"}}
    assert pod["status"]["phase"] == "Pending"
    cluster.advance(5)
    assert pods(cluster)[0]["status"]["phase"] == "Running"


def test_crash_loop_backs_off_and_counts_restarts() -> None:
    cluster = make_cluster()
    cluster.create(deployment(image="app:bad"))
    cluster.advance(3)
    (pod,) = pods(cluster)
    status = pod["status"]["containerStatuses"][0]
    assert status["state"]["waiting"]["reason"] == "CrashLoopBackOff"
    assert status["lastState"]["terminated"]["exitCode"] == 1
    assert status["restartCount"] == 0
    cluster.advance(10)  # first back-off is 10 s
    assert pods(cluster)[0]["status"]["containerStatuses"][0]["restartCount"] == 1
    cluster.advance(300)
    assert pods(cluster)[0]["status"]["containerStatuses"][0]["restartCount"] in (4, 5)
    assert cluster.logs.read(NS, pod["metadata"]["name"], "web") == ["fatal: bad config"]
    assert cluster.logs.read(NS, pod["metadata"]["name"], "web", previous=True) == ["fatal: bad config"]


def test_image_pull_failure_goes_to_back_off() -> None:
    cluster = make_cluster()
    cluster.create(deployment(image="app:missing"))
    cluster.advance(3)
    assert state_of(pods(cluster)[0])["waiting"]["reason"] == "ErrImagePull"
    cluster.advance(15)
    assert state_of(pods(cluster)[0])["waiting"]["reason"] == "ImagePullBackOff"


def test_bad_rollout_keeps_the_old_pod_serving() -> None:
    cluster = make_cluster()
    cluster.create(deployment())
    cluster.advance(5)
    edit(cluster, "Deployment", "web", lambda d: d["spec"]["template"]["spec"]["containers"][0].update(
        image="app:bad"))
    cluster.advance(5)
    states = sorted(next(iter(state_of(p))) for p in pods(cluster))
    assert states == ["running", "waiting"]
    assert len(cluster.list("ReplicaSet", NS)) == 2
    edit(cluster, "Deployment", "web", lambda d: d["spec"]["template"]["spec"]["containers"][0].update(
        image="app:2"))
    cluster.advance(5)
    assert [next(iter(state_of(p))) for p in pods(cluster)] == ["running"]
    assert pods(cluster)[0]["spec"]["containers"][0]["image"] == "app:2"


def test_scale_to_zero_removes_pods_and_endpoints_addresses() -> None:
    cluster = make_cluster()
    cluster.create(deployment())
    cluster.create(service())
    cluster.advance(5)
    assert cluster.get("Endpoints", "web", NS)["subsets"][0]["addresses"]
    edit(cluster, "Deployment", "web", lambda d: d["spec"].update(replicas=0))
    assert pods(cluster) == []
    assert "subsets" not in cluster.get("Endpoints", "web", NS)


def test_endpoints_follow_target_port() -> None:
    cluster = make_cluster()
    cluster.create(deployment())
    cluster.create(service(target_port=9999))
    cluster.advance(5)
    assert cluster.get("Endpoints", "web", NS)["subsets"][0]["ports"] == [
        {"port": 9999, "protocol": "TCP", "name": "http"}]


def test_unmatched_node_selector_stays_pending_with_scheduler_message() -> None:
    cluster = make_cluster()
    cluster.create(deployment(nodeSelector={"kubernetes.io/hostname": "extra-node"}))
    cluster.advance(30)
    (pod,) = pods(cluster)
    assert pod["status"]["phase"] == "Pending" and "containerStatuses" not in pod["status"]
    (event,) = [e for e in cluster.list("Event", NS) if e["reason"] == "FailedScheduling"]
    assert event["message"] == (
        "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had "
        "untolerated taint {node-role.kubernetes.io/control-plane: }. preemption: 0/2 nodes are available: "
        "2 Preemption is not helpful for scheduling."
    )


def _volume_pair(cluster: Cluster) -> None:
    cluster.create({"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "data-pv"},
                    "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                             "storageClassName": "data-storage", "hostPath": {"path": "/data/volumes/data-pv"}}})
    cluster.create({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                    "metadata": {"name": "data-pvc", "namespace": NS},
                    "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "data-storage",
                             "resources": {"requests": {"storage": "1Gi"}}}})


def test_claims_bind_and_volumes_are_released_with_their_namespace() -> None:
    cluster = make_cluster()
    _volume_pair(cluster)
    assert cluster.get("PersistentVolume", "data-pv")["status"]["phase"] == "Bound"
    cluster.delete("Namespace", NS)
    assert cluster.list("PersistentVolumeClaim", NS) == []
    assert cluster.get("PersistentVolume", "data-pv")["status"]["phase"] == "Released"
    cluster.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NS}})
    _ = cluster.create({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                        "metadata": {"name": "data-pvc", "namespace": NS},
                        "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "data-storage",
                                 "resources": {"requests": {"storage": "1Gi"}}}})
    volume = {"volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "data-pvc"}}]}
    cluster.create(deployment(**volume))
    cluster.advance(10)
    assert cluster.get("PersistentVolumeClaim", "data-pvc", NS)["status"]["phase"] == "Pending"
    assert pods(cluster)[0]["status"]["conditions"][0]["message"].startswith(
        "0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.")
    # Clearing the stale claimRef makes the volume Available again; the claim binds, the pod runs.
    pv = copy.deepcopy(cluster.get("PersistentVolume", "data-pv"))
    pv["spec"]["claimRef"] = None
    cluster.update(pv)
    cluster.advance(5)
    assert cluster.get("PersistentVolumeClaim", "data-pvc", NS)["status"]["phase"] == "Bound"
    assert pods(cluster)[0]["status"]["phase"] == "Running"


def test_deleted_pod_is_replaced_under_a_new_name() -> None:
    cluster = make_cluster()
    cluster.create(deployment())
    cluster.advance(5)
    old = pods(cluster)[0]["metadata"]["name"]
    cluster.delete("Pod", old, NS)
    (new,) = pods(cluster)
    assert new["metadata"]["name"] != old and new["metadata"]["name"].rsplit("-", 1)[0] == old.rsplit("-", 1)[0]


def test_deleting_a_deployment_collects_its_replicasets_and_pods() -> None:
    cluster = make_cluster()
    cluster.create(deployment())
    cluster.delete("Deployment", "web", NS)
    assert cluster.list("ReplicaSet", NS) == [] and pods(cluster) == []


def test_errors_and_events() -> None:
    cluster = make_cluster()
    with pytest.raises(NotFound, match='deployments.apps "nope" not found'):
        cluster.get("Deployment", "nope", NS)
    cluster.create(deployment())
    with pytest.raises(AlreadyExists):
        cluster.create(deployment())
    with pytest.raises(NotFound, match='namespaces "ghost" not found'):
        cluster.create({**service(), "metadata": {"name": "x", "namespace": "ghost"}})
    cluster.create(deployment("bad", image="app:bad"))
    cluster.advance(200)
    back_offs = [e for e in cluster.list("Event", NS) if e["reason"] == "BackOff"]
    assert len(back_offs) == 1 and back_offs[0]["count"] > 1


def test_same_seed_same_names_and_snapshots_are_independent() -> None:
    def names(seed: int) -> list[str]:
        cluster = make_cluster(seed)
        cluster.create(deployment(replicas=3))
        return [p["metadata"]["name"] for p in pods(cluster)]

    assert names(1) == names(1)
    assert names(1) != names(2)
    cluster = make_cluster()
    cluster.create(deployment())
    cluster.advance(5)
    copy_a = Cluster.restore(cluster.snapshot(), cluster.behaviours)
    copy_a.delete("Deployment", "web", NS)
    assert pods(cluster) and not copy_a.list("Pod", NS)


def test_apply_keeps_server_side_fields() -> None:
    cluster = make_cluster()
    assert cluster.apply(service()) == "created"
    ip = cluster.get("Service", "web", NS)["spec"]["clusterIP"]
    assert ip.startswith("10.96.")
    assert cluster.apply(service()) == "unchanged"
    assert cluster.apply(service(target_port=9090)) == "configured"
    assert cluster.get("Service", "web", NS)["spec"]["clusterIP"] == ip
