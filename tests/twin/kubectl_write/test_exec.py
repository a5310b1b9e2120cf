"""`kubectl exec` into HotelReservation's pods: files, env, errors, and the MongoDB fault scripts."""

from __future__ import annotations

import shlex

import pytest

from aoi.twin.apps import behaviour_table, deploy_app
from aoi.twin.cluster import Cluster
from aoi.twin.kubectl import KubectlContext, run_kubectl
from aoi.twin.mongo.state import mongo_state

HOTEL = "test-hotel-reservation"


@pytest.fixture(scope="module")
def hotel_snapshot() -> bytes:
    cluster = Cluster(seed=5, behaviours=behaviour_table())
    deploy_app(cluster, "HotelReservation")
    cluster.advance(60)
    return cluster.snapshot()


@pytest.fixture
def hotel(hotel_snapshot: bytes) -> Cluster:
    return Cluster.restore(hotel_snapshot, behaviour_table())


def _run(cluster: Cluster, command: str):
    return run_kubectl(KubectlContext(cluster, HOTEL), shlex.split(command), "")


def _pod(cluster: Cluster, prefix: str) -> str:
    return next(p["metadata"]["name"] for p in cluster.list("Pod", HOTEL) if p["metadata"]["name"].startswith(prefix))


def _scripts_mounted(cluster: Cluster) -> bool:
    return cluster.find("ConfigMap", "failure-admin-geo", HOTEL) is not None


def test_revoke_then_mitigate_scripts_change_the_admin_roles(hotel):
    if not _scripts_mounted(hotel):
        pytest.skip("the HotelReservation manifests do not carry the failure-admin-geo ConfigMap yet")
    pod = _pod(hotel, "mongodb-geo-")
    state = mongo_state(hotel, HOTEL, "mongodb-geo")
    assert state.has_read_write("admin", "geo-db")
    revoked = _run(hotel, f"kubectl exec -it {pod} -- /bin/bash /scripts/revoke-admin-geo-mongo.sh")
    assert revoked.exit_code == 0
    assert "MongoDB shell version v4.4.6\n" in revoked.stdout
    assert revoked.stderr == "Unable to use a TTY - input is not a terminal or the right kind of file\n"
    assert not state.has_read_write("admin", "geo-db")
    restored = _run(hotel, f"kubectl exec {pod} -- bash /scripts/revoke-mitigate-admin-geo-mongo.sh")
    assert restored.exit_code == 0 and state.has_read_write("admin", "geo-db")


def test_remove_then_recreate_admin_user(hotel):
    if not _scripts_mounted(hotel):
        pytest.skip("the HotelReservation manifests do not carry the failure-admin-geo ConfigMap yet")
    pod = _pod(hotel, "mongodb-geo-")
    state = mongo_state(hotel, HOTEL, "mongodb-geo")
    _run(hotel, f"kubectl exec {pod} -- bash /scripts/remove-admin-mongo.sh")
    assert state.find_user("admin") is None
    recreated = _run(hotel, f"kubectl exec {pod} -- bash /scripts/remove-mitigate-admin-geo-mongo.sh")
    assert "Successfully added user: {" in recreated.stdout
    assert state.authenticate("admin", "admin") and state.has_read_write("admin", "geo-db")


def test_mounted_files_env_and_hostname(hotel):
    mongo_pod, geo_pod = _pod(hotel, "mongodb-geo-"), _pod(hotel, "geo-")
    if _scripts_mounted(hotel):
        listing = _run(hotel, f"kubectl exec {mongo_pod} -- ls /scripts").stdout.split()
        assert "revoke-admin-geo-mongo.sh" in listing
    assert _run(hotel, f"kubectl exec {geo_pod} -- hostname").stdout == f"{geo_pod}\n"
    assert _run(hotel, f"kubectl exec {geo_pod} -- printenv JAEGER_SAMPLE_RATIO").stdout == "1\n"
    piped = _run(hotel, f"kubectl exec {geo_pod} -- sh -c 'env | grep ^MONGODB_GEO_SERVICE_PORT='")
    assert piped.stdout == "MONGODB_GEO_SERVICE_PORT=27017\n"
    resolv = _run(hotel, "kubectl exec deploy/geo -- cat /etc/resolv.conf").stdout
    assert resolv.startswith(f"search {HOTEL}.svc.cluster.local")


def test_mongo_shell_through_exec(hotel):
    pod = _pod(hotel, "mongodb-geo-")
    result = _run(hotel, f"kubectl exec {pod} -- mongo admin -u root -p root --quiet --eval 'db.getUsers().length'")
    assert result.stdout == "2\n" and result.exit_code == 0
    denied = _run(hotel, f"kubectl exec {pod} -- mongo admin -u admin -p wrong --eval 'db.getUsers()'")
    assert "Error: Authentication failed. :" in denied.stdout
    assert denied.exit_code == 1 and denied.stderr == "command terminated with exit code 1\n"


def test_exec_errors(hotel):
    geo_pod = _pod(hotel, "geo-")
    missing_binary = _run(hotel, f"kubectl exec {geo_pod} -- nc -z mongodb-geo 27017")
    assert missing_binary.exit_code == 1
    assert missing_binary.stderr.startswith("error: Internal error occurred: Internal error occurred: error executing "
                                            "command in container: failed to exec in container: failed to start exec")
    assert missing_binary.stderr.endswith('exec: "nc": executable file not found in $PATH: unknown\n')
    in_bash = _run(hotel, f"kubectl exec {geo_pod} -- bash -c 'nc -z mongodb-geo 27017'")
    assert in_bash.exit_code == 127 and in_bash.stderr.endswith("command terminated with exit code 127\n")
    assert _run(hotel, f"kubectl exec {geo_pod} -c nope -- ls").stderr == (
        f"error: container nope is not valid for pod {geo_pod}\n")
    assert _run(hotel, "kubectl exec nope -- ls").stderr == 'Error from server (NotFound): pods "nope" not found\n'
    assert "is not supported anymore" in _run(hotel, f"kubectl exec {geo_pod} ls").stderr


def test_exec_into_a_crashing_container(hotel):
    from aoi.twin.runtime import Outcome

    hotel.behaviours.default = lambda ctx: Outcome(state="exited", exit_code=2)
    hotel.behaviours.by_repository = {}
    pod = _pod(hotel, "geo-")
    _run(hotel, f"kubectl delete pod {pod}")
    hotel.advance(5)
    crashing = _pod(hotel, "geo-")
    result = _run(hotel, f"kubectl exec {crashing} -- ls")
    assert result.stderr == ('error: Internal error occurred: unable to upgrade connection: container not found '
                             '("hotel-reserv-geo")\n')
