"""Does GRPO on the verified-outcome reward make a model a better Observer? A tiny model on a CPU.

The pipeline of the paper, end to end on the twin and at toy scale, with nothing downloaded:

1. data: the runbook (the expert) on the 38 train-split problems, purified and balanced by task
   (`aoi.train.data.build_training_data`);
2. a tiny random Qwen3 whose tokenizer is trained on those training rows only (`aoi.train.tiny`);
3. SFT, the distillation warm start (`aoi.train.sft.train_sft`; a full fine-tune, since LoRA
   barely moves a randomly initialised model this small);
4. step-level GRPO from the SFT model, with LoRA (`aoi.train.grpo.train_grpo`), for a wall-clock
   budget (default 15 minutes, collecting its prompts included). ``--states``: its prompts are
   the expert's steps, the states the SFT model reaches running the train problems itself
   (greedy, on twins of ``--policy-seeds``, not the evaluation's), or both. ``--reward``: the
   episode's ``return`` (the decision carried out, then the SFT model finishes the episode and
   the oracle scores it, `EpisodeReturnReward`) or the decision's own verified ``outcome``
   (`VerifiedOutcomeReward`), each plus 0.1 x the format reward. ``--screen`` (the default;
   ``--no-screen``) keeps only the prompts where ``--group`` samples of the SFT model earn
   different rewards (`aoi.train.screen`; the screening comes out of the budget too). The
   defaults (expert states, outcome reward, screened, temperature 1, no nucleus, KL beta 0.04)
   are the configuration whose gain over SFT held in four replicate runs (README); ``--min-p`` drops tail tokens when GRPO samples;
   ``--finisher live`` has the model being trained finish the return reward's episodes
   (`aoi.train.live_policy`) instead of the SFT model;
5. the success rate of the base, SFT and GRPO models as the LLM Observer on the twin
   (`aoi.train.evaluate`: avg@k over train-split and test-split problems, ``--eval-per-task``
   problems of each task type from each split, sample j on twin seed j, greedy by default), and
   GRPO against SFT sample by sample (`aoi.train.compare`: is the difference more than noise?).

    python benchmarks/grpo_learning.py                 # a readable report (about 30-40 minutes)
    python benchmarks/grpo_learning.py --json          # one JSON object
    python benchmarks/grpo_learning.py --grpo-minutes 2 --no-screen --eval-per-task 1 --k 1   # a quick look

Episodes are unforgiving for a tiny model (one slip takes it off the expert's path), so the
benchmark also scores single decisions (`aoi.train.decisions`): the model's greedy answer at each
distinct training step, executed on the twin by the verified-outcome reward, which is exactly
what step-level GRPO optimises.

JSON keys: ``success_base``, ``success_sft``, ``success_grpo`` (each ``overall``, ``train``,
``test`` and per task type, as fractions), ``grpo_vs_sft`` (`aoi.train.compare`: the paired
difference in success, its 95 % bootstrap interval, the samples only one model solved and the
exact McNemar p-value), ``decision_reward_base``, ``decision_reward_sft``,
``decision_reward_grpo`` (``mean_reward``, ``decisions``, ``by_task``, ``kinds``: counts of each
outcome), ``reward_curve`` (mean GRPO reward per logged step), ``grpo_steps``, ``grpo_data``
(its prompts: ``expert_rows``, ``policy_runs``, ``policy_solved``, ``policy_rows``, ``rows``,
``collect_s``), ``sft_s``, ``grpo_s``, ``eval_s`` and the settings used. Test-split problems are
of fault types never seen in training; a tiny model is not expected to generalise to them.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from aoi.problems import all_problems
from aoi.train.compare import compare_outcomes

STAGES = ("base", "sft", "grpo")
TASKS = ("detection", "localization", "analysis", "mitigation")


def eval_problems(per_task: int) -> list[str]:
    """The first ``per_task`` problems (by id) of each task type, from each side of the split; 0: all 89."""
    chosen: list[str] = []
    for split in ("train", "test"):
        for task in TASKS:
            ids = sorted(p.id for p in all_problems() if p.split.value == split and p.task.value == task)
            chosen += ids[:per_task] if per_task > 0 else ids
    return chosen


def _log(quiet: bool, text: str) -> None:
    if not quiet:
        print(text, file=sys.stderr, flush=True)


def build(work: Path, args: argparse.Namespace, quiet: bool) -> tuple[Path, Path, dict[str, Any]]:
    from aoi.train.data import build_training_data, load
    from aoi.train.tiny import TinySpec, build_tiny_model

    if not (work / "model" / "config.json").is_file():  # a --workdir of an interrupted run keeps its stages
        build_training_data(runbook_split="train", out_dir=work / "data")
        rows = load(work / "data")
        texts = [m["content"] for row in rows for m in [*row["prompt"], *row["completion"]]]
        spec = TinySpec(vocab_size=4096, hidden_size=args.hidden, layers=args.layers,
                        intermediate_size=3 * args.hidden)
        build_tiny_model(work / "model", texts, spec=spec)
    rows = load(work / "data")
    _log(quiet, f"data: {len(rows)} rows; tiny model in {work / 'model'}")
    return work / "data", work / "model", {"rows": len(rows)}


def grpo_data(work: Path, sft_dir: Path, args: argparse.Namespace, quiet: bool) -> tuple[Path, dict[str, Any]]:
    """GRPO's prompts: the expert's steps and, with ``--states policy|both``, every state the SFT
    model reaches when it runs the train problems itself (greedy, on twins of ``--policy-seeds``,
    not the evaluation's), where its own slips are."""
    from aoi.train.data import build_rows, collect_runs, load, save, split_problems
    from aoi.train.samples import balance

    out = work / "grpo_data"
    manifest = out / "manifest.json"
    if manifest.is_file():  # an earlier run of the same --workdir
        return out, json.loads(manifest.read_text())["grpo_data"]
    started = time.perf_counter()
    rows = list(load(work / "data")) if args.states in ("expert", "both") else []
    extra: dict[str, Any] = {"expert_rows": len(rows)}
    if args.states in ("policy", "both"):
        runs = collect_runs("llm", split_problems("train"), model=f"hf:{sft_dir}", seeds=args.policy_seeds,
                            max_iterations=args.max_iterations,
                            agent_options={"temperature": 0.0, "max_tokens": args.max_tokens})  # fmt: skip
        states, _ = build_rows(runs, source="llm", purify=False)
        rows = balance([*rows, *states], by="task")
        extra |= {"policy_runs": len(runs), "policy_solved": sum(bool(r.success) for r in runs),
                  "policy_rows": len(states)}  # fmt: skip
    if args.screen:
        rows, screened = screen(rows, sft_dir, args, quiet)
        extra |= {"screened": screened["screened"]}
    extra |= {"rows": len(rows), "collect_s": round(time.perf_counter() - started, 1)}
    save(rows, out, extra={"grpo_data": extra})
    _log(quiet, f"GRPO data: {extra}")
    return out, extra


def reward_spec(model: Path, args: argparse.Namespace, finisher: str | None = None) -> tuple[dict[str, float], dict[str, Any]]:
    """GRPO's rewards (``grpo.rewards``) and their options (``grpo.reward_options``) for ``--reward``;
    the return reward's episodes are finished by ``finisher`` (default ``--finisher``)."""
    if args.reward == "outcome":
        return {"outcome": 1.0, "format": 0.1}, {}
    policy = "live" if (finisher or args.finisher) == "live" else f"hf:{model}"
    return {"return": 1.0, "format": 0.1}, {"return": {"policy": policy, "max_iterations": args.max_iterations,
                                                        "max_tokens": args.max_tokens}}  # fmt: skip


def screen(rows: Any, sft_dir: Path, args: argparse.Namespace, quiet: bool) -> tuple[Any, dict[str, Any]]:
    """The rows where ``--group`` samples of the SFT model earn different rewards (`aoi.train.screen`)."""
    from aoi.train.rewards import build_rewards
    from aoi.train.screen import screen_with_model

    spec, options = reward_spec(sft_dir, args, finisher="sft")  # before training, the live model is the SFT one
    funcs, weights = build_rewards(spec, **options)

    def progress(index: int, kept: bool) -> None:
        if (index + 1) % 25 == 0:
            _log(quiet, f"  [screen] {index + 1}/{len(rows)} prompts")

    result = screen_with_model(rows, f"hf:{sft_dir}", funcs, weights, seed=args.seed, group=args.group,
                               temperature=args.temperature, top_p=args.top_p, min_p=args.min_p,
                               max_tokens=args.max_tokens, on_row=progress)  # fmt: skip
    return [rows[i] for i in result.kept], result.as_dict()


def train(stage: str, model: Path, data: Path, out: Path, args: argparse.Namespace,
          budget_s: float | None = None) -> tuple[Path, dict]:
    from aoi.train.budget import TimeBudget
    from aoi.train.config import load_config
    from aoi.train.grpo import train_grpo
    from aoi.train.sft import train_sft

    summary_file = out / "train_summary.json"
    if summary_file.is_file():  # finished in an earlier run of the same --workdir
        return out, json.loads(summary_file.read_text())
    common = {"model": str(model), "dataset": str(data), "output_dir": str(out), "seed": args.seed,
              "optim.bf16": False, "optim.gradient_checkpointing": False, "optim.save_steps": 10_000,
              "optim.logging_steps": 1, "generation.use_vllm": False}  # fmt: skip
    if stage == "sft":
        config = load_config(None, {**common, "lora.enabled": False,
                                    "optim.learning_rate": args.sft_lr, "optim.max_steps": args.sft_steps,
                                    "optim.per_device_train_batch_size": 8, "optim.gradient_accumulation_steps": 1,
                                    "sft.max_length": 3072})  # fmt: skip
        callbacks: list = []
        with contextlib.redirect_stdout(sys.stderr):  # the trainer logs to stdout; --json owns it
            path = train_sft(config, callbacks=callbacks)
    else:
        budget = TimeBudget(budget_s if budget_s is not None else args.grpo_minutes * 60)
        rewards, options = reward_spec(model, args)
        config = load_config(None, {
            **common, "lora.enabled": not args.grpo_full, "optim.learning_rate": args.grpo_lr, "optim.max_steps": 100_000,
            "optim.per_device_train_batch_size": args.prompts_per_step * args.group, "optim.gradient_accumulation_steps": 1,
            "grpo.mode": "step", "grpo.num_generations": args.group, "grpo.temperature": args.temperature, "grpo.top_p": args.top_p, "grpo.min_p": args.min_p, "grpo.beta": args.beta,
            "grpo.max_completion_length": args.max_tokens, "grpo.max_prompt_length": 3072,
            "grpo.rewards": rewards, "grpo.reward_options": options,
        })  # fmt: skip
        with contextlib.redirect_stdout(sys.stderr):
            path = train_grpo(config, callbacks=[budget])
    summary = json.loads((path / "train_summary.json").read_text())
    return path, summary


def evaluate(model: Path, data: Path, problems: list[str], args: argparse.Namespace, quiet: bool, label: str) -> dict:
    from aoi.train.evaluate import EvalSettings, evaluate_model

    settings = EvalSettings(k=args.k, temperature=args.eval_temperature, max_iterations=args.max_iterations,
                            max_tokens=args.max_tokens)  # fmt: skip
    done = [0]

    def progress(sample: Any) -> None:
        done[0] += 1
        mark = "solved" if sample.success else "failed"
        _log(quiet, f"  [{label}] {done[0]}/{len(problems) * args.k} {sample.problem_id}#{sample.sample} {mark}")

    saved = model.parent / f"eval_{label}.json"
    result = json.loads(saved.read_text()) if saved.is_file() else {}  # an earlier run of the same --workdir
    if "samples" not in result:
        report = evaluate_model(str(model), problems, settings, on_sample=progress)
        samples = [[s.problem_id, s.sample, s.success] for s in report.samples]
        result = {"rates": report.rates(), "samples": samples, "wall_s": report.wall_s}
        saved.write_text(json.dumps(result))
    if "decisions" not in result:
        started = time.perf_counter()
        result["decisions"] = score_steps(model, data, args)
        result["wall_s"] = round(result["wall_s"] + time.perf_counter() - started, 3)
        saved.write_text(json.dumps(result))
        _log(quiet, f"  [{label}] decisions at the expert's steps: mean reward {result['decisions']['mean_reward']}")
    return result


def _outcomes(evaluation: dict) -> dict[tuple[str, int], bool]:
    return {(problem, sample): success for problem, sample, success in evaluation["samples"]}


def score_steps(model: Path, data: Path, args: argparse.Namespace) -> dict[str, Any]:
    """The model's greedy decision at each distinct training step, scored by the verified-outcome reward."""
    from aoi.llm import make_client
    from aoi.train.data import load
    from aoi.train.decisions import distinct_steps, score_decisions

    client = make_client(f"hf:{model}", stop_on_json=True, seed=args.seed)
    return score_decisions(client, distinct_steps(load(data)), max_tokens=args.max_tokens).as_dict()


def _threads(count: int) -> None:
    import torch

    torch.set_num_threads(count)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:5.1f} %"


def render(figures: dict[str, Any]) -> str:
    keys = ["overall", "train", "test", "detection", "localization", "analysis", "mitigation"]
    lines = ["Twin success rate (avg@k) of the tiny model as the LLM Observer", "",
             f"{'':<14}" + "".join(f"{k:>14}" for k in keys)]  # fmt: skip
    for stage in STAGES:
        rates = figures[f"success_{stage}"]
        lines.append(f"{stage:<14}" + "".join(f"{_pct(rates.get(k)):>14}" for k in keys))
    paired = figures["grpo_vs_sft"]
    lines += ["", f"GRPO - SFT: {100 * paired['difference']:+.1f} points over {paired['pairs']} paired samples "
              f"(95 % CI {100 * paired['ci95'][0]:+.1f} to {100 * paired['ci95'][1]:+.1f}, bootstrap over problems); "
              f"solved only by GRPO {paired['only_after']}, only by SFT {paired['only_before']}; "
              f"exact McNemar p = {paired['p_value']:.3f}"]  # fmt: skip
    lines += ["", "Mean verified-outcome reward of its greedy decision at each distinct training step (-1 to 1)", "",
              f"{'':<14}" + "".join(f"{k:>14}" for k in ["mean", *TASKS])]  # fmt: skip
    for stage in STAGES:
        decisions = figures[f"decision_reward_{stage}"]
        values = [decisions["mean_reward"], *(decisions["by_task"].get(task) for task in TASKS)]
        lines.append(f"{stage:<14}" + "".join("-".rjust(14) if v is None else f"{v:+14.3f}" for v in values))
    curve = figures["reward_curve"]
    lines += ["", f"GRPO: {figures['grpo_steps']} steps in {figures['grpo_s']:.0f} s; mean reward per step:"]
    for start in range(0, len(curve), 10):
        chunk = curve[start:start + 10]
        lines.append(f"  steps {start + 1:>3}-{start + len(chunk):<3} " + " ".join(f"{r:+.2f}" for r in chunk))
    lines += ["", f"SFT {figures['sft_s']:.0f} s, GRPO {figures['grpo_s']:.0f} s, evaluation {figures['eval_s']:.0f} s; "
              f"{figures['eval_problems']} problems x k={figures['settings']['k']}"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--workdir", type=Path,
                        help="keep data, models, adapters and evaluations here (default: a temp dir); "
                             "running again with the same one skips the stages already done")
    parser.add_argument("--grpo-minutes", type=float, default=15.0, help="GRPO wall-clock budget")
    parser.add_argument("--hidden", type=int, default=128, help="the tiny model's hidden size")
    parser.add_argument("--layers", type=int, default=2, help="the tiny model's decoder layers")
    parser.add_argument("--sft-steps", type=int, default=250, help="SFT optimiser steps (batch 8)")
    parser.add_argument("--sft-lr", type=float, default=5e-3)
    parser.add_argument("--grpo-lr", type=float, default=5e-4)
    parser.add_argument("--grpo-full", action="store_true",
                        help="GRPO trains every weight (as SFT does) instead of a LoRA adapter (r 64, alpha 128)")
    parser.add_argument("--reward", choices=("return", "outcome"), default="outcome",
                        help="GRPO's main reward: the episode's return with the SFT model finishing it, or the "
                             "verified outcome of the decision alone (both plus 0.1 x format)")
    parser.add_argument("--finisher", choices=("sft", "live"), default="sft",
                        help="who finishes the episode for --reward return: the SFT model, or the model being "
                             "trained (aoi.train.live_policy; a fixed finisher lets GRPO learn to defer)")
    parser.add_argument("--states", choices=("expert", "policy", "both"), default="expert",
                        help="GRPO prompts: the expert's steps, the states the SFT model reaches, or both")
    parser.add_argument("--screen", action=argparse.BooleanOptionalAction, default=True,
                        help="keep only the prompts where --group samples of the SFT model (sampled as GRPO "
                             "samples) earn different rewards: the others teach GRPO nothing (aoi.train.screen)")
    parser.add_argument("--policy-seeds", type=lambda text: [int(s) for s in text.split(",")], default=[100, 101],
                        help="twin seeds of the SFT model's own runs (comma-separated; the evaluation uses 0..k-1)")
    parser.add_argument("--group", type=int, default=4, help="GRPO group size (the paper: 4)")
    parser.add_argument("--prompts-per-step", type=int, default=4, help="GRPO prompts per optimiser step")
    parser.add_argument("--beta", type=float, default=0.04, help="GRPO KL penalty towards the SFT model")
    parser.add_argument("--temperature", type=float, default=1.0,
                        help="GRPO sampling temperature (a warm-started tiny model is peaked: explore)")
    parser.add_argument("--top-p", type=float, default=1.0,
                        help="GRPO nucleus sampling (1: none; a peaked model's 0.95 nucleus is often one token, so "
                             "most groups are four equal answers)")
    parser.add_argument("--min-p", type=float, default=None,
                        help="GRPO sampling leaves out tokens less likely than this times the likeliest one "
                             "(none by default; 0.1 keeps a tiny model's samples parseable at temperature 1)")
    parser.add_argument("--eval-temperature", type=float, default=0.0,
                        help="evaluation temperature (0: greedy; the k samples then differ by twin seed)")
    parser.add_argument("--max-tokens", type=int, default=160, help="completion budget of one decision")
    parser.add_argument("--max-iterations", type=int, default=8, help="Observer iterations per evaluation episode")
    parser.add_argument("--eval-per-task", type=int, default=0,
                        help="evaluation problems per task type and split (0: every problem)")
    parser.add_argument("--k", type=int, default=2, help="samples per evaluation problem")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of SFT, screening and GRPO (data order, adapter initialisation, sampling)")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (one is fastest for tiny models)")
    args = parser.parse_args()
    _threads(args.threads)
    quiet = args.json
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="aoi-grpo-") as scratch:
        work = args.workdir or Path(scratch)
        data, model, built = build(work, args, quiet)
        problems = eval_problems(args.eval_per_task)
        figures: dict[str, Any] = {"eval_problems": len(problems)}
        eval_s = 0.0
        # The untrained model's evaluation needs nothing from SFT: it runs beside it, on the other core.
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_threads, initargs=(args.threads,)) as pool:
            base = pool.submit(evaluate, model, data, problems, args, quiet, "base")
            sft_dir, sft_summary = train("sft", model, data, work / "sft", args)
            result = base.result()
        figures["success_base"], eval_s = result["rates"], eval_s + result["wall_s"]
        figures["decision_reward_base"] = result["decisions"]
        figures["sft_s"] = round(sft_summary["wall_time_s"], 1)
        figures["sft_final_loss"] = sft_summary.get("final_loss")
        result = sft_eval = evaluate(sft_dir, data, problems, args, quiet, "sft")
        figures["success_sft"], eval_s = result["rates"], eval_s + result["wall_s"]
        figures["decision_reward_sft"] = result["decisions"]
        # The 15 minutes are GRPO's whole stage: collecting the SFT model's states comes out of them.
        grpo_rows, collected = grpo_data(work, sft_dir, args, quiet)
        budget_s = args.grpo_minutes * 60 - collected["collect_s"]
        if budget_s <= 0:
            sys.exit(f"grpo_learning.py: collecting GRPO's prompts took {collected['collect_s']:.0f} s, the whole "
                     f"--grpo-minutes {args.grpo_minutes:g} budget; raise it or pass --no-screen")  # fmt: skip
        grpo_dir, summary = train("grpo", sft_dir, grpo_rows, work / "grpo", args, budget_s=budget_s)
        figures["grpo_data"] = collected
        figures["grpo_s"] = round(summary["wall_time_s"] + collected["collect_s"], 1)
        figures["grpo_steps"] = summary.get("steps")
        figures["reward_curve"] = [round(entry["reward"], 4) for entry in summary.get("reward", [])]
        result = evaluate(grpo_dir, data, problems, args, quiet, "grpo")
        figures["success_grpo"], eval_s = result["rates"], eval_s + result["wall_s"]
        figures["grpo_vs_sft"] = compare_outcomes(_outcomes(sft_eval), _outcomes(result)).as_dict()
        figures["decision_reward_grpo"] = result["decisions"]
        figures["eval_s"] = round(eval_s, 1)
        figures["total_s"] = round(time.perf_counter() - started, 1)
        figures["settings"] = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()
                               if k not in ("json", "workdir")} | built  # fmt: skip
    print(json.dumps(figures, sort_keys=True) if args.json else render(figures))


if __name__ == "__main__":
    main()
