"""The wrk2 burst leaves callers' client-side errors (read back from the log stream) only where a
callee is unreachable."""

from __future__ import annotations

from aoi.twin.apps import run_workload
from aoi.twin.telemetry.logs import read_log

from .conftest import HOTEL, SOCIAL


def _logs(cluster, namespace: str, selector: dict[str, str], container: str) -> list[str]:
    pod = cluster.list("Pod", namespace, selector)[0]
    return [line for _, line in read_log(cluster, pod, container)]


def _retarget(cluster, name: str, port: int) -> None:
    svc = cluster.get("Service", name, SOCIAL)
    ports = [{**p, "targetPort": port} for p in svc["spec"]["ports"]]
    cluster.update({**svc, "spec": {**svc["spec"], "ports": ports}})


def test_healthy_social_network_logs_no_client_errors(social):
    before = _logs(social, SOCIAL, {"service": "compose-post-service"}, "compose-post-service")
    run_workload(social, SOCIAL)
    assert _logs(social, SOCIAL, {"service": "compose-post-service"}, "compose-post-service") == before


def test_target_port_misconfig_makes_compose_post_log_refused_connections(social):
    _retarget(social, "user-service", 9999)
    run_workload(social, SOCIAL)
    social.advance(15)
    lines = _logs(social, SOCIAL, {"service": "compose-post-service"}, "compose-post-service")
    refused = [line for line in lines if "TSocket::open() connect() <Host: user-service Port: 9090>: "
               "Connection refused" in line]
    assert len(refused) == 100  # 10 req/s for 10 s, every compose-post request needs user-service
    assert refused[0].startswith("Thrift: Mon Mar  2 09:00:30 2026 ")
    assert sum("(ClientPool.h:114:Pop) Failed to connect user-service-client" in line for line in lines) == 100


def test_unreachable_url_shorten_service_shows_in_text_service(social):
    _retarget(social, "url-shorten-service", 9999)
    run_workload(social, SOCIAL, rate=10, duration=5)
    social.advance(15)
    lines = _logs(social, SOCIAL, {"service": "text-service"}, "text-service")
    assert sum("Failed to get shortened urls from url-shorten-service" in line for line in lines) == 50
    assert _logs(social, SOCIAL, {"service": "user-service"}, "user-service")[-1].endswith(
        "Starting the user-service server ...")


def test_missing_profile_service_shows_in_hotel_frontend(hotel):
    hotel.delete("Service", "profile", HOTEL)
    run_workload(hotel, HOTEL)
    hotel.advance(15)
    lines = _logs(hotel, HOTEL, {"io.kompose.service": "frontend"}, "hotel-reserv-frontend")
    failed = [line for line in lines if "SearchHandler GetProfiles failed" in line]
    assert len(failed) == 60  # only searchHandler (60% of 100 requests) logs a failed GetProfiles


def test_workload_is_a_no_op_for_unknown_namespaces(hotel):
    hotel.delete("Service", "profile", HOTEL)
    before = _logs(hotel, HOTEL, {"io.kompose.service": "frontend"}, "hotel-reserv-frontend")
    run_workload(hotel, "nowhere")
    assert _logs(hotel, HOTEL, {"io.kompose.service": "frontend"}, "hotel-reserv-frontend") == before
