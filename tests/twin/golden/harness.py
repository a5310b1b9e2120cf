"""The golden fidelity harness: each corpus command through real kubectl against the served twin
and through the twin's kubectl emulator, compared on stdout, stderr and exit code.

A group of the corpus (`corpus.yaml`) runs on a `TwinPair`: two fresh clusters of the same
problem and seed, one served over HTTP on a background thread (real kubectl reaches it through
a kubeconfig), one behind the emulator (`aoi.twin.kubectl.make_kubectl`, the program the twin's
shell runs as ``kubectl``). Every step runs on both, in corpus order, so writes are seen by the
reads after them.

Time. The served twin's clock is frozen (``step_seconds=0``): neither twin moves unless the
harness moves both (``advance`` steps) or a command waits (``rollout status`` advances both in
the same steps). Some outputs hold a time real kubectl reads from its own wall clock: describe's
event ages, and the ``restartedAt`` stamp ``rollout restart`` writes. For those, the group is
built with ``wall_clock: true``: both twins are built so that the problem starts at the wall
clock's next second (the server's supported way, `aoi.twin.server.session.scenario_twin` with
``clock="wall"``), and before each such command the harness advances both twins to the current
wall-clock second if it has only just begun (`LATEST_START_S`), or waits for the next one.
kubectl then reads a time within that second, and ages (whole seconds, truncated) agree. A read
that finishes after its second ended could have seen the next one; it is measured again once
rather than reported.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import shlex
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

import yaml

from aoi.problems import get_problem
from aoi.twin.clock import EPOCH
from aoi.twin.kubectl import make_kubectl

__all__ = ["CORPUS", "KUBECTL_MINOR", "Group", "Outcome", "Result", "Step", "kubectl_minor", "load_corpus",
           "run_group"]

CORPUS = Path(__file__).with_name("corpus.yaml")
# The release the emulator imitates (`aoi.twin.kubectl.version.CLIENT_VERSION`); other releases word
# some outputs differently (describe's port names, events), so the goldens need this one.
KUBECTL_MINOR = "1.32"
# Verbs whose output holds a time real kubectl takes from its own clock.
CLIENT_CLOCK = (("describe",), ("rollout", "restart"))
KUBECTL_TIMEOUT_S = 60
# A command that reads kubectl's clock starts at most this far into its second (kubectl needs well
# under the rest of it to fetch and print).
LATEST_START_S = 0.25
_EPOCH_UNIX = EPOCH.timestamp()
_TEMPLATE = re.compile(r"<(pod|rs):([a-z0-9-]+)>")


@dataclass(frozen=True)
class Step:
    """A command line (and what it reads on stdin), or a move of both clocks by ``advance`` seconds."""

    command: str = ""
    stdin: str = ""
    advance: float = 0.0

    @property
    def reads_client_clock(self) -> bool:
        words = self.command.split()[1:3]
        return any(tuple(words[: len(verb)]) == verb for verb in CLIENT_CLOCK)


@dataclass(frozen=True)
class Group:
    name: str
    problem: str
    seed: int
    steps: tuple[Step, ...]
    wall_clock: bool = False

    @cached_property
    def namespace(self) -> str:
        return get_problem(self.problem).namespace

    def commands(self) -> list[tuple[str, Step]]:
        """(id, step) of every command step; ids are ``<group>/<nn>`` in corpus order."""
        numbered = [s for s in self.steps if s.command]
        return [(f"{self.name}/{i:02d}", s) for i, s in enumerate(numbered, 1)]


def load_corpus(path: Path = CORPUS) -> list[Group]:
    data = yaml.safe_load(path.read_text())
    groups = []
    for raw in data["groups"]:
        steps = tuple(_step(item) for item in raw["steps"])
        group = Group(raw["name"], raw["problem"], int(raw["seed"]), steps, bool(raw.get("wall_clock", False)))
        needs_wall = [s.command for s in steps if s.reads_client_clock]
        if needs_wall and not group.wall_clock:
            raise ValueError(f"group {group.name!r} runs {needs_wall[0]!r}, whose output holds kubectl's own "
                             "clock; set wall_clock: true on the group")
        groups.append(group)
    return groups


def _step(item: object) -> Step:
    if isinstance(item, str):
        return Step(command=item)
    if isinstance(item, dict) and "advance" in item:
        return Step(advance=float(item["advance"]))
    if isinstance(item, dict) and "run" in item:
        return Step(command=item["run"], stdin=item.get("stdin", ""))
    raise ValueError(f"a corpus step is a command line, {{run:, stdin:}} or {{advance:}}; got {item!r}")


@dataclass(frozen=True)
class Result:
    stdout: str
    stderr: str
    exit_code: int


@dataclass(frozen=True)
class Outcome:
    id: str
    command: str  # as run, templates resolved
    real: Result
    emulated: Result

    @property
    def matched(self) -> bool:
        return self.real == self.emulated

    def diff(self, max_lines: int = 60) -> str:
        """A unified diff per stream that differs (real kubectl is ``---``), at most ``max_lines``."""
        lines: list[str] = []
        for stream in ("stdout", "stderr"):
            real, emulated = getattr(self.real, stream), getattr(self.emulated, stream)
            if real != emulated:
                lines += difflib.unified_diff(real.splitlines(), emulated.splitlines(),
                                              f"{stream} (real kubectl)", f"{stream} (emulator)", lineterm="")
        if self.real.exit_code != self.emulated.exit_code:
            lines.append(f"exit code: real {self.real.exit_code}, emulator {self.emulated.exit_code}")
        shown = lines[:max_lines]
        if len(lines) > max_lines:
            shown.append(f"... {len(lines) - max_lines} more lines")
        return "\n".join(shown)


def kubectl_minor(kubectl: str) -> str | None:
    """``major.minor`` of the kubectl at ``kubectl`` (``1.32``), None if it does not answer."""
    try:
        done = subprocess.run([kubectl, "version", "--client", "-o", "json"], capture_output=True, text=True,
                              timeout=30, check=False, env={"PATH": os.environ.get("PATH", ""), "KUBECONFIG": "/dev/null"})
        version = yaml.safe_load(done.stdout)["clientVersion"]["gitVersion"]
    except (OSError, subprocess.SubprocessError, TypeError, KeyError, yaml.YAMLError):
        return None
    match = re.match(r"v(\d+\.\d+)", str(version))
    return match.group(1) if match else None


def resolve_templates(command: str, cluster, namespace: str) -> str:
    """Replace ``<pod:DEPLOY>`` / ``<rs:DEPLOY>`` by the names the cluster generated."""
    def name(match: re.Match) -> str:
        what, deployment = match.groups()
        sets = _replicasets(cluster, namespace, deployment)
        if what == "rs":
            return sets[-1]["metadata"]["name"] if sets else f"no-replicaset-of-{deployment}"
        uids = {rs["metadata"]["uid"] for rs in sets}
        pods = sorted(p["metadata"]["name"] for p in cluster.list("Pod", namespace) if _owned(p, uids))
        return pods[0] if pods else f"no-pod-of-{deployment}"

    return _TEMPLATE.sub(name, command)


def _owned(obj: dict, uids: set[str]) -> bool:
    return any(ref.get("uid") in uids for ref in obj["metadata"].get("ownerReferences") or ())


def _replicasets(cluster, namespace: str, deployment: str) -> list[dict]:
    owner = cluster.find("Deployment", deployment, namespace)
    if owner is None:
        return []
    owned = [rs for rs in cluster.list("ReplicaSet", namespace) if _owned(rs, {owner["metadata"]["uid"]})]
    return sorted(owned, key=lambda rs: int(rs["metadata"].get("annotations", {}).get(
        "deployment.kubernetes.io/revision", "0")))


class TwinPair:
    """The served twin and the emulator's twin of one group, kept at the same virtual time."""

    def __init__(self, group: Group, kubectl: str, workdir: Path) -> None:
        self.group, self.kubectl, self.workdir = group, kubectl, workdir
        self._stack = ExitStack()

    def __enter__(self) -> TwinPair:
        from aoi.twin.server.session import ServedTwin, scenario_twin

        problem = get_problem(self.group.problem)
        args = (problem.app.value, problem.namespace, problem.fault)
        if self.group.wall_clock:
            # Both built from one snapshot (same start), so they are identical, byte for byte.
            moment = datetime.fromtimestamp(math.ceil(time.time()), UTC)
            built = [scenario_twin(*args, seed=self.group.seed, clock="wall", now=moment).cluster for _ in range(2)]
        else:
            built = [scenario_twin(*args, seed=self.group.seed).cluster for _ in range(2)]
        self.served = ServedTwin(built[0], problem.namespace, clock="virtual", step_seconds=0)
        self.local = built[1]
        self.kubeconfig = self._stack.enter_context(serve(self.served, self.workdir))
        self.emulator = make_kubectl(self.local, default_namespace=kubeconfig_namespace(self.kubeconfig))
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.workdir),
                    "KUBECONFIG": str(self.kubeconfig), "KUBECACHEDIR": str(self.workdir / "cache"),
                    # kubectl prints local times (describe's dates, restartedAt); the twin's are UTC.
                    "TZ": "UTC"}
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    @property
    def now(self) -> float:
        return self.local.clock.now

    def advance(self, seconds: float) -> None:
        if seconds <= 0:
            return
        with self.served.lock:
            self.served.cluster.advance(seconds)
        self.local.advance(seconds)

    def align_to_wall(self) -> float:
        """Move both twins to a wall-clock second kubectl can still read: the current one if little
        of it has passed (and the twins are not past it), else the next one, waited for.
        Returns the wall time (Unix seconds) at which that second ends."""
        now = time.time()
        second = math.floor(now) + (1 if now % 1 > LATEST_START_S else 0)
        target = max(second, math.ceil(_EPOCH_UNIX + self.now))
        while (left := target - time.time()) > 0:
            time.sleep(left)
        self.advance(target - _EPOCH_UNIX - self.now)
        return target + 1

    def run(self, step: Step) -> tuple[str, Result, Result]:
        command = resolve_templates(step.command, self.local, self.group.namespace)
        argv = shlex.split(command)
        ends = self.align_to_wall() if step.reads_client_clock else math.inf
        real = self._real(argv, step.stdin)
        late = time.time() >= ends
        emulated = self._emulated(argv, step.stdin)
        if late and real != emulated and argv[1] == "describe":
            # kubectl may have read the next second: a read is measured again (a write cannot be)
            self.align_to_wall()
            real, emulated = self._real(argv, step.stdin), self._emulated(argv, step.stdin)
        return command, real, emulated

    def _real(self, argv: list[str], stdin: str) -> Result:
        done = subprocess.run([self.kubectl, *argv[1:]], input=stdin.encode(), capture_output=True,
                              env=self.env, timeout=KUBECTL_TIMEOUT_S, check=False)
        # --limit-bytes may cut a character in two; the emulator's text cannot hold half of one
        return Result(done.stdout.decode(errors="ignore"), done.stderr.decode(errors="ignore"), done.returncode)

    def _emulated(self, argv: list[str], stdin: str) -> Result:
        done = self.emulator(argv, stdin)
        return Result(done.stdout, done.stderr, done.exit_code)


@contextmanager
def serve(twin, workdir: Path) -> Iterator[Path]:
    """Serve ``twin`` on a background thread; yield the path of a kubeconfig that points at it."""
    from aoi.twin.server.kubeconfig import write_kubeconfig
    from aoi.twin.server.run import serving

    with serving(twin) as url:
        yield write_kubeconfig(workdir / "kubeconfig", url, namespace=twin.namespace)


def kubeconfig_namespace(path: Path) -> str:
    """The namespace of the kubeconfig's current context (kubectl's default namespace)."""
    config = yaml.safe_load(path.read_text())
    current = config.get("current-context")
    for entry in config.get("contexts") or ():
        if entry.get("name") == current:
            return (entry.get("context") or {}).get("namespace") or "default"
    return "default"


def run_group(group: Group, kubectl: str) -> list[Outcome]:
    """Every command of ``group``, in order, on a fresh `TwinPair`."""
    ids = iter(command_id for command_id, _ in group.commands())
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="aoi-golden-") as tmp, TwinPair(group, kubectl, Path(tmp)) as pair:
        for step in group.steps:
            if not step.command:
                pair.advance(step.advance)
                continue
            command, real, emulated = pair.run(step)
            outcomes.append(Outcome(next(ids), command, real, emulated))
    return outcomes
