"""kubectl JSONPath templates and custom columns."""

from __future__ import annotations

import pytest

from aoi.twin.kubectl.args import KubectlError
from aoi.twin.kubectl.printers.custom_columns import parse_columns, render_columns
from aoi.twin.kubectl.printers.jsonpath import evaluate, parse

PODS = {
    "kind": "List",
    "items": [
        {"metadata": {"name": "a", "labels": {"app": "x"}},
         "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}],
                    "containerStatuses": [{"restartCount": 2}]}},
        {"metadata": {"name": "b", "labels": {"app.kubernetes.io/name": "y"}},
         "status": {"phase": "Pending", "conditions": [{"type": "Ready", "status": "False"}],
                    "containerStatuses": [{"restartCount": 0}]}},
    ],
}


def render(template: str, data: object = PODS) -> str:
    return parse(template).render(data)


@pytest.mark.parametrize(("template", "expected"), [
    ("{.items[*].metadata.name}", "a b"),
    ('{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}', "a\tRunning\nb\tPending\n"),
    ('{.items[?(@.status.phase=="Pending")].metadata.name}', "b"),
    ('{.items[0].status.conditions[?(@.type=="Ready")].status}', "True"),
    ("{.items[-1].metadata.name}", "b"),
    ("{.items[0:1].metadata.name}", "a"),
    ("{.items[*].metadata.labels.app\\.kubernetes\\.io/name}", "y"),
    ("{.items[0].metadata.labels}", '{"app":"x"}'),
    ("{..restartCount}", "2 0"),
    ("{.items[?(@.status.containerStatuses[0].restartCount>1)].metadata.name}", "a"),
    ("{.items[*].missing}", ""),
    ("names: {.items[*].metadata.name}!", "names: a b!"),
    ("{.kind}", "List"),
    ("{$.items[1].metadata.name}", "b"),
    ("{.items[*]['metadata.name']}", ""),
    ("{.items[0]['metadata']['name']}", "a"),
])
def test_templates(template: str, expected: str):
    assert render(template) == expected


def test_secret_field_and_nested_range():
    secret = {"data": {"password": "cGFzcw=="}}
    assert render("{.data.password}", secret) == "cGFzcw=="
    nested = '{range .items[*]}{.metadata.name}:{range .status.conditions[*]}{.type}={.status}{end};{end}'
    assert render(nested) == "a:Ready=True;b:Ready=False;"


def test_parse_errors_are_kubectl_errors():
    with pytest.raises(KubectlError, match="error parsing jsonpath"):
        parse("{.items[0}")
    with pytest.raises(KubectlError, match="error parsing jsonpath"):
        parse("{range .items[*]}{.a}")


def test_evaluate_accepts_bare_and_braced_paths():
    assert evaluate(".metadata.name", PODS["items"][0]) == ["a"]
    assert evaluate("{.metadata.name}", PODS["items"][1]) == ["b"]


def test_custom_columns():
    columns = parse_columns("NAME:.metadata.name,PHASE:.status.phase,NODE:.spec.nodeName")
    text = render_columns(columns, PODS["items"])
    assert text.splitlines() == ["NAME   PHASE     NODE", "a      Running   <none>", "b      Pending   <none>"]
    with pytest.raises(KubectlError, match="expected <header>:<json-path-expr>"):
        parse_columns("NAME")
