"""Running the app with uvicorn: in a background thread (tests, backends) or in the foreground (CLI).

Both bind the listening socket themselves before uvicorn starts, so port 0 yields a free port
whose number is known at once, and a port already in use is a `PortInUse` error up front rather
than a log line from inside uvicorn.
"""

from __future__ import annotations

import errno
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import uvicorn

from .app import create_app
from .session import ServedTwin

__all__ = ["HOST", "PortInUse", "serve_forever", "serving"]

HOST = "127.0.0.1"
_START_TIMEOUT_S = 10.0


class PortInUse(OSError):
    """The requested port is taken; the message says which and what to do."""


def _bind(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as err:
        sock.close()
        if err.errno == errno.EADDRINUSE:
            raise PortInUse(f"{HOST}:{port} is already in use; pick another --port, or 0 for a free one") from None
        raise
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _server(twin: ServedTwin) -> uvicorn.Server:
    # websockets' sans-I/O implementation: the legacy one is deprecated in websockets >= 14.
    config = uvicorn.Config(create_app(twin), log_level="warning", access_log=False, lifespan="off",
                            ws="websockets-sansio")
    return uvicorn.Server(config)


@contextmanager
def serving(twin: ServedTwin, port: int = 0) -> Iterator[str]:
    """Serve ``twin`` on 127.0.0.1 from a background thread; yields the base URL.

    The server stops, and its thread is joined, when the block exits.
    """
    sock = _bind(port)
    server = _server(twin)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="aoi-twin-server", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + _START_TIMEOUT_S
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the twin's API server did not start (see the log above)")
            time.sleep(0.01)
        yield f"http://{HOST}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=_START_TIMEOUT_S)
        sock.close()


def serve_forever(twin: ServedTwin, port: int = 0, on_ready: Callable[[str], None] | None = None) -> None:
    """Serve ``twin`` in the foreground until Ctrl-C; ``on_ready(url)`` runs once the port is bound."""
    sock = _bind(port)
    try:
        if on_ready is not None:
            on_ready(f"http://{HOST}:{sock.getsockname()[1]}")
        _server(twin).run(sockets=[sock])
    finally:
        sock.close()
