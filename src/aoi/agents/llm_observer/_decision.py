"""From a model's reply to a valid `ObserverDecision`, or a one-line reason why not.

Models wrap JSON in prose, write confidence as ``0.8`` or ``"85%"``, add keys of their own, and
fill every optional part whatever the action. `parse_decision` extracts and repairs the JSON,
normalises those habits, drops the parts the chosen action does not use, validates with
pydantic, and checks that the action has what it needs (a probe, an order, a submission).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from aoi.agents.contracts import ExecutorOrder, ObserverContext, ObserverDecision, ProbeRequest

from ._json import JSONExtractionError, extract_json

__all__ = ["DecisionError", "parse_decision"]

_PART_FOR_ACTION = {"probe": "probe", "executor": "order", "submit": "submission"}
_PART_MODELS = {"probe": ProbeRequest, "order": ExecutorOrder}
_LIST_FIELDS = ("commands", "verify")
# Tasks whose answer cannot be null: "Yes"/"No", and a (possibly empty) list of services.
_ANSWER_REQUIRED = ("detection", "localization")


class DecisionError(ValueError):
    """The reply is not a usable decision; the message is one line, fit to show the model."""


def parse_decision(text: str, context: ObserverContext) -> ObserverDecision:
    """The decision in ``text``; raises `DecisionError` saying what is wrong."""
    try:
        data = extract_json(text, expect=dict)
    except JSONExtractionError as exc:
        raise DecisionError(str(exc)) from exc
    data = _normalise(data, context)
    try:
        decision = ObserverDecision.model_validate(data)
    except ValidationError as exc:
        raise DecisionError(_describe(exc)) from exc
    _check_complete(decision, context)
    return decision


def _normalise(data: dict[str, Any], context: ObserverContext) -> dict[str, Any]:
    known = {k: v for k, v in data.items() if k in ObserverDecision.model_fields}
    for key in ("phase", "next_action"):
        if isinstance(known.get(key), str):
            known[key] = known[key].strip().lower()
    if "confidence" in known:
        known["confidence"] = _confidence(known["confidence"])
    action = known.get("next_action")
    for part in ("probe", "order", "submission"):
        if part in known and _PART_FOR_ACTION.get(action) != part:
            del known[part]  # a part the chosen action does not use
    for part, model in _PART_MODELS.items():
        if isinstance(known.get(part), dict):
            known[part] = _normalise_part(known[part], model, known, context)
    return known


def _normalise_part(
    part: dict[str, Any], model: type, decision: dict[str, Any], context: ObserverContext
) -> dict:
    fields = {k: v for k, v in part.items() if k in model.model_fields}
    for key in _LIST_FIELDS:
        if isinstance(fields.get(key), str):
            fields[key] = [fields[key]]
        elif fields.get(key) is None and key in model.model_fields and key in fields:
            fields[key] = []
    if model is ProbeRequest:
        fields.setdefault("goal", str(decision.get("hypothesis") or "investigate"))
        fields.setdefault("namespace", context.namespace)
    if model is ExecutorOrder:
        fields.setdefault("namespace", context.namespace)
    return fields


def _confidence(value: Any) -> Any:
    """0.8 -> 80, "85%" -> 85, 72.6 -> 73; anything else is left for pydantic to judge."""
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*%?\s*", value)
        if not match:
            return value
        value = float(match.group(1))
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if 0 < value < 1:
        value *= 100
    return round(value)


def _check_complete(decision: ObserverDecision, context: ObserverContext) -> None:
    action = decision.next_action.value
    if action == "probe" and decision.probe is None:
        raise DecisionError('next_action is "probe" but "probe" {goal, commands} is missing')
    if action == "executor" and decision.order is None:
        raise DecisionError(
            'next_action is "executor" but "order" {namespace, target, intent[, commands]} is missing'
        )
    if action == "submit" and decision.submission is None and context.task in _ANSWER_REQUIRED:
        raise DecisionError(
            f'next_action is "submit" but "submission" is missing; a {context.task} task needs an answer'
        )


def _describe(exc: ValidationError, limit: int = 3) -> str:
    parts = []
    for error in exc.errors()[:limit]:
        where = ".".join(str(p) for p in error["loc"]) or "the object"
        parts.append(f"{where}: {error['msg']}")
    more = exc.error_count() - limit
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")
