"""The end-to-end check of twin, faults and oracles: reference solutions pass, non-fixes fail.

For every problem (and, on request, every problem variant) its reference actions
(`aoi.problems.solutions.reference_actions`) must be scored a success on the twin, by AIOpsLab's
oracle and by AOI's strict verdict alike. For every mitigation problem two more runs must fail: a bare ``submit()`` right after the fault, and a
plausible wrong fix (`wrong_fix_actions`). Those are judged by the strict verdict, because
AIOpsLab's own oracle is blind to some faults by construction (it skips Pending pods, ignores
feature flags, checks no TLS setting) and passes them unfixed; the row notes where it does.
Each run is a full `Episode` on a fresh `TwinBackend`, so the check goes through the parser, the
shell, the virtual clock and the oracles exactly as an agent would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pydantic import BaseModel, computed_field

from aoi.problems import Evaluation, Problem, TaskType, all_problems, all_variants

from .backends.twin import TwinBackend
from .episode import Episode
from .parser import fence

__all__ = ["VerifyRow", "verify_all", "verify_problem"]


class VerifyRow(BaseModel):
    """The verdicts for one problem; the two ``*_fails`` checks are None outside mitigation."""

    problem_id: str
    task: str
    reference_passes: bool
    no_fix_fails: bool | None = None
    wrong_fix_fails: bool | None = None
    detail: str = ""
    error: str | None = None  # an exception that stopped the checks

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        checks = (self.no_fix_fails, self.wrong_fix_fails)
        return self.error is None and self.reference_passes and False not in checks


def _evaluate(problem: Problem, actions: list[str], seed: int, noise: str) -> Evaluation:
    episode = Episode(problem, TwinBackend(noise=noise), max_steps=max(len(actions), 1), seed=seed)
    episode.reset()
    for action in actions:
        if episode.done:
            break
        episode.step(fence(action))
    episode.close()
    assert episode.evaluation is not None  # close() always scores
    return episode.evaluation


def verify_problem(problem: Problem, seed: int = 0, noise: str = "realistic") -> VerifyRow:
    """Run the checks for one problem; an exception marks the row failed with its text.

    ``noise`` is the twin's telemetry realism (`TwinBackend`): "off", "realistic" or "high".
    """
    from aoi.problems.solutions import reference_actions, wrong_fix_actions

    verdicts: dict[str, bool | None] = {"reference_passes": False}
    notes: list[str] = []
    error = None
    try:
        reference = _evaluate(problem, reference_actions(problem), seed, noise)
        verdicts["reference_passes"] = reference.success and reference.strict.success
        if not reference.success:
            notes.append(f"reference solution failed: {reference.results}")
        elif not reference.strict.success:
            notes.append(f"reference solution failed the strict check: {'; '.join(reference.strict.reasons)}")
        if problem.task is TaskType.MITIGATION:
            for name, actions in (("no fix", ["submit()"]), ("wrong fix", wrong_fix_actions(problem))):
                attempt = _evaluate(problem, actions, seed, noise)
                verdicts[f"{name.replace(' ', '_')}_fails"] = not attempt.strict.success
                if attempt.strict.success:
                    notes.append(f"{name} passed the strict check")
                elif attempt.success:
                    notes.append(f"{name} passes AIOpsLab's oracle (blind spot)")
    except Exception as exc:  # one broken problem must not hide the verdicts on the others
        error = f"{type(exc).__name__}: {exc}"
    return VerifyRow(
        problem_id=problem.id, task=problem.task.value, detail="; ".join(notes), error=error, **verdicts
    )


def verify_all(
    problems: Iterable[Problem] | None = None,
    seed: int = 0,
    progress: Callable[[Problem], None] | None = None,
    variants: bool = False,
    noise: str = "realistic",
) -> list[VerifyRow]:
    """`verify_problem` over ``problems``, in order; by default the whole catalog, followed by every
    problem variant (`aoi.problems.variants`) when ``variants`` is set."""
    if problems is None:
        problems = (*all_problems(), *(all_variants() if variants else ()))
    rows = []
    for problem in problems:
        if progress is not None:
            progress(problem)
        rows.append(verify_problem(problem, seed, noise))
    return rows
