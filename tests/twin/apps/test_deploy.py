"""Deploying apps and infrastructure on a real Cluster, and faults playing out through behaviours."""

from __future__ import annotations

import pytest

from aoi.twin.apps import APPS, behaviour_table, deploy_app, deploy_infrastructure
from aoi.twin.cluster import Cluster
from aoi.twin.mongo import mongo_state

from .conftest import HOTEL, SOCIAL, settled, strip_ansi


def _unhealthy(cluster: Cluster, namespace: str | None = None) -> list[str]:
    out = []
    for pod in cluster.list("Pod", namespace):
        statuses = (pod.get("status") or {}).get("containerStatuses") or []
        if pod["status"].get("phase") != "Running" or not statuses or not all(s["ready"] for s in statuses):
            out.append(pod["metadata"]["name"])
    return out


@pytest.mark.parametrize("app", list(APPS))
def test_every_pod_runs_and_is_ready_after_30s(app):
    cluster = settled(app)
    spec = APPS[app]
    pods = cluster.list("Pod", spec.namespace)
    assert len(pods) >= len(spec.deployments())
    assert _unhealthy(cluster, spec.namespace) == []


def test_hotel_pods_have_zero_restarts_and_geo_logs_its_startup(hotel):
    restarts = [s["restartCount"] for p in hotel.list("Pod", HOTEL) for s in p["status"]["containerStatuses"]]
    assert set(restarts) == {0}
    geo = hotel.list("Pod", HOTEL, {"io.kompose.service": "geo"})[0]
    lines = strip_ansi(hotel.logs.read(HOTEL, geo["metadata"]["name"], "hotel-reserv-geo"))
    assert lines[-1].endswith("Successfully registered in consul")


def test_hotel_claims_bind_to_their_static_volumes(hotel):
    for pvc in hotel.list("PersistentVolumeClaim", HOTEL):
        assert pvc["status"]["phase"] == "Bound"
        assert pvc["spec"]["volumeName"] == pvc["metadata"]["name"].replace("-pvc", "-pv")


def test_revoke_auth_puts_geo_into_crash_loop_and_a_grant_heals_it(hotel):
    state = mongo_state(hotel, HOTEL, "mongodb-geo")
    state.revoke_roles("admin", [("readWrite", "geo-db")])
    for pod in hotel.list("Pod", HOTEL, {"io.kompose.service": "geo"}):
        hotel.delete("Pod", pod["metadata"]["name"], HOTEL)
    hotel.advance(30)
    geo = hotel.list("Pod", HOTEL, {"io.kompose.service": "geo"})[0]
    status = geo["status"]["containerStatuses"][0]
    assert status["state"]["waiting"]["reason"] == "CrashLoopBackOff"
    assert status["lastState"]["terminated"]["exitCode"] == 1
    assert "not authorized on geo-db" in hotel.logs.read(HOTEL, geo["metadata"]["name"], "hotel-reserv-geo")[-1]
    state.grant_roles("admin", [("readWrite", "geo-db")])
    hotel.advance(400)
    assert _unhealthy(hotel, HOTEL) == []


def test_auth_miss_leaves_url_shorten_service_running_but_not_serving(social):
    cm = social.get("ConfigMap", "url-shorten-mongodb", SOCIAL)
    social.update({**cm, "data": {"mongod.conf": "net:\n  tls:\n    mode: requireTLS\n"
                                                 "    certificateKeyFile: /etc/tls/tls.pem\n"}})
    for selector in ({"service": "url-shorten-mongodb"}, {"service": "url-shorten-service"}):
        for pod in social.list("Pod", SOCIAL, selector):
            social.delete("Pod", pod["metadata"]["name"], SOCIAL)
    social.advance(30)
    svc_pod = social.list("Pod", SOCIAL, {"service": "url-shorten-service"})[0]
    logs = social.logs.read(SOCIAL, svc_pod["metadata"]["name"], "url-shorten-service")
    assert "Failed to create mongodb index, try again" in logs[1]
    assert not any("Starting the url-shorten-service server" in line for line in logs)
    mongo_pod = social.list("Pod", SOCIAL, {"service": "url-shorten-mongodb"})[0]
    mongo_logs = social.logs.read(SOCIAL, mongo_pod["metadata"]["name"], "url-shorten-mongodb")
    assert any('"ssl":"on"' in line for line in mongo_logs)


def test_deploys_are_deterministic_for_a_seed():
    def run() -> tuple[list[str], list[str]]:
        cluster = settled("HotelReservation", seed=11)
        names = [p["metadata"]["name"] for p in cluster.list("Pod", HOTEL)]
        geo = [n for n in names if n.startswith("geo-")][0]
        return names, cluster.logs.read(HOTEL, geo, "hotel-reserv-geo")

    assert run() == run()


def test_unknown_app_is_a_clear_error():
    with pytest.raises(KeyError, match="expected one of: SocialNetwork, HotelReservation, AstronomyShop"):
        deploy_app(Cluster(), "Flower")


def test_infrastructure_pods_as_kind_and_aiopslab_leave_them():
    cluster = Cluster(seed=2, behaviours=behaviour_table())
    deploy_infrastructure(cluster)
    cluster.advance(30)
    system = sorted(p["metadata"]["name"] for p in cluster.list("Pod", "kube-system"))
    assert [n for n in system if n.startswith("coredns-")].__len__() == 2
    for static in ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"):
        assert f"{static}-kind-control-plane" in system
    assert len([n for n in system if n.startswith("kindnet-")]) == 2
    assert len([n for n in system if n.startswith("kube-proxy-")]) == 2
    kube_proxy = cluster.list("Pod", "kube-system", {"k8s-app": "kube-proxy"})
    assert {p["spec"]["nodeName"] for p in kube_proxy} == {"kind-control-plane", "kind-worker"}
    assert kube_proxy[0]["metadata"]["ownerReferences"][0]["kind"] == "DaemonSet"
    assert cluster.list("Pod", "local-path-storage")
    assert "prometheus-alertmanager-0" in {p["metadata"]["name"] for p in cluster.list("Pod", "observe")}
    server = cluster.get("Service", "prometheus-server", "observe")
    assert server["spec"]["type"] == "NodePort" and server["spec"]["ports"][0]["nodePort"] == 32000
    assert cluster.list("Pod", "openebs")
    assert cluster.find("Namespace", "chaos-mesh") is None
    assert _unhealthy(cluster) == []


def test_chaos_mesh_only_when_asked():
    cluster = Cluster(seed=2, behaviours=behaviour_table())
    deploy_infrastructure(cluster, chaos_mesh=True)
    names = {p["metadata"]["name"] for p in cluster.list("Pod", "chaos-mesh")}
    assert len([n for n in names if n.startswith("chaos-controller-manager-")]) == 3
    assert any(n.startswith("chaos-daemon-") for n in names)
