"""Real kubectl against a served twin: it prints what the emulated kubectl prints, and the
reference fix of revoke_auth_mongodb-mitigation-1, typed into real kubectl, mitigates the problem."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from aoi.env.backends.twin import TwinReader
from aoi.env.parser import fence, parse_action
from aoi.problems.oracles import evaluate
from aoi.problems.solutions import reference_actions
from aoi.twin.kubectl import KubectlContext, run_kubectl
from aoi.twin.server import ServedTwin, serving, write_kubeconfig

from .conftest import NS, Kubectl, make_twin, needs_kubectl, problem

pytestmark = needs_kubectl


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServedTwin, Kubectl]]:
    """One server for the module, its clock frozen so the emulator can be compared at the same instant."""
    twin = make_twin(step_seconds=0)
    home = tmp_path_factory.mktemp("kubectl-home")
    with serving(twin) as url:
        yield twin, Kubectl(write_kubeconfig(home / "kubeconfig", url, NS), home)


@pytest.mark.parametrize("args", [
    "get pods", "get pods -o wide", "get pods -A", "get deploy -o wide", "get svc", "get all", "get nodes -o wide",
    "get pods --show-labels", "get pods -l io.kompose.service=geo -o name", "get pod nope", "get cm",
])
def test_real_kubectl_prints_what_the_emulator_prints(frozen: tuple[ServedTwin, Kubectl], args: str) -> None:
    twin, kubectl = frozen
    real = kubectl(*args.split())
    with twin.lock:
        emulated = run_kubectl(KubectlContext(twin.cluster, NS), ["kubectl", *args.split()])
    assert (real.stdout, real.stderr, real.returncode) == (emulated.stdout, emulated.stderr, emulated.exit_code)


def test_errors_are_what_kubectl_prints_against_a_real_server(frozen: tuple[ServedTwin, Kubectl]) -> None:
    _, kubectl = frozen
    missing = kubectl("get", "deployment", "nope")
    assert (missing.returncode, missing.stderr) == (1, 'Error from server (NotFound): deployments.apps "nope" not found\n')
    immutable = kubectl("patch", "deployment", "geo", "-p", '{"spec":{"selector":{"matchLabels":{"a":"b"}}}}')
    assert immutable.stderr.startswith('The Deployment "geo" is invalid: spec.selector: Invalid value: ')
    bad_json_patch = kubectl("patch", "svc", "geo", "--type=json", "-p", '[{"op":"remove","path":"/spec/nope"}]')
    assert bad_json_patch.stderr == ("The request is invalid: the server rejected our request due to an error "
                                     "in our request\n")


def test_apply_create_replace_and_delete_from_stdin(frozen: tuple[ServedTwin, Kubectl]) -> None:
    twin, kubectl = frozen
    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: served-demo\ndata:\n  a: '1'\n"
    assert kubectl.ok("apply", "-f", "-", stdin=manifest) == "configmap/served-demo created\n"
    assert kubectl.ok("apply", "-f", "-", stdin=manifest) == "configmap/served-demo unchanged\n"
    assert kubectl.ok("apply", "-f", "-", stdin=manifest.replace("'1'", "'2'")) == "configmap/served-demo configured\n"
    exists = kubectl("create", "-f", "-", stdin=manifest)
    assert exists.stderr == ('Error from server (AlreadyExists): error when creating "STDIN": configmaps "served-demo" '
                             "already exists\n")
    assert kubectl.ok("replace", "-f", "-", stdin=manifest.replace("'1'", "'3'")) == "configmap/served-demo replaced\n"
    assert twin.cluster.get("ConfigMap", "served-demo", NS)["data"] == {"a": "3"}
    assert kubectl.ok("delete", "-f", "-", stdin=manifest) == 'configmap "served-demo" deleted\n'


def test_exec_exit_codes_and_stdin(frozen: tuple[ServedTwin, Kubectl]) -> None:
    _, kubectl = frozen
    failed = kubectl("exec", "deploy/mongodb-geo", "--", "bash", "-c", "echo out; echo err >&2; exit 3")
    assert (failed.returncode, failed.stdout) == (3, "out\n")
    assert failed.stderr == "err\ncommand terminated with exit code 3\n"
    assert kubectl.ok("exec", "-i", "deploy/mongodb-geo", "--", "cat", stdin="piped\n") == "piped\n"


def test_scale_and_rollout_history(frozen: tuple[ServedTwin, Kubectl]) -> None:
    twin, kubectl = frozen
    assert kubectl.ok("scale", "deployment", "frontend", "--replicas=2") == "deployment.apps/frontend scaled\n"
    assert twin.cluster.get("Deployment", "frontend", NS)["spec"]["replicas"] == 2
    assert kubectl.ok("set", "image", "deployment/frontend", "hotel-reserv-frontend=nginx:1") == (
        "deployment.apps/frontend image updated\n")
    history = kubectl.ok("rollout", "history", "deployment/frontend")
    assert history.splitlines()[1:4] == ["REVISION  CHANGE-CAUSE", "1         <none>", "2         <none>"]
    assert kubectl.ok("rollout", "undo", "deployment/frontend") == "deployment.apps/frontend rolled back\n"
    image = twin.cluster.get("Deployment", "frontend", NS)["spec"]["template"]["spec"]["containers"][0]["image"]
    assert image != "nginx:1"


def test_the_reference_fix_typed_into_real_kubectl_mitigates_the_problem(tmp_path: Path) -> None:
    """THE MUST-SHOW: get, describe, logs, patch and rollout restart work, and the problem's oracle
    sees the reference fix (a mongo script run through ``kubectl exec``) made through real kubectl."""
    p = problem()
    twin = make_twin(step_seconds=10)
    with serving(twin) as url:
        kubectl = Kubectl(write_kubeconfig(tmp_path / "kubeconfig", url, NS), tmp_path)
        pods = kubectl.ok("get", "pods", "-n", NS)
        geo = next(line.split()[0] for line in pods.splitlines() if line.startswith("geo-"))
        assert "0/1" in next(line for line in pods.splitlines() if line.startswith("geo-"))
        described = kubectl.ok("describe", "pod", geo, "-n", NS)
        assert f"Name:             {geo}" in described and "Back-off restarting failed container" in described
        assert "not authorized on geo-db" in kubectl.ok("logs", geo, "-n", NS)
        patch = '{"metadata":{"labels":{"checked-by":"aoi"}}}'
        assert kubectl.ok("patch", "deployment", "frontend", "-n", NS, "-p", patch) == "deployment.apps/frontend patched\n"
        assert kubectl.ok("rollout", "restart", "deployment/frontend", "-n", NS) == "deployment.apps/frontend restarted\n"
        with twin.lock:
            frontend = twin.cluster.get("Deployment", "frontend", NS)
        assert frontend["metadata"]["labels"]["checked-by"] == "aoi"
        assert "kubectl.kubernetes.io/restartedAt" in frontend["spec"]["template"]["metadata"]["annotations"]

        for action in reference_actions(p):
            parsed = parse_action(fence(action))
            if parsed.api != "exec_shell":
                continue  # submit(): the oracle below judges the cluster instead
            argv = shlex.split(parsed.args[0])
            if argv[0] == "sleep":
                with twin.lock:
                    twin.cluster.advance(float(argv[1]))
                continue
            assert argv[0] == "kubectl", argv
            kubectl.ok(*argv[1:])
        with twin.lock:
            evaluation = evaluate(p, None, TwinReader(twin.cluster))
    assert evaluation.success, evaluation.results
    assert evaluation.strict.success, evaluation.strict.reasons
