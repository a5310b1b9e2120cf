"""The ``aoi`` command: parse flags, call `aoi.env`, print tables or JSON.

Nothing here is needed by a library caller; the work happens in `aoi.env` (listing, episodes,
replays, the verify sweep) and `aoi.agents` (``aoi run`` calls `aoi.agents.registry.run_agent`).
Every listing or result command takes ``--json``. Bad input (an unknown problem id, an unknown filter value, an unreadable session file) is one line on stderr
and exit status 2; a failed verification exits 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Column, Table

from aoi.cli_aiopslab import app as aiopslab_app
from aoi.cli_kube import KubeOptions, KubeUsageError, default_approval, run_target
from aoi.cli_rbac import app as rbac_app
from aoi.cli_train import app as train_app
from aoi.cli_twin import app as twin_app

if TYPE_CHECKING:
    from aoi.env.kube import KubeBackend
    from aoi.problems import Incident, Problem

app = typer.Typer(
    help="AOI: autonomous cloud diagnosis on AIOpsLab problems and an offline cluster twin.",
    no_args_is_help=True,
    add_completion=False,
)
problems_app = typer.Typer(help="List the AIOpsLab problem catalog, or verify it on the twin.")
env_app = typer.Typer(help="Run AIOpsLab actions against the twin by hand.", no_args_is_help=True)
app.add_typer(problems_app, name="problems")
app.add_typer(env_app, name="env")
safety_app = typer.Typer(help="Classify shell commands as read, write or denied.", no_args_is_help=True)
app.add_typer(safety_app, name="safety")
evolve_app = typer.Typer(help="Turn failed runs into validated guidance and training data.", no_args_is_help=True)
app.add_typer(evolve_app, name="evolve")
app.add_typer(train_app, name="train")
app.add_typer(twin_app, name="twin")
app.add_typer(aiopslab_app, name="aiopslab")
app.add_typer(rbac_app, name="rbac")

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
VariantsFlag = Annotated[
    bool,
    typer.Option("--variants", help="Include the problem variants, ids <problem-id>@<target>, after the 89."),
]
SeedOption = Annotated[
    int, typer.Option("--seed", help="Twin seed; the same seed and actions give the same output.")
]

NoiseOption = Annotated[
    str,
    typer.Option("--noise", help="Twin telemetry realism: off, realistic or high (benign variation, slow requests)."),
]


GuidanceOption = Annotated[
    Path | None,
    typer.Option("--guidance", help="A guidance library (JSONL, aoi evolve): the Observer gets the entries "
                                    "matching its evidence each iteration."),
]
LocalOnlyFlag = Annotated[
    bool,
    typer.Option("--local-only", help="Refuse any model not run in-process (hf:PATH) or served on a loopback "
                                      "address, so no text leaves this machine."),
]
AblateOption = Annotated[
    list[str] | None,
    typer.Option("--ablate", help="Leave this runbook check family out (repeatable, or comma-separated), "
                                  "e.g. services or mongo."),
]


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _console() -> Console:
    # Piped output is not cut to 80 columns: tables stay one line per row for grep and less.
    return Console() if sys.stdout.isatty() else Console(width=200)


def _print_json(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2))


def _noise(noise: str) -> str:
    from aoi.twin.telemetry import NOISE_LEVELS

    if noise not in NOISE_LEVELS:
        _fail(f"unknown noise level {noise!r}; expected one of: {', '.join(NOISE_LEVELS)}")
    return noise


def _ablated(agent: str, ablate: list[str] | None) -> tuple[str, ...]:
    """The runbook check families to leave out, checked (one-line error listing the valid ones)."""
    if not ablate:
        return ()
    if agent != "runbook":
        _fail(f"--ablate removes runbook checks; the {agent} agent has none")
    from aoi.agents.runbook.procedure import UnknownCheck, check_names

    try:
        return check_names(ablate)
    except UnknownCheck as exc:
        _fail(str(exc))


def _guidance_hook(agent: str, path: Path | None) -> Any:
    """The retrieval hook over the library at ``path`` (None without one); bad files are one line."""
    if path is None:
        return None
    from aoi.agents.registry import AGENTS

    spec = AGENTS.get(agent)
    if spec is not None and spec.kind != "observer":
        _fail(f"--guidance is shown to an Observer; the {agent} agent has none")
    import functools

    from aoi.agents.runtime import GUIDANCE_BUDGET, RenderedSearch
    from aoi.evolver import EvolverFileError
    from aoi.evolver.library import GuidanceLibrary

    try:
        library = GuidanceLibrary.load(path)
    except (EvolverFileError, OSError) as exc:
        _fail(str(exc))
    # Fetch more than fits: the runtime puts this task type's entries first, then fits its budget.
    return RenderedSearch(functools.partial(library.search, k=8, budget_tokens=4 * GUIDANCE_BUDGET))


def _run_target(text: str, backend: str, options: KubeOptions) -> tuple[Problem | Incident, KubeBackend | None]:
    """`aoi run`'s problem or incident and its kube backend; a bad combination is a one-line error."""
    try:
        return run_target(text, backend, options)
    except KubeUsageError as exc:
        _fail(str(exc))


def _require_local(models: list[str | None], base_url: str | None) -> None:
    """--local-only: fail (exit 2) when any model would be sent text over a non-loopback address."""
    from aoi.llm import remote_models

    remote = remote_models(models, base_url)
    if remote:
        _fail(f"--local-only: model {remote[0]} is served at {base_url}, which is not a loopback address; "
              "use hf:PATH or a server on 127.0.0.1/localhost")


def _problem(problem_id: str) -> Problem:
    from aoi.problems import UnknownProblem, get_problem

    try:
        return get_problem(problem_id)
    except UnknownProblem as exc:
        _fail(str(exc))


# ------------------------------------------------------------------ problems
@problems_app.callback(invoke_without_command=True)
def problems(
    ctx: typer.Context,
    task: Annotated[str | None, typer.Option(help="detection, localization, analysis or mitigation.")] = None,
    app_name: Annotated[str | None, typer.Option("--app", help="App name or namespace.")] = None,
    split: Annotated[str | None, typer.Option(help="train or test (the AOI paper's split).")] = None,
    variants: VariantsFlag = False,
    as_json: JsonFlag = False,
) -> None:
    """List problems (when no subcommand is given)."""
    if ctx.invoked_subcommand is not None:
        return
    from aoi.env import UnknownChoice, problem_row, select_problems

    try:
        rows = [problem_row(p) for p in select_problems(task, app_name, split, variants=variants)]
    except UnknownChoice as exc:
        _fail(str(exc))
    if as_json:
        _print_json([row.model_dump() for row in rows])
        return
    table = Table("app", "task", "split", "answer", title=f"{len(rows)} problems")
    table.columns.insert(0, Column("id", no_wrap=True))
    for row in rows:
        table.add_row(row.id, row.app, row.task, row.split, row.answer_text)
    _console().print(table)


@problems_app.command("verify")
def problems_verify(
    problem_ids: Annotated[
        list[str] | None, typer.Option("--problem", help="Only this id or variant id (repeatable).")
    ] = None,
    variants: VariantsFlag = False,
    seed: SeedOption = 0,
    noise: NoiseOption = "realistic",
    as_json: JsonFlag = False,
) -> None:
    """Check on the twin that reference solutions pass and non-fixes fail; exit 1 on any failure.

    Without --problem the sweep covers the 89 problems, and with --variants every variant too.
    """
    from aoi.env import verify_all

    noise = _noise(noise)
    chosen = [_problem(pid) for pid in problem_ids] if problem_ids else None
    status = Console(stderr=True)
    with status.status("verifying") as spinner:  # rich draws this only on a terminal
        rows = verify_all(chosen, seed, progress=lambda p: spinner.update(f"verifying {p.id}"), variants=variants,
                          noise=noise)
    failed = [row for row in rows if not row.ok]
    if as_json:
        _print_json({"ok": not failed, "checked": len(rows), "rows": [row.model_dump() for row in rows]})
    else:
        table = Table("problem", "task", "reference", "no fix", "wrong fix", "ok", "detail")
        for row in rows:
            cells = (row.reference_passes, row.no_fix_fails, row.wrong_fix_fails, row.ok)
            table.add_row(row.problem_id, row.task, *(_mark(c) for c in cells), row.error or row.detail)
        _console().print(table)
        typer.echo(f"{len(rows) - len(failed)}/{len(rows)} problems verified")
    if failed:
        raise typer.Exit(1)


def _mark(value: bool | None) -> str:
    return "-" if value is None else ("pass" if value else "FAIL")


# ----------------------------------------------------------------------- env
@env_app.command("call")
def env_call(
    problem_id: Annotated[str, typer.Argument(help="Problem id, e.g. revoke_auth_mongodb-mitigation-1.")],
    actions: Annotated[list[str], typer.Argument(help="AIOpsLab actions; ``` fences are optional.")],
    seed: SeedOption = 0,
    max_steps: Annotated[int, typer.Option(min=1, help="Step budget, as in AIOpsLab.")] = 30,
    workdir: Annotated[Path | None, typer.Option(help="Where get_metrics/get_traces write files.")] = None,
    noise: NoiseOption = "realistic",
    as_json: JsonFlag = False,
) -> None:
    """Run actions in order on a fresh twin with the problem's fault injected."""
    from aoi.env import run_actions

    _problem(problem_id)
    steps = run_actions(problem_id, actions, seed=seed, max_steps=max_steps, workdir=workdir, noise=_noise(noise))
    if len(steps) < len(actions):
        typer.echo(f"note: the episode ended after {len(steps)} action(s); the rest were not run", err=True)
    if as_json:
        _print_json([step.model_dump(exclude_none=True) for step in steps])
        return
    for step in steps:
        typer.echo(f"$ {step.action}\n{step.observation}")
        if step.result is not None:
            _print_json(step.result)


@env_app.command("shell")
def env_shell(
    problem_id: Annotated[str, typer.Argument(help="Problem id to investigate.")],
    seed: SeedOption = 0,
    max_steps: Annotated[int, typer.Option(min=1, help="Step budget, as in AIOpsLab.")] = 30,
    noise: NoiseOption = "realistic",
) -> None:
    """Investigate a problem by hand: lines are shell commands, API calls such as submit(...) are actions."""
    from aoi.env import API_NAMES, Episode, TwinBackend, exec_shell_action, fence

    backend = TwinBackend(noise=_noise(noise))
    episode = Episode(_problem(problem_id), backend, max_steps=max_steps, seed=seed)
    task_desc, _, _ = episode.reset()
    typer.echo(f"{task_desc}\nType shell commands, or submit(...) to finish; 'exit' or Ctrl-D quits.")
    while not episode.done:
        try:
            line = input("aoi> ").strip()
        except EOFError:
            break
        if line in ("exit", "quit"):
            break
        if not line:
            continue
        is_call = any(line.startswith(f"{api}(") for api in API_NAMES)
        typer.echo(episode.step(fence(line if is_call else exec_shell_action(line))))
    if episode.done:
        _print_json(episode.result().results)


# -------------------------------------------------------------------- replay
@app.command("replay")
def replay(
    session: Annotated[Path, typer.Argument(help="A session JSON written by AIOpsLab or AOI.")],
    seed: SeedOption = 0,
    as_json: JsonFlag = False,
) -> None:
    """Replay a recorded session's agent turns on the twin and compare the results."""
    from aoi.env import SessionFileError, SessionRecord, replay_session

    try:
        record = SessionRecord.load(session)
    except SessionFileError as exc:
        _fail(str(exc))
    _problem(record.problem_id)
    report = replay_session(record, seed=seed)
    if as_json:
        _print_json(report.model_dump())
        return
    steps = Table("#", "parsed", "ran", "action", "error", title=f"replay of {report.problem_id}")
    for i, step in enumerate(report.steps, 1):
        steps.add_row(str(i), _mark(step.parsed), _mark(step.ran), step.action, step.error or "")
    results = Table("key", "twin", "recorded", title="results")
    for key in dict.fromkeys([*report.result, *report.recorded_result]):
        results.add_row(key, _cell(report.result, key), _cell(report.recorded_result, key))
    console = _console()
    console.print(steps)
    console.print(results)


def _cell(results: dict[str, Any], key: str) -> str:
    return json.dumps(results[key]) if key in results else "-"


# ----------------------------------------------------------------------- run
@app.command("run")
def run(
    problem_id: Annotated[str, typer.Argument(help="Problem id, e.g. k8s_target_port-misconfig-mitigation-1; with "
                                                 "--backend kube also a free-text incident description.")],
    agent: Annotated[
        str | None, typer.Option(help="runbook, llm or baseline (default: llm when --model is given, else runbook).")
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(help="The LLM (llm and baseline agents): a model served at --base-url, or hf:PATH, a local "
                          "Hugging Face model or LoRA adapter directory run in-process."),
    ] = None,
    base_url: Annotated[
        str | None, typer.Option(help="OpenAI-compatible endpoint (llm and baseline; hf:PATH models need none).")
    ] = None,
    api_key_env: Annotated[
        str | None, typer.Option(help="Environment variable holding the API key (default OPENAI_API_KEY).")
    ] = None,
    timeout: Annotated[float | None, typer.Option(min=0.001, help="Per-request LLM timeout in seconds.")] = None,
    max_retries: Annotated[int | None, typer.Option(min=0, help="LLM retries after a failed request.")] = None,
    temperature: Annotated[float | None, typer.Option(min=0, max=2, help="Sampling temperature, every role.")] = None,
    max_tokens: Annotated[
        int | None,
        typer.Option(min=1, help="Completion budget of every LLM reply, every role (default: each role's own; "
                                 "the Observer's is 1024). Small local models run faster with less."),
    ] = None,
    probe_model: Annotated[str | None, typer.Option(help="Model for an LLM Probe planner (llm agent).")] = None,
    compressor_model: Annotated[str | None, typer.Option(help="Model for an LLM Compressor (llm agent).")] = None,
    executor_model: Annotated[
        str | None,
        typer.Option(help="Model that writes the commands of intent-only Executor orders (llm agent; "
                          "default: the Observer's own client)."),
    ] = None,
    approval: Annotated[
        str | None, typer.Option(help="auto, ask (confirm each write order) or deny (dry run); default: auto on the "
                                      "twin, ask with --backend kube.")
    ] = None,
    max_iterations: Annotated[int, typer.Option(min=1, help="Observer iterations (the paper: at most 15).")] = 15,
    max_steps: Annotated[
        int | None, typer.Option(min=1, help="The baseline's episode step budget (AIOpsLab's max_steps, 30).")
    ] = None,
    seed: SeedOption = 0,
    noise: NoiseOption = "realistic",
    as_json: Annotated[bool, typer.Option("--json", help="Print only the run result as JSON.")] = False,
    store: Annotated[Path | None, typer.Option(help="SQLite trajectory store to record the run in.")] = None,
    guidance: GuidanceOption = None,
    ablate: AblateOption = None,
    local_only: LocalOnlyFlag = False,
    backend: Annotated[str, typer.Option(help="twin (offline) or kube (a real cluster, through kubectl).")] = "twin",
    kubeconfig_probe: Annotated[
        Path | None, typer.Option(help="kube: kubeconfig the reads run with (the Probe's, read-only).")
    ] = None,
    kubeconfig_executor: Annotated[
        Path | None, typer.Option(help="kube: kubeconfig the writes run with (the Executor's); none: no writes.")
    ] = None,
    namespace: Annotated[str | None, typer.Option(help="kube, free-text incident: the namespace to look at.")] = None,
    task: Annotated[
        str | None, typer.Option(help="kube, free-text incident: detection, localization (default), analysis or "
                                      "mitigation.")
    ] = None,
    prometheus_url: Annotated[
        str | None, typer.Option(help="kube: Prometheus base URL for get_metrics (…/api/v1 is appended).")
    ] = None,
    jaeger_url: Annotated[
        str | None, typer.Option(help="kube: Jaeger query base URL for get_traces (…/api is appended).")
    ] = None,
) -> None:
    """Run an agent on one problem on the twin (or on a real cluster with --backend kube), showing each
    role's steps as they happen."""
    import sqlite3

    from aoi.agents.executor import ApprovalMode
    from aoi.agents.registry import AGENTS, MissingAgentOption, UnknownAgent, run_agent
    from aoi.env.kube import KubeError
    from aoi.llm import LocalModelError, ModelNotFound
    from aoi.trajectories import StoreVersionError, TrajectoryStore

    agent = agent or ("llm" if model else "runbook")
    if local_only:
        _require_local([model, probe_model, compressor_model, executor_model], base_url)
    target, kube = _run_target(problem_id, backend, KubeOptions(
        kubeconfig_probe, kubeconfig_executor, namespace, task, prometheus_url, jaeger_url))
    noise = _noise(noise)
    if kube is not None and noise != "realistic":
        _fail("--noise shapes the twin's telemetry; a real cluster (--backend kube) has its own")
    approval = approval or default_approval(backend)
    if approval not in {m.value for m in ApprovalMode}:
        _fail(f"unknown approval mode {approval!r}; expected one of: {', '.join(m.value for m in ApprovalMode)}")
    spec = AGENTS.get(agent)
    if max_steps is not None and spec is not None and spec.kind != "runner":
        _fail(f"--max-steps sets the baseline's step budget; the {agent} agent takes --max-iterations")
    if target.app is None and spec is not None and spec.kind == "runner":
        _fail(f"the {agent} agent runs catalog problems only; a free-text incident needs an Observer agent")
    if store is not None and spec is not None and spec.kind == "runner":
        _fail(f"the {agent} agent records no AOI trajectory; run it without --store")
    agent_options = {
        "api_key_env": api_key_env, "timeout_s": timeout, "max_retries": max_retries, "temperature": temperature,
        "max_tokens": max_tokens, "probe_model": probe_model, "compressor_model": compressor_model, "executor_model": executor_model,
        "ablate": _ablated(agent, ablate) or None,
    }  # fmt: skip
    run_options: dict[str, Any] = {"max_steps": max_steps} if max_steps is not None else {}
    hook = _guidance_hook(agent, guidance)
    if hook is not None:
        run_options["guidance"] = hook
    if kube is not None:
        run_options["backend"] = kube
    elif noise != "realistic":  # a runner (the baseline) takes a backend, not run_problem's noise
        from aoi.env import TwinBackend

        run_options["backend"] = TwinBackend(noise=noise)
    console = _console()
    try:
        trajectories = TrajectoryStore(store) if store is not None else None
    except (sqlite3.Error, OSError, StoreVersionError) as exc:
        _fail(f"cannot open trajectory store {store}: {exc}")
    show = None if as_json else (lambda event: console.print(event.describe(), markup=False, highlight=False))
    try:
        # A catalog problem goes by its id (runners look it up); an incident exists only as the object.
        result = run_agent(agent, problem_id if target.app is not None else target, model=model, base_url=base_url, agent_options=agent_options,
                           approval=approval, max_iterations=max_iterations, seed=seed, store=trajectories,
                           on_event=show, **run_options)
    except (UnknownAgent, MissingAgentOption, ModelNotFound) as exc:
        _fail(str(exc))
    except LocalModelError as exc:  # the train extra is missing, or the model would not load
        _fail(str(exc), code=1)
    except KubeError as exc:  # the cluster cannot be read: no namespace, no server, no kubectl
        _fail(str(exc), code=1)
    finally:
        if trajectories is not None:
            trajectories.close()
    if as_json:
        _print_json(result.model_dump(mode="json"))
        return
    if result.results.get("scored") is False:
        console.print(f"{result.problem_id}: submitted {result.submission!r} (not scored: a live incident has no "
                      f"answer key) after {result.iterations} iteration(s); trajectory {result.trajectory_id}",
                      markup=False, highlight=False)
        return
    verdict = "success" if result.success else "failure"
    console.print(f"{result.problem_id}: {verdict} (strict: {result.strict_success}) after {result.iterations} "
                  f"iteration(s); trajectory {result.trajectory_id}", markup=False, highlight=False)


# -------------------------------------------------------------------- report
@app.command("report")
def report(
    run_dirs: Annotated[list[Path], typer.Argument(help="Benchmark run directories; several are compared.")],
    out: Annotated[
        Path | None,
        typer.Option(help="Where to write report.md and report.html (default: DIR for one run, "
                          "./report for several)."),
    ] = None,
) -> None:
    """Write report.md and a self-contained report.html for a run, or compare several side by side."""
    from aoi.bench.report import RunLoadError, compare, load_run

    try:
        runs = [load_run(d) for d in run_dirs]
    except RunLoadError as exc:
        _fail(str(exc))
    md, html = compare(runs, out or (run_dirs[0] if len(run_dirs) == 1 else Path("report")))
    typer.echo(f"wrote {md} and {html}")


# --------------------------------------------------------------------- bench
@app.command("bench")
def bench(
    agent: Annotated[str, typer.Option(help="runbook, llm, baseline, always-yes or random.")] = "runbook",
    model: Annotated[str | None, typer.Option(help="LLM model name (llm and baseline agents).")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible endpoint (llm and baseline).")] = None,
    k: Annotated[int, typer.Option("-k", "--k", min=1, help="Samples per problem, each with its own seed.")] = 5,
    problems: Annotated[
        str | None, typer.Option("--problems", help="Comma-separated problem ids (instead of the filters).")
    ] = None,
    task: Annotated[str | None, typer.Option(help="detection, localization, analysis or mitigation.")] = None,
    app_name: Annotated[str | None, typer.Option("--app", help="App name or namespace.")] = None,
    split: Annotated[str, typer.Option(help="train, test or all (the AOI paper's split).")] = "all",
    variants: VariantsFlag = False,
    workers: Annotated[int | None, typer.Option(min=1, help="Samples run side by side (default: CPU count).")] = None,
    out: Annotated[Path | None, typer.Option(help="Run folder (default runs/<label or agent>).")] = None,
    resume: Annotated[bool, typer.Option(help="Finish the run stored in --out (same flags as before).")] = False,
    seed: Annotated[int, typer.Option(help="Base seed; sample seeds derive from it.")] = 0,
    noise: NoiseOption = "realistic",
    label: Annotated[str | None, typer.Option(help="A name for the run in reports and comparisons.")] = None,
    guidance: GuidanceOption = None,
    ablate: AblateOption = None,
    local_only: LocalOnlyFlag = False,
) -> None:
    """Run problems x k samples in parallel, store every sample, then write report.md and report.html."""
    from aoi.agents.registry import AGENTS, MissingAgentOption, UnknownAgent
    from aoi.bench import BenchConfig
    from aoi.bench.progress import ProgressBar
    from aoi.bench.runner import run_bench, select_ids
    from aoi.bench.store import BenchError
    from aoi.env import UnknownChoice
    from aoi.problems import UnknownProblem

    if agent not in AGENTS:
        _fail(f"unknown agent {agent!r}; expected one of: {', '.join(AGENTS)}")
    if local_only:
        _require_local([model], base_url)
    if problems is not None and (task or app_name or split != "all" or variants):
        _fail("--problems names the problems itself; drop --task, --app, --split and --variants")
    if split not in ("train", "test", "all"):
        _fail(f"unknown split {split!r}; expected one of: train, test, all")
    try:
        ids = select_ids([p.strip() for p in problems.split(",") if p.strip()] if problems is not None else None,
                         task=task, app=app_name, split=split, variants=variants)
    except (UnknownProblem, UnknownChoice) as exc:
        _fail(str(exc).strip('"'))
    if not ids:
        _fail("no problem matches the selection")
    from aoi.bench import GuidanceRef

    hook = _guidance_hook(agent, guidance)
    config = BenchConfig(agent=agent, model=model, k=k, seed=seed, problems=tuple(ids), noise=_noise(noise),
                         label=label, ablate=_ablated(agent, ablate),
                         guidance=GuidanceRef.of(guidance) if guidance is not None else None)
    out = out or Path("runs") / (label or agent)
    try:
        with ProgressBar(label=config.label or agent) as bar:
            run = run_bench(config, out, workers=workers, resume=resume, base_url=base_url, on_progress=bar.update,
                            guidance=hook)
    except (BenchError, UnknownAgent, MissingAgentOption) as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        typer.echo(f"interrupted; what finished is stored in {out}: run the same command with --resume", err=True)
        raise typer.Exit(130) from None
    _bench_summary(run, out)


def _bench_summary(run: Any, out: Path) -> None:
    from aoi.bench import summarise

    groups = summarise(run.samples)
    k = run.config.k
    table = Table("group", "problems", f"best@{k}", f"avg@{k}", "std", "steps", "wall s", title=f"{run.name}: {out}")
    for kind in ("overall", "task", "split"):
        for g in groups[kind]:
            table.add_row(g.group, str(g.problems), f"{g.best_at[-1]:.1f}", f"{g.avg_at[-1]:.1f}", f"{g.std:.1f}",
                          f"{g.mean_steps:.1f}", f"{g.mean_wall_s:.2f}")
    _console().print(table)
    errors = sum(1 for s in run.samples if s.error)
    if errors:
        typer.echo(f"note: {errors} sample(s) could not run; see their error field", err=True)
    try:
        from aoi.bench.report import write_reports
    except ImportError:
        typer.echo("note: aoi.bench.report is not available yet; no report written", err=True)
        return
    written = write_reports(run, out)
    typer.echo(f"reports: {', '.join(str(p) for p in written) if written else out}")


def main() -> None:
    """Console-script entry point (``aoi``)."""
    app(prog_name="aoi")


# -------------------------------------------------------------------- safety
@safety_app.command("classify")
def safety_classify(
    commands: Annotated[list[str] | None, typer.Argument(help="Commands to classify.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="One command per line, or JSON Lines of strings.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line per command.")] = False,
) -> None:
    """Classify each command as read, write or denied, in input order."""
    from aoi.safety import CommandFileError, classify, load_commands

    todo = list(commands or [])
    if file is not None:
        try:
            todo += load_commands(file)
        except CommandFileError as exc:
            _fail(str(exc))
    if not todo:
        _fail("give commands as arguments or --file F")
    results = [classify(c) for c in todo]
    if as_json:
        for r in results:
            typer.echo(json.dumps({"command": r.command, "verdict": r.verdict.value, "reason": r.reason}))
        return
    table = Table("verdict", Column("command", overflow="fold"), Column("reason", overflow="fold"))
    for r in results:
        table.add_row(r.verdict.value, r.command, r.reason)
    _console().print(table)



# -------------------------------------------------------------------- evolve
FromOption = Annotated[Path, typer.Option("--from", help="A bench run folder, or a file the evolver wrote.")]


def _evolver_errors() -> tuple[type[Exception], ...]:
    from aoi.bench import BenchError
    from aoi.evolver import EvolverFileError

    return BenchError, EvolverFileError


@evolve_app.command("mine")
def evolve_mine(
    source: FromOption,
    out: Annotated[Path | None, typer.Option(help="Write the failure cases here (JSONL).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Classify every failed sample of a bench run into a failure pattern (A-F)."""
    from aoi.evolver import mine_run, save_jsonl

    try:
        cases = mine_run(source)
    except _evolver_errors() as exc:
        _fail(str(exc))
    if out is not None:
        save_jsonl(cases, out)
    if as_json:
        _print_json([c.model_dump(mode="json", exclude={"trajectory"}) for c in cases])
        return
    table = Table("problem", "sample", "pattern", "step", Column("reason", overflow="fold"))
    for c in cases:
        table.add_row(c.problem_id, str(c.sample), c.pattern, str(c.step_index), c.reason)
    _console().print(table)


@evolve_app.command("build")
def evolve_build(
    source: FromOption,
    out: Annotated[Path, typer.Option(help="The guidance library (JSONL; its plans go beside it).")],
) -> None:
    """Repair each failure offline, validate it in the twin, and add what validated to a library."""
    from aoi.evolver import GuidanceLibrary, build_library, load_source

    try:
        cases = load_source(source)
        library = GuidanceLibrary.load(out) if out.is_file() else GuidanceLibrary()
    except _evolver_errors() as exc:
        _fail(str(exc))
    before = len(library)
    build_library(cases, library=library).save(out)
    typer.echo(f"{len(cases)} failure(s), {len(library) - before} validated entr(ies) added; {len(library)} in {out}")


@evolve_app.command("export")
def evolve_export(
    source: FromOption,
    out: Annotated[Path, typer.Option(help="Output folder.")],
    fmt: Annotated[str, typer.Option("--format", help="sft or grpo.")] = "sft",
) -> None:
    """Write the validated repairs as step-level training samples (JSONL; a HF dataset if installed)."""
    from aoi.evolver import FORMATS, export_samples, load_plans_from

    if fmt not in FORMATS:
        _fail(f"unknown --format {fmt!r}; expected one of {', '.join(FORMATS)}")
    try:
        plans = load_plans_from(source)
    except _evolver_errors() as exc:
        _fail(str(exc))
    written = export_samples(plans, fmt, out)  # type: ignore[arg-type]
    extra = f" and {written['dataset']}" if "dataset" in written else ""
    typer.echo(f"{written['samples']} sample(s) from {len(plans)} plan(s) -> {written['jsonl']}{extra}")


@evolve_app.command("augment")
def evolve_augment(
    source: FromOption,
    out: Annotated[Path, typer.Option(help="Write the validated plans here (JSONL; `evolve export` reads it).")],
    families: Annotated[
        list[str] | None, typer.Option("--families", help="Fault families (default: those with few successes).")
    ] = None,
    per_family: Annotated[int, typer.Option(help="Variants tried per family.")] = 2,
) -> None:
    """Seed new, validated plans on problem variants from a run's successful trajectories."""
    from aoi.evolver import augment, save_jsonl

    try:
        result = augment(source, families, per_family=per_family)
    except _evolver_errors() as exc:
        _fail(str(exc))
    save_jsonl(result.plans, out)
    typer.echo(f"{len(result.plans)} validated plan(s) -> {out}")
    for family, why in result.skipped.items():
        typer.echo(f"skipped {family}: {why}")


if __name__ == "__main__":  # last, so every command above is registered
    sys.exit(main())
