"""The ``docker`` command against the Flower model in `docker.py`.

``ps [-a] [--format]``, ``logs [--tail N]``, ``inspect``, ``exec`` (run inside the container's
files through `Container`), ``start``/``stop``/``restart`` and ``stats`` print what the docker
CLI prints; unknown containers get the daemon's ``No such container`` / ``No such object``.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from .clock import rfc3339
from .container_shell import Container, binaries_for_image
from .docker import DockerContainer, containers, docker_logs, start_container, stop_container
from .process import CommandResult, Program, fail

if TYPE_CHECKING:
    from .cluster import Cluster

__all__ = ["make_docker_program"]

_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"  # a container's default PATH


def human_duration(seconds: float) -> str:
    """docker's ``units.HumanDuration``: ``Less than a second``, ``About a minute``, ``5 minutes``."""
    s = int(seconds)
    if s < 1:
        return "Less than a second"
    if s == 1:
        return "1 second"
    if s < 60:
        return f"{s} seconds"
    minutes = s // 60
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = round(s / 3600)
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    return f"{hours // 24} days"


def make_docker_program(cluster: Cluster) -> Program:
    def docker(argv: list[str], stdin: str) -> CommandResult:
        if len(argv) < 2:
            return fail("Usage:  docker [OPTIONS] COMMAND")
        handler = _COMMANDS.get(argv[1])
        if handler is None:
            return fail(f"docker: '{argv[1]}' is not a docker command.\nSee 'docker --help'")
        return handler(cluster, argv[2:], stdin)

    return docker


def _status(cluster: Cluster, c: DockerContainer) -> str:
    now = cluster.clock.now
    if c.running:
        return f"Up {human_duration(now - c.started)}"
    return f"Exited ({c.exit_code}) {human_duration(now - c.finished)} ago"


def _fields(cluster: Cluster, c: DockerContainer) -> dict[str, str]:
    command = " ".join(c.command)
    shown = f'"{command[:19]}…"' if len(command) > 20 else f'"{command}"'
    ports = _ports(c.ports)
    return {"ID": c.id[:12], "Image": c.image, "Command": shown,
            "CreatedAt": rfc3339(c.created).replace("T", " ").replace("Z", " +0000 UTC"),
            "RunningFor": f"{human_duration(cluster.clock.now - c.created)} ago", "Status": _status(cluster, c),
            "Ports": ports if c.running else "", "Names": c.name, "State": "running" if c.running else "exited"}


def _ports(entries: list[str]) -> str:
    """docker's PORTS column: consecutive ports folded into ranges, IPv4 then IPv6 bindings."""
    numbers = sorted(int(e.split("->")[1].split("/")[0]) for e in entries)
    ranges: list[tuple[int, int]] = []
    for n in numbers:
        if ranges and ranges[-1][1] == n - 1:
            ranges[-1] = (ranges[-1][0], n)
        else:
            ranges.append((n, n))
    spans = [f"{a}" if a == b else f"{a}-{b}" for a, b in ranges]
    return ", ".join([f"0.0.0.0:{s}->{s}/tcp" for s in spans] + [f":::{s}->{s}/tcp" for s in spans])


def _ps(cluster: Cluster, argv: list[str], stdin: str) -> CommandResult:
    everything = any(a in ("-a", "--all") for a in argv)
    fmt = next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--format"), None)
    fmt = fmt or next((a.split("=", 1)[1] for a in argv if a.startswith("--format=")), None)
    quiet = any(a in ("-q", "--quiet") for a in argv)
    rows = [_fields(cluster, c) for c in containers(cluster).values() if everything or c.running]
    if quiet:
        return CommandResult("".join(r["ID"] + "\n" for r in rows))
    if fmt and not fmt.startswith("table"):
        return CommandResult("".join(re.sub(r"{{\s*\.(\w+)\s*}}", lambda m, r=r: r.get(m[1], ""), fmt)
                                     .replace("\\t", "\t") + "\n" for r in rows))
    header = {"ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND", "RunningFor": "CREATED",
              "Status": "STATUS", "Ports": "PORTS", "Names": "NAMES"}
    columns = list(header)
    if fmt:
        columns = re.findall(r"{{\s*\.(\w+)\s*}}", fmt)
    table = [[header.get(col, col.upper()) for col in columns]] + [[r.get(col, "") for col in columns] for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(columns))]
    lines = ["   ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in table]
    return CommandResult("".join(line + "\n" for line in lines))


def _one(cluster: Cluster, name: str) -> DockerContainer | None:
    table = containers(cluster)
    return table.get(name) or next((c for c in table.values() if c.id.startswith(name) and len(name) >= 3), None)


def _logs(cluster: Cluster, argv: list[str], stdin: str) -> CommandResult:
    names = [a for i, a in enumerate(argv) if not a.startswith("-") and (i == 0 or argv[i - 1] not in ("--tail", "-n"))]
    if not names:
        return fail('"docker logs" requires exactly 1 argument.\nSee \'docker logs --help\'.')
    container = _one(cluster, names[0])
    if container is None:
        return fail(f"Error response from daemon: No such container: {names[0]}")
    text = docker_logs(cluster, container.name) or ""
    tail = next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a in ("--tail", "-n")), None)
    tail = tail or next((a.split("=", 1)[1] for a in argv if a.startswith("--tail=")), None)
    if tail and tail != "all":
        lines = text.splitlines(keepends=True)
        text = "".join(lines[-int(tail):]) if int(tail) > 0 else ""
    # Flower logs to stderr; docker logs replays each stream on its own.
    return CommandResult(stderr=text)


def _inspect(cluster: Cluster, argv: list[str], stdin: str) -> CommandResult:
    names = [a for a in argv if not a.startswith("-")]
    docs, errors = [], []
    for name in names:
        c = _one(cluster, name)
        if c is None:
            errors.append(f"Error: No such object: {name}\n")
            continue
        docs.append({
            "Id": c.id, "Created": rfc3339(c.created), "Path": c.command[0], "Args": c.command[1:],
            "State": {"Status": "running" if c.running else "exited", "Running": c.running, "Paused": False,
                      "Restarting": False, "OOMKilled": False, "Dead": False, "ExitCode": c.exit_code,
                      "StartedAt": rfc3339(c.started),
                      "FinishedAt": rfc3339(c.finished) if not c.running else "0001-01-01T00:00:00Z"},
            "Name": f"/{c.name}", "RestartCount": 0,
            "Config": {"Hostname": c.name, "Image": c.image, "Cmd": c.command[1:], "Entrypoint": c.command[:1],
                       "Env": [f"PATH={_PATH}"]},
            "NetworkSettings": {"Ports": {p.split("->")[1]: [{"HostIp": "0.0.0.0", "HostPort": p.split(":")[1]
                                                              .split("->")[0]}] for p in c.ports}},
        })
    out = json.dumps(docs, indent=4) + "\n"
    return CommandResult(out, "".join(errors), 1 if errors else 0)


def _exec(cluster: Cluster, argv: list[str], stdin: str) -> CommandResult:
    i = 0
    tty = False
    while i < len(argv) and argv[i].startswith("-"):
        tty = tty or ("t" in argv[i] and not argv[i].startswith("--")) or argv[i] == "--tty"
        i += 2 if argv[i] in ("-e", "--env", "-u", "--user", "-w", "--workdir") else 1
    if i >= len(argv) - 1:
        return fail('"docker exec" requires at least 2 arguments.\nSee \'docker exec --help\'.')
    if tty:
        return fail("the input device is not a TTY")
    c = _one(cluster, argv[i])
    if c is None:
        return fail(f"Error response from daemon: No such container: {argv[i]}")
    if not c.running:
        return fail(f"Error response from daemon: container {c.id} is not running")
    inside = Container(c.name, c.files, {"PATH": _PATH,
                                         "HOSTNAME": c.id[:12], "HOME": "/app"},
                       binaries_for_image(c.image), dirs=frozenset({"/app", "/app/.flwr", "/tmp"}))
    result = inside.exec(argv[i + 1:], stdin)
    if result is None:
        return fail(f'OCI runtime exec failed: exec failed: unable to start container process: exec: "{argv[i + 1]}": '
                    "executable file not found in $PATH: unknown", exit_code=127)
    return result


def _lifecycle(verb: str):
    def run(cluster: Cluster, argv: list[str], stdin: str) -> CommandResult:
        names = [a for a in argv if not a.startswith("-")]
        out, errors = [], []
        for name in names:
            c = _one(cluster, name)
            if c is None:
                errors.append(f"Error response from daemon: No such container: {name}\n")
                continue
            if verb in ("stop", "restart"):
                stop_container(cluster, c.name)
            if verb in ("start", "restart"):
                start_container(cluster, c.name)
            out.append(name + "\n")
        if errors and verb == "start":
            errors.append(f"Error: failed to start containers: {', '.join(n for n in names if not _one(cluster, n))}\n")
        return CommandResult("".join(out), "".join(errors), 1 if errors else 0)

    return run


def _stats(cluster: Cluster, argv: list[str], stdin: str) -> CommandResult:
    header = ("CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS")
    rows = [header]
    for index, c in enumerate(containers(cluster).values()):
        if not c.running:
            continue
        mem = 48.0 + 23.5 * index
        rows.append((c.id[:12], c.name, f"{0.12 + 0.07 * index:.2f}%", f"{mem:.2f}MiB / 15.52GiB",
                     f"{mem / 15892.48 * 100:.2f}%", "1.2MB / 845kB", "0B / 4.1kB", str(4 + index)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    text = "".join("   ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() + "\n" for r in rows)
    return CommandResult(text)


_COMMANDS = {
    "ps": _ps,
    "logs": _logs,
    "inspect": _inspect,
    "exec": _exec,
    "start": _lifecycle("start"),
    "stop": _lifecycle("stop"),
    "restart": _lifecycle("restart"),
    "stats": _stats,
}
