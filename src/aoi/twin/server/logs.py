"""``GET /api/v1/namespaces/{ns}/pods/{name}/log``: a container's log as the kubelet serves it.

The lines are the ones the emulator's ``kubectl logs`` prints (`aoi.twin.telemetry.logs.read_log`
over the cluster's log book), and a container with nothing to serve gets the same BadRequest
(`aoi.twin.kubectl.logs.log_refusal`). Query parameters: ``container``, ``previous``,
``tailLines``, ``sinceSeconds`` / ``sinceTime``, ``timestamps``, ``limitBytes``; ``follow``
answers what there is and ends, since virtual time does not pass during a request.
"""

from __future__ import annotations

from datetime import datetime

from starlette.responses import Response

from ..clock import EPOCH
from ..kinds import BY_KIND
from ..kubectl.logs import log_refusal
from ..telemetry.logs import log_text, read_log
from .containers import pick_container
from .session import ServedTwin
from .status import bad_request, not_found

__all__ = ["pod_log"]


def _flag(query, name: str) -> bool:
    return (query.get(name) or "").lower() in ("true", "1")


def _int(query, name: str, minimum: int) -> int | None:
    text = query.get(name)
    if text is None:
        return None
    try:
        value = int(text)
    except ValueError:
        raise bad_request(f'{name}: Invalid value: "{text}": must be an integer') from None
    if value < minimum:
        raise bad_request(f"{name}: Invalid value: {value}: must be greater than or equal to {minimum}")
    return value


def _since(query, now: float) -> float | None:
    """The clock time lines are kept from (``sinceSeconds`` or ``sinceTime``)."""
    seconds = _int(query, "sinceSeconds", 1)
    stamp = query.get("sinceTime")
    if seconds is not None and stamp:
        raise bad_request("at most one of `sinceTime` or `sinceSeconds` may be specified")
    if seconds is not None:
        return now - seconds
    if stamp:
        try:
            moment = datetime.fromisoformat(stamp)
        except ValueError:
            raise bad_request(f'sinceTime: Invalid value: "{stamp}": parsing time as RFC 3339') from None
        return (moment - EPOCH).total_seconds()
    return None


def pod_log(twin: ServedTwin, namespace: str, name: str, query) -> Response:
    with twin.lock:
        cluster = twin.cluster
        pod = cluster.find("Pod", name, namespace)
        if pod is None:
            raise not_found(BY_KIND["Pod"], name)
        container = pick_container(pod, query.get("container"))["name"]
        previous = _flag(query, "previous")
        refusal = log_refusal(cluster, pod, container, previous)
        if refusal is not None:
            raise bad_request(refusal)
        entries = read_log(cluster, pod, container, previous=previous, since=_since(query, cluster.clock.now),
                           tail=_int(query, "tailLines", 0))
        text = log_text(entries, timestamps=_flag(query, "timestamps")).encode()
    limit = _int(query, "limitBytes", 1)
    if limit is not None:
        text = text[:limit]
    return Response(text, media_type="text/plain")
