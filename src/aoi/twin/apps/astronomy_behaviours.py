"""Startup lines of the OpenTelemetry demo's components and its sub-charts' images.

All demo components share one image repository (``ghcr.io/open-telemetry/demo``) and differ by
tag (``2.2.0-<component>``), so one behaviour dispatches on the tag. Each prints a few lines in
its language's usual format and stays up; flag-driven misbehaviour shows in telemetry, not here.
"""

from __future__ import annotations

from datetime import timedelta

from ..clock import EPOCH
from ..runtime import Behaviour, Outcome, StartContext, image_tag
from .common_behaviours import printing


def _iso(now: float, digits: int = 3) -> str:
    moment = EPOCH + timedelta(seconds=now)
    frac = f"{now % 1:.{digits}f}"[2:]
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + frac + "Z"


def _millis_stamp(now: float, fmt: str) -> str:
    """``strftime(fmt)`` of the twin instant followed by its truncated milliseconds (``.123``)."""
    return (EPOCH + timedelta(seconds=now)).strftime(fmt) + f"{int(now * 1000) % 1000:03d}"


def _component_lines(component: str, now: float) -> list[str]:
    t = _iso(now)
    lines = {
        "ad": [f"{t} - ad-service - INFO - Ad service starting.",
               f"{t} - ad-service - INFO - Ad service started, listening on 8080"],
        "cart": ["info: cart.cartstore.ValkeyCartStore[0]", "      Connecting to Redis: valkey-cart:6379",
                 "info: Microsoft.Hosting.Lifetime[14]", "      Now listening on: http://[::]:8080",
                 "info: Microsoft.Hosting.Lifetime[0]", "      Application started. Press Ctrl+C to shut down."],
        "checkout": [f'{{"time":"{t}","level":"INFO","msg":"service config","config":{{"port":"8080"}}}}',
                     f'{{"time":"{t}","level":"INFO","msg":"Kafka producer initialized"}}',
                     f'{{"time":"{t}","level":"INFO","msg":"starting to listen on tcp: \\"[::]:8080\\""}}'],
        "currency": [f"Currency Server listening on port: 8080 at {t}"],
        "email": ["== Sinatra (v3.1.0) has taken the stage on 8080 for production with backup from Puma",
                  "Puma starting in single mode...", "* Listening on http://0.0.0.0:8080", "Use Ctrl-C to stop"],
        "frontend": ["  ▲ Next.js 15.2.4", "   - Local:        http://localhost:8080",
                     "   - Network:      http://0.0.0.0:8080", "", " ✓ Starting...", " ✓ Ready in 312ms"],
        "frontend-proxy": [f"[{t}][1][info][main] [source/server/server.cc:430] initializing epoch 0 "
                           "(base id=0, hot restart version=11.104)",
                           f"[{t}][1][info][main] [source/server/server.cc:1029] starting main dispatch loop"],
        "image-provider": [f"{t} [notice] 1#1: using the \"epoll\" event method",
                           f"{t} [notice] 1#1: start worker processes"],
        "load-generator": [f"[{t}] load-generator/INFO/locust.main: Starting web interface at http://0.0.0.0:8089",
                           f"[{t}] load-generator/INFO/locust.main: Starting Locust 2.32.2",
                           f"[{t}] load-generator/INFO/locust.runners: Ramping to 10 users at a rate of 1.00 "
                           "per second"],
        "payment": [f'{{"level":"info","time":{int(1772442000 + now)}000,"pid":1,"hostname":"payment",'
                    '"service.name":"payment","msg":"payment gRPC server started on port 8080"}'],
        "product-catalog": [f'time={t} level=INFO msg="Loaded 10 products"',
                            f'time={t} level=INFO msg="Product Catalog gRPC server started on port: 8080"'],
        "product-reviews": [f"{t} INFO [main] product-reviews server started, listening on port 3551"],
        "quote": [f"[{t}] INFO: Quote service started on port 8080"],
        "recommendation": [f"{t} INFO [main] [recommendation_server.py:143] - Recommendation service started, "
                           "listening on port 8080"],
        "shipping": [f"{t} INFO shipping: Shipping service listening on 0.0.0.0:8080"],
        "kafka": [f"[{t}] INFO [KafkaRaftServer nodeId=1] Kafka Server started (kafka.server.KafkaRaftServer)"],
        "accounting": ["info: Accounting.Consumer[0]", "      Connecting to Kafka: kafka:9092"],
        "fraud-detection": [f"{t} INFO  frauddetection - Consumer started for topic orders"],
        "llm": ["INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)"],
        "flagd-ui": [f"{t} [info] Running FlagdUiWeb.Endpoint with Bandit 1.6.0 at :::4000 (http)"],
    }
    return lines.get(component, [])


def demo_image(ctx: StartContext) -> Outcome:
    """``ghcr.io/open-telemetry/demo:<version>-<component>``."""
    component = image_tag(ctx.image).split("-", 1)[-1]
    return Outcome(logs=tuple(_component_lines(component, ctx.now)))


def _flagd(ctx: StartContext) -> list[str]:
    """flagd serving the copied demo.flagd.json."""
    t = _iso(ctx.now)
    return [f"\t{t}\tinfo\tcmd/start.go:117\tflagd version: v0.12.9 (sha), built at: 2025-07-28",
            f"\t{t}\tinfo\tflag-sync/sync_service.go:54\tstarting flag sync service on port 8015",
            f"\t{t}\tinfo\tfile/filepath_sync.go:37\tStarting filepath sync notifier",
            f"\t{t}\tinfo\tflagd/main.go:150\tlistening at 0.0.0.0:8013 (ofrep at 8016)"]


def _prometheus(ctx: StartContext) -> list[str]:
    t = _iso(ctx.now)
    return [f'time={t} level=INFO source=main.go:225 msg="Experimental in-memory exemplar storage enabled"',
            f'time={t} level=INFO source=main.go:683 msg="Starting Prometheus Server" mode=server '
            'version="(version=3.7.3, branch=HEAD, revision=0a41f0000705c69ab8e0f9a723fc73e39ed62b07)"',
            f'time={t} level=INFO source=web.go:661 msg="Start listening for connections" component=web '
            'address=0.0.0.0:9090',
            f'time={t} level=INFO source=main.go:1252 msg="Server is ready to receive web requests."']


def _grafana(ctx: StartContext) -> list[str]:
    t = _iso(ctx.now)
    return [f'logger=settings t={t} level=info msg="Starting Grafana" version=12.2.1',
            f'logger=http.server t={t} level=info msg="HTTP Server Listen" address=[::]:3000 protocol=http']


def _valkey(ctx: StartContext) -> list[str]:
    t = _millis_stamp(ctx.now, "%d %b %Y %H:%M:%S.")
    return [f"1:C {t} * oO0OoO0OoO0Oo Valkey is starting oO0OoO0OoO0Oo",
            f"1:M {t} * Server initialized", f"1:M {t} * Ready to accept connections tcp"]


def _postgres(ctx: StartContext) -> list[str]:
    t = _millis_stamp(ctx.now, "%Y-%m-%d %H:%M:%S.") + " UTC"
    return [f"{t} [1] LOG:  starting PostgreSQL 17.6 (Debian 17.6-1.pgdg13+1) on x86_64-pc-linux-gnu",
            f'{t} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432',
            f"{t} [1] LOG:  database system is ready to accept connections"]


def _collector(ctx: StartContext) -> list[str]:
    t = _iso(ctx.now)
    return [f"{t}\tinfo\tservice@v0.139.0/service.go:226\tStarting otelcol-contrib...",
            f"{t}\tinfo\tservice@v0.139.0/service.go:249\tEverything is ready. Begin running and processing data."]


def _opensearch(ctx: StartContext) -> list[str]:
    t = _iso(ctx.now)[:-1]
    return [f"[{t}][INFO ][o.o.n.Node               ] [opensearch-0] started",
            f"[{t}][INFO ][o.o.c.r.a.AllocationService] [opensearch-0] Cluster health status changed from "
            "[RED] to [GREEN]"]


def _jaeger_v2(ctx: StartContext) -> list[str]:
    t = _iso(ctx.now)
    return [f"{t}\tinfo\tservice@v0.139.0/service.go:226\tStarting jaeger...",
            f"{t}\tinfo\tapp/server.go:231\tQuery server started\t{{\"http_addr\": \"[::]:16686\"}}"]


BEHAVIOURS: dict[str, Behaviour] = {
    "ghcr.io/open-telemetry/demo": demo_image,
    "ghcr.io/open-feature/flagd": printing(_flagd),
    "quay.io/prometheus/prometheus": printing(_prometheus),
    "grafana/grafana": printing(_grafana),
    "valkey/valkey": printing(_valkey),
    "postgres": printing(_postgres),
    "otel/opentelemetry-collector-contrib": printing(_collector),
    "opensearchproject/opensearch": printing(_opensearch),
    "jaegertracing/jaeger": printing(_jaeger_v2),
}
