"""`aoi.safety.redact`: every kind of secret is masked, placeholders correlate, ordinary output is untouched."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aoi.safety.redact import EXPORT_REDACTOR, RedactionError, RedactionPolicy, Redactor, load_patterns

REAL_OUTPUTS = Path("/work/shared/reference/real-outputs")
JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.eyJpc3MiOiJrdWJlcm5ldGVzIn0.c2lnbmF0dXJlX2FiYw"


@pytest.mark.parametrize(("text", "secret"), [
    ("mongodb://admin:Geo-s3cret@mongodb-geo:27017/geo-db", "Geo-s3cret"),
    ("mongo admin -u admin -p Adm1nPw --authenticationDatabase admin", "Adm1nPw"),
    ("mysql -uroot -pR00tPw -h db", "R00tPw"),
    ("redis-cli -h cache -p 6379 -a RedisPw1", "RedisPw1"),
    ("app --password=Flag-Pw9 --verbose", "Flag-Pw9"),
    ("host=postgresql user=otelu password=otelp dbname=otel", "otelp"),
    ("POSTGRES_PASSWORD=Env-Pw7", "Env-Pw7"),
    ("password: Yaml-Pw5", "Yaml-Pw5"),
    ('{"api_key": "Json-Key-3"}', "Json-Key-3"),
    ("db.createUser({user: 'admin', pwd: 'Js-Pw-2', roles: []})", "Js-Pw-2"),
    ("        - name: DB_PASSWORD\n          value: Spec-Pw-1\n", "Spec-Pw-1"),
    ('{"name": "MONGO_PASSWORD", "value": "Json-Spec-Pw"}', "Json-Spec-Pw"),
    ("Authorization: Bearer abc123def456ghi789", "abc123def456ghi789"),
    (f"token: {JWT}", JWT),
    ("aws_access_key_id=AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
    ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    ("OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwx", "sk-proj-abcdefghijklmnopqrstuvwx"),
    ("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n-----END PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0B"),
    ('"tls.pem": "-----BEGIN CERTIFICATE-----\\nMIIDdzCCAl+g\\n-----END CERTIFICATE-----\\n"', "MIIDdzCCAl+g"),
    ("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7\n(output cut)", "MIIEpAIBAAKCAQEA7"),
    ("client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=", "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo="),
    ("contact ops@example.com now", "ops@example.com"),
])  # fmt: skip
def test_each_kind_of_secret_is_masked(text, secret):
    out = Redactor().redact(text)
    assert secret not in out
    assert "<redacted:" in out


def test_secret_data_in_kubectl_get_secret_yaml_and_json():
    yaml_text = ("apiVersion: v1\ndata:\n  password: c3VwZXJzZWNyZXQ=\n  user: YWRtaW4=\nkind: Secret\n"
                 "metadata:\n  name: db\ntype: Opaque\n")
    out = Redactor().redact(yaml_text)
    assert "c3VwZXJzZWNyZXQ=" not in out and "YWRtaW4=" not in out
    assert "kind: Secret\nmetadata:\n  name: db\ntype: Opaque\n" in out  # the rest is kept
    json_text = json.dumps({"apiVersion": "v1", "kind": "Secret", "data": {"password": "c3VwZXJzZWNyZXQ="}}, indent=2)
    out = Redactor().redact(json_text)
    assert "c3VwZXJzZWNyZXQ=" not in out
    assert json.loads(out)["data"]["password"].startswith("<redacted:")


def test_configmap_data_without_a_secret_is_kept():
    text = "apiVersion: v1\ndata:\n  mode: disabled\n  port: '8080'\nkind: ConfigMap\n"
    assert Redactor().redact(text) == text


def test_the_same_value_gets_the_same_placeholder_and_another_value_another():
    out = Redactor().redact("mongodb://a:one@x mongodb://b:two@y mongodb://c:one@z")
    assert out == ("mongodb://a:<redacted:password>@x mongodb://b:<redacted:password-2>@y "
                   "mongodb://c:<redacted:password>@z")


def test_addresses_are_a_setting():
    text = "pod 10.244.1.5 on 10.244.1.5 and fe80::1, svc 10.96.0.10:8080"
    assert Redactor().redact(text) == "pod <redacted:ipv4> on <redacted:ipv4> and <redacted:ipv6>, svc <redacted:ipv4-2>:8080"
    assert Redactor(addresses=False).redact(text) == text
    assert EXPORT_REDACTOR.redact(text) == text


@pytest.mark.parametrize("text", [
    "automountServiceAccountToken: false", "max_tokens: 64", "tokens_in: 5", "bypass: true", "PWD=/app",
    "MONGO_PASSWORD:  <set to the key 'password' in secret 'mongo'>  Optional: false",
    "Mountable secrets:  default-token-abc", "kubectl logs mongo-0 -p -n ns", "image: mongo:4.4.6",
    "2026-03-05T13:00:00Z 12:34:56 aa:bb:cc:dd:ee:ff v1.2.3 basic configuration",
    "password authentication failed for user \"admin\"", "SecretName:  mongodb-tls",
])  # fmt: skip
def test_ordinary_text_is_untouched(text):
    assert Redactor().redact(text) == text


def _real_responses() -> list[str]:
    out = []
    for path in sorted(REAL_OUTPUTS.glob("sregym__metaagent__*.json")):
        data = json.loads(path.read_text())
        out += [str(call.get("response", "")) for call in data.get("tool_calls", [])]
    return out


@pytest.mark.skipif(not REAL_OUTPUTS.is_dir(), reason="the real kubectl outputs are not on this machine")
def test_real_kubectl_outputs_are_not_mangled():
    """Real kubectl tables, describes and logs from SREGym's clusters come back byte for byte with
    addresses kept, except the lines holding the only secrets there (a mongo init script's
    ``ADMIN_PWD="admin"``); with addresses masked, only addresses change besides."""
    responses = _real_responses()
    assert len(responses) > 300
    changed = set()
    for response in responses:
        out = EXPORT_REDACTOR.redact(response)
        assert len(out.splitlines()) == len(response.splitlines())
        changed |= {(a, b) for a, b in zip(response.splitlines(), out.splitlines(), strict=True) if a != b}
    assert changed == {('    ADMIN_PWD="admin"', '    ADMIN_PWD="<redacted:password>"'),
                       ('    ROOT_PWD="root"', '    ROOT_PWD="<redacted:password-2>"')}
    kinds = set()
    for response in responses:
        out = Redactor().redact(response)
        kinds |= set(re.findall(r"<redacted:([a-z0-9]+)", out))
    assert kinds <= {"ipv4", "ipv6", "password"}


def test_extra_patterns_from_code_and_from_a_file(tmp_path):
    assert Redactor(extra=[("ticket", r"TICKET-\d+")]).redact("see TICKET-42") == "see <redacted:ticket>"
    path = tmp_path / "patterns.yaml"
    path.write_text("- name: employee-id\n  pattern: 'emp(?P<secret>\\d{6})'\n")
    assert Redactor(extra=load_patterns(path)).redact("by emp123456") == "by emp<redacted:employee-id>"
    (tmp_path / "p.json").write_text(json.dumps({"card": r"\b\d{4}-\d{4}-\d{4}-\d{4}\b"}))
    assert "<redacted:card>" in Redactor(extra=load_patterns(tmp_path / "p.json")).redact("1234-5678-9012-3456")


@pytest.mark.parametrize(("content", "message"), [
    ("[1, 2]", "expected a mapping"), ("bad: '('", "not a valid regular expression"),
    ("Bad Name: x", "pattern name"), ("{a: [", "not YAML or JSON"),
])  # fmt: skip
def test_bad_pattern_files_are_one_line_errors(tmp_path, content, message):
    path = tmp_path / "p.yaml"
    path.write_text(content)
    with pytest.raises(RedactionError, match=message) as info:
        load_patterns(path)
    assert "\n" not in str(info.value)


def test_redact_data_walks_json_and_masks_secret_keys():
    data = {"password": 1234, "steps": [{"output": "mongodb://u:pw1@h"}], "tokens_in": 5, "ok": True}
    out = Redactor().redact_data(data)
    assert out == {"password": "<redacted:password>", "steps": [{"output": "mongodb://u:<redacted:password>@h"}],
                   "tokens_in": 5, "ok": True}


def test_policy_applies_by_endpoint():
    assert RedactionPolicy().applies(local=False) and not RedactionPolicy().applies(local=True)
    assert RedactionPolicy(endpoints="all").applies(local=True)
    assert not RedactionPolicy(endpoints="none").applies(local=False)
    assert RedactionPolicy(addresses=False).redactor().redact("10.0.0.1") == "10.0.0.1"
