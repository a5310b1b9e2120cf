"""`kubectl scale`, `rollout` and `set`: success lines and what they do to the workload."""

from __future__ import annotations

from .conftest import NS, pods


def _image(cluster) -> str:
    return cluster.get("Deployment", "geo", NS)["spec"]["template"]["spec"]["containers"][0]["image"]


def test_scale_to_zero_removes_pods_and_back_brings_one(cluster, kubectl):
    assert kubectl(f"kubectl scale deployment geo --replicas=0 -n {NS}").stdout == "deployment.apps/geo scaled\n"
    assert pods(cluster) == []
    assert kubectl(f"kubectl scale deploy/geo --replicas=1 -n {NS}").exit_code == 0
    assert len(pods(cluster)) == 1


def test_scale_errors(kubectl):
    missing = kubectl(f"kubectl scale deployment geo -n {NS}")
    assert missing.stderr == ("error: The --replicas=COUNT flag is required, and COUNT must be greater than or "
                              "equal to 0\n")
    wrong = kubectl(f"kubectl scale deployment geo --replicas=3 --current-replicas=2 -n {NS}")
    assert wrong.stderr == "error: Expected replicas to be 2, was 1\n"
    assert kubectl(f"kubectl scale deployment nope --replicas=1 -n {NS}").stderr == (
        'error: no objects passed to scale deployments.apps "nope" not found\n')  # as kubectl 1.32 prints it


def test_rollout_restart_makes_a_new_replicaset_and_status_waits_for_it(cluster, kubectl):
    before = {rs["metadata"]["name"] for rs in cluster.list("ReplicaSet", NS)}
    assert kubectl(f"kubectl rollout restart deployment geo -n {NS}").stdout == "deployment.apps/geo restarted\n"
    after = {rs["metadata"]["name"] for rs in cluster.list("ReplicaSet", NS)}
    assert len(after - before) == 1
    annotations = cluster.get("Deployment", "geo", NS)["spec"]["template"]["metadata"]["annotations"]
    assert annotations["kubectl.kubernetes.io/restartedAt"] == "2026-03-02T09:00:10Z"
    again = kubectl(f"kubectl rollout restart deployment geo -n {NS}")
    assert "already been triggered within the past second" in again.stderr
    status = kubectl(f"kubectl rollout status deployment/geo -n {NS}")
    assert status.exit_code == 0
    assert status.stdout.startswith('Waiting for deployment "geo" rollout to finish: ')
    assert status.stdout.endswith('deployment "geo" successfully rolled out\n')
    assert cluster.clock.now > 10  # waiting moved virtual time


def test_rollout_status_times_out_when_pods_never_become_available(cluster, kubectl):
    from aoi.twin.runtime import Outcome

    cluster.behaviours.default = lambda ctx: Outcome(state="exited", exit_code=1)
    kubectl(f"kubectl set image deploy/geo -n {NS} hotel-reserv-geo=yinfangchen/geo:app3")
    result = kubectl(f"kubectl rollout status deploy geo -n {NS} --timeout=30s")
    assert result.exit_code == 1 and result.stderr == "error: timed out waiting for the condition\n"
    assert "1 old replicas are pending termination" in result.stdout


def test_set_image_then_undo_restores_the_old_image(cluster, kubectl):
    result = kubectl(f"kubectl set image deployment/geo hotel-reserv-geo=yinfangchen/geo:app3 -n {NS}")
    assert result.stdout == "deployment.apps/geo image updated\n"
    assert _image(cluster) == "yinfangchen/geo:app3"
    assert kubectl(f"kubectl set image deployment/geo hotel-reserv-geo=yinfangchen/geo:app3 -n {NS}").stdout == ""
    history = kubectl(f"kubectl rollout history deployment geo -n {NS}").stdout
    assert history == "deployment.apps/geo \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"
    assert kubectl(f"kubectl rollout undo deployment geo -n {NS}").stdout == "deployment.apps/geo rolled back\n"
    assert _image(cluster) == "yinfangchen/hotelreservation:latest"
    unknown = kubectl(f"kubectl set image deployment/geo nope=x -n {NS}")
    assert unknown.stderr == 'error: unable to find container named "nope"\n'


def test_undo_without_history_and_pause_resume(kubectl):
    assert kubectl(f"kubectl rollout undo deployment geo -n {NS}").stderr == (
        'error: no rollout history found for deployment "geo"\n')
    assert kubectl(f"kubectl rollout pause deployment geo -n {NS}").stdout == "deployment.apps/geo paused\n"
    assert "can't restart paused deployment" in kubectl(f"kubectl rollout restart deploy geo -n {NS}").stderr
    assert kubectl(f"kubectl rollout resume deployment geo -n {NS}").stdout == "deployment.apps/geo resumed\n"
    assert kubectl(f"kubectl rollout resume deployment geo -n {NS}").stderr == (
        'error: deployments.apps "geo" is not paused\n')


def test_set_env_sets_and_removes(cluster, kubectl):
    assert kubectl(f"kubectl set env deployment/geo -n {NS} A=1 B=2").stdout == "deployment.apps/geo env updated\n"
    kubectl(f"kubectl set env deployment/geo -n {NS} A-")
    listed = kubectl(f"kubectl set env deployment/geo -n {NS} --list").stdout
    assert listed == "# Deployment geo, container hotel-reserv-geo\nJAEGER_SAMPLE_RATIO=1\nB=2\n"


def test_set_resources(cluster, kubectl):
    result = kubectl(f"kubectl set resources deployment geo -n {NS} --limits=cpu=200m,memory=512Mi")
    assert result.stdout == "deployment.apps/geo resource requirements updated\n"
    container = cluster.get("Deployment", "geo", NS)["spec"]["template"]["spec"]["containers"][0]
    assert container["resources"] == {"limits": {"cpu": "200m", "memory": "512Mi"}}
    assert "you must specify an update" in kubectl(f"kubectl set resources deploy geo -n {NS}").stderr
