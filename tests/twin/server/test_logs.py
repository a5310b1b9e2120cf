"""Pod logs over HTTP: the emulator's lines and the API server's refusals."""

from __future__ import annotations

from starlette.testclient import TestClient

from aoi.twin.server import ServedTwin
from aoi.twin.telemetry.logs import log_text, read_log

from .conftest import NS


def _geo(twin: ServedTwin) -> dict:
    [pod] = twin.cluster.list("Pod", NS, {"io.kompose.service": "geo"})
    return pod


def _url(pod: dict) -> str:
    meta = pod["metadata"]
    return f"/api/v1/namespaces/{meta['namespace']}/pods/{meta['name']}/log"


def test_log_is_what_kubectl_logs_prints(api: TestClient, hotel_twin: ServedTwin) -> None:
    pod = _geo(hotel_twin)
    container = pod["spec"]["containers"][0]["name"]
    response = api.get(_url(pod))
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == log_text(read_log(hotel_twin.cluster, pod, container))
    assert "not authorized on geo-db" in response.text


def test_log_parameters(api: TestClient, hotel_twin: ServedTwin) -> None:
    hotel_twin.cluster.advance(60)  # geo crashes again: now it has a previous run
    pod = _geo(hotel_twin)
    container = pod["spec"]["containers"][0]["name"]
    previous = api.get(_url(pod), params={"previous": "true", "container": container}).text
    assert previous == log_text(read_log(hotel_twin.cluster, pod, container, previous=True))
    tail = api.get(_url(pod), params={"tailLines": 2}).text
    assert tail.splitlines() == api.get(_url(pod)).text.splitlines()[-2:]
    stamped = api.get(_url(pod), params={"timestamps": "true", "tailLines": 1}).text
    assert stamped.startswith("2026-") and stamped.split(" ", 1)[1] == tail.splitlines()[-1] + "\n"
    assert len(api.get(_url(pod), params={"limitBytes": 10}).content) == 10
    recent = api.get(_url(pod), params={"sinceSeconds": 1}).text
    assert len(recent) <= len(api.get(_url(pod)).text)


def test_log_refusals_are_the_servers_bad_requests(api: TestClient, hotel_twin: ServedTwin) -> None:
    [prometheus] = [p for p in hotel_twin.cluster.list("Pod", "observe")
                    if p["metadata"]["name"].startswith("prometheus-server")]
    name = prometheus["metadata"]["name"]
    response = api.get(_url(prometheus))
    assert response.status_code == 400 and response.json()["reason"] == "BadRequest"
    assert response.json()["message"] == (f"a container name must be specified for pod {name}, choose one of: "
                                          "[prometheus-server-configmap-reload prometheus-server]")
    wrong = api.get(_url(prometheus), params={"container": "nope"}).json()["message"]
    assert wrong == f"container nope is not valid for pod {name}"
    mongo = hotel_twin.cluster.list("Pod", NS, {"io.kompose.service": "mongodb-geo"})[0]
    container = mongo["spec"]["containers"][0]["name"]
    previous = api.get(_url(mongo), params={"previous": "1"}).json()["message"]
    assert previous == f'previous terminated container "{container}" in pod "{mongo["metadata"]["name"]}" not found'
    assert api.get(f"/api/v1/namespaces/{NS}/pods/nope/log").json()["message"] == 'pods "nope" not found'
