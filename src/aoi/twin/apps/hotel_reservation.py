"""HotelReservation (DeathStarBench, AIOpsLab's kompose manifests) in ``test-hotel-reservation``.

19 Deployments and their Services labelled ``io.kompose.service``, six static hostPath PVs with
their claims, the MongoDB script ConfigMaps AIOpsLab creates, and Service ``jaeger-out``.
Facts from aiopslab-applications ``hotelReservation/kubernetes`` and AIOpsLab's ``hotelres.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import hotel_scripts
from . import manifests as m
from .base import AppSpec, CallEdge, Workload, declared_ports
from .hotel_behaviours import BEHAVIOURS, PROGRAM_PORTS

if TYPE_CHECKING:
    from ..cluster import Cluster

NAMESPACE = "test-hotel-reservation"
LABEL = "io.kompose.service"
APP_IMAGE = "yinfangchen/hotelreservation:latest"
MONGO_IMAGE = "mongo:4.4.6"

# Go services: (name, port). Each runs ``command: [name]`` in the app image.
GO_SERVICES = (
    ("frontend", 5000), ("geo", 8083), ("profile", 8081), ("rate", 8084),
    ("recommendation", 8085), ("reservation", 8087), ("search", 8082), ("user", 8086),
)
# MongoDBs: x -> whether AIOpsLab runs it with --auth and mounts the script ConfigMaps.
MONGOS = {"geo": True, "profile": False, "rate": True, "recommendation": False,
          "reservation": False, "user": False}
# memcached deployments: (deployment, container).
MEMCACHEDS = (("memcached-profile", "hotel-reserv-profile-mmc"), ("memcached-rate", "hotel-reserv-rate-mmc"),
              ("memcached-reserve", "hotel-reserv-reservation-mmc"))
# hostname set in the mongo pod template (kompose carried it over for some of them).
_MONGO_HOSTNAME = {"profile": "profile-db", "recommendation": "recommendation-db",
                   "reservation": "reservation-db", "user": "user-db"}

_KOMPOSE = {"kompose.cmd": "kompose convert", "kompose.version": "1.22.0 (955b78124)"}
_POD_ANNOTATIONS = {
    **_KOMPOSE,
    "sidecar.istio.io/statsInclusionPrefixes": "cluster.outbound,cluster_manager,listener_manager,"
    "http_mixer_filter,tcp_mixer_filter,server,cluster.xds-grp,listener,connection_manager",
    "sidecar.istio.io/statsInclusionRegexps": "http.*",
}
_RESOURCES = {"requests": {"cpu": "100m"}, "limits": {"cpu": "1000m"}}


def _deployment(name: str, containers: list[dict], *, volumes: list[dict] | None = None,
                hostname: str | None = None, recreate: bool = False) -> dict:
    labels = {LABEL: name}
    template = m.pod_template(labels, containers, annotations=_POD_ANNOTATIONS, volumes=volumes,
                              hostname=hostname, restart_policy="Always")
    return m.deployment(name, NAMESPACE, labels=labels, selector=labels, template=template,
                        annotations=_KOMPOSE, strategy={"type": "Recreate"} if recreate else None)


def _service(name: str, ports: list[dict]) -> dict:
    return m.service(name, NAMESPACE, selector={LABEL: name}, ports=ports, labels={LABEL: name},
                     annotations=_KOMPOSE)


def _go_service(name: str, port: int) -> list[dict]:
    box = m.container(f"hotel-reserv-{name}", APP_IMAGE, command=[name], ports=[m.container_port(port)],
                      env=m.env_list({"JAEGER_SAMPLE_RATIO": "1"}), resources=_RESOURCES)
    return [_deployment(name, [box]), _service(name, [m.port(port, name=str(port))])]


def _mongo(x: str) -> list[dict]:
    name = f"mongodb-{x}"
    mounts = [m.mount(x, "/data/db")]
    volumes = [m.claim_volume(x, f"{x}-pvc")]
    if MONGOS[x]:
        mounts += [m.mount("init-script", "/docker-entrypoint-initdb.d"), m.mount("failure-script", "/scripts")]
        volumes += [m.configmap_volume("init-script", f"mongo-{x}-script"),
                    m.configmap_volume("failure-script", f"failure-admin-{x}")]
    box = m.container(f"hotel-reserv-{x}-mongo", MONGO_IMAGE, args=["--auth"] if MONGOS[x] else None,
                      ports=[m.container_port(27017)], resources=_RESOURCES, volume_mounts=mounts)
    return [
        m.pv(f"{x}-pv", storage_class=f"{x}-storage", host_path=f"/data/volumes/{x}-pv",
             host_path_type="DirectoryOrCreate"),
        m.pvc(f"{x}-pvc", NAMESPACE, storage_class=f"{x}-storage"),
        _deployment(name, [box], volumes=volumes, hostname=_MONGO_HOSTNAME.get(x), recreate=True),
        _service(name, [m.port(27017, name=name)]),
    ]


def _memcached(name: str, container_name: str) -> list[dict]:
    box = m.container(container_name, "memcached", ports=[m.container_port(11211)], resources=_RESOURCES,
                      env=m.env_list({"MEMCACHED_CACHE_SIZE": "128", "MEMCACHED_THREADS": "2"}))
    return [_deployment(name, [box]), _service(name, [m.port(11211, name=name)])]


def _consul() -> list[dict]:
    ports = [m.container_port(8300), m.container_port(8400), m.container_port(8500),
             m.container_port(53, protocol="UDP")]
    box = m.container("consul", "hashicorp/consul:latest", ports=ports, resources=_RESOURCES)
    svc_ports = [m.port(8300, name="8300"), m.port(8400, name="8400"), m.port(8500, name="8500"),
                 m.port(8600, name="8600", protocol="UDP", target=53)]
    return [_deployment("consul", [box]), _service("consul", svc_ports)]


_JAEGER_TCP = (14269, 5778, 14268, 14267, 16686)
_JAEGER_UDP = (5775, 6831, 6832)


def _jaeger() -> list[dict]:
    ports = [m.container_port(p) for p in _JAEGER_TCP] + [m.container_port(p, protocol="UDP") for p in _JAEGER_UDP]
    box = m.container("hotel-reserv-jaeger", "jaegertracing/all-in-one:1.57", ports=ports, resources=_RESOURCES)
    svc_ports = [m.port(p, name=str(p)) for p in _JAEGER_TCP] + [
        m.port(p, name=str(p), protocol="UDP") for p in _JAEGER_UDP]
    jaeger_out = m.service("jaeger-out", NAMESPACE, selector={LABEL: "jaeger"}, ports=[m.port(16686)],
                           labels={LABEL: "jaeger"}, type_="NodePort")
    return [_deployment("jaeger", [box]), _service("jaeger", svc_ports), jaeger_out]


def manifests() -> list[dict]:
    """Namespace, script ConfigMaps (created by AIOpsLab before the apply), then the manifests."""
    go = dict(GO_SERVICES)
    out = [m.namespace(NAMESPACE)]
    for x in ("rate", "geo"):
        out.append(m.configmap(f"mongo-{x}-script", NAMESPACE, hotel_scripts.init_data(x)))
    for x in ("rate", "geo"):
        out.append(m.configmap(f"failure-admin-{x}", NAMESPACE, hotel_scripts.failure_data(x)))
    # `kubectl apply -Rf hotelReservation/kubernetes` walks the directories alphabetically.
    out += _consul() + _go_service("frontend", go["frontend"])
    out += _go_service("geo", go["geo"]) + _mongo("geo")
    out += _jaeger()
    out += _memcached(*MEMCACHEDS[0]) + _mongo("profile") + _go_service("profile", go["profile"])
    out += _memcached(*MEMCACHEDS[1]) + _mongo("rate") + _go_service("rate", go["rate"])
    out += _mongo("recommendation") + _go_service("recommendation", go["recommendation"])
    out += _memcached(*MEMCACHEDS[2]) + _mongo("reservation") + _go_service("reservation", go["reservation"])
    out += _go_service("search", go["search"])
    out += _mongo("user") + _go_service("user", go["user"])
    return out


def listen_ports(cluster: Cluster, pod: dict, container: dict) -> set[int]:
    """The app image listens on its program's port, whatever the containerPort says."""
    command = container.get("command") or []
    if command and command[0] in PROGRAM_PORTS:
        return {PROGRAM_PORTS[command[0]]}
    return declared_ports(cluster, pod, container)


def _edges() -> tuple[CallEdge, ...]:
    # mixed-workload_type_1.lua: search 60%, recommend 39%, user login 0.5%, reserve 0.5%.
    search, recommend, login, reserve = 0.6, 0.39, 0.005, 0.005
    return (
        CallEdge("frontend", "search", 8082, "grpc", search),
        CallEdge("frontend", "reservation", 8087, "grpc", search + reserve),
        CallEdge("frontend", "profile", 8081, "grpc", search + recommend),
        CallEdge("frontend", "recommendation", 8085, "grpc", recommend),
        CallEdge("frontend", "user", 8086, "grpc", login + reserve),
        CallEdge("search", "geo", 8083, "grpc", search),
        CallEdge("search", "rate", 8084, "grpc", search),
        CallEdge("geo", "mongodb-geo", 27017, "mongo", search),
        CallEdge("rate", "memcached-rate", 11211, "memcached", search),
        CallEdge("rate", "mongodb-rate", 27017, "mongo", search),
        CallEdge("profile", "memcached-profile", 11211, "memcached", search + recommend),
        CallEdge("profile", "mongodb-profile", 27017, "mongo", search + recommend),
        CallEdge("recommendation", "mongodb-recommendation", 27017, "mongo", recommend),
        CallEdge("reservation", "memcached-reserve", 11211, "memcached", search + reserve),
        CallEdge("reservation", "mongodb-reservation", 27017, "mongo", search + reserve),
        CallEdge("user", "mongodb-user", 27017, "mongo", login + reserve),
    )


SPEC = AppSpec(
    name="HotelReservation",
    namespace=NAMESPACE,
    description=(
        "A hotel reservation application built with Go and gRPC, providing backend in-memory and "
        "persistent databases, a recommender system for hotel recommendations, and a functionality "
        "to place reservations."
    ),
    frontend_service="frontend",
    frontend_port=5000,
    log_label=LABEL,
    manifests=manifests,
    call_edges=_edges(),
    behaviours=BEHAVIOURS,
    workload=Workload(rate=10, duration=10, path="/"),
    listen_ports=listen_ports,
)
