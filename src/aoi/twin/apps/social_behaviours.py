"""What SocialNetwork's DeathStarBench C++ services print at start (Boost.Log format).

Every service binary logs ``Starting the <svc> server...`` once it listens on 9090. Services
that own a MongoDB first create an index in a loop that never gives up: when the database is
unreachable, or requires TLS from these plain-text clients (auth_miss_mongodb), the loop logs
mongo-c-driver's error and ``Failed to create mongodb index, try again`` every second and the
server never opens its port. The container stays Running (the chart has no probes), which is
what the source does; the behaviour marks it not serving so callers see refused connections.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..mongo import mongo_state
from ..runtime import Behaviour, Outcome, StartContext
from . import logfmt
from .base import set_serving
from .mongo_behaviour import tls_rejection
from .podinfo import digest
from .reach import reach

# Each CreateIndex attempt is one second apart; the log shows this many before the twin stops
# writing (a real log keeps growing; later lines carry nothing new).
INDEX_RETRIES_LOGGED = 30


@dataclass(frozen=True)
class Binary:
    service: str
    start_line: int
    start_text: str
    mongodb: str | None = None
    index_fail_line: int = 0
    machine_id_line: int = 0


BINARIES: dict[str, Binary] = {
    b.service: b
    for b in (
        Binary("compose-post-service", 110, "Starting the compose-post-service server ..."),
        Binary("home-timeline-service", 141, "Starting the home-timeline-service server..."),
        Binary("media-service", 37, "Starting the media-service server..."),
        Binary("post-storage-service", 81, "Starting the post-storage-service server...",
               "post-storage-mongodb", 67),
        Binary("social-graph-service", 143, "Starting the social-graph-service server ...",
               "social-graph-mongodb", 97),
        Binary("text-service", 58, "Starting the text-service server..."),
        Binary("unique-id-service", 60, "Starting the unique-id-service server ...", machine_id_line=49),
        Binary("url-shorten-service", 81, "Starting the url-shorten-service server...",
               "url-shorten-mongodb", 65),
        Binary("user-mention-service", 68, "Starting the user-mention-service server..."),
        Binary("user-service", 94, "Starting the user-service server ...", "user-mongodb", 80, 63),
        Binary("user-timeline-service", 148, "Starting the user-timeline-service server...",
               "user-timeline-mongodb", 103),
    )
}
# Thrift services: name -> binary. Each listens on 9090.
THRIFT = {
    "compose-post-service": "ComposePostService", "home-timeline-service": "HomeTimelineService",
    "media-service": "MediaService", "post-storage-service": "PostStorageService",
    "social-graph-service": "SocialGraphService", "text-service": "TextService",
    "unique-id-service": "UniqueIdService", "url-shorten-service": "UrlShortenService",
    "user-mention-service": "UserMentionService", "user-service": "UserService",
    "user-timeline-service": "UserTimelineService",
}
BY_COMMAND = {binary: service for service, binary in THRIFT.items()}


def _source(binary: Binary) -> str:
    return THRIFT[binary.service] + ".cpp"


def _mongo_error(ctx: StartContext, mongodb: str) -> str | None:
    """mongo-c-driver 1.15's server-selection error, or None when the index can be created."""
    found = reach(ctx.cluster, ctx.namespace, mongodb, 27017)
    if found.reason == "no-service":
        cause = f"Failed to resolve '{mongodb}'"
    elif not found.ok:
        cause = f"connection refused calling ismaster on '{mongodb}:27017'"
    elif mongo_state(ctx.cluster, ctx.namespace, mongodb).tls_mode == "requireTLS":
        tls_rejection(ctx, mongodb)
        cause = f"connection closed calling ismaster on '{mongodb}:27017'"
    else:
        return None
    return f"No suitable servers found (`serverSelectionTryOnce` set): [{cause}]"


def dsb_service(ctx: StartContext) -> Outcome:
    """``deathstarbench/social-network-microservices``: the binary named by the command."""
    service = BY_COMMAND.get(ctx.command[0]) if ctx.command else None
    if service is None:
        return Outcome(state="exited", exit_code=128, ready=False,
                       message=f'exec: "{ctx.command[0] if ctx.command else ""}": executable file not found in $PATH')
    binary = BINARIES[service]
    source = _source(binary)
    t = ctx.now
    lines: list[str] = []
    if binary.machine_id_line:
        raw = digest(ctx.pod["metadata"].get("uid"), ctx.restart_count, "mac")
        mac = ":".join(f"{b:02x}" for b in (0x0A, 0x58, 0x0A, 0xF4, raw[0], raw[1]))
        if service == "unique-id-service":
            lines.append(logfmt.boost(t, "info", "UniqueIdHandler.h:144:GetMachineId", f"MAC address = {mac}"))
        lines.append(logfmt.boost(t, "info", f"{source}:{binary.machine_id_line}:main",
                                  f"machine_id = {int.from_bytes(raw[2:4], 'big') % 0x400:x}"))
    if binary.mongodb is not None:
        error = _mongo_error(ctx, binary.mongodb)
        if error is not None:
            for attempt in range(INDEX_RETRIES_LOGGED):
                lines.append(logfmt.boost(t + attempt + 0.3, "error", "utils_mongodb.h:76:CreateIndex",
                                          f"Error in createIndexes: {error}"))
                lines.append(logfmt.boost(t + attempt + 0.3, "error", f"{source}:{binary.index_fail_line}:main",
                                          "Failed to create mongodb index, try again"))
            set_serving(ctx.cluster, ctx.pod, ctx.container, False)
            return Outcome(logs=tuple(lines))
    set_serving(ctx.cluster, ctx.pod, ctx.container, True)
    lines.append(logfmt.boost(t + 0.01, "info", f"{source}:{binary.start_line}:main", binary.start_text))
    return Outcome(logs=tuple(lines))


BEHAVIOURS: dict[str, Behaviour] = {
    "deathstarbench/social-network-microservices": dsb_service,
}
