"""Twin fixtures: a HotelReservation namespace whose geo pod crash-loops, and a 27-pod SocialNetwork."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from aoi.agents.compressor import Evidence, RuleCompressor
from aoi.problems import get_problem
from aoi.twin.scenario import start_scenario, twin_shell

HOTEL = "test-hotel-reservation"
SOCIAL = "test-social-network"


def _shell(problem_id: str):
    p = get_problem(problem_id)
    return twin_shell(start_scenario(p.app.value, p.namespace, p.fault, seed=0))


@pytest.fixture(scope="module")
def hotel():
    """Shell on HotelReservation with revoke_auth_mongodb-1 injected (geo crash-loops)."""
    return _shell("revoke_auth_mongodb-mitigation-1")


@pytest.fixture(scope="module")
def social():
    """Shell on SocialNetwork (27 pods, all Running)."""
    return _shell("auth_miss_mongodb-mitigation-1")


@pytest.fixture(scope="module")
def geo_pod(hotel) -> str:
    rows = hotel.run(f"kubectl get pods -n {HOTEL}").stdout.splitlines()
    return next(r.split()[0] for r in rows if r.startswith("geo-"))


@pytest.fixture
def run(hotel) -> Callable[..., Evidence]:
    """Run a command in the hotel twin and compress its result."""

    def _run(command: str, shell=None, budget_tokens: int = 600) -> Evidence:
        result = (shell or hotel).run(command)
        return RuleCompressor().compress(
            command, result.stdout, result.stderr, result.exit_code, budget_tokens=budget_tokens
        )

    return _run
