"""The apps' manifests carry AIOpsLab's names, ports, images, labels, volumes and configuration."""

from __future__ import annotations

import base64
import json

from aoi.twin.apps import APPS
from aoi.twin.apps.flagd import FLAGS, flag_variant
from aoi.twin.apps.social_network import mongod_conf


def _objects(app: str, kind: str) -> dict[str, dict]:
    return {o["metadata"]["name"]: o for o in APPS[app].manifests() if o["kind"] == kind}


def _container(deploy: dict) -> dict:
    return deploy["spec"]["template"]["spec"]["containers"][0]


def test_manifests_are_fresh_dicts_each_call():
    first = APPS["HotelReservation"].manifests()
    first[0]["metadata"]["name"] = "changed"
    assert APPS["HotelReservation"].manifests()[0]["metadata"]["name"] == "test-hotel-reservation"


def test_every_manifest_starts_with_its_namespace():
    for app in APPS.values():
        objs = app.manifests()
        assert objs[0] == {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": app.namespace}}
        assert all(o["metadata"].get("namespace") in (None, app.namespace) for o in objs)


def test_social_network_has_27_deployments_and_services_with_chart_labels():
    deploys = _objects("SocialNetwork", "Deployment")
    services = _objects("SocialNetwork", "Service")
    assert len(deploys) == 27 and set(deploys) == set(services)
    user = deploys["user-service"]
    assert user["spec"]["selector"]["matchLabels"] == {"service": "user-service"}
    assert user["spec"]["template"]["metadata"]["labels"] == {"service": "user-service", "app": "user-service"}
    assert _container(user)["image"] == "docker.io/deathstarbench/social-network-microservices:latest"
    assert _container(user)["command"] == ["UserService"]
    assert services["user-service"]["spec"]["ports"] == [{"name": "9090", "port": 9090, "targetPort": 9090}]
    assert services["media-frontend"]["spec"]["ports"][0] == {"name": "8081", "port": 8081, "targetPort": 8080}
    assert _container(deploys["nginx-thrift"])["image"] == "docker.io/yg397/openresty-thrift:xenial"
    assert _container(deploys["home-timeline-redis"])["image"] == "docker.io/library/redis:6.2.4"
    jaeger_ports = {p["port"] for p in services["jaeger"]["spec"]["ports"]}
    assert jaeger_ports == {5775, 6831, 6832, 5778, 16686, 14268, 9411}


def test_url_shorten_mongodb_reads_a_tls_mode_configmap_and_mounts_the_secret():
    deploy = _objects("SocialNetwork", "Deployment")["url-shorten-mongodb"]
    box = _container(deploy)
    assert box["args"] == ["--config", "/social-network-microservices/config/mongod.conf"]
    mounts = {mnt["mountPath"]: mnt for mnt in box["volumeMounts"]}
    assert mounts["/social-network-microservices/config/mongod.conf"]["subPath"] == "mongod.conf"
    assert mounts["/etc/tls"]["readOnly"] is True
    volumes = {v["name"]: v for v in deploy["spec"]["template"]["spec"]["volumes"]}
    assert volumes["tls-cert"] == {"name": "tls-cert", "secret": {"secretName": "mongodb-tls"}}
    cm = _objects("SocialNetwork", "ConfigMap")["url-shorten-mongodb"]
    assert cm["data"]["mongod.conf"] == "net:\n  tls:\n    mode: disabled\n"
    assert "certificateKeyFile: /etc/tls/tls.pem" in mongod_conf("requireTLS", "/etc/tls/tls.pem")
    secret = _objects("SocialNetwork", "Secret")["mongodb-tls"]
    assert set(secret["data"]) == {"ca.crt", "tls.pem"}
    assert base64.b64decode(secret["data"]["ca.crt"]).startswith(b"-----BEGIN CERTIFICATE-----")
    # Only url-shorten-mongodb mounts the secret.
    with_tls = [n for n, d in _objects("SocialNetwork", "Deployment").items()
                if any(v["name"] == "tls-cert" for v in d["spec"]["template"]["spec"].get("volumes") or [])]
    assert with_tls == ["url-shorten-mongodb"]


def test_social_network_service_config_points_every_service_at_its_peers():
    config = json.loads(_objects("SocialNetwork", "ConfigMap")["compose-post-service"]["data"]["service-config.json"])
    assert config["user-service"] == {"addr": "user-service", "port": 9090, "connections": 512,
                                      "timeout_ms": 10000, "keepalive_ms": 10000, "netif": "eth0"}
    assert config["url-shorten-mongodb"]["port"] == 27017
    assert config["ssl"]["enabled"] is False


def test_hotel_reservation_has_19_deployments_with_kompose_labels_and_app_image():
    deploys = _objects("HotelReservation", "Deployment")
    assert len(deploys) == 19
    geo = deploys["geo"]
    assert geo["metadata"]["labels"] == {"io.kompose.service": "geo"}
    box = _container(geo)
    assert box["name"] == "hotel-reserv-geo"
    assert box["image"] == "yinfangchen/hotelreservation:latest"
    assert box["command"] == ["geo"]
    assert box["env"] == [{"name": "JAEGER_SAMPLE_RATIO", "value": "1"}]
    assert box["resources"] == {"requests": {"cpu": "100m"}, "limits": {"cpu": "1000m"}}
    ports = {n: _container(d)["ports"][0]["containerPort"] for n, d in deploys.items()
             if _container(d)["image"].startswith("yinfangchen/")}
    assert ports == {"frontend": 5000, "search": 8082, "geo": 8083, "profile": 8081, "rate": 8084,
                     "recommendation": 8085, "user": 8086, "reservation": 8087}


def test_hotel_mongodbs_run_with_auth_and_script_mounts_only_for_geo_and_rate():
    deploys = _objects("HotelReservation", "Deployment")
    for x in ("geo", "rate"):
        box = _container(deploys[f"mongodb-{x}"])
        assert box["image"] == "mongo:4.4.6" and box["args"] == ["--auth"]
        assert {m["mountPath"] for m in box["volumeMounts"]} == {"/data/db", "/docker-entrypoint-initdb.d", "/scripts"}
        volumes = {v["name"]: v for v in deploys[f"mongodb-{x}"]["spec"]["template"]["spec"]["volumes"]}
        assert volumes["failure-script"]["configMap"]["name"] == f"failure-admin-{x}"
        assert volumes["init-script"]["configMap"]["name"] == f"mongo-{x}-script"
    assert "args" not in _container(deploys["mongodb-profile"])
    assert deploys["mongodb-geo"]["spec"]["strategy"] == {"type": "Recreate"}


def test_hotel_has_six_static_hostpath_pvs_and_matching_claims():
    pvs = _objects("HotelReservation", "PersistentVolume")
    pvcs = _objects("HotelReservation", "PersistentVolumeClaim")
    names = ("geo", "profile", "rate", "recommendation", "reservation", "user")
    assert set(pvs) == {f"{x}-pv" for x in names}
    assert set(pvcs) == {f"{x}-pvc" for x in names}
    for x in names:
        assert pvs[f"{x}-pv"]["spec"]["storageClassName"] == f"{x}-storage"
        assert pvs[f"{x}-pv"]["spec"]["hostPath"]["path"] == f"/data/volumes/{x}-pv"
        assert pvs[f"{x}-pv"]["spec"]["capacity"] == {"storage": "1Gi"}
        assert pvcs[f"{x}-pvc"]["spec"]["storageClassName"] == f"{x}-storage"
        assert pvcs[f"{x}-pvc"]["spec"]["accessModes"] == ["ReadWriteOnce"]


def test_hotel_script_configmaps_hold_the_fault_scripts():
    cms = _objects("HotelReservation", "ConfigMap")
    assert set(cms) == {"mongo-geo-script", "mongo-rate-script", "failure-admin-geo", "failure-admin-rate"}
    geo = cms["failure-admin-geo"]["data"]
    assert set(geo) == {"revoke-admin-geo-mongo.sh", "revoke-mitigate-admin-geo-mongo.sh", "remove-admin-mongo.sh",
                        "remove-mitigate-admin-geo-mongo.sh"}
    assert "db.revokeRolesFromUser('admin', [{role: 'readWrite', db: 'geo-db'}]);" in geo["revoke-admin-geo-mongo.sh"]
    assert "-u root -p root" in geo["remove-admin-mongo.sh"] and "db.dropUser('admin');" in geo["remove-admin-mongo.sh"]
    assert "rate-db" in cms["failure-admin-rate"]["data"]["revoke-admin-rate-mongo.sh"]
    init = cms["mongo-geo-script"]["data"]["k8s-geo-mongo.sh"]
    assert "user: 'root', pwd: 'root'" in init and "role: 'readWrite', db: 'geo-db'" in init


def test_hotel_jaeger_out_is_a_nodeport_on_16686():
    svc = _objects("HotelReservation", "Service")["jaeger-out"]
    assert svc["spec"]["type"] == "NodePort"
    assert svc["spec"]["ports"] == [{"port": 16686, "targetPort": 16686}]
    assert svc["spec"]["selector"] == {"io.kompose.service": "jaeger"}


def test_astronomy_shop_components_ports_images_and_labels():
    deploys = _objects("AstronomyShop", "Deployment")
    services = _objects("AstronomyShop", "Service")
    for name in ("ad", "cart", "checkout", "currency", "email", "frontend", "frontend-proxy", "payment",
                 "product-catalog", "quote", "recommendation", "shipping", "flagd", "kafka", "valkey-cart",
                 "load-generator", "image-provider", "accounting", "fraud-detection", "jaeger", "prometheus",
                 "grafana"):
        assert name in deploys
    labels = deploys["cart"]["spec"]["template"]["metadata"]["labels"]
    assert labels["app.kubernetes.io/name"] == "cart" and labels["app.kubernetes.io/component"] == "cart"
    assert labels["opentelemetry.io/name"] == "cart"
    assert services["cart"]["spec"]["selector"] == {"opentelemetry.io/name": "cart"}
    assert _container(deploys["cart"])["image"] == "ghcr.io/open-telemetry/demo:2.2.0-cart"
    assert _container(deploys["flagd"])["image"] == "ghcr.io/open-feature/flagd:v0.12.9"
    port_of = {n: sorted(p["port"] for p in s["spec"]["ports"]) for n, s in services.items()}
    assert port_of["flagd"] == [8013, 8016]
    assert port_of["kafka"] == [9092, 9093]
    assert port_of["image-provider"] == [8081] and port_of["load-generator"] == [8089]
    assert port_of["product-reviews"] == [3551] and port_of["valkey-cart"] == [6379]
    assert "accounting" not in services and "fraud-detection" not in services


def test_flagd_config_holds_every_demo_flag_off():
    cm = _objects("AstronomyShop", "ConfigMap")["flagd-config"]
    document = json.loads(cm["data"]["demo.flagd.json"])
    flags = document["flags"]
    for name in ("adFailure", "adHighCpu", "adManualGc", "cartFailure", "imageSlowLoad", "kafkaQueueProblems",
                 "loadGeneratorFloodHomepage", "paymentFailure", "paymentUnreachable", "productCatalogFailure",
                 "recommendationCacheFailure"):
        assert flags[name]["defaultVariant"] == "off"
        assert flags[name]["state"] == "ENABLED"
    assert set(flags) == set(FLAGS)
    assert "100%" in flags["paymentFailure"]["variants"] and "10sec" in flags["imageSlowLoad"]["variants"]
    assert flag_variant(cm, "adFailure") == "off"
    flags["adFailure"]["defaultVariant"] = "on"
    assert flag_variant({"data": {"demo.flagd.json": json.dumps(document)}}, "adFailure") == "on"


def test_app_specs_name_frontends_and_log_labels():
    assert (APPS["SocialNetwork"].frontend_service, APPS["SocialNetwork"].frontend_port) == ("nginx-thrift", 8080)
    assert (APPS["HotelReservation"].frontend_service, APPS["HotelReservation"].frontend_port) == ("frontend", 5000)
    assert APPS["AstronomyShop"].frontend_service == "frontend-proxy"
    assert [a.log_label for a in APPS.values()] == ["app", "io.kompose.service", "app.kubernetes.io/name"]
    for app in APPS.values():
        services = set(app.services())
        for edge in app.call_edges:
            assert edge.callee in services, edge
