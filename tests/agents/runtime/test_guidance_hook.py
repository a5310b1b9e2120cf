"""The runtime's guidance hook: asked per command block, this task type first, within budget."""

from __future__ import annotations

import pickle

from aoi.agents.compressor import estimate_tokens
from aoi.agents.recording import ObserverStep
from aoi.agents.runbook import RunbookObserver
from aoi.agents.runtime import GUIDANCE_BUDGET, RenderedSearch, fit_guidance, guidance_budget, run_problem
from aoi.evolver import GuidanceEntry

PROBLEM = "k8s_target_port-misconfig-detection-1"


def test_fit_keeps_whole_lines_within_the_budget():
    lines = ["a" * 40, "b" * 4000, "c" * 40, "a" * 40]
    kept = fit_guidance(lines, 30)
    assert kept == ("a" * 40, "c" * 40)
    assert sum(estimate_tokens(f"- {line}\n") for line in kept) <= 30
    assert guidance_budget(4096) == GUIDANCE_BUDGET and guidance_budget(400) == 100


def test_hook_is_asked_per_block_and_its_lines_stay_within_budget():
    queries: list[str] = []
    contexts = []

    def hook(text: str) -> list[str]:
        queries.append(text)
        return [f"[guidance] mitigation lesson {len(queries)} " + "x" * 900,
                f"[guidance] detection lesson {len(queries)}"]

    def listen(event):
        if isinstance(event, ObserverStep):
            contexts.append(event.context)

    result = run_problem(PROBLEM, RunbookObserver(), seed=0, guidance=hook, on_event=listen)
    assert result.success
    assert contexts[0].guidance == ()  # nothing to match before the first evidence
    assert queries and all(q.startswith("$ ") and q.count("\n$ ") == 0 for q in queries)
    budget = guidance_budget(4096)
    for context in contexts[1:]:
        assert context.guidance and "detection" in context.guidance[0]
        assert sum(estimate_tokens(f"- {line}\n") for line in context.guidance) <= budget
        assert result.max_context_tokens < 4096


def test_rendered_search_renders_entries_and_pickles():
    entry = GuidanceEntry(id="e", family="f", pattern="A", symptom=("boom",), source="p")
    hook = RenderedSearch(_Search([entry, "[guidance] already a line"]))
    assert hook("anything") == [entry.render(), "[guidance] already a line"]
    assert pickle.loads(pickle.dumps(hook))("x") == hook("x")


class _Search:
    def __init__(self, found):
        self.found = found

    def __call__(self, text):
        return list(self.found)
