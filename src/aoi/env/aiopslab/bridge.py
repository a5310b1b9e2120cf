"""`BridgeBackend`: a `Backend` whose every call is one action handed to an AIOpsLab orchestrator.

The AOI runtime is a synchronous loop that calls a backend; AIOpsLab's orchestrator instead
calls the agent (``get_action``). The bridge turns one into the other with two queues:

    worker thread (the runtime)                      orchestrator side (get_action)
    ---------------------------                      ------------------------------
    exec_shell(cmd) --- action -----> outbox ---->   next_action() returns it
         blocks on inbox <---- observation <------   deliver(observation)

Each backend call emits exactly one fenced AIOpsLab call (``exec_shell("...")``,
``get_logs(...)``, ...) and blocks until the orchestrator's next turn delivers the answer.
`emit_final` hands over a last action without waiting (the submit: AIOpsLab answers a valid
submit by ending the episode, not with an observation).

Ending. The worker must never wait for an observation that will not come, so a call raises
`EpisodeEnded` when the bridge was closed, when it has just emitted the last action of a known
step budget (``max_steps``: AIOpsLab never answers the last one), or when no observation came
within ``observation_timeout_s``. `EpisodeEnded` is a `BaseException`, like
`asyncio.CancelledError`, because `aoi.env.actions.perform` (as AIOpsLab itself) turns every
`Exception` an action raises into observation text, which would keep the runtime going.
An orchestrator refusal (its parser could not read the action) raises `OrchestratorRefused`,
an ordinary exception that the episode reports to the runtime as a failed action.

The bridge offers no `Checkpointing` (a live cluster has no snapshot), `reset` and `tick` do
nothing (AIOpsLab deployed the problem; real time passes), and `reader` serves an empty cluster:
the oracle stays in AIOpsLab, so reading the cluster for AOI's own verdict would only spend the
orchestrator's steps on a verdict nobody uses.
"""

from __future__ import annotations

import queue
import threading
from typing import Final

from aoi.problems import ClusterReader, Problem, SnapshotReader

from ..parser import exec_shell_action, fence
from .observations import Observation, ObservationKind

__all__ = ["DEFAULT_OBSERVATION_TIMEOUT_S", "BridgeBackend", "EpisodeEnded", "OrchestratorRefused"]

#: How long the worker waits for the orchestrator's next turn: longer than any one action takes
#: in AIOpsLab (a shell command times out after 30 s; a metrics export takes seconds).
DEFAULT_OBSERVATION_TIMEOUT_S = 900.0


class EpisodeEnded(BaseException):  # noqa: N818 - a stop signal, named like GeneratorExit
    """The orchestrator will not answer again; the runtime must unwind (see the module docstring)."""


class OrchestratorRefused(Exception):
    """The orchestrator could not run the action; the message is its answer."""


class _End:
    """The sentinel that wakes a waiting side when the other side is gone."""


_END: Final = _End()


class BridgeBackend:
    """The queue-backed `Backend`; the worker calls the Backend methods, get_action the others."""

    def __init__(self, *, max_steps: int | None = None,
                 observation_timeout_s: float = DEFAULT_OBSERVATION_TIMEOUT_S) -> None:
        if max_steps is not None and max_steps < 1:
            raise ValueError(f"max_steps must be at least 1 or None, got {max_steps}")
        self.max_steps = max_steps
        self.observation_timeout_s = observation_timeout_s
        self.actions: list[str] = []  # every action emitted, in order (read after the episode)
        self._outbox: queue.Queue[str | _End] = queue.Queue()
        self._inbox: queue.Queue[Observation | _End] = queue.Queue()
        self._closed = threading.Event()

    # ------------------------------------------------------- orchestrator side
    def next_action(self, timeout: float) -> str | None:
        """The worker's next action; None once the worker is done or the bridge is closed.

        Raises `queue.Empty` when nothing came within ``timeout`` seconds.
        """
        item = self._outbox.get(timeout=timeout)
        if isinstance(item, _End):
            self._outbox.put(item)  # later calls must see the end too
            return None
        return item

    def deliver(self, observation: Observation) -> None:
        """Hand the orchestrator's answer to the waiting worker."""
        self._inbox.put(observation)

    def close(self) -> None:
        """Wake both sides for good: the worker's next or current wait raises `EpisodeEnded`."""
        self._closed.set()
        self._inbox.put(_END)
        self._outbox.put(_END)

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    @property
    def remaining(self) -> int | None:
        """Actions the orchestrator will still take (None when its budget is unknown)."""
        return None if self.max_steps is None else max(0, self.max_steps - len(self.actions))

    # ------------------------------------------------------------- worker side
    def emit_final(self, action: str) -> bool:
        """Hand over a last action without waiting for an answer; False if none may be sent."""
        if self.closed or self.remaining == 0:
            return False
        self._emit(action)
        return True

    def finish(self) -> None:
        """The worker is done: any `next_action` now returns None."""
        self._outbox.put(_END)

    # ------------------------------------------------------ the Backend methods
    def reset(self, problem: Problem, seed: int) -> None:
        """Nothing to do: the orchestrator deployed the problem before the first turn."""

    def tick(self) -> None:
        """Nothing to do: real time passes between turns."""

    def reader(self) -> ClusterReader:
        """An empty cluster: AIOpsLab's own oracle scores the episode (module docstring)."""
        return SnapshotReader(())

    def exec_shell(self, command: str) -> str:
        return self._request(fence(exec_shell_action(command)))

    def get_logs(self, namespace: str, service: str) -> str:
        return self._request(_call("get_logs", namespace, service))

    def get_metrics(self, namespace: str, duration: int) -> str:
        return self._request(_call("get_metrics", namespace, duration))

    def read_metrics(self, file_path: str) -> str:
        return self._request(_call("read_metrics", file_path))

    def get_traces(self, namespace: str, duration: int) -> str:
        return self._request(_call("get_traces", namespace, duration))

    def read_traces(self, file_path: str) -> str:
        return self._request(_call("read_traces", file_path))

    # ----------------------------------------------------------------- helpers
    def _emit(self, action: str) -> None:
        self.actions.append(action)
        self._outbox.put(action)

    def _request(self, action: str) -> str:
        if self.closed:
            raise EpisodeEnded("the bridge is closed")
        self._emit(action)
        if self.remaining == 0:
            raise EpisodeEnded(f"that was action {self.max_steps}, the orchestrator's last")
        try:
            answer = self._inbox.get(timeout=self.observation_timeout_s)
        except queue.Empty:
            raise EpisodeEnded(f"no observation within {self.observation_timeout_s:g} s") from None
        if isinstance(answer, _End):
            raise EpisodeEnded("the bridge is closed")
        if answer.kind is ObservationKind.REFUSED:
            raise OrchestratorRefused(answer.text)
        return answer.text


def _call(api: str, *args: str | int) -> str:
    """A fenced call with Python-literal arguments, as AIOpsLab's parser reads them (`ast`)."""
    return fence(f"{api}({', '.join(repr(arg) for arg in args)})")
