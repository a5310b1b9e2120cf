"""Mining: the failed samples of a bench run, each classified into a failure pattern A–F.

A sample failed when AIOpsLab's verdict or AOI's strict verdict is a failure. Its trajectory is
read from ``DIR/trajectories.sqlite`` and classified by the first rule that holds (reading the
trajectory and the oracle's verdict; "the target" is the fault's target or the answer key's
services, and "a targeted check" is a read whose command or compressed evidence names it):

====  ====================================================  =======================================
rule  condition                                             step where it went wrong
====  ====================================================  =======================================
A     no valid submit (the iterations or the step budget    the last step
      ran out, or invalid decisions ended the run), or a
      mitigation submitted without any write having run
E     submitted with confidence below 50, or before any     the submit
      read at all (a hasty submit)
D     mitigation: a write named the target, but no Probe    the last write
      read ran after the last write (no verification;
      the Executor's own before/after reads do not count)
F     mitigation: writes ran, verified, and the oracle      the first write
      still fails (a wrong or incomplete fix; made worse
      counts too)
C     no read's command or evidence ever named the target   the first read
      (the investigation went down another service)
B     the target was seen, yet the answer was wrong or      the submit
      only partly right (wrong RCA, extra services, a
      strict-only failure)
====  ====================================================  =======================================

"Submitted before any targeted check" is covered by C when the run did read, just elsewhere.
The rules for E come before C because a run that submits before looking has no diagnostic path
to call wrong; D comes before F because a fix that was never checked might have been completed
by the check. Samples that crashed (``error`` set) or lack a trajectory are skipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aoi.bench import SampleResult, load_run
from aoi.bench.store import TRAJECTORY_FILE
from aoi.problems import Problem, TaskType, get_problem
from aoi.trajectories import Role, Step, Trajectory, TrajectoryStore

from .cases import FailureCase

__all__ = ["LOW_CONFIDENCE", "classify", "evidence_of", "mine_run", "target_names"]

LOW_CONFIDENCE = 50


def mine_run(run_dir: Path | str) -> list[FailureCase]:
    """Every failed sample of the bench run in ``run_dir`` with its trajectory, classified.

    Raises `aoi.bench.NoRun` when the folder holds no run.
    """
    run_dir = Path(run_dir)
    run = load_run(run_dir)
    path = run_dir / TRAJECTORY_FILE
    if not path.is_file():
        return []
    cases = []
    store = TrajectoryStore(path)
    try:
        for sample in run.samples:
            if (sample.success and sample.strict_success) or sample.error or not sample.trajectory_id:
                continue
            trajectory = store.get(sample.trajectory_id)
            cases.append(case_of(sample, trajectory, noise=run.config.noise))
    finally:
        store.close()
    return cases


def case_of(sample: SampleResult, trajectory: Trajectory, *, noise: str = "realistic") -> FailureCase:
    """One failed sample as a classified `FailureCase`."""
    problem = get_problem(sample.problem_id)
    pattern, index, reason = classify(problem, trajectory, sample.success, sample.strict_success)
    return FailureCase(
        problem_id=problem.id, task=problem.task.value, family=problem.fault.family, namespace=problem.namespace,
        target=primary_target(problem), sample=sample.sample, seed=sample.seed, noise=noise,
        success=sample.success, strict_success=sample.strict_success, submission=sample.submission,
        expected=sample.expected, pattern=pattern, step_index=index, reason=reason, trajectory=trajectory,
    )  # fmt: skip


def primary_target(problem: Problem) -> str | None:
    """The name the answer is about: the answer key's first service, else the fault's target."""
    return problem.answer.services[0] if problem.answer.services else problem.fault.target


def target_names(problem: Problem) -> set[str]:
    """Names that count as "the target": the fault target, accepted services, the fault's deployment."""
    names = {problem.fault.target, *problem.answer.services, problem.fault.params.get("deployment")}
    return {n for n in names if isinstance(n, str) and n}


def evidence_of(trajectory: Trajectory, index: int) -> str:
    """The compressed evidence recorded for step ``index`` (its compressor step), else ''."""
    for step in trajectory.steps[index + 1:index + 3]:
        if step.role is Role.COMPRESSOR and step.metadata.get("of_step") == index:
            return step.output
    return ""


def classify(problem: Problem, trajectory: Trajectory, success: bool, strict: bool) -> tuple[str, int, str]:
    """(pattern, step index, reason) by the rules of the module docstring."""
    steps = trajectory.steps
    last = max(0, len(steps) - 1)
    submit = next((s for s in steps if s.metadata.get("submit") and _accepted(s)), None)
    reads = [s for s in steps if s.role is Role.PROBE and s.command and s.verdict == "read"]
    writes = [s for s in steps if s.role is Role.EXECUTOR and s.command and s.verdict == "write" and not s.error]
    names = target_names(problem)
    mitigation = problem.task is TaskType.MITIGATION
    if submit is None:
        return "A", last, "the run ended without a valid submit (budget or invalid decisions)"
    if mitigation and not writes:
        return "A", submit.index, "mitigation submitted without any write having run"
    before = [s for s in reads if s.index < submit.index]
    confidence = _confidence_before(steps, submit.index)
    if confidence is not None and confidence < LOW_CONFIDENCE:
        return "E", submit.index, f"submitted with confidence {confidence} (< {LOW_CONFIDENCE})"
    if not before and not (mitigation and writes):
        return "E", submit.index, "submitted before any read"
    if mitigation:
        last_write = writes[-1]
        verified = any(s.index > last_write.index for s in reads)
        if any(_names_in(s.command or "", names) for s in writes) and not verified:
            return "D", last_write.index, "the fix touched the target but no read verified it"
        if success and not strict:
            return "B", last_write.index, "mitigated partially: AIOpsLab passed, the strict oracle did not"
        return "F", writes[0].index, "the executed fix did not bring the oracle to success"
    if not any(_mentions(s, trajectory, names) for s in reads):
        return "C", (reads[0].index if reads else submit.index), "no read ever named the fault's target"
    return "B", submit.index, "the target was seen but the diagnosis submitted was wrong or partial"


def _accepted(step: Step) -> bool:
    return step.command is not None and "error" not in (step.observation or "").lower()[:80]


def _names_in(text: str, names: set[str]) -> bool:
    return any(name in text for name in names)


def _mentions(step: Step, trajectory: Trajectory, names: set[str]) -> bool:
    return _names_in(step.command or "", names) or _names_in(evidence_of(trajectory, step.index), names)


def _confidence_before(steps: list[Step], index: int) -> int | None:
    """The confidence of the last Observer decision before step ``index``."""
    for step in reversed(steps[:index]):
        if step.role is Role.OBSERVER and step.output:
            try:
                decision: dict[str, Any] = json.loads(step.output)
            except ValueError:
                return None
            value = decision.get("confidence")
            return int(value) if isinstance(value, int | float) else None
    return None
