"""What each app's programs print while they serve requests, in each program's own format.

`aoi.twin.telemetry.logs` asks `sources` which lines a service writes in a stretch of time,
given the requests it served and the calls it made (per request type, from the flow model),
and gets back `Source`s: an expected count of events and a function rendering one event's lines
at a time. Families:

* DeathStarBench C++ (SocialNetwork): Thrift's ``TSocket::open()`` errors and the ClientPool's
  Boost.Log line for every call that cannot connect; nginx-thrift's Lua error for ComposePost.
* HotelReservation Go: the frontend's searchHandler logs a failed CheckAvailability/GetProfiles
  (``services/frontend/server.go``); other Go callers return the gRPC error without logging it,
  except that the twin lets the frontend name a timed-out call (network chaos) the same way;
  mongod's benign slow-query lines and WiredTiger checkpoint messages.
* OpenTelemetry demo: per-request info lines (ad, cart, checkout, email, payment,
  recommendation, accounting, fraud-detection), the flagd flags' lines at their services, and
  Next.js's ``⨯ Error: <code> <STATUS>: <details>`` for the frontend's failed gRPC calls.

Benign warnings scale with the realism knob (`noise`); error lines do not.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from ..clock import EPOCH
from . import logfmt
from .base import CallEdge

__all__ = ["EdgeFailures", "Served", "Source", "periodic", "sources"]

Maker = Callable[[float, int], list[str]]  # (time, event index) -> lines


@dataclass(frozen=True)
class Source:
    key: str  # names the source in the seeded hash
    rate: float  # expected events per second
    make: Maker
    cap: int = 120  # most events logged per 15 s bucket (a consumer's throughput, a log limiter)


@dataclass(frozen=True)
class EdgeFailures:
    """Failed calls per second on one edge for one request type, by how they failed."""

    edge: CallEdge
    operation: str
    connect: float  # could not connect (no Service, no endpoints, nobody listening)
    timeout: float  # lost or too slow on the network
    app: float  # the callee answered with an error
    reason: str  # the flow model's reason for connect failures


@dataclass
class Served:
    """What one service did in a stretch of time, per second."""

    namespace: str
    service: str
    noise: float
    flags: dict[str, float]
    requests: dict[str, float] = field(default_factory=dict)  # operation -> requests/s served
    failed: dict[str, float] = field(default_factory=dict)  # operation -> own failures/s
    calls: list[EdgeFailures] = field(default_factory=list)
    messages: float = 0.0  # Kafka messages/s delivered to a consumer


def _iso(now: float) -> str:
    moment = EPOCH + timedelta(seconds=now)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(now * 1000) % 1000:03d}Z"


def _uuid(*key: object) -> str:
    from ..telemetry.noise import uniform

    raw = f"{int(uniform(*key) * 2**64):016x}{int(uniform(*key, 'b') * 2**64):016x}"
    return f"{raw[:8]}-{raw[8:12]}-4{raw[13:16]}-a{raw[17:20]}-{raw[20:32]}"


# ------------------------------------------------------------------ SocialNetwork (Thrift, C++)
# DeathStarBench ClientPool names (the <client_type> in "Failed to connect <client_type>").
_CLIENT_TYPES = {
    ("compose-post-service", "post-storage-service"): "post-storage-client",
    ("compose-post-service", "user-timeline-service"): "user-timeline-client",
    ("home-timeline-service", "post-storage-service"): "post-storage-client",
    ("home-timeline-service", "social-graph-service"): "social-graph-client",
    ("text-service", "url-shorten-service"): "url-shorten-client",
    ("text-service", "user-mention-service"): "user-mention-client",
}
# Lines a handler adds when a downstream future rethrows (TextHandler.h).
_HANDLER_LINES = {
    ("text-service", "url-shorten-service"):
        ("TextHandler.h:138:ComposeText", "Failed to get shortened urls from url-shorten-service"),
    ("text-service", "user-mention-service"):
        ("TextHandler.h:146:ComposeText", "Failed to upload user mentions to user-mention-service"),
}


def _thrift_connect(edge: CallEdge, reason: str) -> Maker:
    host = f"<Host: {edge.callee} Port: {edge.port}>"
    client = _CLIENT_TYPES.get((edge.caller, edge.callee), f"{edge.callee}-client")
    extra = _HANDLER_LINES.get((edge.caller, edge.callee))

    def make(t: float, _: int) -> list[str]:
        if reason.endswith("no-service"):
            transport = logfmt.thrift_error(t, f"TSocket::open() getaddrinfo() {host}Name or service not known")
        else:
            transport = logfmt.thrift_error(t, f"TSocket::open() connect() {host}: Connection refused")
        lines = [transport, logfmt.boost(t, "error", "ClientPool.h:114:Pop", f"Failed to connect {client}")]
        if extra is not None:
            lines.append(logfmt.boost(t, "error", *extra))
        return lines

    return make


def _thrift_timeout(edge: CallEdge) -> Maker:
    host = f"<Host: {edge.callee} Port: {edge.port}>"
    return lambda t, _: [logfmt.thrift_error(t, f"TSocket::read() THRIFT_EAGAIN (timed out) {host}")]


def _nginx_error(edge: CallEdge) -> Maker:
    def make(t: float, i: int) -> list[str]:
        stamp = (EPOCH + timedelta(seconds=t)).strftime("%Y/%m/%d %H:%M:%S")
        return [f"{stamp} [error] 7#7: *{1000 + i} [lua] compose.lua:62: ComposePost(): compose_post failure: "
                f"Could not connect to {edge.callee}:{edge.port} (Connection refused), client: 10.244.1.1, "
                'server: localhost, request: "POST /wrk2-api/post/compose HTTP/1.1", host: "nginx-thrift:8080"']

    return make


def _mongo_write(edge: CallEdge) -> Maker:
    """UrlShortenHandler.h and its siblings log a failed MongoDB operation (mongo-c-driver's error)."""
    handler = "".join(part.title() for part in edge.caller.removesuffix("-service").split("-")) + "Handler.h"
    error = (f"No suitable servers found (`serverSelectionTryOnce` set): [connection closed calling ismaster "
             f"on '{edge.callee}:{edge.port}']")
    return lambda t, _: [logfmt.boost(t, "error", handler, f"Error: Failed to insert to MongoDB: {error}")]


def _social(served: Served) -> list[Source]:
    out: list[Source] = []
    for calls in served.calls:
        edge = calls.edge
        if edge.protocol == "mongo":
            out.append(Source(f"mongo/{edge.callee}/{calls.operation}", calls.app, _mongo_write(edge)))
        if edge.protocol != "thrift":
            continue
        key = f"{edge.callee}/{calls.operation}"
        if edge.caller == "nginx-thrift":
            out.append(Source(f"nginx/{key}", calls.connect, _nginx_error(edge)))
            continue
        out.append(Source(f"connect/{key}", calls.connect, _thrift_connect(edge, calls.reason)))
        out.append(Source(f"timeout/{key}", calls.timeout, _thrift_timeout(edge)))
    return out


# -------------------------------------------------------------- HotelReservation (Go, zerolog)
# services/frontend/server.go handlers that log a failed downstream call, per request type.
_GO_HANDLER_LINES = {
    ("HTTP GET /hotels", "reservation"): ("services/frontend/server.go:213", "SearchHandler CheckAvailability failed"),
    ("HTTP GET /hotels", "profile"): ("services/frontend/server.go:227", "SearchHandler GetProfiles failed"),
}
# What the twin lets the frontend say when a call times out (the real handlers return the error).
_GO_TIMEOUT_LINES = {
    "search": ("services/frontend/server.go:180", "SearchHandler Nearby failed"),
    "recommendation": ("services/frontend/server.go:263", "RecommendHandler GetRecommendations failed"),
    "user": ("services/frontend/server.go:306", "UserHandler CheckUser failed"),
}


def _zerolog(caller: str, message: str) -> Maker:
    return lambda t, _: [logfmt.zerolog(t, "ERR", caller, message)]


def _hotel(served: Served) -> list[Source]:
    out: list[Source] = []
    for calls in served.calls:
        edge = calls.edge
        if edge.caller != "frontend":
            continue
        key = f"{edge.callee}/{calls.operation}"
        handler = _GO_HANDLER_LINES.get((calls.operation, edge.callee))
        if handler is not None:
            out.append(Source(f"handler/{key}", calls.connect + calls.timeout + calls.app, _zerolog(*handler)))
        elif edge.callee in _GO_TIMEOUT_LINES:
            caller, message = _GO_TIMEOUT_LINES[edge.callee]
            out.append(Source(f"timeout/{key}", calls.timeout,
                              _zerolog(caller, f"{message}: rpc error: code = DeadlineExceeded "
                                               "desc = context deadline exceeded")))
    return out


def _slow_query(service: str) -> Maker:
    db = f"{service.removeprefix('mongodb-')}-db"

    def make(t: float, i: int) -> list[str]:
        return [logfmt.mongod(t, "I", "COMMAND", 51803, f"conn{3 + i % 7}", "Slow query", {
            "type": "command", "ns": f"{db}.$cmd", "command": {"find": service.removeprefix("mongodb-"),
                                                                 "$db": db},
            "planSummary": "COLLSCAN", "keysExamined": 0, "docsExamined": 80, "numYields": 0,
            "reslen": 2301, "protocol": "op_msg", "durationMillis": 101 + i % 60})]

    return make


def _mongod(served: Served) -> list[Source]:
    total = sum(served.requests.values())
    return [Source("slow-query", total * 0.002 * served.noise, _slow_query(served.service))]


def _checkpoint(t: float, _: int) -> list[str]:
    secs = int(1772442000 + t)
    return [logfmt.mongod(t, "I", "STORAGE", 22430, "WTCheckpointThread", "WiredTiger message", {
        "message": f"[{secs}:{int(t * 1e6) % 1000000}][1:0x7f3a5c8f1700], WT_SESSION.checkpoint: "
                   "[WT_VERB_CHECKPOINT_PROGRESS] saving checkpoint snapshot min: 1, snapshot max: 1 "
                   "snapshot count: 0, oldest timestamp: (0, 0) , meta checkpoint timestamp: (0, 0)"})]


def periodic(service: str, noise: float) -> tuple[float, Maker] | None:
    """(period s, lines) a container prints on its own, whether or not it serves anything."""
    if service.startswith("mongodb-") or service.endswith("-mongodb"):
        return (60.0, _checkpoint) if noise else None
    return None


# ------------------------------------------------------------- AstronomyShop (the demo's languages)
def _slog(level: str, message: str) -> Maker:
    return lambda t, _: [json.dumps({"time": _iso(t), "level": level, "msg": message}, separators=(",", ":"))]


def _pino(level: str, message: str, **extra: object) -> Maker:
    def make(t: float, _: int) -> list[str]:
        record = {"level": level, "time": int((1772442000 + t) * 1000), "pid": 1, "hostname": "payment",
                  "service.name": "payment", **extra, "msg": message}
        return [json.dumps(record, separators=(",", ":"))]

    return make


def _dotnet(level: str, category: str, message: Callable[[float, int], str]) -> Maker:
    return lambda t, i: [f"{level}: {category}", f"      {message(t, i)}"]


def _java(level: str, message: str) -> Maker:
    return lambda t, _: [f"{_iso(t)} - ad-service - {level} - {message}"]


def _python(message: str, line: int) -> Maker:
    return lambda t, _: [f"{_iso(t)} INFO [main] [recommendation_server.py:{line}] - {message}"]


_WORDS = ("telescopes", "binoculars", "accessories", "assembly", "travel", "books")
_PRODUCTS = ("OLJCESPC7Z", "66VCHSJNUP", "1YMWWN1N4O", "L9ECAV7KIM", "2ZYFJ3GM2N", "0PUK6V6EV0",
             "LS4PSXUNUM", "9SIQT8TOJO", "6E92ZMYYFZ", "HQTGWGPNH4")
_CART_STORE = "Can't access cart storage. StackExchange.Redis.RedisConnectionException: It was not possible to " \
              "connect to the redis server(s). Error connecting right now. To allow this multiplexer to continue " \
              "retrying until it's able to connect, use abortConnect=false in your configuration. " \
              "badhost:1234/Interactive"
_CHARGE_FAILED = "Payment request failed. Invalid token. app.loyalty.level=gold"


def _grpc_details(calls: EdgeFailures, flags: dict[str, float]) -> tuple[str, str]:
    """(code and status name, details) of the error a demo client sees on ``calls``."""
    callee = calls.edge.callee
    if calls.connect:
        return "14 UNAVAILABLE", f"No connection established. Last error: connect ECONNREFUSED ({callee}:8080)"
    if calls.timeout and not calls.app:
        return "4 DEADLINE_EXCEEDED", "Deadline exceeded after 30.001s"
    if callee == "ad":
        return "14 UNAVAILABLE", ""
    if callee == "cart":
        return "9 FAILED_PRECONDITION", _CART_STORE
    if callee == "product-catalog":
        return "13 INTERNAL", "Error: Product Catalog Fail Feature Flag Enabled"
    if callee == "checkout":
        if flags.get("paymentUnreachable"):
            return "13 INTERNAL", ("failed to charge card: could not charge the card: rpc error: code = Unavailable "
                                   "desc = name resolver error: produced zero addresses")
        if flags.get("paymentFailure"):
            return "13 INTERNAL", f"failed to charge card: could not charge the card: rpc error: code = Unknown " \
                                  f"desc = {_CHARGE_FAILED}"
        if flags.get("cartFailure"):
            return "13 INTERNAL", f"failed to empty user cart during checkout: rpc error: code = FailedPrecondition " \
                                  f"desc = {_CART_STORE}"
        return "13 INTERNAL", 'failed to prepare order: failed to get product #"OLJCESPC7Z"'
    return "2 UNKNOWN", "Internal error"


def _next_error(code: str, details: str) -> Maker:
    return lambda t, _: [f" ⨯ Error: {code}: {details}",
                         "    at callErrorFromStatus (/app/node_modules/@grpc/grpc-js/build/src/call.js:31:19)"]


def _frontend(served: Served) -> list[Source]:
    out = []
    for calls in served.calls:
        if calls.edge.protocol != "grpc":
            continue
        code, details = _grpc_details(calls, served.flags)
        total = calls.connect + calls.timeout + calls.app
        out.append(Source(f"grpc/{calls.edge.callee}/{calls.operation}", total, _next_error(code, details)))
    return out


def _ad(served: Served) -> list[Source]:
    total, failed = sum(served.requests.values()), sum(served.failed.values())
    words = lambda t, i: f"received ad request (context_words=[{_WORDS[i % len(_WORDS)]}])"  # noqa: E731
    out = [Source("request", total, lambda t, i: _java("INFO", words(t, i))(t, i)),
           Source("failed", failed, _java("WARN", "GetAds Failed with status Status{code=UNAVAILABLE, "
                                                 "description=null, cause=null}"))]
    if served.flags.get("adHighCpu") and total:
        out.append(Source("cpu", 1 / 15, _java("INFO", "High CPU-Load problempattern enabled"), cap=1))
    if served.flags.get("adManualGc") and total:
        out.append(Source("gc", 1 / 15, lambda t, i: _java(
            "INFO", f"The artificially triggered GCs took: {900 + (i * 37) % 400} ms")(t, i), cap=1))
    return out


def _cart(served: Served) -> list[Source]:
    gets = served.requests.get("GET /api/cart", 0.0)
    adds = served.requests.get("POST /api/cart", 0.0)
    failed = sum(served.failed.values())
    user = lambda t, i: _uuid("cart-user", i % 10)  # noqa: E731
    return [
        Source("get", gets, _dotnet("info", "cart.cartstore.ValkeyCartStore[0]",
                                    lambda t, i: f"GetCartAsync called with userId={user(t, i)}")),
        Source("add", max(0.0, adds - failed), _dotnet(
            "info", "cart.cartstore.ValkeyCartStore[0]",
            lambda t, i: f"AddItemAsync called with userId={user(t, i)}, productId={_PRODUCTS[i % 10]}, "
                         f"quantity={1 + i % 5}")),
        Source("failed", failed, _dotnet("fail", "cart.cartstore.ValkeyCartStore[0]", lambda t, i: _CART_STORE)),
        Source("heartbeat", sum(served.requests.values()) * 0.003 * served.noise, _dotnet(
            "warn", "Microsoft.AspNetCore.Server.Kestrel[22]",
            lambda t, i: f'As of "{_iso(t)}", the heartbeat has been running for "00:00:01.{1 + i % 8}" which is '
                         'longer than "00:00:01". This could be caused by thread pool starvation.'), cap=2),
    ]


def _checkout(served: Served) -> list[Source]:
    orders = served.requests.get("POST /api/checkout", 0.0)
    charged = orders
    for calls in served.calls:
        charged -= calls.connect + calls.timeout + calls.app
    out = [
        Source("order", orders, lambda t, i: _slog(
            "INFO", f'[PlaceOrder] user_id="{_uuid("order-user", i)}" user_currency="USD"')(t, i)),
        Source("paid", max(0.0, charged), lambda t, i: _slog(
            "INFO", f"payment went through (transaction_id: {_uuid('tx', t, i)})")(t, i)),
    ]
    storm = int(served.flags.get("kafkaQueueProblems", 0))
    if storm and orders:
        out.append(Source("overload", max(0.0, charged), lambda t, i: [
            *_slog("INFO", "Warning: FeatureFlag 'kafkaQueueProblems' is activated, overloading queue now.")(t, i),
            *_slog("INFO", f"Done with #{storm} messages for overload simulation.")(t + 0.05, i)]))
    return out


def _payment(served: Served) -> list[Source]:
    total, failed = sum(served.requests.values()), sum(served.failed.values())
    error = {"type": "Error", "message": _CHARGE_FAILED,
             "stack": f"Error: {_CHARGE_FAILED}\n    at module.exports.charge (/usr/src/app/charge.js:37:11)"}
    return [Source("received", total, _pino("info", "Charge request received.")),
            Source("complete", max(0.0, total - failed), _pino("info", "Transaction complete.")),
            Source("failed", failed, _pino("warn", _CHARGE_FAILED, err=error))]


def _product_catalog(served: Served) -> list[Source]:
    failed = sum(served.failed.values())
    return [Source("failed", failed, lambda t, _: [
        f'time={_iso(t)} level=ERROR msg="Error: Product Catalog Fail Feature Flag Enabled" '
        'app.product.id=OLJCESPC7Z'])]


def _recommendation(served: Served) -> list[Source]:
    total = sum(served.requests.values())
    ids = lambda i: "[" + ", ".join(f"'{_PRODUCTS[(i + k) % 10]}'" for k in range(5)) + "]"  # noqa: E731
    out = [Source("list", total, lambda t, i: _python(f"Receive ListRecommendations for product ids:{ids(i)}",
                                                        111)(t, i))]
    if served.flags.get("recommendationCacheFailure"):
        out.append(Source("cache", total, lambda t, i: _python(
            "get_product_list: cache miss" if i % 2 == 0 else "get_product_list: cache hit", 86)(t, i)))
    return out


def _fraud_detection(served: Served) -> list[Source]:
    if served.flags.get("kafkaQueueProblems"):
        # the consumer sleeps a second per record: it logs at most one record a second and lags
        return [Source("slow", served.messages, lambda t, i: [
            f"{_iso(t)} INFO  frauddetection - FeatureFlag 'kafkaQueueProblems' is enabled, sleeping 1 second",
            f"{_iso(t + 0.9)} INFO  frauddetection - Consumed record with orderId: {_uuid('order', i)}, and "
            f"updated total count to: {1 + i}"], cap=15)]
    return [Source("consumed", served.messages, lambda t, i: [
        f"{_iso(t)} INFO  frauddetection - Consumed record with orderId: {_uuid('order', i)}, and updated total "
        f"count to: {1 + i}"])]


def _accounting(served: Served) -> list[Source]:
    return [Source("order", served.messages, _dotnet(
        "info", "Accounting.Consumer[0]",
        lambda t, i: f'Order details: {{"orderId": "{_uuid("order", i)}", "shippingTrackingId": '
                     f'"{_uuid("track", i)}"}}'))]


def _email(served: Served) -> list[Source]:
    total = sum(served.requests.values())
    return [Source("sent", total, lambda t, i: [
        f"I, [{_iso(t)[:-1]}000 #1]  INFO -- : Order confirmation email sent to: someone{i % 10}@example.com"])]


_DEMO: dict[str, Callable[[Served], list[Source]]] = {
    "frontend": _frontend, "ad": _ad, "cart": _cart, "checkout": _checkout, "payment": _payment,
    "product-catalog": _product_catalog, "recommendation": _recommendation, "email": _email,
    "fraud-detection": _fraud_detection, "accounting": _accounting,
}


def sources(served: Served) -> list[Source]:
    """The request-driven lines ``served.service`` writes, as expected rates per source."""
    if served.service.startswith("mongodb-") or served.service.endswith("-mongodb"):
        return _mongod(served)
    if served.namespace == "test-social-network":
        return _social(served)
    if served.namespace == "test-hotel-reservation":
        return _hotel(served)
    if served.namespace == "astronomy-shop":
        maker = _DEMO.get(served.service)
        return maker(served) if maker is not None else []
    return []
