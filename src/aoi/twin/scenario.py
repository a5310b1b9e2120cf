"""Set up a problem on the twin: a cluster with the app deployed and the fault injected.

The sequence mirrors AIOpsLab's ``init_problem``: a cluster that has been up for a while
(kube-system, Prometheus in ``observe``, OpenEBS), the app deployed and settled, the fault
injected with the injector's own waits, then the workload. Building that takes tens of
milliseconds, so the settled state is kept as a snapshot per (problem, seed) and every later
reset restores a private copy in about a millisecond.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .apps import deploy_app, deploy_infrastructure
from .apps.workload import run_workload
from .clock import default_start
from .cluster import Cluster
from .faults import inject
from .kubectl import make_kubectl
from .process import CommandResult, Program, fail
from .shell import Shell
from .telemetry.noise import NOISE_KEY, NOISE_LEVELS

if TYPE_CHECKING:
    from .faults.spec import FaultSpec
    from .runtime import BehaviourTable

# How long the kind cluster has been up when a problem starts (ages of kube-system pods).
CLUSTER_AGE_S = 3 * 24 * 3600 + 4 * 3600
# AIOpsLab waits for the app to be ready before injecting; pods are a couple of minutes old.
APP_SETTLE_S = 90.0


@lru_cache(maxsize=1)
def _behaviours() -> BehaviourTable:
    from .apps import behaviour_table

    return behaviour_table()


def _build(app: str, namespace: str, fault: FaultSpec, seed: int, noise: str) -> Cluster:
    cluster = Cluster(seed=seed, behaviours=_behaviours())
    cluster.app_state[NOISE_KEY] = noise
    with cluster.batch():
        deploy_infrastructure(cluster, chaos_mesh=str(fault.injector) == "chaos_mesh")
    cluster.advance(CLUSTER_AGE_S)
    if app == "Flower":
        from .docker import deploy_flower

        deploy_flower(cluster)
    else:
        with cluster.batch():
            deploy_app(cluster, app)
    cluster.advance(APP_SETTLE_S)
    inject(cluster, fault, namespace)
    if app != "Flower":
        run_workload(cluster, namespace)
    return cluster


@lru_cache(maxsize=256)
def _snapshot(app: str, namespace: str, fault: FaultSpec, seed: int, noise: str, start: float) -> bytes:
    # ``start`` (clock.default_start) is only a key: the build's Cluster picks it up itself.
    return _build(app, namespace, fault, seed, noise).snapshot()


def start_scenario(app: str, namespace: str, fault: FaultSpec, *, seed: int = 0,
                   noise: str = "realistic") -> Cluster:
    """A fresh, private cluster with ``app`` deployed in ``namespace`` and ``fault`` injected,
    in the state an agent finds when the problem starts.

    ``noise`` is the telemetry realism knob: "off", "realistic" (background slow requests and
    benign variation) or "high".
    """
    if noise not in NOISE_LEVELS:
        raise ValueError(f"noise must be one of {', '.join(NOISE_LEVELS)}, got {noise!r}")
    return Cluster.restore(_snapshot(app, namespace, fault, seed, noise, default_start()), _behaviours())


def twin_shell(cluster: Cluster) -> Shell:
    """A shell whose programs (kubectl, docker, text utilities) act on ``cluster`` only."""
    from .docker import make_docker_program

    shell = Shell({})
    kubectl = make_kubectl(cluster, files=shell.files)
    shell.programs.update({
        "kubectl": kubectl,
        "k": kubectl,
        "docker": make_docker_program(cluster),
        "sleep": _virtual_sleep(cluster),
    })
    return shell


# AIOpsLab kills a shell command after 30 s, so no single command can wait longer than that.
SHELL_TIMEOUT_S = 30.0


def _virtual_sleep(cluster: Cluster) -> Program:
    """`sleep N` lets N seconds of virtual time pass (capped at the shell timeout)."""
    units = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}

    def sleep(argv: list[str], stdin: str) -> CommandResult:
        total = 0.0
        for arg in argv[1:]:
            number, unit = (arg[:-1], arg[-1]) if arg[-1:] in units else (arg, "s")
            try:
                total += float(number) * units[unit]
            except ValueError:
                return fail(f"sleep: invalid time interval '{arg}'\nTry 'sleep --help' for more information.")
        if len(argv) < 2:
            return fail("sleep: missing operand\nTry 'sleep --help' for more information.")
        cluster.advance(min(total, SHELL_TIMEOUT_S))
        return CommandResult()

    return sleep


def docker_logs(cluster: Cluster, container: str) -> str | None:
    """Logs of a Flower container, or None if there is no such container."""
    from .docker import docker_logs as logs

    return logs(cluster, container)
