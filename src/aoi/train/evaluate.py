"""How often a model, playing the LLM Observer, solves problems on the twin: avg@k by split and task.

Each problem runs ``k`` times; sample ``j`` runs on a twin of seed ``first_seed + j`` with the
model sampling from that seed, so the k samples differ in both the cluster (pod names, telemetry noise) and the
model's draws, and the same settings give the same numbers. The model sees only what the runtime
shows any Observer (`aoi.agents.runtime.run_problem`); the answer key is read only by the oracle.

A sample succeeds when AIOpsLab's verdict is a success and, for mitigation, AOI's strict verdict
too: AIOpsLab's mitigation oracle passes some faulty clusters untouched (auth_miss,
assign_to_non_existent_node, the kafka flag), so a model that does nothing would score there.

    report = evaluate_model("runs/sft", ["k8s_target_port-misconfig-detection-1"], EvalSettings(k=2))
    report.rates()  # {"overall": 0.5, "train": 0.5, "test": None, "detection": 0.5, ...}

The budgets default small (8 iterations, 384 completion tokens, no re-ask) because evaluation is
what dominates a CPU benchmark of a small model; an untrained model uses all of them every time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

__all__ = ["EvalReport", "EvalSample", "EvalSettings", "evaluate_model"]


@dataclass(frozen=True)
class EvalSettings:
    """Sampling and budgets of an evaluation; the defaults are those of benchmarks/grpo_learning.py."""

    k: int = 2
    temperature: float = 0.7
    max_iterations: int = 8
    max_tokens: int = 384
    reasks: int = 0
    noise: str = "realistic"
    first_seed: int = 0  # another first seed re-measures the same models on clusters they were not chosen on

    def __post_init__(self) -> None:
        if self.k < 1 or self.max_iterations < 1 or self.max_tokens < 1:
            raise ValueError("k, max_iterations and max_tokens must be at least 1")
        if self.first_seed < 0:
            raise ValueError(f"first_seed must be >= 0, got {self.first_seed}")


@dataclass(frozen=True)
class EvalSample:
    problem_id: str
    split: str
    task: str
    sample: int
    success: bool
    aiopslab_success: bool
    iterations: int
    wall_s: float


@dataclass
class EvalReport:
    """Every sample of an evaluation, and avg@k over any slice of them."""

    model: str
    settings: EvalSettings
    samples: list[EvalSample] = field(default_factory=list)

    def rate(self, *, split: str | None = None, task: str | None = None) -> float | None:
        """avg@k over the problems of ``split``/``task``: the mean success of their samples (None if none)."""
        chosen = [s for s in self.samples if (split is None or s.split == split) and (task is None or s.task == task)]
        return round(sum(s.success for s in chosen) / len(chosen), 4) if chosen else None

    def rates(self) -> dict[str, float | None]:
        """avg@k overall, per split and per task type."""
        out: dict[str, float | None] = {"overall": self.rate()}
        out.update({split: self.rate(split=split) for split in ("train", "test")})
        for task in sorted({s.task for s in self.samples}):
            out[task] = self.rate(task=task)
        return out

    @property
    def wall_s(self) -> float:
        return round(sum(s.wall_s for s in self.samples), 3)


def evaluate_model(
    model: str,
    problem_ids: Sequence[str],
    settings: EvalSettings | None = None,
    *,
    on_sample: Callable[[EvalSample], None] | None = None,
) -> EvalReport:
    """Run ``model`` (a local model or adapter directory, or ``hf:PATH``) as the LLM Observer."""
    from aoi.agents.llm_observer import LLMObserverConfig, build_llm_observer
    from aoi.agents.runtime import run_problem
    from aoi.problems import get_problem

    from .rewards import solved

    settings = settings or EvalSettings()
    name = model if model.startswith("hf:") else f"hf:{model}"
    config = LLMObserverConfig(max_tokens=settings.max_tokens, temperature=settings.temperature,
                               reasks=settings.reasks)  # fmt: skip
    report = EvalReport(model=name, settings=settings)
    for problem_id in problem_ids:
        problem = get_problem(problem_id)
        for j in range(settings.first_seed, settings.first_seed + settings.k):
            start = time.perf_counter()
            with build_llm_observer(model=name, config=config, seed=j) as observer:
                result = run_problem(problem, observer, seed=j, max_iterations=settings.max_iterations,
                                     noise=settings.noise, agent="llm", model=name)  # fmt: skip
            sample = EvalSample(
                problem_id=problem.id, split=problem.split.value, task=problem.task.value, sample=j,
                success=solved(result, problem.task),
                aiopslab_success=bool(result.success), iterations=result.iterations,
                wall_s=round(time.perf_counter() - start, 3),
            )  # fmt: skip
            report.samples.append(sample)
            if on_sample is not None:
                on_sample(sample)
    return report
