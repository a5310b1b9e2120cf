"""`parse_decision`: the habits of model output that are normalised, and the gaps that are refused."""

from __future__ import annotations

import json

import pytest

from aoi.agents.contracts import NextAction
from aoi.agents.llm_observer import DecisionError, parse_decision

BASE = {
    "phase": "diagnose",
    "hypothesis": "h",
    "confidence": 50,
    "next_action": "probe",
    "probe": {"goal": "g"},
}


def parse(context, **changes):
    return parse_decision(json.dumps({**BASE, **changes}), context)


@pytest.mark.parametrize(
    ("given", "expected"), [(0.85, 85), ("90%", 90), ("72.6", 73), (64.4, 64), (100, 100)]
)
def test_confidence_forms(context, given, expected):
    assert parse(context, confidence=given).confidence == expected


def test_case_extra_keys_and_unused_parts_are_tidied(context):
    decision = parse(
        context,
        phase="Investigate",
        next_action="PROBE",
        reasoning="models like to add this",
        order={"namespace": "x", "target": "y", "intent": "z", "commands": []},
        submission="Yes",
        probe={"goal": "g", "commands": "kubectl get pods", "note": "extra"},
    )
    assert decision.next_action is NextAction.PROBE and decision.order is None and decision.submission is None
    assert decision.probe.commands == ("kubectl get pods",) and decision.probe.namespace == context.namespace


def test_probe_goal_defaults_to_the_hypothesis(context):
    assert parse(context, probe={"commands": ["kubectl get svc"]}).probe.goal == "h"


def test_order_namespace_defaults_to_the_context(context):
    order = {
        "target": "deployment/geo",
        "intent": "restart",
        "commands": ["kubectl rollout restart deploy/geo"],
    }
    decision = parse(context, next_action="executor", order=order)
    assert decision.order.namespace == context.namespace and decision.order.verify == ()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"probe": None}, 'next_action is "probe" but "probe"'),
        ({"next_action": "executor"}, 'next_action is "executor" but "order"'),
        ({"next_action": "submit"}, "a detection task needs an answer"),
        ({"phase": "guess"}, "phase: Input should be"),
        ({"confidence": "very"}, "confidence: Input should be a valid integer"),
        ({"next_action": "wait"}, "next_action: Input should be"),
    ],
)
def test_incomplete_or_invalid_decisions_are_refused_in_one_line(context, changes, message):
    with pytest.raises(DecisionError, match=message.replace("(", r"\(")) as caught:
        parse(context, **changes)
    assert "\n" not in str(caught.value)


def test_mitigation_may_submit_without_an_argument(context):
    mitigation = context.model_copy(update={"task": "mitigation"})
    assert parse(mitigation, next_action="submit").submission is None
