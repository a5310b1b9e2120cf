"""No secret seeded into the twin appears in any request the LLM test server receives, or in any
exported trajectory or training file.

The secrets are read from the twin itself: HotelReservation's mongo users' passwords (its mongo
state), SocialNetwork's ``mongodb-tls`` Secret (its base64 values and the PEM blocks inside), and
AstronomyShop's database passwords (its Deployments' env). A realistic misconfiguration is
planted beside them: a ConfigMap that copies the TLS key, a service-account token (a JWT) and a
mongo URI with a password, so that readable probes print them (``kubectl get secret -o yaml`` is
denied by the Probe's gate, so the Secret itself never reaches the evidence).

The scripted LLM asks for probes that print all of it (configmaps and Deployments as YAML, the
init scripts with ``-p admin``); the LLM Compressor sees the raw output. The local test server is
on 127.0.0.1, which the default policy treats as local, so the runs use
``RedactionPolicy(endpoints="all")``, the policy that applies to remote endpoints, everywhere.

Short passwords that are also ordinary words (``admin``, ``root``, ``otel``: user names, database
names) are looked for where they would be secrets: after ``-p``, ``pwd:``, ``user:...@``,
``PASSWORD=`` and in a password env entry. Every other secret must not appear at all.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterator

import pytest

from aoi.agents.registry import run_agent
from aoi.env import TwinBackend
from aoi.evolver import export_samples
from aoi.evolver.cases import RepairedPlan
from aoi.problems import get_problem
from aoi.safety.redact import RedactionPolicy
from aoi.train.data import build_rows, save
from aoi.trajectories import Trajectory, TrajectoryStore, to_aiopslab_session, to_jsonl, to_steps_jsonl
from aoi.twin.mongo.state import mongo_state
from llm.conftest import chat_server  # noqa: F401 - re-exported fixture
from llm.fake_server import Reply, Request

HOTEL = "revoke_auth_mongodb-detection-1"
SOCIAL = "auth_miss_mongodb-detection-1"
ASTRONOMY = "astronomy_shop_payment_service_failure-detection-1"
PLANTED_JWT = ("eyJhbGciOiJSUzI1NiIsImtpZCI6ImFvaS10ZXN0In0.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6aG90ZWwifQ."
               "Zm9yZ2VkLXNpZ25hdHVyZS1mb3ItdGVzdHM")
PLANTED_PASSWORD = "Cq7-canary-Pw-2931"
_PEM = re.compile(r"-----BEGIN ([A-Z ]+)-----\n(.*?)\n-----END \1-----", re.DOTALL)


class PlantingBackend(TwinBackend):
    """The twin, plus one ConfigMap that leaks credentials the way misconfigured apps do."""

    def reset(self, problem, seed):  # noqa: ANN001 - the Backend signature
        super().reset(problem, seed)
        tls = self.cluster.find("Secret", "mongodb-tls", "test-social-network")
        pem = base64.b64decode(tls["data"]["tls.pem"]).decode() if tls else _social_tls_pem()
        admin = mongo_state(self.cluster, "test-hotel-reservation", "mongodb-geo").find_user("admin")
        data = {"tls.pem": pem, "token": PLANTED_JWT,
                "MONGO_URI": f"mongodb://admin:{admin.password}@mongodb-geo:27017/geo-db",
                "BACKUP_URI": f"mongodb://backup:{PLANTED_PASSWORD}@mongodb-rate:27017"}
        self.cluster.create({"apiVersion": "v1", "kind": "ConfigMap", "data": data,
                             "metadata": {"name": "legacy-credentials", "namespace": problem.namespace}})


def _social_tls_pem() -> str:
    backend = TwinBackend()
    backend.reset(get_problem(SOCIAL), 0)
    return base64.b64decode(backend.cluster.get("Secret", "mongodb-tls", "test-social-network")["data"]["tls.pem"]).decode()


def _seeded_secrets() -> tuple[set[str], set[str]]:
    """(secrets that must not appear at all, short passwords looked for in credential contexts)."""
    exact, weak = {PLANTED_JWT, PLANTED_PASSWORD}, set()
    hotel = TwinBackend()
    hotel.reset(get_problem(HOTEL), 0)
    for service in ("mongodb-geo", "mongodb-rate"):
        weak |= {u.password for u in mongo_state(hotel.cluster, "test-hotel-reservation", service).users.values()}
    social = TwinBackend()
    social.reset(get_problem(SOCIAL), 0)
    for value in social.cluster.get("Secret", "mongodb-tls", "test-social-network")["data"].values():
        exact.add(value)
        exact |= {body.strip() for _, body in _PEM.findall(base64.b64decode(value).decode())}
    astronomy = TwinBackend()
    astronomy.reset(get_problem(ASTRONOMY), 0)
    for deployment in astronomy.cluster.list("Deployment", "astronomy-shop"):
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            for env in container.get("env", []):
                if "PASSWORD" in env["name"]:
                    weak.add(env.get("value", ""))
                exact |= set(re.findall(r"password=(\S+)", env.get("value", "")))
    weak.discard("")
    assert weak >= {"admin", "root", "otel"} and "otelp" in exact and len(exact) >= 6
    return exact, weak


def _leaks(text: str, exact: set[str], weak: set[str]) -> list[str]:
    found = [s for s in exact if s in text]
    for s in weak:
        contexts = (rf"(?:\s-p|--password)[ =]+['\"]?{s}\b", rf"pwd['\"]?\s*:\s*['\"]?{s}\b", rf":{s}@",
                    rf"PASSWORD['\"]?\s*[:=]\s*['\"]?{s}\b", rf"PASSWORD['\"]?,?\s+['\"]?value['\"]?:\s*['\"]?{s}\b",
                    rf"password={s}\b")  # fmt: skip
        found += [f"{s} ({c})" for c in contexts if re.search(c, text)]
    return found


def _strings(value) -> Iterator[str]:  # noqa: ANN001 - any JSON value
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _probe(ns: str, *commands: str) -> dict:
    return {"phase": "survey", "hypothesis": "collect the configuration", "confidence": 20, "next_action": "probe",
            "probe": {"goal": "read the configuration", "commands": list(commands), "namespace": ns}}


SUBMIT = {"phase": "submit", "hypothesis": "a fault is present", "confidence": 95, "next_action": "submit",
          "submission": "Yes"}
SCRIPTS = {
    HOTEL: ("test-hotel-reservation", [
        "kubectl get configmap mongo-geo-script -n test-hotel-reservation -o yaml",
        "kubectl get configmap failure-admin-geo -n test-hotel-reservation -o yaml",
        "kubectl get configmap legacy-credentials -n test-hotel-reservation -o json",
    ]),
    SOCIAL: ("test-social-network", [
        "kubectl get secret mongodb-tls -n test-social-network -o yaml",  # denied by the gate
        "kubectl describe secret mongodb-tls -n test-social-network",
        "kubectl get configmap legacy-credentials -n test-social-network -o yaml",
    ]),
    ASTRONOMY: ("astronomy-shop", [
        "kubectl get deployment product-reviews postgresql -n astronomy-shop -o yaml",
        "kubectl describe deployment postgresql -n astronomy-shop",
        "kubectl get configmap legacy-credentials -n astronomy-shop -o yaml",
    ]),
}  # fmt: skip


def _script() -> Callable[[Request], Reply]:
    """The observer model probes each problem's commands, then submits; the compressor summarises."""
    decisions: dict[str, Iterator[dict]] = {}

    def reply(request: Request) -> Reply:
        if request.body["model"] == "comp-m":
            return Reply(json.dumps({"summary": "configuration read", "details": ["objects listed"]}))
        text = "\n".join(m["content"] for m in request.body["messages"])
        problem = next(p for p, (ns, _) in SCRIPTS.items() if ns in text)
        ns, commands = SCRIPTS[problem]
        steps = decisions.setdefault(problem, iter([_probe(ns, c) for c in commands] + [SUBMIT]))
        return Reply(json.dumps(next(steps)))

    return reply


@pytest.fixture(scope="module")
def secrets() -> tuple[set[str], set[str]]:
    return _seeded_secrets()


def _run_all(server, store: TrajectoryStore) -> list[str]:  # noqa: ANN001
    policy = RedactionPolicy(endpoints="all")
    ids = []
    for problem_id in SCRIPTS:
        # The hotel run also has the LLM Compressor, which is sent the probes' raw output.
        options = {"redaction": policy, **({"compressor_model": "comp-m"} if problem_id == HOTEL else {})}
        result = run_agent("llm", problem_id, model="obs-m", base_url=server.base_url, agent_options=options,
                           max_iterations=6, store=store, backend=PlantingBackend())
        assert result.success, problem_id
        ids.append(result.trajectory_id)
        runbook = run_agent("runbook", problem_id, store=store, backend=PlantingBackend())
        ids.append(runbook.trajectory_id)
    return ids


def test_no_seeded_secret_reaches_the_model_or_an_export(chat_server, secrets, tmp_path):  # noqa: F811
    exact, weak = secrets
    server = chat_server(_script())
    with TrajectoryStore(tmp_path / "runs.db") as store:
        ids = _run_all(server, store)
        trajectories: list[Trajectory] = [store.get(i) for i in ids]

    # The runs really handled the secrets: the raw probe output recorded in the store holds them.
    recorded = "\n".join(s for t in trajectories for s in _strings(t.model_dump(mode="json")))
    assert _leaks(recorded, exact, weak), "the probes did not print any seeded secret"
    sent = [m["content"] for r in server.requests for m in r.body["messages"]]
    assert any(r.body["model"] == "comp-m" for r in server.requests)
    assert any("<redacted:" in text for text in sent)

    # (1) Nothing the LLM server received holds a secret.
    for request in server.requests:
        text = "\n".join(m["content"] for m in request.body["messages"])
        assert not _leaks(text, exact, weak), request.body["model"]

    # (2) Nothing exported holds one: trajectories, training data, the Evolver's samples.
    out = tmp_path / "exports"
    to_jsonl(trajectories, out / "trajectories.jsonl")
    to_steps_jsonl(trajectories, out / "steps.jsonl")
    for t in trajectories:
        (out / f"session-{t.id}.json").write_text(json.dumps(to_aiopslab_session(t)))
    rows, _ = build_rows(trajectories)
    assert rows, "no training rows were built"
    save(rows, out / "train")
    plans = [RepairedPlan(id=f"plan-{i}", problem_id=t.problem_id, task=t.task or "detection", family="test",
                          namespace=get_problem(t.problem_id).namespace, repairer="offline", validated=True,
                          trajectory=t) for i, t in enumerate(trajectories) if t.success]  # fmt: skip
    export_samples(plans, "grpo", out / "evolver")
    files = [p for p in out.rglob("*") if p.is_file()]
    assert {p.suffix for p in files} >= {".jsonl", ".json", ".arrow"}
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        if path.suffix in (".jsonl", ".json"):
            docs = [json.loads(line) for line in text.splitlines() if line.strip()] if path.suffix == ".jsonl" \
                else [json.loads(text)]
            text = "\n".join(s for d in docs for s in _strings(d))
        assert not _leaks(text, exact, weak), path.relative_to(out)


def test_the_check_would_see_a_leak_without_redaction(chat_server, secrets):  # noqa: F811
    """The control: the same hotel run with redaction off sends the seeded secrets to the server."""
    exact, weak = secrets
    server = chat_server(_script())
    options = {"redaction": RedactionPolicy(endpoints="none"), "compressor_model": "comp-m"}
    run_agent("llm", HOTEL, model="obs-m", base_url=server.base_url, agent_options=options, max_iterations=6,
              backend=PlantingBackend())
    text = "\n".join(m["content"] for r in server.requests for m in r.body["messages"])
    leaked = _leaks(text, exact, weak)
    assert PLANTED_JWT in leaked and PLANTED_PASSWORD in leaked
    assert any(item.startswith("admin (") for item in leaked)
