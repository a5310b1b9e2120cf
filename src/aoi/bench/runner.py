"""`run_bench`: every selected problem k times, side by side, each sample stored as it arrives.

    config = BenchConfig(agent="runbook", k=5, problems=tuple(select_ids(split="test")))
    run = run_bench(config, "runs/runbook", workers=4)          # resume=True finishes a killed run

Samples. Problem ``i`` of ``config.problems`` runs with the seeds ``config.seeds(i)``, one per
sample, each on a fresh twin (`TwinBackend` with ``config.noise``). A sample's figures:
``steps`` are AIOpsLab's (agent turns in the episode); ``tokens_in``/``tokens_out`` are what the
deciding model read and wrote: the LLM calls' own counts where the agent books them in a
`TokenLedger` (the ``llm`` agent), else the results' ``in_tokens``/``out_tokens`` for the
baseline (AIOpsLab's estimate), else the estimated Observer contexts and decisions of the
trajectory (the runbook and calibration agents: what an LLM Observer in their place would read);
``wall_s`` is the sample's wall time; ``virtual_s`` how far the twin's clock moved from the end
of the reset to the end of scoring (ticks between actions and the oracle's waits).

Parallelism. Agents whose `AgentSpec.pool` is ``"process"`` run in a `ProcessPoolExecutor` with
the ``spawn`` start method (no state inherited from the parent, whose progress bar runs a thread;
the same behaviour on every OS); ``"thread"`` agents (the LLM ones, which mostly wait on an
endpoint) in a `ThreadPoolExecutor`. Workers record trajectories in ``DIR/trajectories.sqlite``;
only this process writes samples to ``DIR/bench.sqlite`` (`BenchStore`), one transaction each.
A sample whose agent raised is stored with ``error`` set and counts as a failure. On Ctrl-C
(`KeyboardInterrupt`) queued samples are cancelled and the interrupt re-raised; what was stored
stays, and ``resume=True`` runs only the rest.

Ablation and guidance. ``config.ablate`` goes to the runbook as its ``ablate`` option (check
families left out). ``config.guidance`` records which library the Observer was given; the library
itself arrives as ``guidance``, a picklable `aoi.agents.runtime.GuidanceHook` built by the caller
(the bench never imports the evolver), handed to every sample's `run_problem`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from aoi.agents.recording import jsonable
from aoi.agents.runtime import GuidanceHook
from aoi.env import TwinBackend, select_problems
from aoi.problems import get_problem
from aoi.trajectories import Role, TrajectoryStore

from .results import BenchConfig, BenchRun, SampleResult
from .store import TRAJECTORY_FILE, BenchStore

__all__ = ["BenchProgress", "SampleTask", "plan", "run_bench", "run_sample", "select_ids"]


def select_ids(
    problems: Iterable[str] | None = None,
    *,
    task: str | None = None,
    app: str | None = None,
    split: str | None = None,
    variants: bool = False,
) -> list[str]:
    """The problem ids a bench runs: ``problems`` as given (each checked, `UnknownProblem`),
    else the catalog filtered by task, app and split (``"all"`` or None: both sides), variants
    included on request (`aoi.env.UnknownChoice` for a bad filter value)."""
    if problems is not None:
        return [get_problem(pid).id for pid in problems]
    split = None if split == "all" else split
    return [p.id for p in select_problems(task, app, split, variants=variants)]


@dataclass(frozen=True)
class SampleTask:
    """Everything a worker needs for one sample; plain data, so it pickles for any start method."""

    problem_id: str
    sample: int
    seed: int
    agent: str
    noise: str
    trajectories: str | None  # the trajectory store's path, None to record none
    model: str | None = None
    base_url: str | None = None
    agent_options: Mapping[str, Any] = field(default_factory=dict)
    guidance: GuidanceHook | None = None


@dataclass(frozen=True)
class BenchProgress:
    """Where a run stands; handed to ``on_progress`` once at the start and after every sample."""

    total: int
    done: int
    succeeded: int
    started: int  # samples already stored when this invocation began (resumed ones)


class _ClockedTwin(TwinBackend):
    """A `TwinBackend` that remembers its virtual time at the end of `reset`, for ``virtual_s``."""

    reset_at = 0.0

    def reset(self, problem: Any, seed: int) -> None:
        super().reset(problem, seed)
        self.reset_at = self.virtual_now()

    def virtual_now(self) -> float:
        return self.cluster.clock.now if self._cluster is not None else self.reset_at


_STORES: dict[str, TrajectoryStore] = {}  # one per trajectory file per process (thread-safe itself)


def _trajectory_store(path: str | None) -> TrajectoryStore | None:
    if path is None:
        return None
    if path not in _STORES:
        _STORES[path] = TrajectoryStore(path)
    return _STORES[path]


def _close_store(path: str) -> None:
    store = _STORES.pop(path, None)
    if store is not None:
        store.close()


def run_sample(task: SampleTask) -> SampleResult:
    """Run one sample (in a worker) and describe it; an agent that raises gives a failed sample."""
    from aoi.agents.registry import run_agent
    from aoi.llm import TokenLedger

    problem = get_problem(task.problem_id)
    backend = _ClockedTwin(noise=task.noise)
    ledger = TokenLedger()
    base = dict(problem_id=problem.id, task=problem.task.value, app=problem.app.value, split=problem.split.value,
                family=problem.fault.family, sample=task.sample, seed=task.seed,
                expected=problem.answer.model_dump(mode="json", exclude_defaults=True))  # fmt: skip
    start = time.perf_counter()
    try:
        result = run_agent(
            task.agent, problem.id, model=task.model, base_url=task.base_url,
            agent_options={"ledger": ledger, **task.agent_options},
            seed=task.seed, backend=backend, store=_trajectory_store(task.trajectories),
            **({"guidance": task.guidance} if task.guidance is not None else {}),
        )  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - one broken sample must not end a run of hundreds
        return SampleResult(**base, success=False, strict_success=False, wall_s=time.perf_counter() - start,
                            error=f"{type(exc).__name__}: {exc}")
    wall = time.perf_counter() - start
    tokens_in, tokens_out = _tokens(result, ledger)
    return SampleResult(
        **base, success=result.success, strict_success=bool(result.strict_success), results=result.results,
        submission=jsonable(result.submission), steps=int(result.results.get("steps", 0)),
        tokens_in=tokens_in, tokens_out=tokens_out, wall_s=round(wall, 6),
        virtual_s=max(0.0, backend.virtual_now() - backend.reset_at), trajectory_id=result.trajectory_id,
    )  # fmt: skip


def _tokens(result: Any, ledger: Any) -> tuple[int, int]:
    """(in, out) tokens of the deciding model; see the module docstring for the three sources."""
    total = ledger.total
    if total.calls:
        return total.tokens_in, total.tokens_out
    if result.trajectory is None:
        return int(result.results.get("in_tokens", 0)), int(result.results.get("out_tokens", 0))
    observer = [s for s in result.trajectory.steps if s.role is Role.OBSERVER]
    return sum(s.tokens_in or 0 for s in observer), sum(s.tokens_out or 0 for s in observer)


def plan(config: BenchConfig, done: Collection[tuple[str, int]] = ()) -> list[tuple[str, int, int]]:
    """(problem id, sample, seed) of every sample not in ``done``, in problem then sample order."""
    return [
        (pid, j, seed)
        for i, pid in enumerate(config.problems)
        for j, seed in enumerate(config.seeds(i))
        if (pid, j) not in done
    ]


def _pool(kind: str, workers: int) -> Executor:
    if kind == "thread":
        return ThreadPoolExecutor(max_workers=workers, thread_name_prefix="aoi-bench")
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))


def run_bench(
    config: BenchConfig,
    out_dir: Path | str,
    *,
    workers: int | None = None,
    resume: bool = False,
    base_url: str | None = None,
    agent_options: Mapping[str, Any] | None = None,
    record_trajectories: bool = True,
    on_progress: Callable[[BenchProgress, SampleResult | None], None] | None = None,
    guidance: GuidanceHook | None = None,
) -> BenchRun:
    """Run (or, with ``resume``, finish) the bench ``config`` into ``out_dir``; return the run.

    ``base_url`` and ``agent_options`` go to the agent (they are not part of the stored
    configuration: resuming against another endpoint serving the same model is allowed).
    ``guidance`` is the hook over the library ``config.guidance`` names; one is given exactly
    when the other is (`ValueError` otherwise).
    Raises `RunExists` / `ConfigMismatch` before running anything,
    `aoi.agents.registry.UnknownAgent` / `MissingAgentOption` for a bad agent, and
    `aoi.agents.runbook.procedure.UnknownCheck` (a `ValueError`) for a bad ``config.ablate``.
    """
    from aoi.agents.registry import AGENTS, MissingAgentOption, missing_options, resolve
    from aoi.agents.runbook.procedure import check_names

    spec, _ = resolve(config.agent)
    if (guidance is None) != (config.guidance is None):
        raise ValueError("config.guidance names the library and guidance is the hook over it: give both or neither")
    if config.ablate:
        if config.agent != "runbook":
            raise ValueError(f"ablate removes runbook checks; the {config.agent} agent has none")
        agent_options = {**(agent_options or {}), "ablate": check_names(config.ablate)}
    given = {"model": config.model, "base_url": base_url, **(agent_options or {})}
    missing = missing_options(spec, given)
    if missing:
        raise MissingAgentOption(f"agent {config.agent!r} needs {' and '.join(spec.requires)}; missing: "
                                 f"{', '.join('--' + k.replace('_', '-') for k in missing)}")
    workers = max(1, workers or os.cpu_count() or 1)
    with BenchStore.open(out_dir, config, resume=resume) as store:
        todo = plan(config, store.done())
        total = len(config.problems) * config.k
        started = total - len(todo)
        succeeded = sum(s.success for s in store.run().samples) if started else 0
        trajectories = str(Path(out_dir) / TRAJECTORY_FILE) if record_trajectories else None
        tasks = [SampleTask(pid, j, seed, config.agent, config.noise, trajectories, config.model, base_url,
                            dict(agent_options or {}), guidance) for pid, j, seed in todo]  # fmt: skip
        progress = BenchProgress(total, started, succeeded, started)
        if on_progress:
            on_progress(progress, None)
        if tasks:
            pool = _pool(AGENTS[config.agent].pool, min(workers, len(tasks)))
            try:
                for sample in _completed(pool, tasks):
                    store.add(sample)
                    progress = BenchProgress(total, progress.done + 1, progress.succeeded + sample.success, started)
                    if on_progress:
                        on_progress(progress, sample)
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            pool.shutdown(wait=True)
            if isinstance(pool, ThreadPoolExecutor) and trajectories is not None:
                _close_store(trajectories)  # the threads shared this process's store
        if store.count() == total:
            store.finish()
        return store.run()


def _completed(pool: Executor, tasks: list[SampleTask]) -> Iterable[SampleResult]:
    futures: list[Future[SampleResult]] = [pool.submit(run_sample, task) for task in tasks]
    for future in as_completed(futures):
        yield future.result()
