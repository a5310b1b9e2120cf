"""``aoi aiopslab``: run AOI inside a real AIOpsLab checkout, and bring its result JSONs into ``aoi report``.

``aoi aiopslab run --aiopslab-dir PATH --problems ID ... --results-dir D`` runs `AOIAgent` through
the checkout's own ``Orchestrator`` (the work is in `aoi.agents.aiopslab.run_problems`), which
writes one AIOpsLab result JSON per problem into D. ``aoi aiopslab collect D --out BENCH_DIR``
stores those JSONs as a bench run (`aoi.bench.aiopslab_import`), so ``aoi report BENCH_DIR
runs/runbook`` compares them with twin runs. Bad input (no checkout, an import that fails, an
unknown agent, an unreadable JSON) is one line on stderr and exit status 2; a problem whose
episode failed makes ``run`` exit 1 after the others ran.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

app = typer.Typer(help="Run AOI inside a real AIOpsLab orchestrator and collect its results.", no_args_is_help=True)


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@app.command("run")
def run(
    aiopslab_dir: Annotated[Path, typer.Option("--aiopslab-dir", help="An AIOpsLab checkout (the folder holding "
                                                                      "aiopslab/), its dependencies installed here.")],
    problems: Annotated[list[str], typer.Option("--problems", help="AIOpsLab problem ids (repeatable, or "
                                                                   "comma-separated).")],
    results_dir: Annotated[Path, typer.Option("--results-dir", help="Where AIOpsLab writes its result JSONs.")] = Path(
        "aiopslab-results"),
    agent: Annotated[str, typer.Option(help="The Observer: runbook, or llm with --model and --base-url.")] = "runbook",
    model: Annotated[str | None, typer.Option(help="The llm agent's model.")] = None,
    base_url: Annotated[str | None, typer.Option(help="The llm agent's OpenAI-compatible endpoint.")] = None,
    max_steps: Annotated[int, typer.Option(min=1, help="AIOpsLab's step budget per problem.")] = 30,
    max_iterations: Annotated[int, typer.Option(min=1, help="Observer iterations per problem.")] = 15,
    approval: Annotated[str, typer.Option(help="Executor approval: auto, ask or deny (dry run).")] = "auto",
    agent_name: Annotated[str, typer.Option(help="The agent name in AIOpsLab's result JSONs.")] = "aoi",
) -> None:
    """Run AOI on each problem through AIOpsLab's Orchestrator; AIOpsLab scores and writes the JSONs."""
    from pydantic import ValidationError

    from aoi.agents.aiopslab import AdapterConfig, CheckoutError, ProblemOutcome, run_problems
    from aoi.agents.registry import AGENTS, missing_options

    ids = [pid.strip() for given in problems for pid in given.split(",") if pid.strip()]
    if not ids:
        _fail("--problems names no problem")
    spec = AGENTS.get(agent)
    if spec is None or spec.kind != "observer":
        observers = [name for name, s in AGENTS.items() if s.kind == "observer"]
        _fail(f"unknown agent {agent!r} for AIOpsLab; expected one of: {', '.join(observers)}")
    # Checked before any cluster work: one AIOpsLab problem takes many minutes to set up.
    missing = missing_options(spec, {"model": model, "base_url": base_url})
    if missing:
        _fail(f"agent {agent!r} needs {', '.join('--' + m.replace('_', '-') for m in missing)}")
    try:
        config = AdapterConfig(agent=agent, model=model, base_url=base_url, max_iterations=max_iterations,
                               approval=approval)  # fmt: skip
    except ValidationError as exc:
        _fail(exc.errors()[0]["msg"].removeprefix("Value error, "))

    def show(outcome: ProblemOutcome) -> None:
        if outcome.error is not None:
            typer.echo(f"{outcome.problem_id}: failed: {outcome.error}")
            return
        verdict = {k: v for k, v in outcome.results.items() if k in ("Detection Accuracy", "success", "steps")}
        files = ", ".join(str(path) for path in outcome.result_files) or "no result JSON written"
        note = f" (AOI: {outcome.agent_error})" if outcome.agent_error else ""
        typer.echo(f"{outcome.problem_id}: {verdict}{note} -> {files}")

    try:
        outcomes = run_problems(aiopslab_dir, ids, results_dir=results_dir, max_steps=max_steps, config=config,
                                agent_name=agent_name, on_outcome=show)  # fmt: skip
    except CheckoutError as exc:
        _fail(str(exc))
    typer.echo(f"results: {results_dir} (aoi aiopslab collect {results_dir} --out BENCH_DIR)")
    if any(outcome.error is not None for outcome in outcomes):
        raise typer.Exit(1)


@app.command("collect")
def collect(
    results_dir: Annotated[Path, typer.Argument(help="A folder of AIOpsLab result JSONs.")],
    out: Annotated[Path, typer.Option("--out", help="The bench run folder to create (for aoi report).")],
    label: Annotated[str | None, typer.Option(help="A name for the run in reports and comparisons.")] = None,
) -> None:
    """Store AIOpsLab result JSONs as a bench run and write its reports; compare with aoi report."""
    from aoi.bench.aiopslab_import import import_sessions
    from aoi.bench.store import BenchError
    from aoi.env import SessionFileError

    try:
        run = import_sessions(results_dir, out, label=label)
    except (SessionFileError, BenchError, ValueError) as exc:
        _fail(str(exc))
    passed = sum(sample.success for sample in run.samples)
    typer.echo(f"{run.name}: {len(run.samples)} sessions of {len(run.config.problems)} problems, "
               f"{passed} successful -> {out} (report.md, report.html)")
