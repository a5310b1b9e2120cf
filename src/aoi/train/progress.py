"""`ProgressLines`: a transformers callback that prints one rich line per logging step.

The CLI hands it to the trainers instead of transformers' tqdm bar (see `aoi.train.runner`):
a line per log entry reads well in a terminal and in a log file alike.

    step 3/10  loss 0.4121  reward 0.625 ± 0.21  lr 1.0e-05  1.9 s/step
"""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from transformers import TrainerCallback

__all__ = ["ProgressLines", "format_log"]


def format_log(step: int, max_steps: int, logs: dict[str, Any]) -> str:
    """One line for a trainer log entry: step, loss, reward (GRPO) and learning rate."""
    parts = [f"step {step}/{max_steps}"]
    if "loss" in logs:
        parts.append(f"loss {logs['loss']:.4f}")
    if "reward" in logs:
        spread = f" ± {logs['reward_std']:.2f}" if "reward_std" in logs else ""
        parts.append(f"reward {logs['reward']:.3f}{spread}")
    if "learning_rate" in logs:
        parts.append(f"lr {logs['learning_rate']:.1e}")
    return "  ".join(parts)


class ProgressLines(TrainerCallback):
    """Prints the run's start, one line per log entry, and its end, on the main process."""

    shows_progress = True  # `run_trainer` drops the tqdm bar when such a callback is given

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self._start, self._first = 0.0, 0

    def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        self._start, self._first = time.monotonic(), state.global_step  # a resumed run starts past 0
        if state.is_world_process_zero:
            self.console.print(f"[bold]training[/] {state.max_steps} steps -> {args.output_dir}")

    def on_log(self, args: Any, state: Any, control: Any, logs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        if not state.is_world_process_zero or not logs or "train_runtime" in logs:
            return
        pace = (time.monotonic() - self._start) / max(state.global_step - self._first, 1)
        self.console.print(f"{format_log(state.global_step, state.max_steps, logs)}  {pace:.1f} s/step")

    def on_train_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if state.is_world_process_zero:
            took = time.monotonic() - self._start
            self.console.print(f"[bold green]trained[/] {state.global_step} steps in {took:.1f} s")
