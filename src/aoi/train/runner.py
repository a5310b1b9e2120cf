"""What every training run does around its trainer: resume, train, save, merge, summarise.

`run_trainer` takes a built TRL trainer and

1. resumes from the newest ``checkpoint-N`` in the output directory when the config asks to
   (an interrupted run picks up its optimiser, scheduler and data order where it stopped);
2. trains;
3. saves the adapter and the tokenizer to the output directory (loadable with
   ``PeftModel.from_pretrained`` or ``AutoPeftModelForCausalLM``), and with ``merge`` also
   ``merged/``, the base model with the adapter folded in, loadable as a plain model;
4. writes ``train_summary.json``: steps, final loss, the loss and reward per logging step, wall time.

Saving and the summary happen on the main process only, so the same code runs under
``accelerate launch`` on several GPUs.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .config import ConfigError, TrainConfig

__all__ = ["MERGED_DIR", "SUMMARY_FILE", "last_checkpoint", "merge_adapter", "run_trainer", "training_dataset"]

SUMMARY_FILE = "train_summary.json"
MERGED_DIR = "merged"
# Logged values kept per step in the summary (GRPO logs the mean reward of the step's groups).
_CURVES = ("loss", "reward", "reward_std", "learning_rate")

_log = logging.getLogger(__name__)


def training_dataset(config: TrainConfig) -> Any:  # -> datasets.Dataset
    """The rows ``config.dataset`` names (built by ``aoi train data``), read with `aoi.train.data.load`."""
    if config.dataset is None:
        raise ConfigError("dataset: this run needs training data; build it with `aoi train data --out DIR`")
    if not Path(config.dataset).exists():
        raise ConfigError(f"dataset: {config.dataset} does not exist; build it with `aoi train data --out DIR`")
    from .data import load

    return load(config.dataset)


def last_checkpoint(output_dir: Path | str) -> Path | None:
    """The newest ``checkpoint-N`` folder in ``output_dir``, or None."""
    from transformers.trainer_utils import get_last_checkpoint

    folder = Path(output_dir)
    found = get_last_checkpoint(str(folder)) if folder.is_dir() else None
    return Path(found) if found else None


def run_trainer(trainer: Any, config: TrainConfig, *, mode: str, callbacks: Sequence[Any] = ()) -> Path:
    """Train ``trainer`` as configured and write its outputs; return the output directory."""
    from transformers.trainer_callback import ProgressCallback

    for callback in callbacks:
        trainer.add_callback(callback)
    if any(getattr(c, "shows_progress", False) for c in callbacks):
        trainer.remove_callback(ProgressCallback)  # a callback that shows progress replaces the tqdm bar
    out = Path(config.output_dir)
    resume_from = last_checkpoint(out) if config.resume else None
    if config.resume and resume_from is None:
        _log.warning("resume: no checkpoint in %s; training from the start", out)
    start = time.monotonic()
    trainer.train(resume_from_checkpoint=str(resume_from) if resume_from else None)
    wall = time.monotonic() - start
    trainer.save_model(str(out))  # the adapter, and the tokenizer beside it
    if trainer.is_world_process_zero():
        merged = merge_adapter(out, out / MERGED_DIR) if config.merge else None
        summary = _summary(trainer.state, mode=mode, config=config, wall=wall, resumed=resume_from, merged=merged)
        (out / SUMMARY_FILE).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return out


def merge_adapter(adapter_dir: Path | str, out_dir: Path | str) -> Path:
    """Fold the adapter in ``adapter_dir`` into its base model and save a full model (and tokenizer) to ``out_dir``."""
    from peft import AutoPeftModelForCausalLM
    from transformers import AutoTokenizer

    model = AutoPeftModelForCausalLM.from_pretrained(str(adapter_dir))
    out = Path(out_dir)
    model.merge_and_unload().save_pretrained(str(out))
    AutoTokenizer.from_pretrained(str(adapter_dir)).save_pretrained(str(out))
    return out


def _step_of(checkpoint: Path | None) -> int:
    return int(checkpoint.name.rsplit("-", 1)[-1]) if checkpoint else 0


def _summary(state: Any, *, mode: str, config: TrainConfig, wall: float, resumed: Path | None,
             merged: Path | None) -> dict[str, Any]:
    logged = [entry for entry in state.log_history if "step" in entry and any(k in entry for k in _CURVES)]
    curves = {key: [{"step": e["step"], key: e[key]} for e in logged if key in e] for key in _CURVES}
    losses = curves["loss"]
    final = state.log_history[-1].get("train_loss") if state.log_history else None
    return {
        "mode": mode,
        "model": config.model,
        "output_dir": config.output_dir,
        "steps": state.global_step,
        "final_loss": losses[-1]["loss"] if losses else final,
        "loss": losses,
        "reward": curves["reward"],
        "reward_std": curves["reward_std"],
        "learning_rate": curves["learning_rate"],
        "wall_time_s": round(wall, 3),
        "seconds_per_step": round(wall / ran, 3) if (ran := state.global_step - _step_of(resumed)) > 0 else None,
        "resumed_from": str(resumed) if resumed else None,
        "merged": str(merged) if merged else None,
    }
