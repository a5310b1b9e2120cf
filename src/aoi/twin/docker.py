"""Flower's ``docker`` pseudo-namespace: the compose deployment AIOpsLab runs for its FL problems.

Six containers (``superlink``, ``serverapp``, ``supernode-1/2``, ``clientapp-1/2``) live in
``cluster.app_state["docker"]`` with their images, ports, start times, exit codes and files.
The two Flower faults act on this model: `stop_container` (AIOpsLab's Docker SDK ``stop()`` of
``supernode-1``) and `misconfigure_model` (``sed -i '24s/84/80/'`` on the client app's
``task.py``), so ``docker ps``, ``docker logs`` and ``docker exec ... cat`` all show them.
The ``docker`` command itself is in `docker_cli.py`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .cluster import Cluster
    from .process import Program

__all__ = [
    "DockerContainer",
    "containers",
    "deploy_flower",
    "docker_logs",
    "make_docker_program",
    "misconfigure_model",
    "start_container",
    "stop_container",
]

STATE_KEY = "docker"
FLWR_VERSION = "1.15.2"
APP_DIR = "/app/.flwr/apps/flwrlabs.train.1.0.0.5f3c2a9e"
TASK_PY = f"{APP_DIR}/task.py"

# Line 24 is the layer the model_misconfig fault edits (84 -> 80 input features).
_TASK_SOURCE = '''"""train: the model, data loading and training loop of the Flower app."""

from collections import OrderedDict

import torch
import torch.nn.functional as F
from flwr_datasets import FederatedDataset
from torch import nn
from torch.utils.data import DataLoader
from torchvision.transforms import Compose, Normalize, ToTensor


class Net(nn.Module):
    """A LeNet-style classifier for 32x32 colour images."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        # final projection onto the ten classes
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 5 * 5)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def get_weights(net):
    return [val.cpu().numpy() for _, val in net.state_dict().items()]


def set_weights(net, parameters):
    params_dict = zip(net.state_dict().keys(), parameters)
    state_dict = OrderedDict({k: torch.tensor(v) for k, v in params_dict})
    net.load_state_dict(state_dict, strict=True)
'''


@dataclass
class DockerContainer:
    name: str
    image: str
    command: list[str]
    ports: list[str]  # docker ps PORTS entries, e.g. "0.0.0.0:9092->9092/tcp"
    created: float
    started: float
    running: bool = True
    exit_code: int = 0
    finished: float = 0.0
    files: dict[str, str] = field(default_factory=dict)
    extra_logs: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return hashlib.sha256(f"flower/{self.name}".encode()).hexdigest()


def _specs() -> list[tuple[str, str, list[str], list[str]]]:
    link = ["--insecure", "--isolation", "process"]
    return [
        ("superlink", f"flwr/superlink:{FLWR_VERSION}", ["flower-superlink", *link],
         [f"0.0.0.0:{p}->{p}/tcp" for p in (9091, 9092, 9093)]),
        ("serverapp", "flower-serverapp", ["flwr-serverapp", "--insecure", "--serverappio-api-address",
                                           "superlink:9091"], []),
        *[(f"supernode-{i}", f"flwr/supernode:{FLWR_VERSION}",
           ["flower-supernode", "--insecure", "--superlink", "superlink:9092", "--node-config",
            f"partition-id={i - 1} num-partitions=2", "--clientappio-api-address", f"0.0.0.0:{9093 + i}",
            "--isolation", "process"], [f"0.0.0.0:{9093 + i}->{9093 + i}/tcp"]) for i in (1, 2)],
        *[(f"clientapp-{i}", f"flower-clientapp-{i}",
           ["flwr-clientapp", "--insecure", "--clientappio-api-address", f"supernode-{i}:{9093 + i}"], [])
          for i in (1, 2)],
    ]


def containers(cluster: Cluster) -> dict[str, DockerContainer]:
    """The Flower containers by name (empty before `deploy_flower`)."""
    state = cluster.app_state.get(STATE_KEY)
    return state if isinstance(state, dict) else {}


def deploy_flower(cluster: Cluster) -> None:
    """``docker compose up -d`` of AIOpsLab's Flower app: every container starts now."""
    now = cluster.clock.now
    table: dict[str, DockerContainer] = {}
    for name, image, command, ports in _specs():
        files = {"/etc/hostname": name + "\n"}
        if name.startswith(("clientapp", "serverapp")):
            files[TASK_PY] = _TASK_SOURCE
            files[f"{APP_DIR}/pyproject.toml"] = ('[project]\nname = "train"\nversion = "1.0.0"\n\n[tool.flwr.app]\n'
                                                  'publisher = "flwrlabs"\n')
        table[name] = DockerContainer(name, image, command, ports, now, now, files=files)
    cluster.app_state[STATE_KEY] = table


def stop_container(cluster: Cluster, name: str) -> bool:
    """``docker stop``: the container exits (code 0 after SIGTERM); False if there is no such container."""
    container = containers(cluster).get(name)
    if container is None:
        return False
    if container.running:
        container.running, container.exit_code, container.finished = False, 0, cluster.clock.now
    return True


def start_container(cluster: Cluster, name: str) -> bool:
    container = containers(cluster).get(name)
    if container is None:
        return False
    if not container.running:
        container.running, container.started = True, cluster.clock.now
    return True


def misconfigure_model(cluster: Cluster, old: str = "84", new: str = "80", container: str = "clientapp-1") -> None:
    """The model_misconfig fault: ``sed -i '24s/<old>/<new>/'`` on the app's task.py (recovery swaps back)."""
    target = containers(cluster).get(container)
    if target is None:
        return
    for path in [p for p in target.files if p.endswith("/task.py")]:
        lines = target.files[path].split("\n")
        if len(lines) >= 24:
            lines[23] = lines[23].replace(old, new, 1)
        target.files[path] = "\n".join(lines)


def model_in_features(container: DockerContainer) -> int | None:
    """The input width of the final layer as the client app's task.py declares it."""
    source = container.files.get(TASK_PY, "")
    lines = source.split("\n")
    if len(lines) < 24 or "nn.Linear(" not in lines[23]:
        return None
    argument = lines[23].split("nn.Linear(", 1)[1].split(",", 1)[0].strip()
    return int(argument) if argument.isdigit() else None


def docker_logs(cluster: Cluster, name: str) -> str | None:
    """What ``docker logs NAME`` prints, or None for an unknown container (AIOpsLab's get_logs)."""
    container = containers(cluster).get(name)
    if container is None:
        return None
    from .docker_logs import container_log_lines

    return "".join(line + "\n" for line in container_log_lines(cluster, container))


def make_docker_program(cluster: Cluster) -> Program:
    """The ``docker`` `Program` over this model (the CLI lives in `docker_cli.py`)."""
    from .docker_cli import make_docker_program as make

    return make(cluster)
