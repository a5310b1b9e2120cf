"""Flower's docker deployment: `docker` commands, the two Flower faults and AIOpsLab's get_logs."""

from __future__ import annotations

import shlex

import pytest

from aoi.twin.cluster import Cluster
from aoi.twin.docker import (
    TASK_PY,
    containers,
    deploy_flower,
    docker_logs,
    misconfigure_model,
    stop_container,
)
from aoi.twin.docker_cli import make_docker_program


@pytest.fixture
def cluster() -> Cluster:
    c = Cluster(seed=9)
    deploy_flower(c)
    c.advance(300)
    return c


@pytest.fixture
def docker(cluster):
    program = make_docker_program(cluster)
    return lambda command: program(shlex.split(command), "")


def test_ps_lists_the_six_containers(docker):
    lines = docker("docker ps").stdout.splitlines()
    assert lines[0].split() == ["CONTAINER", "ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]
    assert [line.split()[-1] for line in lines[1:]] == ["superlink", "serverapp", "supernode-1", "supernode-2",
                                                       "clientapp-1", "clientapp-2"]
    assert "0.0.0.0:9091-9093->9091-9093/tcp, :::9091-9093->9091-9093/tcp" in lines[1]
    assert "Up 5 minutes" in lines[1] and "5 minutes ago" in lines[1]


def test_stopped_supernode_leaves_ps_and_shows_in_ps_all(cluster, docker):
    assert stop_container(cluster, "supernode-1")
    cluster.advance(120)
    assert "supernode-1" not in docker("docker ps --format '{{.Names}}'").stdout.split()
    status = docker("docker ps -a --format '{{.Names}}: {{.Status}}'").stdout
    assert "supernode-1: Exited (0) 2 minutes ago\n" in status
    assert "received 1 results and 1 failures" in docker_logs(cluster, "serverapp")
    assert docker("docker exec supernode-1 ls").stderr.startswith("Error response from daemon: container ")
    assert docker("docker start supernode-1").stdout == "supernode-1\n"
    assert containers(cluster)["supernode-1"].running


def test_model_misconfig_is_visible_in_the_file_and_the_logs(cluster, docker):
    assert "nn.Linear(84, 10)" in containers(cluster)["clientapp-1"].files[TASK_PY].split("\n")[23]
    misconfigure_model(cluster)
    line = docker("docker exec clientapp-1 sh -c \"sed -n '24p' /app/.flwr/apps/*/task.py\"").stdout
    assert line.strip() == "self.fc3 = nn.Linear(80, 10)"
    logs = docker("docker logs clientapp-1").stderr
    assert "size mismatch for fc3.weight" in logs and "torch.Size([10, 80])" in logs
    fixed = docker("docker exec clientapp-1 sed -i '24s/80/84/' /app/.flwr/apps/*/task.py")
    assert fixed.exit_code == 0
    assert "size mismatch" not in docker_logs(cluster, "clientapp-1")


def test_errors_and_other_commands(docker, cluster):
    assert docker("docker logs nope").stderr == "Error response from daemon: No such container: nope\n"
    inspected = docker("docker inspect nope")
    assert inspected.stdout == "[]\n" and inspected.stderr == "Error: No such object: nope\n"
    assert '"Name": "/superlink"' in docker("docker inspect superlink").stdout
    assert docker("docker exec -it clientapp-1 sh").stderr == "the input device is not a TTY\n"
    missing = docker("docker exec superlink curl localhost")
    assert missing.stderr.endswith('exec: "curl": executable file not found in $PATH: unknown\n')
    assert docker("docker logs --tail 1 superlink").stderr.count("\n") == 1
    assert docker("docker stats --no-stream").stdout.startswith("CONTAINER ID   NAME")
    assert docker("docker frobnicate").stderr.startswith("docker: 'frobnicate' is not a docker command.")
    assert docker_logs(cluster, "nope") is None
