"""What each Flower container has printed, derived from the docker model's current state.

Lines use Flower's log format (``INFO :      ...``). The first training round reflects the
faults: a stopped ``supernode-*`` leaves the ServerApp with fewer clients than it sampled, and a
client app whose ``task.py`` no longer matches the global model fails to load its weights.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .docker import DockerContainer, containers, model_in_features

if TYPE_CHECKING:
    from .cluster import Cluster

__all__ = ["container_log_lines"]

_INSECURE = "WARNING :   Option `--insecure` was set. Starting insecure HTTP {what} to {where}."


def _superlink() -> list[str]:
    return ["INFO :      Starting Flower SuperLink",
            "WARNING :   Option `--insecure` was set. Starting insecure HTTP server.",
            "INFO :      Flower Deployment Engine: Starting Exec API on 0.0.0.0:9093",
            "INFO :      Flower ECE: Starting ServerAppIo API (gRPC-rere) on 0.0.0.0:9091",
            "INFO :      Flower ECE: Starting Fleet API (gRPC-rere) on 0.0.0.0:9092"]


def _broken_clients(cluster: Cluster) -> list[str]:
    return [c.name for c in containers(cluster).values()
            if c.name.startswith("clientapp") and model_in_features(c) not in (None, 84)]


def _serverapp(cluster: Cluster) -> list[str]:
    table = containers(cluster)
    nodes = [c for c in table.values() if c.name.startswith("supernode")]
    alive = [c for c in nodes if c.running]
    broken = _broken_clients(cluster)
    failures = len(nodes) - len(alive) + len([b for b in broken if table[b].running])
    lines = ["INFO :      Starting Flower ServerApp",
             _INSECURE.format(what="channel", where="superlink:9091"),
             "INFO :      Starting Flower ServerApp, config: num_rounds=3, no round_timeout",
             "INFO :      ", "INFO :      [INIT]",
             "INFO :      Using initial global parameters provided by strategy",
             "INFO :      Starting evaluation of initial global parameters",
             "INFO :      Evaluation returned no results (`None`)",
             "INFO :      ", "INFO :      [ROUND 1]",
             f"INFO :      configure_fit: strategy sampled {len(nodes)} clients (out of {len(nodes)})"]
    lines.append(f"INFO :      aggregate_fit: received {len(nodes) - failures} results and {failures} failures")
    if failures:
        lines.append("WARNING :   No fit_metrics_aggregation_fn provided")
    return lines


def _supernode(container: DockerContainer) -> list[str]:
    port = container.command[container.command.index("--clientappio-api-address") + 1].rsplit(":", 1)[1]
    return ["INFO :      Starting Flower SuperNode",
            _INSECURE.format(what="channel", where="superlink:9092"),
            f"INFO :      Starting Flower ClientAppIo gRPC server on 0.0.0.0:{port}",
            "INFO :      ", "INFO :      [RUN 1, ROUND 1]",
            "INFO :      Received: train message"]


def _clientapp(cluster: Cluster, container: DockerContainer) -> list[str]:
    address = container.command[-1]
    lines = ["INFO :      Starting Flower ClientApp", _INSECURE.format(what="channel", where=address)]
    width = model_in_features(container)
    if width is None or width == 84:
        return [*lines, "INFO :      Sent reply"]
    return [*lines,
            "ERROR :     ClientApp raised an exception",
            "Traceback (most recent call last):",
            '  File "/python/venv/lib/python3.11/site-packages/flwr/client/clientapp/app.py", line 198, in '
            "run_clientapp",
            "    reply_message = client_app(message=message, context=context)",
            f'  File "{container.files and next(p for p in container.files if p.endswith("task.py"))}", line 47, '
            "in set_weights",
            "    net.load_state_dict(state_dict, strict=True)",
            "RuntimeError: Error(s) in loading state_dict for Net:",
            f"\tsize mismatch for fc3.weight: copying a param with shape torch.Size([10, 84]) from checkpoint, the "
            f"shape in current model is torch.Size([10, {width}]).",
            "INFO :      Sent reply"]


def container_log_lines(cluster: Cluster, container: DockerContainer) -> list[str]:
    name = container.name
    if name == "superlink":
        lines = _superlink()
    elif name == "serverapp":
        lines = _serverapp(cluster)
    elif name.startswith("supernode"):
        lines = _supernode(container)
    else:
        lines = _clientapp(cluster, container)
    return [*lines, *container.extra_logs]
