"""Reward functions for GRPO on the Observer's decisions, in TRL's calling convention.

Each is a callable ``(completions, **kwargs) -> list[float | None]`` with a ``__name__``, taking
TRL's keywords and the dataset columns of `aoi.train.samples` (``problem_id``, ``seed``,
``noise``, ``task``, ``namespace``, ``iteration``, ``reference``, ``prefix_actions``, ...):

* `format_reward`: does the reply parse into a decision the runtime would carry out (0 to 1);
* `VerifiedOutcomeReward`: the decision executed on the twin at its step, through the
  runtime's own gates, scored by what it achieved (-1 to 1);
* `EpisodeReturnReward`: the decision executed at its step, then a policy finishes the episode;
  the oracle's verdict on it (-1 for no decision, else 0 or 1);
* `JudgeReward`: the AOI paper's six-dimension judge against the expert's step (0 to 1);
* `build_rewards` / `weighted`: by name, with weights, for ``GRPOConfig.reward_weights``.

Importing this package loads neither torch nor TRL. See README.md in this folder.
"""

from ._combine import (
    REWARD_FUNCTIONS,
    RewardBuilder,
    UnknownReward,
    WeightedReward,
    build_reward,
    build_rewards,
    weighted,
)
from ._evidence import ANOMALY_SIGNALS, RootCause, root_cause, surfaces_root_cause
from ._format import FORMAT_SCORES, format_reward, format_score
from ._health import Health, health
from ._inputs import RewardFunc, Row, completion_text, rows_of
from ._judge import (
    DIMENSIONS,
    JUDGED_DIMENSIONS,
    PAPER_WEIGHTS,
    PARSE_FAILURE_REWARD,
    JudgeReward,
    StepScore,
    confidence_band,
    count_json_objects,
    normalise_submission,
)
from ._outcome import Outcome, OutcomeScores, VerifiedOutcomeReward
from ._replay_cache import PrefixError, ReplayCache
from ._return import EpisodeReturnReward, solved

__all__ = [
    "ANOMALY_SIGNALS",
    "DIMENSIONS",
    "EpisodeReturnReward",
    "FORMAT_SCORES",
    "JUDGED_DIMENSIONS",
    "PAPER_WEIGHTS",
    "PARSE_FAILURE_REWARD",
    "REWARD_FUNCTIONS",
    "Health",
    "JudgeReward",
    "Outcome",
    "OutcomeScores",
    "PrefixError",
    "ReplayCache",
    "RewardBuilder",
    "RewardFunc",
    "RootCause",
    "Row",
    "StepScore",
    "UnknownReward",
    "VerifiedOutcomeReward",
    "WeightedReward",
    "build_reward",
    "build_rewards",
    "completion_text",
    "confidence_band",
    "count_json_objects",
    "format_reward",
    "format_score",
    "health",
    "normalise_submission",
    "root_cause",
    "solved",
    "rows_of",
    "surfaces_root_cause",
    "weighted",
]
