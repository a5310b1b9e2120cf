"""Clusters with an app deployed and settled, shared by the app tests."""

from __future__ import annotations

import pytest

from aoi.twin.apps import behaviour_table, deploy_app
from aoi.twin.cluster import Cluster
from aoi.twin.runtime import StartContext

HOTEL = "test-hotel-reservation"
SOCIAL = "test-social-network"


def settled(app: str, seed: int = 7) -> Cluster:
    cluster = Cluster(seed=seed, behaviours=behaviour_table())
    deploy_app(cluster, app)
    cluster.advance(30)
    return cluster


@pytest.fixture
def hotel() -> Cluster:
    return settled("HotelReservation")


@pytest.fixture
def social() -> Cluster:
    return settled("SocialNetwork")


def pod_of(cluster: Cluster, namespace: str, label: str, value: str) -> dict:
    pods = cluster.list("Pod", namespace, {label: value})
    assert pods, f"no pod with {label}={value} in {namespace}"
    return pods[0]


def start_context(cluster: Cluster, pod: dict, *, image: str | None = None, command: list[str] | None = None,
                  restart_count: int = 0) -> StartContext:
    """A StartContext for the pod's first container, optionally with another image or command."""
    container = dict(pod["spec"]["containers"][0])
    if image is not None:
        container["image"] = image
    if command is not None:
        container["command"] = command
    return StartContext(cluster, pod, container, restart_count, cluster.clock.now)


def strip_ansi(lines: tuple[str, ...] | list[str]) -> list[str]:
    import re

    pattern = re.compile(r"\x1b\[[0-9;]*m")
    return [pattern.sub("", line) for line in lines]
