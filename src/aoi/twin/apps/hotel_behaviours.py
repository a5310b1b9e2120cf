"""What HotelReservation's Go programs print when they start, and whether they stay up.

One image (``yinfangchen/hotelreservation``) runs eight programs picked by ``command[0]``; the
buggy ``yinfangchen/geo:app3`` image runs geo with database URL ``mongodb-geo:27777``. Each
program reads config.json, dials its MongoDB (geo and rate as ``admin``/``admin``), checks its
test data, then initialises jaeger and consul and registers itself. Failures print the program's
real lines: mgo's ``no reachable servers`` or SASL ``Authentication failed`` as a zerolog panic
(exit 2), ``not authorized on <db>`` as a zerolog fatal (exit 1). Line numbers are those of the
image's sources (``cmd/<x>/main.go``, ``cmd/<x>/db.go``) as seen in real logs.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..mongo import mongo_state
from ..runtime import Behaviour, Outcome, StartContext
from . import logfmt
from .mongo_behaviour import note_client
from .podinfo import pod_ip, stable_uuid
from .reach import reach

_REPO = "/go/src/github.com/harlow/go-micro-services"
_ZEROLOG = f"{_REPO}/vendor/github.com/rs/zerolog"


@dataclass(frozen=True)
class Database:
    address: str  # config.json's <X>MongoAddress
    db: str
    collection: str
    panic_line: int  # db.go: log.Panic after mgo.Dial
    session_line: int
    generate_line: int | None
    count_line: int | None  # db.go: log.Fatal after the first Find().Count()
    admin_login: bool  # dials mongodb://admin:admin@...


@dataclass(frozen=True)
class Program:
    name: str
    port: int
    main: tuple[int, ...]  # main.go lines, see _LINE_NAMES
    database: Database | None = None
    memcached: str | None = None
    registered_line: int = 0  # services/<x>/server.go "Successfully registered in consul"


# main.go line of each step, in this order (0: the program has no such step).
_LINE_NAMES = ("config", "db_url", "db_init", "db_ok", "memc_addr", "memc_init", "memc_ok", "port",
               "consul_addr", "jaeger_addr", "jaeger_init", "jaeger_panic", "jaeger_ok", "consul_init",
               "consul_ok", "start", "run_fatal")

PROGRAMS: dict[str, Program] = {
    p.name: p
    for p in (
        Program("frontend", 5000, (23, 0, 0, 0, 0, 0, 0, 39, 40, 41, 48, 51, 53, 55, 60, 70, 71)),
        Program("geo", 8083, (23, 36, 37, 40, 0, 0, 0, 45, 46, 47, 55, 59, 61, 63, 68, 79, 80),
                Database("mongodb-geo:27017", "geo-db", "geo", 26, 29, 31, 35, True), registered_line=110),
        Program("profile", 8081, (24, 37, 38, 41, 43, 44, 46, 50, 51, 52, 61, 64, 66, 68, 73, 85, 86),
                Database("mongodb-profile:27017", "profile-db", "hotels", 33, 36, 38, 42, False),
                memcached="memcached-profile:11211", registered_line=99),
        Program("rate", 8084, (24, 37, 38, 41, 43, 44, 46, 51, 52, 53, 61, 64, 66, 68, 73, 85, 86),
                Database("mongodb-rate:27017", "rate-db", "inventory", 36, 39, 41, 45, True),
                memcached="memcached-rate:11211", registered_line=99),
        Program("recommendation", 8085, (24, 37, 38, 41, 0, 0, 0, 46, 47, 48, 57, 60, 62, 64, 69, 80, 81),
                Database("mongodb-recommendation:27017", "recommendation-db", "recommendation", 22, 25, 27,
                         None, False), registered_line=97),
        Program("reservation", 8087, (25, 38, 39, 42, 44, 45, 47, 51, 52, 53, 62, 65, 67, 69, 74, 86, 87),
                Database("mongodb-reservation:27017", "reservation-db", "reservation", 27, 30, None, None, False),
                memcached="memcached-reserve:11211", registered_line=99),
        Program("search", 8082, (24, 0, 0, 0, 0, 0, 0, 40, 41, 42, 51, 54, 56, 58, 63, 74, 75),
                registered_line=100),
        Program("user", 8086, (24, 37, 38, 41, 0, 0, 0, 45, 46, 47, 56, 59, 61, 63, 68, 79, 80),
                Database("mongodb-user:27017", "user-db", "user", 21, 24, 26, None, False), registered_line=97),
    )
}
PROGRAM_PORTS = {name: p.port for name, p in PROGRAMS.items()}
BUGGY_GEO_DB_URL = "mongodb-geo:27777"  # what yinfangchen/geo:app3 reads (real logs)


class _Exit(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


class _Run:
    """Accumulates one program start's log lines."""

    def __init__(self, ctx: StartContext, program: Program) -> None:
        self.ctx, self.p = ctx, program
        self.lines = [logfmt.zerolog_json(ctx.now, m) for m in
                      ("TLS disabled.", "Set global log level: info", "Tune: setGCPercent to 100")]
        self.line_of = dict(zip(_LINE_NAMES, program.main, strict=True))

    def info(self, step: str, message: str) -> None:
        self.log("INF", f"cmd/{self.p.name}/main.go:{self.line_of[step]}", message)

    def log(self, level: str, caller: str, message: str) -> None:
        self.lines.append(logfmt.zerolog(self.ctx.now, level, caller, message))

    def panic(self, caller_file: str, line: int, message: str, frames: list[tuple[str, str]]) -> None:
        self.log("PNC", f"{caller_file}:{line}", message)
        zerolog_frames = [
            ("github.com/rs/zerolog.(*Logger).Panic.func1({0xc0002ac120, 0x0})", f"{_ZEROLOG}/log.go:405 +0x2d"),
            ("github.com/rs/zerolog.(*Event).msg(0xc0002b2000, {0xc0002ac120, 0x57})",
             f"{_ZEROLOG}/event.go:158 +0x2b8"),
        ]
        self.lines += logfmt.go_panic(message, zerolog_frames + frames)
        raise _Exit(2)

    def fatal(self, caller: str, message: str) -> None:
        self.log("FTL", caller, message)
        raise _Exit(1)


def _start(ctx: StartContext, program: Program, db_address: str | None = None) -> Outcome:
    run = _Run(ctx, program)
    try:
        _boot(run, db_address)
    except _Exit as exit_:
        return Outcome(state="exited", exit_code=exit_.code, logs=tuple(run.lines), ready=False)
    return Outcome(logs=tuple(run.lines))


def _boot(run: _Run, db_address: str | None) -> None:
    p, ctx = run.p, run.ctx
    run.info("config", "Reading config...")
    if p.database is not None:
        _connect(run, p.database, db_address or p.database.address)
        run.info("db_ok", "Successfull")
    if p.memcached is not None:
        run.info("memc_addr", f"Read profile memcashed address: {p.memcached}")
        run.info("memc_init", "Initializing Memcashed client...")
        run.log("INF", "tune/setting.go:61", "Tune: GetMemCTimeout 2")
        run.info("memc_ok", "Successfull")
    run.info("port", f"Read target port: {p.port}")
    run.info("consul_addr", "Read consul address: consul:8500")
    run.info("jaeger_addr", "Read jaeger address: jaeger:6831")
    run.info("jaeger_init", f"Initializing jaeger agent [service name: {p.name} | host: jaeger:6831]...")
    run.log("INF", "tracing/tracer.go:26", "Jaeger client: adjusted sample ratio 1.000000")
    if reach(ctx.cluster, ctx.namespace, "jaeger", 6831).reason == "no-service":
        message = "Got error while initializing jaeger agent: lookup jaeger on 10.96.0.10:53: no such host"
        run.panic(f"cmd/{p.name}/main.go", run.line_of["jaeger_panic"], message, [
            ("github.com/rs/zerolog.(*Event).Msgf(0xc0002b2000, {0x8e47cf, 0xc00002e620}, {0xc0001fbb30, 0xb, 0x8d0cc2})",
             f"{_ZEROLOG}/event.go:131 +0x4e"),
            ("main.main()", f"{_REPO}/cmd/{p.name}/main.go:{run.line_of['jaeger_panic']} +0xc18"),
        ])
    run.info("jaeger_ok", "Jaeger agent initialized")
    run.info("consul_init", "Initializing consul agent [host: consul:8500]...")
    run.info("consul_ok", "Consul agent initialized")
    run.info("start", "Starting server...")
    if p.name == "frontend":
        _frontend_clients(run)
        return
    consul = reach(ctx.cluster, ctx.namespace, "consul", 8500)
    if not consul.ok:
        cause = ("lookup consul on 10.96.0.10:53: no such host" if consul.reason == "no-service"
                 else "connect: connection refused")
        run.fatal(f"cmd/{p.name}/main.go:{run.line_of['run_fatal']}",
                  f'failed register: Put "http://consul:8500/v1/agent/service/register": dial tcp: {cause}')
    run.log("INF", "registry/registry.go:91",
            f"Trying to register service [ name: srv-{p.name}, id: {stable_uuid(ctx, 'consul')}, "
            f"address: {pod_ip(ctx.pod)}:{p.port} ]")
    run.log("INF", f"services/{p.name}/server.go:{p.registered_line}", "Successfully registered in consul")


def _frontend_clients(run: _Run) -> None:
    run.log("INF", "services/frontend/server.go:45", "Initializing gRPC clients...")
    for name in ("search", "profile", "recommendation", "user", "reservation"):
        run.log("INF", "services/frontend/server.go:138", "get Grpc conn is :")
        run.lines.append(logfmt.zerolog(run.ctx.now, "INF", "services/frontend/server.go:139", "")
                         .replace(" \x1b[1m\x1b[0m", ""))
        run.log("INF", "services/frontend/server.go:140", f"srv-{name}.")
    run.log("INF", "services/frontend/server.go:65", "Successfull")
    run.log("INF", "services/frontend/server.go:87", "Serving http")


def _connect(run: _Run, db: Database, address: str) -> None:
    """mgo.Dial, then the first count on the program's collection, as db.go does."""
    ctx, p = run.ctx, run.p
    run.info("db_url", f"Read database URL: {address}")
    run.info("db_init", "Initializing DB connection...")
    service, _, port = address.partition(":")
    dial_frames = [
        ("github.com/rs/zerolog.(*Event).Msg(...)", f"{_ZEROLOG}/event.go:110"),
        ("main.initializeDatabase({0xc000028460, 0xc})", f"{_REPO}/cmd/{p.name}/db.go:{db.panic_line} +0x1a7"),
        ("main.main()", f"{_REPO}/cmd/{p.name}/main.go:{run.line_of['db_init'] + 1} +0x5d8"),
    ]
    if not reach(ctx.cluster, ctx.namespace, service, int(port or 27017)).ok:
        run.panic(f"cmd/{p.name}/db.go", db.panic_line, "no reachable servers", dial_frames)
    state = mongo_state(ctx.cluster, ctx.namespace, service)
    user = "admin" if db.admin_login else None
    if user is not None:
        authenticated = state.authenticate(user, "admin")
        note_client(ctx, service, user, authenticated)
        if not authenticated:
            run.panic(f"cmd/{p.name}/db.go", db.panic_line,
                      "server returned error on SASL authentication step: Authentication failed.", dial_frames)
    run.log("INF", f"cmd/{p.name}/db.go:{db.session_line}", "New session successfull...")
    if db.generate_line is not None:
        run.log("INF", f"cmd/{p.name}/db.go:{db.generate_line}", "Generating test data...")
    if db.count_line is not None and not state.can_read_write(user, db.db):
        run.fatal(f"cmd/{p.name}/db.go:{db.count_line}",
                  f'not authorized on {db.db} to execute command {{ count: "{db.collection}", '
                  f'query: {{ hotelId: "1" }}, $db: "{db.db}" }}')
    state.databases.add(db.db)


def app_image(ctx: StartContext) -> Outcome:
    """``yinfangchen/hotelreservation``: the program named by the container's command."""
    command = ctx.command
    program = PROGRAMS.get(command[0]) if command else None
    if program is None:
        # containerd cannot exec a binary the image does not have: StartError, exit 128.
        return Outcome(state="exited", exit_code=128, ready=False,
                       message=f'exec: "{command[0] if command else ""}": executable file not found in $PATH')
    return _start(ctx, program)


def buggy_geo(ctx: StartContext) -> Outcome:
    """``yinfangchen/geo:app3`` (misconfig_app): geo built with database URL mongodb-geo:27777."""
    return _start(ctx, PROGRAMS["geo"], BUGGY_GEO_DB_URL)


BEHAVIOURS: dict[str, Behaviour] = {
    "yinfangchen/hotelreservation": app_image,
    "yinfangchen/geo": buggy_geo,
}
