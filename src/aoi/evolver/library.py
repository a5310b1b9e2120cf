"""The guidance library: validated repairs as `GuidanceEntry` lines, stored as JSONL, found by BM25.

An entry is built from one validated `RepairedPlan` (`entry_from_plan`):

* ``symptom``: up to `MAX_SYMPTOM_LINES` lines of compressed evidence -- abnormal lines (errors,
  refusals, not-ready rows) that name the target, then other abnormal lines, then lines naming
  the target, from the failed run's evidence and then the revealing check's -- with the target written ``{target}``, the namespace
  ``{namespace}``, and pod-name hashes dropped;
* ``check``: the read that revealed the root cause; ``means``: the correct submission for the
  task type; ``fix``: the validated writes; ``verify``: the verification reads (all templated).

`GuidanceLibrary` keeps the entries (``LIB``, JSONL) and the validated plans they came from
(``LIB`` with the suffix ``.plans.jsonl``, for the training export), and `search` ranks entries by
BM25 between the evidence and each entry's symptom and check text. `build_library` and `evolve`
run the whole pipeline: mine, repair, validate, keep.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from aoi.agents.compressor import estimate_tokens

from .bm25 import BM25, tokenize
from .cases import FailureCase, RepairedPlan, load_cases, load_jsonl, load_plans, save_jsonl
from .guidance import PATTERNS, GuidanceEntry
from .mine import mine_run
from .repair import OfflineRepairer, Repairer

__all__ = ["MAX_SYMPTOM_LINES", "GuidanceLibrary", "build_library", "entry_from_plan", "evolve", "load_source",
           "plans_path", "symptom_lines", "templated"]

MAX_SYMPTOM_LINES = 6
_ABNORMAL = re.compile(r"error|fail|refused|denied|unauthori|crash|backoff|pending|not ready|notready|"
                       r"warning|authoriz|authenticat|killed|oomkilled|timeout|exception|0/\d|released|lost", re.IGNORECASE)
_HASH = re.compile(r"-(?=[a-z]*\d)[a-z0-9]{5,10}\b")
_AGES = re.compile(r"\b(?:\d+(?:\.\d+)?(?:ms|[smhd]))+\b|\d{4}-\d\d-\d\dT[\d:.]+Z?")
_TALLY = re.compile(r"^\d+ (?:log )?(?:lines|rows|events|pods|deployments)\b")  # a compressor's count line


def templated(text: str, target: str | None, namespace: str) -> str:
    """``text`` with the target as ``{target}`` and the namespace as ``{namespace}`` (whole names only)."""
    for name, slot in ((namespace, "{namespace}"), (target, "{target}")):
        if name:
            text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", slot, text)
    return text


def _lines(evidence: str) -> list[str]:
    return [ln.strip() for ln in evidence.splitlines() if ln.strip() and not ln.lstrip().startswith("$ ")]


def symptom_lines(plan: RepairedPlan) -> tuple[str, ...]:
    """The distinctive evidence lines of ``plan`` (module docstring), normalised and deduplicated."""
    failed = _lines(plan.failed_evidence)
    names = [n for n in (plan.target,) if n]
    checked = _lines(plan.check_evidence)
    named = [ln for ln in failed + checked if any(n in ln for n in names)]
    abnormal = [ln for ln in failed + checked if _ABNORMAL.search(ln) and not _TALLY.match(ln)]
    ordered = [ln for ln in abnormal if ln in named] + abnormal + named
    out: list[str] = []
    for line in ordered:
        norm = " ".join(_AGES.sub("", _HASH.sub("", templated(line, plan.target, plan.namespace))).split())[:160]
        if norm and norm not in out:
            out.append(norm)
        if len(out) >= MAX_SYMPTOM_LINES:
            break
    return tuple(out)


def entry_from_plan(plan: RepairedPlan) -> GuidanceEntry:
    """The guidance a validated repair teaches; `ValueError` for a plan that was not validated."""
    if not plan.validated or plan.pattern is None:
        raise ValueError(f"plan {plan.id} is not a validated repair; only those become guidance")

    def t(commands: Iterable[str]) -> tuple[str, ...]:
        return tuple(templated(c, plan.target, plan.namespace) for c in commands)

    means: dict[str, Any] = {plan.task: _templated_value(plan.submission, plan.target, plan.namespace)}
    symptom = symptom_lines(plan) or (plan.family.replace("_", " "),)
    return GuidanceEntry(
        id=plan.id, family=plan.family, pattern=plan.pattern, symptom=symptom, check=t(plan.check), means=means,
        fix=t(plan.resolution), verify=t(plan.verification), source=plan.problem_id,
        note=f"repairs pattern {plan.pattern} ({PATTERNS[plan.pattern]}); validated in the twin, seed {plan.seed}",
    )  # fmt: skip


def _templated_value(value: Any, target: str | None, namespace: str) -> Any:
    if isinstance(value, str):
        return templated(value, target, namespace)
    if isinstance(value, list):
        return [_templated_value(v, target, namespace) for v in value]
    if isinstance(value, dict):
        return {k: _templated_value(v, target, namespace) for k, v in value.items()}
    return value


def plans_path(library_path: Path | str) -> Path:
    """Where a library keeps the validated plans behind its entries: ``LIB`` -> ``LIB.plans.jsonl``."""
    path = Path(library_path)
    return path.with_name(path.name.removesuffix(".jsonl") + ".plans.jsonl")


class GuidanceLibrary:
    """Guidance entries with the validated plans they came from; retrieval by BM25."""

    def __init__(self, entries: Iterable[GuidanceEntry] = (), plans: Iterable[RepairedPlan] = ()) -> None:
        self.entries: list[GuidanceEntry] = []
        self.plans: dict[str, RepairedPlan] = {p.id: p for p in plans}
        self._index: BM25 | None = None
        for entry in entries:
            self.add(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def add(self, entry: GuidanceEntry, plan: RepairedPlan | None = None) -> None:
        """Add (or replace, by id) an entry, with the validated plan behind it when given."""
        if plan is not None:
            if not plan.validated:
                raise ValueError(f"plan {plan.id} was not validated by execution")
            self.plans[plan.id] = plan
        self.entries = [e for e in self.entries if e.id != entry.id] + [entry]
        self._index = None

    def add_plan(self, plan: RepairedPlan) -> GuidanceEntry:
        """Add the entry a validated plan teaches; returns it."""
        entry = entry_from_plan(plan)
        self.add(entry, plan)
        return entry

    def search(self, evidence_text: str, k: int = 3, budget_tokens: int = 600) -> list[GuidanceEntry]:
        """The ``k`` entries whose symptoms best match the evidence, best first, whose rendered
        lines fit together in ``budget_tokens``; entries sharing no word with it are never returned."""
        if not self.entries:
            return []
        if self._index is None:
            self._index = BM25([tokenize(" ".join((*e.symptom, *e.check))) for e in self.entries])
        scores = self._index.scores(tokenize(evidence_text))
        ranked = sorted((s, -i) for i, s in enumerate(scores) if s > 0)[::-1]
        out, used = [], 0
        for _, neg in ranked:
            entry = self.entries[-neg]
            cost = estimate_tokens(entry.render())
            if used + cost <= budget_tokens:
                out.append(entry)
                used += cost
            if len(out) >= k:
                break
        return out

    def save(self, path: Path | str) -> Path:
        """Write the entries to ``path`` and their plans beside it (`plans_path`)."""
        save_jsonl(self.entries, path)
        save_jsonl(self.plans.values(), plans_path(path))
        return Path(path)

    @classmethod
    def load(cls, path: Path | str) -> GuidanceLibrary:
        """The library at ``path`` (`EvolverFileError` when missing or malformed)."""
        entries = load_jsonl(path, GuidanceEntry, "guidance-library")
        plans = load_plans(plans_path(path)) if plans_path(path).is_file() else []
        return cls(entries, plans)


def load_source(source: Path | str) -> list[FailureCase]:
    """Failure cases from a bench run folder (mined now) or a mined JSONL file."""
    source = Path(source)
    return mine_run(source) if source.is_dir() else load_cases(source)


def build_library(cases: Iterable[FailureCase], repairer: Repairer | None = None,
                  library: GuidanceLibrary | None = None) -> GuidanceLibrary:
    """Repair every case; each plan that validated by execution becomes an entry."""
    repairer = repairer or OfflineRepairer()
    library = library if library is not None else GuidanceLibrary()
    for case in cases:
        plan = repairer.repair(case)
        if plan is not None and plan.validated:
            library.add_plan(plan)
    return library


def evolve(run_dir: Path | str, library_path: Path | str, *, repairer: Repairer | None = None) -> GuidanceLibrary:
    """Mine ``run_dir``, repair and validate its failures, and add them to the library at
    ``library_path`` (created if missing); the saved library is returned."""
    path = Path(library_path)
    library = GuidanceLibrary.load(path) if path.is_file() else GuidanceLibrary()
    build_library(mine_run(run_dir), repairer, library)
    library.save(path)
    return library
