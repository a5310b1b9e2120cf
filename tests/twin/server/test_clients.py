"""The Python kubernetes client, the kubeconfig, the background server and ``aoi twin serve``."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import yaml
from kubernetes import client, config
from typer.testing import CliRunner

from aoi.cli import app as aoi_app
from aoi.twin.server import kubeconfig_text, serving, write_kubeconfig

from .conftest import NS, PROBLEM_ID, make_twin


def test_the_python_client_lists_pods_and_reads_logs(tmp_path: Path) -> None:
    twin = make_twin()
    with serving(twin) as url:
        path = write_kubeconfig(tmp_path / "kubeconfig", url, NS)
        settings = client.Configuration()
        config.load_kube_config(config_file=str(path), client_configuration=settings)
        with client.ApiClient(settings) as api_client:
            core = client.CoreV1Api(api_client)
            pods = core.list_namespaced_pod(NS)
            names = [pod.metadata.name for pod in pods.items]
            assert names == [p["metadata"]["name"] for p in twin.cluster.list("Pod", NS)]
            geo = next(pod for pod in pods.items if pod.metadata.labels.get("io.kompose.service") == "geo")
            assert geo.spec.node_name == "kind-worker" and geo.metadata.creation_timestamp.year == 2026
            log = core.read_namespaced_pod_log(geo.metadata.name, NS, tail_lines=5)
            assert "not authorized on geo-db" in log and len(log.splitlines()) == 5
            deployment = client.AppsV1Api(api_client).read_namespaced_deployment("geo", NS)
            assert deployment.spec.replicas == 1


def test_the_kubeconfig_points_the_aoi_twin_context_at_the_server() -> None:
    data = yaml.safe_load(kubeconfig_text("http://127.0.0.1:1234", NS))
    assert data["current-context"] == "aoi-twin"
    assert data["clusters"] == [{"name": "aoi-twin", "cluster": {"server": "http://127.0.0.1:1234"}}]
    assert data["contexts"] == [{"name": "aoi-twin", "context": {"cluster": "aoi-twin", "user": "aoi-twin",
                                                                  "namespace": NS}}]


def test_the_background_server_starts_on_a_free_port_and_stops() -> None:
    with serving(make_twin()) as url:
        assert httpx.get(f"{url}/healthz").text == "ok"
        port = int(url.rsplit(":", 1)[1])
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0  # nothing listens any more


def test_serve_refuses_bad_input_in_one_line() -> None:
    runner = CliRunner()
    unknown = runner.invoke(aoi_app, ["twin", "serve", "nope"])
    assert unknown.exit_code == 2 and unknown.output.strip().count("\n") == 0
    assert unknown.output.startswith("error: unknown problem id 'nope'")
    bad_clock = runner.invoke(aoi_app, ["twin", "serve", PROBLEM_ID, "--clock", "sundial"])
    assert bad_clock.exit_code == 2 and "unknown clock 'sundial'" in bad_clock.output
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = runner.invoke(aoi_app, ["twin", "serve", PROBLEM_ID, "--port", str(port)])
    assert busy.exit_code == 1
    assert busy.output == f"error: 127.0.0.1:{port} is already in use; pick another --port, or 0 for a free one\n"


def test_aoi_has_the_twin_command() -> None:
    result = CliRunner().invoke(aoi_app, ["twin", "serve", "--help"])
    assert result.exit_code == 0 and "--kubeconfig-out" in result.output


def test_the_public_surface_is_pinned() -> None:
    import aoi.twin.server as server

    assert sorted(server.__all__) == ["CLOCK_MODES", "CONTEXT", "ClockMode", "PortInUse", "ServedTwin", "create_app",
                                      "kubeconfig_text", "scenario_twin", "serve_forever", "serving",
                                      "write_kubeconfig"]
    assert all(hasattr(server, name) for name in server.__all__)
