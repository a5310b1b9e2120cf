"""The Failure Trajectory Evolver: failed runs become validated guidance and training data.

    cases = mine_run("runs/runbook")                       # failed samples, patterns A-F
    plan = OfflineRepairer().repair(cases[0])              # a plan validated in a fresh twin, or None
    library = evolve("runs/runbook", "guidance.jsonl")     # mine + repair + build, saved
    library.search(evidence_text, k=3, budget_tokens=600)  # BM25 over symptoms
    export_samples(library.plans.values(), "sft", "data/")  # step-level training samples

Names load on first use, so importing `aoi.evolver.guidance` (the runbook does) stays cheap.
See README.md in this folder for a map of the modules.
"""

from __future__ import annotations

import importlib
from typing import Any

_MODULES = {
    "Augmented": "augment",
    "augment": "augment",
    "BM25": "bm25",
    "tokenize": "bm25",
    "EvolverFileError": "cases",
    "FailureCase": "cases",
    "RepairedPlan": "cases",
    "load_cases": "cases",
    "load_plans": "cases",
    "save_jsonl": "cases",
    "FORMATS": "export",
    "NotValidated": "export",
    "export_samples": "export",
    "load_plans_from": "export",
    "samples": "export",
    "PATTERNS": "guidance",
    "GuidanceEntry": "guidance",
    "parse_rendered": "guidance",
    "GuidanceLibrary": "library",
    "build_library": "library",
    "entry_from_plan": "library",
    "evolve": "library",
    "load_source": "library",
    "LLMRepairer": "llm_repair",
    "classify": "mine",
    "mine_run": "mine",
    "OfflineRepairer": "repair",
    "Repairer": "repair",
    "plan_decisions": "validate",
    "validate_plan": "validate",
}

__all__ = [
    "BM25",
    "FORMATS",
    "PATTERNS",
    "Augmented",
    "EvolverFileError",
    "FailureCase",
    "GuidanceEntry",
    "GuidanceLibrary",
    "LLMRepairer",
    "NotValidated",
    "OfflineRepairer",
    "RepairedPlan",
    "Repairer",
    "augment",
    "build_library",
    "classify",
    "entry_from_plan",
    "evolve",
    "export_samples",
    "load_cases",
    "load_plans",
    "load_plans_from",
    "load_source",
    "mine_run",
    "parse_rendered",
    "plan_decisions",
    "samples",
    "save_jsonl",
    "tokenize",
    "validate_plan",
]


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_MODULES[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
