"""``get_traces`` over Jaeger's query API: AIOpsLab's export, written by the twin's CSV writer.

AIOpsLab asks ``/api/services``, then ``/api/traces?service=<s>&lookback=<N>s`` for every service
but ``jaeger-all-in-one``, and writes one row per span of every trace returned (a trace touching
several services appears once per service): ``parent_span`` is the CHILD_OF reference or
``ROOT``, ``has_error`` whether an ``error`` tag is true, ``response`` the ``http.status_code``
or ``response_class`` tag, else ``Unknown``. The window is Jaeger's: ``lookback`` is what AIOpsLab
sends (the served twin honours it; a real Jaeger falls back to its own default window, as it
does under AIOpsLab). The file is named after this machine's clock, as AIOpsLab names it.
"""

from __future__ import annotations

import time
from pathlib import Path

from aoi.twin.telemetry.export import write_traces_csv

from .http import JsonClient

__all__ = ["SKIPPED_SERVICES", "export_traces", "span_rows"]

SKIPPED_SERVICES = frozenset({"jaeger-all-in-one"})


def export_traces(base_url: str, workdir: Path, minutes: float, timeout_s: float) -> str:
    """Write ``trace_output/traces_<unix>.csv`` under ``workdir`` and return AIOpsLab's message."""
    rows: list[tuple] = []
    with JsonClient("Jaeger", base_url, timeout_s) as jaeger:
        services = jaeger.get("/api/services").get("data") or []
        for service in services:
            if service in SKIPPED_SERVICES:
                continue
            found = jaeger.get("/api/traces", {"service": service, "lookback": f"{int(minutes * 60)}s"})
            for trace in found.get("data") or []:
                rows.extend(span_rows(trace))
    return write_traces_csv(workdir, int(time.time()), rows)


def span_rows(trace: dict) -> list[tuple]:
    """One CSV row (`TRACE_COLUMNS` order) per span of a trace in Jaeger's JSON model."""
    processes = trace.get("processes") or {}
    rows = []
    for span in trace.get("spans") or []:
        parent = next((ref.get("spanID") for ref in span.get("references") or []
                       if ref.get("refType") == "CHILD_OF"), "ROOT")
        has_error, response = False, "Unknown"
        for tag in span.get("tags") or []:
            if tag.get("key") == "error" and tag.get("value") is True:
                has_error = True
            if tag.get("key") in ("http.status_code", "response_class"):
                response = tag.get("value")
        service = (processes.get(span.get("processID")) or {}).get("serviceName", "")
        rows.append((span.get("traceID", trace.get("traceID")), span.get("spanID"), parent, service,
                     span.get("operationName"), span.get("startTime"), span.get("duration"), has_error, response))
    return rows
