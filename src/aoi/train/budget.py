"""`TimeBudget`: a transformers callback that ends training once a wall-clock budget is spent.

A GRPO step's cost varies with what the policy writes (a confused model writes to the length
limit), so a fixed step count is a poor way to say "train for 15 minutes". The budget is checked
after each optimiser step; the step in progress always finishes and the trainer saves as usual.
"""

from __future__ import annotations

import time
from typing import Any

from transformers import TrainerCallback

__all__ = ["TimeBudget"]


class TimeBudget(TrainerCallback):
    """Stops the run at the first step that ends after ``seconds`` of training."""

    def __init__(self, seconds: float) -> None:
        if seconds <= 0:
            raise ValueError(f"a time budget must be positive, got {seconds}")
        self.seconds = seconds
        self.started: float | None = None
        self.stopped_at_step: int | None = None

    def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        self.started = time.monotonic()

    def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if self.started is not None and time.monotonic() - self.started >= self.seconds:
            control.should_training_stop = True
            self.stopped_at_step = state.global_step
