"""Specific verdicts and reasons: kubectl tables, exec, dry-run, wrappers, deny rules, parse failures."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

import aoi.safety
from aoi.safety import Classification, Verdict, classify


@pytest.mark.parametrize(
    ("command", "verdict", "reason"),
    [
        ("kubectl -n x patch deploy y -p '{}'", "write", "kubectl patch: write verb"),
        ("kubectl get pods -n x", "read", "kubectl get: read verb"),
        ("kubectl rollout status deploy/x", "read", "kubectl rollout status: read verb"),
        ("kubectl rollout restart deploy/x", "write", "kubectl rollout restart: write verb"),
        ("kubectl auth can-i delete pods", "read", "kubectl auth can-i: read verb"),
        ("kubectl config current-context", "read", "kubectl config current-context: read verb"),
        ("kubectl config use-context prod", "write", "kubectl config use-context: write verb"),
        ("kubectl apply --dry-run=server -f x.yaml", "read", "kubectl apply: --dry-run=server does not persist"),
        ("kubectl apply --dry-run=none -f x.yaml", "write", "kubectl apply: write verb"),
        ("kubectl port-forward svc/x 80", "write", "kubectl port-forward: write verb"),
        ("kubectl foo", "write", "kubectl foo: unknown verb (plugin?) counts as write"),
        ("kubectl exec p -- cat /etc/hosts", "read", "kubectl exec -> cat: read-only program"),
        ("kubectl exec p -- redis-cli info", "read", "kubectl exec -> redis-cli info: read command"),
        ("kubectl exec p -- rm x", "write", "kubectl exec -> rm: unknown program counts as write"),
        ("sudo kubectl get pods", "write", None),
        ("kubectl get pods > /dev/null 2>&1", "read", None),
        ("kubectl get pods > out.txt", "write", "redirection > out.txt: writes a file"),
        ("echo 'a; kubectl delete pod x'", "read", "echo: read-only program"),
        ("grep -c Error <<< \"$(kubectl logs x)\"", "read", None),
        ("helm list -A", "read", "helm list: read subcommand"),
        ("helm upgrade x c", "write", "helm upgrade: write or unknown subcommand"),
        ("docker logs c", "read", "docker logs: read subcommand"),
        ("docker exec c ls", "write", "docker exec: write or unknown subcommand"),
        ("awk '{print $1}' f", "read", None),
        ("sed -n 1,5p f", "read", None),
        ("curl http://x", "denied", "curl: network egress is denied"),
        ("case x in a) ls;; esac", "denied", None),
        ("echo 'unterminated", "denied", None),
        ("", "read", "empty command"),
        ("# only a comment", "read", "empty command"),
    ],
)
def test_verdicts(command: str, verdict: str, reason: str | None) -> None:
    result = classify(command)
    assert result.verdict == verdict, result.reason
    if reason is not None:
        assert result.reason == reason


def test_whole_is_its_worst_part() -> None:
    result = classify("kubectl get pods; kubectl delete pod x; rm -rf /")
    assert [p.verdict for p in result.parts] == [Verdict.READ, Verdict.WRITE, Verdict.DENIED]
    assert result.verdict is Verdict.DENIED


def test_result_is_a_frozen_pydantic_model() -> None:
    result = classify("kubectl get pods")
    assert isinstance(result, Classification)
    assert result.model_dump(mode="json")["verdict"] == "read"
    with pytest.raises(ValidationError):
        result.verdict = Verdict.WRITE  # type: ignore[misc]


def test_nesting_too_deep_is_denied() -> None:
    command = "kubectl get pods"
    for _ in range(10):
        command = "sh -c " + __import__("shlex").quote(command)
    assert classify(command).verdict == "denied"


def test_public_surface() -> None:
    assert sorted(aoi.safety.__all__) == sorted(
        ["MAX_DEPTH", "Classification", "CommandFileError", "PartVerdict", "Verdict", "classify", "load_commands"]
    )
