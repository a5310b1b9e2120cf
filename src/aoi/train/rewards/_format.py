"""`format_reward`: does the completion parse into a decision the runtime would carry out?

The scale, from the LLM Observer's own parser (`parse_decision`, with the row's task type and
namespace), so the reward and inference agree on what a usable reply is:

=====================================================================  ==========
the completion                                                         reward
=====================================================================  ==========
a valid, complete `ObserverDecision` that fits the step                1.0
a valid decision that does not fit it (an Executor order on a          0.6
non-mitigation task, which the runtime refuses; an order for another
namespace, which the Executor refuses)
a JSON object that is not a valid decision                             0.2 + 0.3 x the share of
                                                                       the required keys it has
no JSON object at all                                                  0.0
=====================================================================  ==========

The required keys are ``phase``, ``hypothesis``, ``confidence`` and ``next_action``; the partial
scores give a model that writes broken JSON a gradient towards the schema.

>>> row = {"task": ["detection"], "namespace": ["test-social-network"]}
>>> format_reward(['{"phase": "submit", "hypothesis": "h", "confidence": 90, '
...                '"next_action": "submit", "submission": "Yes"}', '{"phase": "survey"}', "no idea"], **row)
[1.0, 0.275, 0.0]
"""

from __future__ import annotations

from typing import Any

from aoi.agents.contracts import NextAction, ObserverDecision
from aoi.agents.llm_observer import DecisionError, JSONExtractionError, extract_json

from ._inputs import Row, completion_text, decision_of, rows_of

__all__ = ["FORMAT_SCORES", "format_reward", "format_score", "misfit"]

#: The scale in the module docstring, by outcome.
FORMAT_SCORES = {"valid": 1.0, "misfit": 0.6, "json": 0.2, "json_keys": 0.3, "none": 0.0}
_REQUIRED = tuple(name for name, f in ObserverDecision.model_fields.items() if f.is_required())


def misfit(decision: ObserverDecision, row: Row) -> str | None:
    """Why the runtime or the Executor would refuse ``decision`` at this step, or None."""
    if decision.next_action is NextAction.EXECUTOR and decision.order is not None:
        if row.task and row.task != "mitigation":
            return f"the Executor only acts on mitigation tasks; this is a {row.task} task"
        if row.namespace and decision.order.namespace != row.namespace:
            return f"the order names namespace {decision.order.namespace!r}, not {row.namespace!r}"
    return None


def format_score(text: str, row: Row) -> float:
    """The reward in the module docstring for one completion text."""
    try:
        decision = decision_of(text, row)
    except DecisionError:
        try:
            data = extract_json(text, expect=dict)
        except JSONExtractionError:
            return FORMAT_SCORES["none"]
        share = sum(1 for key in _REQUIRED if data.get(key) is not None) / len(_REQUIRED)
        return round(FORMAT_SCORES["json"] + FORMAT_SCORES["json_keys"] * share, 6)
    return FORMAT_SCORES["misfit"] if misfit(decision, row) else FORMAT_SCORES["valid"]


def format_reward(completions: list[Any], **kwargs: Any) -> list[float | None]:
    """TRL reward: `format_score` of each completion against its row's task and namespace."""
    rows = rows_of(len(completions), kwargs)
    return [format_score(completion_text(c), row) for c, row in zip(completions, rows, strict=True)]
