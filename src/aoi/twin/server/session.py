"""The served twin: one cluster, the lock every handler holds while touching it, and the clock policy.

Handlers run on uvicorn's thread pool (and the exec WebSocket on its event loop), while the
cluster is single-threaded code, so every access goes through ``twin.lock``.

Time. Nothing in the twin moves on its own, so the server decides when it passes:

* ``virtual`` (default): each kubectl invocation is one agent step and advances the clock by
  ``step_seconds`` before it is served, as `aoi.env`'s TwinBackend does per step. kubectl marks
  every request of one invocation with the same ``Kubectl-Session`` header, so a session id not
  seen before is a new invocation; the very first one is served at the problem's start time.
  Clients that send no session (the Python client, curl) advance once per write request.
  ``step_seconds=0`` freezes the clock.
* ``wall``: the cluster is built so the problem starts at the wall-clock time the server starts
  (`scenario_twin`), and each request first advances the clock to the wall clock, so tools that
  compute ages on the client (kubectl describe's events, k9s) show sensible ages.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from ..clock import EPOCH, default_start, starting_at

if TYPE_CHECKING:
    from starlette.requests import HTTPConnection

    from ..cluster import Cluster
    from ..faults.spec import FaultSpec

__all__ = ["CLOCK_MODES", "ClockMode", "ServedTwin", "scenario_twin"]

ClockMode = Literal["virtual", "wall"]
CLOCK_MODES: tuple[str, ...] = ("virtual", "wall")
SESSION_HEADER = "kubectl-session"
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_REMEMBERED_SESSIONS = 4096  # kubectl invocations are sequential; old ids never come back


class ServedTwin:
    """What every route handler receives: ``cluster``, ``lock``, ``namespace``, ``before_request``."""

    def __init__(self, cluster: Cluster, namespace: str | None = None, *, clock: ClockMode = "virtual",
                 step_seconds: float = 10.0, wall_clock: Callable[[], datetime] | None = None) -> None:
        if clock not in CLOCK_MODES:
            raise ValueError(f"clock must be one of {', '.join(CLOCK_MODES)}, got {clock!r}")
        if step_seconds < 0:
            raise ValueError(f"step_seconds must be >= 0, got {step_seconds}")
        self.cluster = cluster
        self.namespace = namespace  # the problem's app namespace (the kubeconfig's default)
        self.lock = threading.RLock()
        self.clock: ClockMode = clock
        self.step_seconds = step_seconds
        self._wall_clock = wall_clock or (lambda: datetime.now(UTC))
        self._sessions: OrderedDict[str, None] = OrderedDict()
        self.invocations = 0  # kubectl invocations (and session-less writes) seen so far

    def before_request(self, request: HTTPConnection) -> None:
        """Apply the clock policy for one incoming request; call first in every handler."""
        with self.lock:
            if self.clock == "wall":
                self._follow_wall_clock()
            elif self._starts_invocation(request) and self.invocations > 1 and self.step_seconds:
                self.cluster.advance(self.step_seconds)

    def _starts_invocation(self, request: HTTPConnection) -> bool:
        session = request.headers.get(SESSION_HEADER)
        if session is None:
            new = request.scope.get("method") in _WRITES
        else:
            new = session not in self._sessions
            self._sessions[session] = None
            self._sessions.move_to_end(session)
            if len(self._sessions) > _REMEMBERED_SESSIONS:
                self._sessions.popitem(last=False)
        if new:
            self.invocations += 1
        return new

    def _follow_wall_clock(self) -> None:
        target = math.floor((self._wall_clock() - EPOCH).total_seconds())
        if target > self.cluster.clock.now:
            self.cluster.advance(target - self.cluster.clock.now)


def scenario_twin(app: str, namespace: str, fault: FaultSpec, *, seed: int = 0, noise: str = "realistic",
                  clock: ClockMode = "virtual", step_seconds: float = 10.0,
                  now: datetime | None = None) -> ServedTwin:
    """A `ServedTwin` over a fresh problem cluster (`aoi.twin.scenario.start_scenario`).

    With ``clock="wall"`` the cluster is built so that the problem starts at ``now`` (default: the
    wall clock): the build's length is measured on the normal build, then the build is repeated
    with its clock started that much earlier (`aoi.twin.clock.starting_at`).
    """
    from ..scenario import start_scenario

    if clock == "wall":
        moment = now or datetime.now(UTC)
        build_length = start_scenario(app, namespace, fault, seed=seed, noise=noise).clock.now - default_start()
        with starting_at(moment - timedelta(seconds=build_length)):
            cluster = start_scenario(app, namespace, fault, seed=seed, noise=noise)
    else:
        cluster = start_scenario(app, namespace, fault, seed=seed, noise=noise)
    return ServedTwin(cluster, namespace, clock=clock, step_seconds=step_seconds)
