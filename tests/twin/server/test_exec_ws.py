"""kubectl exec's WebSocket protocol: channels, the final Status, stdin, and refusals."""

from __future__ import annotations

import json

from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from aoi.twin.server import ServedTwin

from .conftest import NS

V5 = ["v5.channel.k8s.io", "v4.channel.k8s.io", "v3.channel.k8s.io", "channel.k8s.io"]


def _mongo(twin: ServedTwin) -> str:
    return twin.cluster.list("Pod", NS, {"io.kompose.service": "mongodb-geo"})[0]["metadata"]["name"]


def _exec(api: TestClient, pod: str, command: list[str], *, stdin: bytes | None = None,
          protocols: list[str] = V5, extra: str = "") -> tuple[str, dict[int, bytes]]:
    query = "&".join(f"command={c}" for c in command) + "&stdout=true&stderr=true" + extra
    if stdin is not None:
        query += "&stdin=true"
    channels: dict[int, bytes] = {}
    with api.websocket_connect(f"/api/v1/namespaces/{NS}/pods/{pod}/exec?{query}", subprotocols=protocols) as ws:
        protocol = ws.accepted_subprotocol
        if stdin is not None:
            ws.send_bytes(b"\x00" + stdin)
            ws.send_bytes(b"\xff\x00")  # v5: stdin is closed
        try:
            while True:
                message = ws.receive_bytes()
                channels[message[0]] = channels.get(message[0], b"") + message[1:]
        except WebSocketDisconnect:
            pass
    return protocol, channels


def test_stdout_and_a_success_status(api: TestClient, hotel_twin: ServedTwin) -> None:
    protocol, channels = _exec(api, _mongo(hotel_twin), ["ls", "/scripts"])
    assert protocol == "v5.channel.k8s.io"
    assert b"revoke-mitigate-admin-geo-mongo.sh" in channels[1]
    assert json.loads(channels[3]) == {"metadata": {}, "status": "Success"}


def test_a_non_zero_exit_is_a_failure_status_with_the_exit_code(api: TestClient, hotel_twin: ServedTwin) -> None:
    _, channels = _exec(api, _mongo(hotel_twin), ["bash", "-c", "echo%20out;%20echo%20err%20%3E%262;%20exit%203"])
    assert channels[1] == b"out\n" and channels[2] == b"err\n"
    status = json.loads(channels[3])
    assert (status["status"], status["reason"]) == ("Failure", "NonZeroExitCode")
    assert status["details"]["causes"] == [{"reason": "ExitCode", "message": "3"}]


def test_stdin_is_read_until_the_client_closes_it(api: TestClient, hotel_twin: ServedTwin) -> None:
    _, channels = _exec(api, _mongo(hotel_twin), ["cat"], stdin=b"hello\n")
    assert channels[1] == b"hello\n"


def test_the_v4_protocol_is_accepted_too(api: TestClient, hotel_twin: ServedTwin) -> None:
    protocol, channels = _exec(api, _mongo(hotel_twin), ["echo", "hi"], protocols=["v4.channel.k8s.io"])
    assert protocol == "v4.channel.k8s.io" and channels[1] == b"hi\n"


def test_the_mongo_fix_runs_as_in_the_emulator(api: TestClient, hotel_twin: ServedTwin) -> None:
    _, channels = _exec(api, _mongo(hotel_twin), ["bash", "/scripts/revoke-mitigate-admin-geo-mongo.sh"])
    assert json.loads(channels[3])["status"] == "Success"


def test_refusals_arrive_as_the_status(api: TestClient, hotel_twin: ServedTwin) -> None:
    _, channels = _exec(api, _mongo(hotel_twin), ["nosuchbin"])
    status = json.loads(channels[3])
    assert status["reason"] == "InternalError" and 'exec: "nosuchbin": executable file not found' in status["message"]
    _, channels = _exec(api, _mongo(hotel_twin), ["ls"], extra="&container=nope")
    assert json.loads(channels[3])["message"].startswith("container nope is not valid for pod ")
    _, channels = _exec(api, "nope", ["ls"])
    assert json.loads(channels[3])["message"] == 'pods "nope" not found'


def test_plain_and_spdy_requests_are_told_to_upgrade(api: TestClient, hotel_twin: ServedTwin) -> None:
    url = f"/api/v1/namespaces/{NS}/pods/{_mongo(hotel_twin)}/exec?command=ls"
    plain = api.get(url)
    assert (plain.status_code, plain.json()["message"]) == (400, "Upgrade request required")
    spdy = api.post(url, headers={"Upgrade": "SPDY/3.1"})
    assert spdy.status_code == 400 and "WebSocket" in spdy.json()["message"]
