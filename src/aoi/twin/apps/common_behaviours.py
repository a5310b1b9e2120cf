"""Off-the-shelf images that only start and stay up: their first log lines, in their own formats.

redis, memcached (silent unless ``-v``), jaeger all-in-one (zap JSON), consul dev agent,
openresty (nginx logs nothing until a request fails), plus `printing`, a factory for images
whose whole story is a few fixed startup lines.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

from ..clock import EPOCH
from ..runtime import Behaviour, Outcome, StartContext
from .mongo_behaviour import mongod
from .podinfo import pod_ip, stable_uuid

LineMaker = Callable[[StartContext], list[str]]


def printing(make: LineMaker) -> Behaviour:
    """A behaviour that prints ``make(ctx)`` and keeps running, ready."""

    def behaviour(ctx: StartContext) -> Outcome:
        return Outcome(logs=tuple(make(ctx)))

    behaviour.__doc__ = make.__doc__
    return behaviour


def _redis_time(now: float) -> str:
    moment = EPOCH + timedelta(seconds=now)
    return f"{moment.strftime('%d %b %Y %H:%M:%S')}.{int(now * 1000) % 1000:03d}"


def redis_lines(ctx: StartContext) -> list[str]:
    """redis-server 6.2 starting standalone, with or without a config file argument."""
    t = _redis_time(ctx.now)
    has_conf = any(a.endswith(".conf") for a in ctx.command)
    loaded = ("1:C {t} # Configuration loaded" if has_conf else
              "1:C {t} # Warning: no config file specified, using the default config. In order to specify a "
              "config file use redis-server /path/to/redis.conf").format(t=t)
    return [
        f"1:C {t} # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
        f"1:C {t} # Redis version=6.2.4, bits=64, commit=00000000, modified=0, pid=1, just started",
        loaded,
        f"1:M {t} * monotonic clock: POSIX clock_gettime",
        f"1:M {t} * Running mode=standalone, port=6379.",
        f"1:M {t} # Server initialized",
        f"1:M {t} # WARNING overcommit_memory is set to 0! Background save may fail under low memory "
        "condition. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run "
        "the command 'sysctl vm.overcommit_memory=1' for this to take effect.",
        f"1:M {t} * Ready to accept connections",
    ]


def _zap(now: float, caller: str, msg: str, **fields: object) -> str:
    return json.dumps({"level": "info", "ts": round(1772442000 + now, 6), "caller": caller, "msg": msg, **fields},
                      separators=(",", ":"))


def jaeger_lines(ctx: StartContext) -> list[str]:
    """jaeger all-in-one 1.57 with in-memory storage."""
    t = ctx.now
    return [
        '2026/03/02 09:00:02 maxprocs: Leaving GOMAXPROCS=16: CPU quota undefined',
        _zap(t, "flags/service.go:110", "Mounting metrics handler on admin server", route="/metrics"),
        _zap(t, "flags/service.go:116", "Mounting expvar handler on admin server", route="/debug/vars"),
        _zap(t, "flags/admin.go:130", "Mounting health check on admin server", route="/"),
        _zap(t, "flags/admin.go:144", "Starting admin HTTP server", **{"http-addr": ":14269"}),
        _zap(t, "memory/factory.go:79", "Memory storage initialized",
             configuration={"MaxTraces": 0}),
        _zap(t, "app/server.go:215", "Starting HTTP server", port=16686, addr=":16686"),
        _zap(t, "app/server.go:197", "Starting GRPC server", port=16685, addr=":16685"),
        _zap(t, "healthcheck/handler.go:129", "Health Check state change", status="ready"),
    ]


def consul_lines(ctx: StartContext) -> list[str]:
    """hashicorp/consul in the image's default ``agent -dev -client 0.0.0.0`` mode."""
    moment = EPOCH + timedelta(seconds=ctx.now)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(ctx.now * 1000) % 1000:03d}Z"
    return [
        "==> Starting Consul agent...",
        "               Version: '1.20.1'",
        "            Build Date: '2024-10-29 19:04:05 +0000 UTC'",
        f"               Node ID: '{stable_uuid(ctx, 'consul-node')}'",
        f"             Node name: '{ctx.pod['metadata']['name']}'",
        "            Datacenter: 'dc1' (Segment: '<all>')",
        "                Server: true (Bootstrap: false)",
        "           Client Addr: [0.0.0.0] (HTTP: 8500, HTTPS: -1, gRPC: 8502, gRPC-TLS: 8503, DNS: 8600)",
        f"          Cluster Addr: {pod_ip(ctx.pod)} (LAN: 8301, WAN: 8302)",
        "     Gossip Encryption: false",
        "      Auto-Encrypt-TLS: false",
        "           ACL Enabled: false",
        "    ACL Default Policy: allow",
        "",
        "==> Log data will now stream in as it occurs:",
        "",
        f"{stamp} [INFO]  agent.server.raft: initial configuration: index=1 servers=1",
        f"{stamp} [INFO]  agent.server: New leader elected: payload={ctx.pod['metadata']['name']}",
        f"{stamp} [INFO]  agent: Synced node info",
        f"{stamp} [INFO]  agent: Consul agent running!",
    ]


def completes(ctx: StartContext) -> Outcome:  # noqa: ARG001 - init steps finish without output
    """Init containers (``git clone``, ``cp``, ``nc -z``): exit 0, Completed."""
    return Outcome(state="exited", exit_code=0, ready=False)


def silent(ctx: StartContext) -> list[str]:  # noqa: ARG001 - memcached and openresty print nothing at start
    """Prints nothing on a clean start."""
    return []


BEHAVIOURS: dict[str, Behaviour] = {
    "mongo": mongod,
    "redis": printing(redis_lines),
    "memcached": printing(silent),
    "jaegertracing/all-in-one": printing(jaeger_lines),
    "hashicorp/consul": printing(consul_lines),
    "yg397/openresty-thrift": printing(silent),
    "yg397/media-frontend": printing(silent),
    "alpine/git": completes,
    "busybox": completes,
}
