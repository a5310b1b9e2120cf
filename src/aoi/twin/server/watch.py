"""``?watch=true``: a stream of watch events (``{"type": "MODIFIED", "object": {...}}`` per line).

Nothing in the twin changes on its own, so a watch mostly idles until the client goes away or
``timeoutSeconds`` pass. The exception is the watch ``kubectl rollout status`` opens on one
Deployment (``fieldSelector=metadata.name=<name>``): real kubectl waits there for the cluster to
converge, so the server lets virtual time pass exactly as the emulated command does
(`aoi.twin.kubectl.rollout.rollout_events`, one step per ``STEP_S``), sending the Deployment
each time it changed. The watch starts after the list kubectl made first, so the Deployment's
state at that moment is sent only if it is newer than the ``resourceVersion`` asked for.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator

from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse

from ..kubectl.rollout import rollout_events
from .call import ApiCall
from .session import ServedTwin

__all__ = ["watch"]

_IDLE_POLL_S = 0.2
_DEFAULT_TIMEOUT_S = 1800.0


def watch(twin: ServedTwin, call: ApiCall) -> StreamingResponse:
    target = call.target
    name = _single_name(call)
    since = int(call.query.get("resourceVersion") or 0)
    events: Iterator[dict] | None = None
    if target.rtype.kind == "Deployment" and name and target.namespace:
        with twin.lock:
            deploy = twin.cluster.find("Deployment", name, target.namespace)
            deadline = float((deploy or {}).get("spec", {}).get("progressDeadlineSeconds", 600))
        events = rollout_events(twin.cluster, target.namespace, name, deadline)
    timeout = float(call.query.get("timeoutSeconds") or _DEFAULT_TIMEOUT_S)
    return StreamingResponse(_stream(twin, events, since, timeout), media_type="application/json")


def _single_name(call: ApiCall) -> str | None:
    if call.target.name:
        return call.target.name
    selector = call.query.get("fieldSelector") or ""
    key, _, value = selector.partition("=")
    return value if key == "metadata.name" and "," not in selector else None


async def _stream(twin: ServedTwin, events: Iterator[dict] | None, since: int, timeout: float) -> AsyncIterator[bytes]:
    started = time.monotonic()
    if events is not None:
        while (line := await run_in_threadpool(_next_event, twin, events, since)) is not None:
            if line:
                yield line
    # Nothing else will change: stay open, as a quiet real watch does, until the client leaves.
    while time.monotonic() - started < timeout:
        await asyncio.sleep(_IDLE_POLL_S)


def _next_event(twin: ServedTwin, events: Iterator[dict], since: int) -> bytes | None:
    """The next event's line (b"" for a state the client already has), None when the wait is over."""
    with twin.lock:
        obj = next(events, None)
        if obj is None:
            return None
        if int(obj["metadata"].get("resourceVersion") or 0) <= since:
            return b""
        return (json.dumps({"type": "MODIFIED", "object": obj}, ensure_ascii=False, separators=(",", ":"))
                + "\n").encode()
