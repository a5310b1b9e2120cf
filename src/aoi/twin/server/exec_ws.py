"""``kubectl exec`` over WebSocket: the v5/v4 ``channel.k8s.io`` stream protocols, non-interactive.

kubectl 1.32 opens ``/api/v1/namespaces/{ns}/pods/{name}/exec?command=...&container=...`` as a
WebSocket and offers ``v5.channel.k8s.io`` first. Every binary message starts with its channel:
0 stdin, 1 stdout, 2 stderr, 3 the final metav1.Status, 4 terminal resizes, and (v5 only) 255
``[255, 0]`` closing stdin. The command runs in the twin's container shell exactly as the
emulated ``kubectl exec`` runs it (`aoi.twin.kubectl.exec_cmd.run_in_container`), once stdin (if
asked for) has been closed; then stdout, stderr and the Status are sent and the socket closed.

Refusals travel as the Status too, never as a failed handshake: kubectl reads a failed
WebSocket handshake as "upgrade unsupported" and retries over SPDY, which the twin does not
speak, and the original error would be lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket, WebSocketDisconnect

from ..kinds import BY_KIND
from ..kubectl.exec_cmd import ExecRefused, run_in_container
from ..process import CommandResult
from .containers import pick_container
from .session import ServedTwin
from .status import ApiError, bad_request, not_found, status_object
from .wire import json_response

__all__ = ["PROTOCOLS", "exec_http", "exec_websocket"]

PROTOCOLS = ("v5.channel.k8s.io", "v4.channel.k8s.io")
STDIN, STDOUT, STDERR, ERROR, CLOSE = 0, 1, 2, 3, 255
_V4_STDIN_IDLE_S = 1.0  # v4 cannot say "stdin closed": take a second of silence as the end


def _flag(socket: WebSocket, name: str) -> bool:
    return (socket.query_params.get(name) or "").lower() in ("true", "1")


def _run(twin: ServedTwin, namespace: str, name: str, container: str | None, command: list[str],
         stdin: str) -> CommandResult:
    """Run the command under the twin's lock; `ApiError` for everything the server refuses."""
    if not command:
        raise bad_request("you must specify at least 1 command")
    with twin.lock:
        pod = twin.cluster.find("Pod", name, namespace)
        if pod is None:
            raise not_found(BY_KIND["Pod"], name)
        spec = pick_container(pod, container)
        try:
            return run_in_container(twin.cluster, pod, spec, command, stdin)
        except ExecRefused as err:
            raise ApiError(500, "InternalError", str(err)) from None


def _exit_status(command: list[str], code: int) -> dict:
    if code == 0:
        return {"metadata": {}, "status": "Success"}
    message = f"command terminated with non-zero exit code: error executing command {command}, exit code {code}"
    return {"metadata": {}, "status": "Failure", "message": message, "reason": "NonZeroExitCode",
            "details": {"causes": [{"reason": "ExitCode", "message": str(code)}]}}


async def _read_stdin(socket: WebSocket, protocol: str) -> str:
    """Everything the client sends on channel 0 until it closes stdin (or the socket)."""
    chunks: list[bytes] = []
    while True:
        try:
            if protocol.startswith("v5"):
                message = await socket.receive()
            else:
                message = await asyncio.wait_for(socket.receive(), _V4_STDIN_IDLE_S)
        except (TimeoutError, WebSocketDisconnect):
            break
        if message["type"] == "websocket.disconnect":
            break
        data = message.get("bytes") or (message.get("text") or "").encode()
        if not data:
            continue
        if data[0] == STDIN:
            chunks.append(data[1:])
        elif data[0] == CLOSE and data[1:2] == bytes([STDIN]):
            break
    return b"".join(chunks).decode("utf-8", errors="replace")


async def exec_websocket(socket: WebSocket, twin: ServedTwin) -> None:
    """Serve one exec session (the caller has applied the clock policy already)."""
    protocol = next((p for p in socket.scope.get("subprotocols") or () if p in PROTOCOLS), None)
    if protocol is None:
        # No channel protocol in common: refuse the handshake (the client falls back or gives up).
        await socket.close(code=1002)
        return
    await socket.accept(subprotocol=protocol)
    params = socket.query_params
    command = params.getlist("command")
    stdin = await _read_stdin(socket, protocol) if _flag(socket, "stdin") else ""
    try:
        result = await run_in_threadpool(_run, twin, socket.path_params["namespace"], socket.path_params["name"],
                                         params.get("container"), command, stdin)
    except ApiError as err:
        await _send(socket, ERROR, json.dumps(err.body).encode())
    else:
        stdout, stderr = result.stdout, result.stderr
        if _flag(socket, "tty"):  # a terminal has one output stream
            stdout, stderr = stdout + stderr, ""
        if stdout and _flag(socket, "stdout"):
            await _send(socket, STDOUT, stdout.encode())
        if stderr and _flag(socket, "stderr"):
            await _send(socket, STDERR, stderr.encode())
        await _send(socket, ERROR, json.dumps(_exit_status(command, result.exit_code)).encode())
    await socket.close(code=1000)


async def _send(socket: WebSocket, channel: int, data: bytes) -> None:
    # A client that went away has nothing left to be told.
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        await socket.send_bytes(bytes([channel]) + data)


def exec_http(request: Request) -> Response:
    """A plain or SPDY request for exec: the twin streams exec over WebSocket only."""
    upgrade = request.headers.get("upgrade", "")
    message = "Upgrade request required"
    if upgrade:
        message = (f"the twin's API server streams exec over WebSocket ({', '.join(PROTOCOLS)}), "
                   f"not {upgrade}")
    return json_response(status_object("Failure", message, "BadRequest", {}, 400), 400)
