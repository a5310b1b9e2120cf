"""A local OpenAI-compatible chat server for tests: real HTTP on 127.0.0.1, scripted answers.

`FakeChatServer` implements ``POST /v1/chat/completions`` with `http.server` in a thread. Each
request takes the next `Reply` of the script (or asks a function); a reply can be a normal
completion, an HTTP error with headers (429 with ``Retry-After``, 500), a body that is not a
completion, or a delay longer than the client's timeout. Every request body and its headers are
kept in ``requests`` so tests can assert what went over the wire.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["FakeChatServer", "Reply", "Request"]


@dataclass
class Reply:
    """One scripted answer: ``text`` as a completion, or ``status`` with ``body`` as an error."""

    text: str = ""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    usage: tuple[int, int] | None = (100, 20)  # (prompt_tokens, completion_tokens); None omits usage
    body: Any = None  # sent as-is instead of a completion when given


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, str]]:
        return self.body.get("messages", [])


Script = list["Reply | str"] | Callable[[Request], "Reply | str"]


class FakeChatServer:
    """Serves a script of replies; use as a context manager or call `start`/`stop`."""

    def __init__(self, script: Script, *, model: str = "fake-model") -> None:
        self._script = script
        self.model = model
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeChatServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeChatServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _next(self, request: Request) -> Reply:
        with self._lock:
            index = len(self.requests)
            self.requests.append(request)
            if callable(self._script):
                reply = self._script(request)
            elif index < len(self._script):
                reply = self._script[index]
            else:
                reply = Reply(status=500, body={"error": {"message": "fake server: script exhausted"}})
        return Reply(text=reply) if isinstance(reply, str) else reply

    def _completion(self, reply: Reply) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": 0,
            "model": self.model,
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": reply.text}, "finish_reason": "stop"}
            ],
        }
        if reply.usage is not None:
            prompt, completion = reply.usage
            body["usage"] = {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            }
        return body

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
                pass  # keep test output clean

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(404, {"error": {"message": f"no route {self.path}"}}, {})
                    return
                request = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, json.loads(raw))
                reply = server._next(request)
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                if reply.body is not None:
                    self._send(reply.status, reply.body, reply.headers)
                elif reply.status != 200:
                    self._send(
                        reply.status, {"error": {"message": f"fake error {reply.status}"}}, reply.headers
                    )
                else:
                    self._send(200, server._completion(reply), reply.headers)

            def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
                data = (body if isinstance(body, str) else json.dumps(body)).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to answer

        return Handler
