"""mongod 4.4 (``mongo:4.4.6``) starting in a pod: its log lines and the server state it sets.

At start the behaviour finds which Service fronts the pod, records the running flags in that
MongoDB's `MongoState` (``--auth``; the TLS mode from the mongod.conf ConfigMap the pod
mounts), runs the image entrypoint's init scripts on a fresh data directory, and prints
mongod's structured startup log. `note_client` lets client behaviours add the server-side
connection and authentication lines to the MongoDB pod's log.
"""

from __future__ import annotations

import re

from ..mongo import MongoState, mongo_state
from ..runtime import Outcome, StartContext
from . import logfmt
from .podinfo import has_mount, hostname, mounted_file, pod_ip, services_of

_BUILD_INFO = {"buildInfo": {
    "version": "4.4.6", "gitVersion": "72e66213c2c3eab37d9358d5e78ad7f5c1d0d0d7",
    "openSSLVersion": "OpenSSL 1.1.1  11 Sep 2018", "modules": [], "allocator": "tcmalloc",
    "environment": {"distmod": "ubuntu1804", "distarch": "x86_64", "target_arch": "x86_64"}}}
_TLS_MODE = re.compile(r"^\s*mode:\s*(\S+)", re.MULTILINE)


def _config_path(args: list[str]) -> str | None:
    for index, arg in enumerate(args):
        if arg in ("--config", "-f") and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--config="):
            return arg.split("=", 1)[1]
    return None


def _options(state: MongoState, config_path: str | None) -> dict:
    if config_path is not None:
        return {"config": config_path, "net": {"bindIp": "*", "tls": {"mode": state.tls_mode}}}
    options: dict = {"net": {"bindIp": "*"}}
    if state.auth_enabled:
        options["security"] = {"authorization": "enabled"}
    return options


def _init_lines(ctx: StartContext) -> list[str]:
    """docker-entrypoint.sh on an empty /data/db: a forked mongod without auth runs the scripts."""
    t = ctx.now
    return [
        "about to fork child process, waiting until server is ready for connections.",
        "forked process: 36",
        "",
        logfmt.mongod(t, "I", "CONTROL", 20698, "main", "***** SERVER RESTARTED *****"),
        "child process started successfully, parent exiting",
        "",
        "/usr/local/bin/docker-entrypoint.sh: running /docker-entrypoint-initdb.d/"
        + _init_script_name(ctx),
        "Waiting for MongoDB to start...",
        "MongoDB started",
        "Creating admin user...",
        "Successfully added user: {",
        '\t"user" : "admin",',
        '\t"roles" : [',
        "\t\t{",
        '\t\t\t"role" : "userAdminAnyDatabase",',
        '\t\t\t"db" : "admin"',
        "\t\t}",
        "\t]",
        "}",
        "Initialization script completed",
        "",
        logfmt.mongod(t + 0.5, "I", "CONTROL", 20698, "main", "***** SERVER RESTARTED *****"),
        "",
        "MongoDB init process complete; ready for start up.",
        "",
    ]


def _init_script_name(ctx: StartContext) -> str:
    for service in services_of(ctx.cluster, ctx.pod):
        if service.startswith("mongodb-"):
            return f"k8s-{service.removeprefix('mongodb-')}-mongo.sh"
    return "init.sh"


def _startup_lines(ctx: StartContext, options: dict, tls_on: bool) -> list[str]:
    t = ctx.now + 1.0
    host = hostname(ctx.pod)
    warn_auth = "security" not in options and "config" not in options
    lines = [
        logfmt.mongod(t, "I", "CONTROL", 23285, "main", "Automatically disabling TLS 1.0, to force-enable "
                      "TLS 1.0 specify --sslDisabledProtocols 'none'"),
        logfmt.mongod(t + .002, "W", "ASIO", 22601, "main", "No TransportLayer configured during NetworkInterface "
                      "startup"),
        logfmt.mongod(t + .002, "I", "NETWORK", 4648601, "main", "Implicit TCP FastOpen unavailable. If TCP "
                      "FastOpen is required, set tcpFastOpenServer, tcpFastOpenClient, and tcpFastOpenQueueSize."),
        logfmt.mongod(t + .003, "I", "STORAGE", 4615611, "initandlisten", "MongoDB starting",
                      {"pid": 1, "port": 27017, "dbPath": "/data/db", "architecture": "64-bit", "host": host}),
        logfmt.mongod(t + .003, "I", "CONTROL", 23403, "initandlisten", "Build Info", _BUILD_INFO),
        logfmt.mongod(t + .003, "I", "CONTROL", 51765, "initandlisten", "Operating System",
                      {"os": {"name": "Ubuntu", "version": "18.04"}}),
        logfmt.mongod(t + .003, "I", "CONTROL", 21951, "initandlisten", "Options set by command line",
                      {"options": options}),
        logfmt.mongod(t + .004, "I", "STORAGE", 22297, "initandlisten", "Using the XFS filesystem is strongly "
                      "recommended with the WiredTiger storage engine. See "
                      "http://dochub.mongodb.org/core/prodnotes-filesystem", tags=["startupWarnings"]),
        logfmt.mongod(t + .004, "I", "STORAGE", 22315, "initandlisten", "Opening WiredTiger",
                      {"config": "create,cache_size=7520M,session_max=33000,eviction=(threads_min=4,threads_max=4),"
                       "config_base=false,statistics=(fast),log=(enabled=true,archive=true,path=journal,"
                       "compressor=snappy),file_manager=(close_idle_time=100000,close_scan_interval=10,"
                       "close_handle_minimum=250),statistics_log=(wait=0),verbose=[recovery_progress,"
                       "checkpoint_progress,compact_progress],"}),
        logfmt.mongod(t + .620, "I", "STORAGE", 4795906, "initandlisten", "WiredTiger opened", {"durationMillis": 616}),
        logfmt.mongod(t + .620, "I", "RECOVERY", 23987, "initandlisten", "WiredTiger recoveryTimestamp",
                      {"recoveryTimestamp": {"$timestamp": {"t": 0, "i": 0}}}),
    ]
    if warn_auth:
        lines.append(logfmt.mongod(t + .640, "W", "CONTROL", 22120, "initandlisten", "Access control is not "
                                   "enabled for the database. Read and write access to data and configuration is "
                                   "unrestricted", tags=["startupWarnings"]))
    lines += [
        logfmt.mongod(t + .660, "I", "FTDC", 20625, "initandlisten", "Initializing full-time diagnostic data "
                      "capture", {"dataDirectory": "/data/db/diagnostic.data"}),
        logfmt.mongod(t + .662, "I", "NETWORK", 23015, "listener", "Listening on",
                      {"address": "/tmp/mongodb-27017.sock"}),
        logfmt.mongod(t + .662, "I", "NETWORK", 23015, "listener", "Listening on", {"address": "0.0.0.0"}),
        logfmt.mongod(t + .662, "I", "NETWORK", 23016, "listener", "Waiting for connections",
                      {"port": 27017, "ssl": "on" if tls_on else "off"}),
    ]
    return lines


def mongod(ctx: StartContext) -> Outcome:
    """``mongo`` image: mongod comes up; its flags and config become the MongoDB's state."""
    services = services_of(ctx.cluster, ctx.pod) or [ctx.pod["metadata"]["name"]]
    state = mongo_state(ctx.cluster, ctx.namespace, services[0])
    args = ctx.command
    config_path = _config_path(args)
    if "--auth" in args:
        state.auth_enabled = True
    conf = mounted_file(ctx.cluster, ctx.pod, ctx.container, config_path) if config_path else None
    match = _TLS_MODE.search(conf or "")
    state.tls_mode = match.group(1) if match else "disabled"  # type: ignore[assignment]
    lines: list[str] = []
    if not state.initialized:
        state.initialized = True
        if has_mount(ctx.container, "/docker-entrypoint-initdb.d"):
            lines += _init_lines(ctx)
    lines += _startup_lines(ctx, _options(state, config_path), state.tls_mode != "disabled")
    return Outcome(logs=tuple(lines))


def note_client(ctx: StartContext, service: str, user: str | None, authenticated: bool) -> None:
    """Append mongod's lines for a client connection (and its login) to the MongoDB pods' logs."""
    cluster = ctx.cluster
    svc = cluster.find("Service", service, ctx.namespace)
    if svc is None or not svc["spec"].get("selector"):
        return
    remote = f"{pod_ip(ctx.pod)}:{40000 + ctx.restart_count}"
    conn = f"conn{ctx.restart_count + 1}"
    t = ctx.now
    lines = [logfmt.mongod(t, "I", "NETWORK", 22943, "listener", "Connection accepted",
                           {"remote": remote, "connectionId": ctx.restart_count + 1, "connectionCount": 1})]
    if user is not None and authenticated:
        lines.append(logfmt.mongod(t, "I", "ACCESS", 20250, conn, "Successfully authenticated",
                                   {"mechanism": "SCRAM-SHA-1", "principalName": user,
                                    "authenticationDatabase": "admin", "remote": remote}))
    elif user is not None:
        lines.append(logfmt.mongod(t, "I", "ACCESS", 20249, conn, "Authentication failed",
                                   {"mechanism": "SCRAM-SHA-1", "speculative": False, "principalName": user,
                                    "authenticationDatabase": "admin", "remote": remote, "extraInfo": {},
                                    "error": f'UserNotFound: Could not find user "{user}" for db "admin"'}))
    _append_to_running(ctx, svc, lines)


def _append_to_running(ctx: StartContext, svc: dict, lines: list[str]) -> None:
    """Only a running mongod writes: a container not started yet has no log to add to."""
    for pod in ctx.cluster.list("Pod", ctx.namespace, svc["spec"]["selector"]):
        statuses = {s["name"]: s for s in (pod.get("status") or {}).get("containerStatuses") or []}
        for container in pod["spec"]["containers"]:
            if "running" in (statuses.get(container["name"]) or {}).get("state", {}):
                ctx.cluster.logs.append(ctx.namespace, pod["metadata"]["name"], container["name"], lines)


def tls_rejection(ctx: StartContext, service: str) -> None:
    """mongod's line when a plain-text client hits a requireTLS server."""
    cluster = ctx.cluster
    svc = cluster.find("Service", service, ctx.namespace)
    if svc is None or not svc["spec"].get("selector"):
        return
    remote = f"{pod_ip(ctx.pod)}:{41000 + ctx.restart_count}"
    line = logfmt.mongod(ctx.now, "I", "NETWORK", 22988, f"conn{ctx.restart_count + 1}",
                         "Error receiving request from client. Ending connection from remote",
                         {"error": {"code": 141, "codeName": "SSLHandshakeFailed",
                                    "errmsg": "The server is configured to only allow SSL connections"},
                          "remote": remote, "connectionId": ctx.restart_count + 1})
    _append_to_running(ctx, svc, [line])
