"""``aoi train``: build training data, fine-tune the Observer (SFT), then GRPO, rate the result; or make a tiny model.

Only flags are parsed here; the work is `aoi.train` (``data.build_training_data``,
``sft.train_sft``, ``grpo.train_grpo``, ``evaluate.evaluate_model`` with ``compare.compare_outcomes``,
``tiny.build_tiny_model``). Torch, transformers and TRL
are imported when a command runs, never when ``aoi`` starts. A missing ``train`` extra, a bad
config file, a bad flag or a model that cannot be found is one ``error: ...`` line on stderr and
exit status 1 (the group below turns click's usage errors into that form too).
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from typer.core import TyperGroup

# Click's UsageError, whichever click typer runs on (recent typer versions vendor their own copy).
_UsageError: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


class _OneLineErrors(TyperGroup):
    """A bad flag on a ``train`` command is one line and exit status 1, like every other bad input here."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _UsageError as exc:
            _fail(exc.format_message())  # type: ignore[attr-defined]


app = typer.Typer(
    cls=_OneLineErrors,
    help="Build training data and train the Observer with SFT and GRPO.",
    no_args_is_help=True,
    add_completion=False,
)

ConfigOption = Annotated[Path, typer.Option("--config", help="A training config (YAML), e.g. configs/train/sft.yaml.")]
ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="Model to train: a Hugging Face model directory or hub id (GRPO: or an adapter)."),
]
DatasetOption = Annotated[str | None, typer.Option("--dataset", help="Training data from `aoi train data`.")]
OutputOption = Annotated[str | None, typer.Option("--output-dir", help="Where the adapter and checkpoints go.")]
MaxStepsOption = Annotated[int | None, typer.Option("--max-steps", help="Stop after this many optimiser steps.")]
ResumeFlag = Annotated[bool, typer.Option("--resume", help="Continue from the last checkpoint in the output dir.")]


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _console() -> Console:
    # Under `accelerate launch` every process runs this command; only the main one talks. Lines are
    # never wrapped, so that a log file holds one line per event.
    return Console(stderr=True, soft_wrap=True, quiet=not _main_process())


def _main_process() -> bool:
    return os.environ.get("RANK", "0") == "0"


@contextmanager
def _one_line_errors() -> Iterator[None]:
    """Turn the errors a user can fix (config, extra, problem ids, files) into one line and exit 1."""
    from aoi.llm import LocalModelError
    from aoi.problems import UnknownProblem
    from aoi.train.config import ConfigError
    from aoi.train.errors import TrainDataError
    from aoi.trajectories import MissingExtraError

    try:
        yield
    except (ConfigError, TrainDataError, MissingExtraError, UnknownProblem, LocalModelError, OSError) as exc:
        _fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)


def _listed(values: Sequence[str] | None) -> list[str]:
    """Repeatable, comma-separated option values as one list."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def _config(path: Path, overrides: dict[str, Any]) -> Any:
    from aoi.train.arguments import require_train_extra
    from aoi.train.config import load_config

    config = load_config(path, overrides)  # a bad file is reported whether or not the extra is installed
    require_train_extra()
    # peft reads an attribute that transformers 5 deprecates, once per step: noise for a user, nothing to act on.
    warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)
    _console().print(f"[bold]config[/] {path}  [bold]model[/] {config.model}  [bold]output[/] {config.output_dir}")
    return config


def _report(out: Path) -> None:
    from aoi.train.runner import SUMMARY_FILE

    if not _main_process():
        return  # the main process writes the summary; the others may finish first
    summary = json.loads((out / SUMMARY_FILE).read_text(encoding="utf-8"))
    loss = summary.get("final_loss")
    loss_text = f"{loss:.4f}" if isinstance(loss, float) else "n/a"
    _console().print(
        f"[bold green]saved[/] adapter and tokenizer to {out}  ({summary['steps']} steps, final loss "
        f"{loss_text}, {summary['wall_time_s']:.1f} s; {SUMMARY_FILE})"
    )
    if summary.get("merged"):
        _console().print(f"[bold green]merged[/] model in {summary['merged']}")
    _console().print(f"try it: aoi run PROBLEM_ID --agent llm --model hf:{summary.get('merged') or out}")


def _overrides(model: str | None, dataset: str | None, output_dir: str | None, max_steps: int | None,
               resume: bool) -> dict[str, Any]:
    return {"model": model, "dataset": dataset, "output_dir": output_dir, "optim.max_steps": max_steps,
            "resume": True if resume else None}


@app.command("data")
def data(
    out: Annotated[Path, typer.Option("--out", help="Output folder: samples.jsonl, dataset/, manifest.json.")],
    split: Annotated[str, typer.Option("--split", help="Problems the runbook solves for data: train, test or all.")]
    = "train",
    store: Annotated[Path | None, typer.Option("--store", help="A trajectory store (SQLite) to add runs from.")] = None,
    evolver: Annotated[Path | None, typer.Option("--evolver", help="Evolver output (repaired trajectories).")] = None,
    policy: Annotated[str | None, typer.Option(
        "--policy", help="Also run this model (e.g. hf:runs/sft) on the split and add every decision of its runs, "
                         "failed ones too: GRPO prompts at the states it reaches (not for SFT).")] = None,
    seeds: Annotated[list[str] | None, typer.Option("--seeds", help="Twin seeds (repeatable or comma-separated).")]
    = None,
) -> None:
    """Build the Observer's training samples from runbook runs, stored runs and Evolver repairs."""
    try:
        seed_values = tuple(int(s) for s in _listed(seeds)) or (0,)
    except ValueError:
        _fail(f"--seeds takes integers, got {', '.join(_listed(seeds))}")
    console = _console()
    with _one_line_errors():
        from aoi.train.data import build_training_data

        def show(step: Any) -> None:  # a DataProgress
            console.print(f"{step.stage}: {step.detail or f'{step.done}/{step.total}'}")

        manifest = build_training_data(runbook_split=split, store=store, evolver=evolver, policy=policy,
                                       seeds=seed_values, out_dir=out, on_progress=show)
    console.print(f"[bold green]wrote[/] {manifest['samples']} samples to {out}")


@app.command("sft")
def sft(config: ConfigOption, model: ModelOption = None, dataset: DatasetOption = None,
        output_dir: OutputOption = None, max_steps: MaxStepsOption = None, resume: ResumeFlag = False) -> None:
    """Supervised fine-tuning of the Observer on its decisions (LoRA): the warm start for GRPO."""
    with _one_line_errors():
        settings = _config(config, _overrides(model, dataset, output_dir, max_steps, resume))
        from aoi.train.progress import ProgressLines
        from aoi.train.sft import train_sft

        out = train_sft(settings, callbacks=(ProgressLines(_console()),))
    _report(out)


@app.command("grpo")
def grpo(
    config: ConfigOption,
    mode: Annotated[str | None, typer.Option("--mode", help="step (one decision per sample) or multiturn "
                                                            "(whole twin episodes through tool calls).")] = None,
    model: ModelOption = None, dataset: DatasetOption = None, output_dir: OutputOption = None,
    max_steps: MaxStepsOption = None, resume: ResumeFlag = False,
) -> None:
    """GRPO on the Observer (LoRA), step-level with reward functions or multi-turn in the twin."""
    with _one_line_errors():
        overrides = {**_overrides(model, dataset, output_dir, max_steps, resume), "grpo.mode": mode}
        settings = _config(config, overrides)
        from aoi.train.grpo import train_grpo
        from aoi.train.progress import ProgressLines

        _console().print(f"[bold]GRPO[/] mode {settings.grpo.mode}, group size {settings.grpo.num_generations}")
        out = train_grpo(settings, callbacks=(ProgressLines(_console()),))
    _report(out)


@app.command("eval")
def eval_(
    model: Annotated[str, typer.Argument(help="The model to rate: a model or adapter directory (or hf:PATH).")],
    against: Annotated[str | None, typer.Option(
        "--against", help="A second model (e.g. the SFT model GRPO started from), compared sample by sample.")] = None,
    split: Annotated[str, typer.Option("--split", help="Problems: train, test or all.")] = "all",
    k: Annotated[int, typer.Option("-k", min=1, help="Samples per problem.")] = 2,
    first_seed: Annotated[int, typer.Option("--first-seed", min=0, help="Sample j runs on twin seed FIRST+j.")] = 0,
    temperature: Annotated[float, typer.Option(min=0.0, help="Sampling temperature (0: greedy).")] = 0.0,
    max_iterations: Annotated[int, typer.Option(min=1, help="Observer iterations per episode.")] = 8,
    max_tokens: Annotated[int, typer.Option(min=1, help="Completion budget of one decision.")] = 160,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Rate a model as the LLM Observer on the twin (avg@k by split and task); with --against, whether it beats another."""
    with _one_line_errors():
        from aoi.train.arguments import require_train_extra

        require_train_extra()
        from aoi.train.compare import compare_outcomes
        from aoi.train.data import split_problems
        from aoi.train.evaluate import EvalSettings, evaluate_model

        problems = split_problems(split)
        settings = EvalSettings(k=k, temperature=temperature, max_iterations=max_iterations, max_tokens=max_tokens,
                                first_seed=first_seed)  # fmt: skip
        reports = {name: evaluate_model(name, problems, settings, on_sample=_progress(name, len(problems) * k))
                   for name in [model, *([against] if against else [])]}  # fmt: skip
    figures: dict[str, Any] = {"rates": {name: report.rates() for name, report in reports.items()}}
    if against:
        outcomes = {name: {(s.problem_id, s.sample): s.success for s in report.samples}
                    for name, report in reports.items()}  # fmt: skip
        figures["paired"] = compare_outcomes(outcomes[against], outcomes[model]).as_dict()
    if as_json:
        typer.echo(json.dumps(figures, sort_keys=True))
        return
    _print_rates(figures)


def _progress(name: str, total: int) -> Any:
    """One line per evaluated sample: ``MODEL i/N PROBLEM#j solved|failed``."""
    console, done = _console(), iter(range(1, total + 1))

    def show(sample: Any) -> None:
        mark = "solved" if sample.success else "failed"
        console.print(f"{name} {next(done)}/{total} {sample.problem_id}#{sample.sample} {mark}")

    return show


def _print_rates(figures: dict[str, Any]) -> None:
    from rich.table import Table

    rates = figures["rates"]
    keys = list(next(iter(rates.values())))
    table = Table("model", *keys, title="Twin success rate (avg@k)")
    for name, row in rates.items():
        table.add_row(name, *("-" if row[key] is None else f"{100 * row[key]:.1f} %" for key in keys))
    console = Console(soft_wrap=True)
    console.print(table)
    paired = figures.get("paired")
    if paired:
        console.print(f"difference {100 * paired['difference']:+.1f} points over {paired['pairs']} paired samples "
                      f"(95 % CI {100 * paired['ci95'][0]:+.1f} to {100 * paired['ci95'][1]:+.1f}); solved only by "
                      f"the first {paired['only_after']}, only by --against {paired['only_before']}; "
                      f"exact McNemar p = {paired['p_value']:.3f}")  # fmt: skip


@app.command("tiny-model")
def tiny_model(
    out: Annotated[Path, typer.Argument(help="Folder for the model and tokenizer.")],
    problems: Annotated[list[str] | None, typer.Option(
        "--problems", help="Problems whose runbook runs train the tokenizer (repeatable or comma-separated; "
                           "default: all 89).")] = None,
    vocab: Annotated[int, typer.Option(min=300, help="Tokenizer vocabulary size.")] = 4096,
    hidden: Annotated[int, typer.Option(min=8, help="Hidden size (a multiple of 4, the attention heads).")] = 64,
    layers: Annotated[int, typer.Option(min=1, help="Decoder layers.")] = 2,
    word_bounded: Annotated[bool, typer.Option(
        "--word-bounded", help="GPT-2 style vocabulary: no token spans a word boundary (longer encodings).")] = False,
) -> None:
    """Write a tiny random Qwen3 and its tokenizer, to try the pipeline on a CPU without downloads."""
    with _one_line_errors():
        from aoi.train.arguments import require_train_extra

        require_train_extra()
        from aoi.train.tiny import TinySpec, build_tiny_model, observer_corpus

        try:
            spec = TinySpec(vocab_size=vocab, hidden_size=hidden, layers=layers, intermediate_size=3 * hidden,
                            cross_word_merges=not word_bounded)  # fmt: skip
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--hidden") from None
        path = build_tiny_model(out, observer_corpus(_listed(problems) or None), spec=spec)
    _console().print(f"[bold green]wrote[/] a tiny model to {path}; train it with --model {path}")


if __name__ == "__main__":  # `accelerate launch -m aoi.cli_train grpo ...` (see configs/accelerate/multi_gpu.yaml)
    app(prog_name="aoi train")
