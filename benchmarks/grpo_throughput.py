"""GRPO throughput of a tiny model: generated tokens per second and seconds per GRPO step.

Builds a tiny random Qwen3 (`aoi.train.tiny`) and step-level training rows from the runbook on a
few train-split problems, then measures, on every device available here:

* generation: ``model.generate`` on a batch of Observer prompts (one GRPO step's worth:
  ``--prompts`` prompts x ``--group`` completions), every completion forced to ``--new-tokens``
  tokens, so tokens/s is comparable across runs;
* a GRPO step: ``--steps`` steps of `aoi.train.grpo.train_grpo` (step mode, verified-outcome and
  format rewards, LoRA), median seconds per step after the first (which pays for warm-up).

On a GPU both are measured with vLLM off and, when ``vllm`` is installed, on (colocate).

    python benchmarks/grpo_throughput.py            # a readable table
    python benchmarks/grpo_throughput.py --json     # one JSON object: {"runs": [...], ...}

Each run reports ``device``, ``vllm``, ``gen_tokens_per_s`` and ``grpo_step_s``; the top level
repeats the CPU figures as ``cpu_gen_tokens_per_s`` and ``cpu_grpo_step_s``. Small models run
best on one torch thread on a shared CPU (see src/aoi/llm/README.md); ``--threads`` sets it.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROBLEMS = (
    "k8s_target_port-misconfig-detection-1",
    "k8s_target_port-misconfig-localization-1",
    "k8s_target_port-misconfig-analysis-1",
    "revoke_auth_mongodb-mitigation-1",
)


def prepare(work: Path) -> tuple[Path, Path]:
    from aoi.train.data import build_rows, collect_runbook, save
    from aoi.train.tiny import build_tiny_model

    rows, _ = build_rows(collect_runbook(PROBLEMS))
    save(rows, work / "data")
    texts = [m["content"] for row in rows for m in [*row["prompt"], *row["completion"]]]
    return build_tiny_model(work / "model", texts), work / "data"


def generation_tokens_per_s(model_dir: Path, data: Path, args: argparse.Namespace, device: str) -> float:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from aoi.train.data import load

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir).to(device).eval()
    prompts = [row["prompt"] for row in load(data)][: args.prompts]
    texts = [tokenizer.apply_chat_template(p, add_generation_prompt=True, tokenize=False) for p in prompts]
    batch = tokenizer(texts * args.group, return_tensors="pt", padding=True).to(device)
    settings = {"max_new_tokens": args.new_tokens, "min_new_tokens": args.new_tokens, "do_sample": True,
                "temperature": 0.7, "pad_token_id": tokenizer.pad_token_id}  # fmt: skip
    with torch.no_grad():
        model.generate(**batch, **{**settings, "max_new_tokens": 4, "min_new_tokens": 4})  # warm-up
        start = time.perf_counter()
        model.generate(**batch, **settings)
        elapsed = time.perf_counter() - start
    return batch["input_ids"].shape[0] * args.new_tokens / elapsed


def grpo_step_s(model_dir: Path, data: Path, work: Path, args: argparse.Namespace, vllm: bool) -> float:
    from transformers import TrainerCallback

    from aoi.train.config import load_config
    from aoi.train.grpo import train_grpo

    class StepTimes(TrainerCallback):
        def __init__(self) -> None:
            self.times: list[float] = []
            self._start = 0.0

        def on_step_begin(self, *_: Any, **__: Any) -> None:
            self._start = time.perf_counter()

        def on_step_end(self, *_: Any, **__: Any) -> None:
            self.times.append(time.perf_counter() - self._start)

    times = StepTimes()
    config = load_config(None, {
        "model": str(model_dir), "dataset": str(data), "output_dir": str(work / f"grpo-{int(vllm)}"),
        "optim.max_steps": args.steps, "optim.per_device_train_batch_size": args.prompts * args.group,
        "optim.gradient_accumulation_steps": 1, "optim.logging_steps": 1, "optim.save_steps": 10_000,
        "optim.gradient_checkpointing": False, "optim.bf16": False,
        "grpo.num_generations": args.group, "grpo.max_completion_length": args.new_tokens,
        "grpo.max_prompt_length": 4096, "grpo.rewards": {"outcome": 1.0, "format": 0.1},
        "generation.use_vllm": vllm,
    })  # fmt: skip
    with contextlib.redirect_stdout(sys.stderr):  # the trainer logs to stdout; --json owns it
        train_grpo(config, callbacks=[times])
    steady = times.times[1:] or times.times
    return statistics.median(steady)


def devices() -> list[tuple[str, bool]]:
    import torch

    runs = [("cpu", False)]
    if torch.cuda.is_available():
        runs.append(("cuda", False))
        if importlib.util.find_spec("vllm") is not None:
            runs.append(("cuda", True))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--prompts", type=int, default=4, help="prompts per GRPO step")
    parser.add_argument("--group", type=int, default=4, help="completions per prompt (the paper: 4)")
    parser.add_argument("--new-tokens", type=int, default=128, help="tokens generated per completion")
    parser.add_argument("--steps", type=int, default=4, help="GRPO steps timed (the first is warm-up)")
    parser.add_argument("--threads", type=int, default=1, help="torch threads on the CPU")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    runs = []
    with tempfile.TemporaryDirectory(prefix="aoi-grpo-tp-") as scratch:
        work = Path(scratch)
        model_dir, data = prepare(work)
        plan = devices()
        has_gpu = len(plan) > 1
        for device, vllm in plan:
            if not args.json:
                print(f"measuring {device}{' + vLLM' if vllm else ''} ...", file=sys.stderr, flush=True)
            tokens = generation_tokens_per_s(model_dir, data, args, device) if not vllm else None
            # The trainer moves the model to a visible GPU by itself, so a CPU step is timed only without one.
            step = grpo_step_s(model_dir, data, work, args, vllm) if device == "cuda" or not has_gpu else None
            runs.append({"device": device, "vllm": vllm, "gen_tokens_per_s": tokens and round(tokens, 1),
                         "grpo_step_s": step and round(step, 3)})  # fmt: skip
    cpu = runs[0]
    figures = {"runs": runs, "cpu_gen_tokens_per_s": cpu["gen_tokens_per_s"], "cpu_grpo_step_s": cpu["grpo_step_s"],
               "completions_per_step": args.prompts * args.group, "new_tokens": args.new_tokens,
               "threads": args.threads}  # fmt: skip
    if args.json:
        print(json.dumps(figures, sort_keys=True))
        return
    print(f"{'device':<8}{'vLLM':<6}{'generated tokens/s':>20}{'s per GRPO step':>18}")
    for run in runs:
        tokens = "-" if run["gen_tokens_per_s"] is None else f"{run['gen_tokens_per_s']:.0f}"
        step = "-" if run["grpo_step_s"] is None else f"{run['grpo_step_s']:.2f}"
        print(f"{run['device']:<8}{'on' if run['vllm'] else 'off':<6}{tokens:>20}{step:>18}")
    print(f"\n{args.prompts} prompts x {args.group} completions x {args.new_tokens} tokens per step; "
          f"{args.threads} torch thread(s) on the CPU")


if __name__ == "__main__":
    main()
