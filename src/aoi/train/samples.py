"""Step samples: one row per Observer decision, the contract between data, rewards and trainers.

The schema (every row has exactly these columns; `COLUMNS`):

==================  =========  ================================================================
column              type       what it holds
==================  =========  ================================================================
``prompt``          messages   ``[{"role": "system", ...}, {"role": "user", ...}]``: exactly what
                               the LLM Observer sends for this step, built by
                               `aoi.agents.llm_observer.observer_messages` from the recorded
                               context text, the problem's namespace and task type (with the
                               task's submission hint)
``completion``      messages   ``[{"role": "assistant", "content": <decision JSON>}]``: TRL's
                               conversational prompt-completion format, for SFT
``reference``       str        the same decision JSON as plain text, for a judge reward
``problem_id``      str        the problem, ``<id>@<target>`` for a parametric variant
``seed``            int        the twin's seed for the run
``noise``           str        the twin's telemetry realism: ``off``, ``realistic`` or ``high``
``task``            str        detection, localization, analysis or mitigation
``namespace``       str        the application's namespace
``split``           str        ``train`` or ``test`` (the problem's split, by fault type)
``iteration``       int        the Observer iteration, from 1
``source``          str        ``runbook``, ``llm`` or ``evolver``: who made the decision
``trajectory_id``   str        the recorded run it comes from
``prefix_actions``  list[str]  the AIOpsLab actions that ran before this decision, in order
``prefix_decisions`` list[str] the Observer's replies before this decision, in order: each
                               decision JSON (compacted, redacted), or ``{"rejected": <error>}``
                               for a reply the runtime refused
==================  =========  ================================================================

The decision JSON is the recorded `ObserverDecision` re-serialised compactly
(``model_dump_json(exclude_none=True)``): parts the action does not use are left out, so
targets stay short and parse back to the same decision.

Rows are redacted (`aoi.safety.redact.EXPORT_REDACTOR`): a password, key or token in the
evidence, a decision or a prefix action becomes a placeholder, so no secret is trained on or
shared. The decision is redacted as data and re-serialised, so it still parses. A prefix action
that carried a credential (``mongo -p <redacted:password>``) replays as a wrong password would.

``prefix_actions`` rebuilds the twin's state at this step: replaying them with
`aoi.env.replay.run_actions` on (``problem_id``, ``seed``, ``noise``) leaves the cluster, its
clock included, as it was when the Observer decided. Every action that reached the environment
is there, dead ends too, and nothing else; the one exception is a rolled-back order, whose
undone actions are left out because the rollback restored the state from before them
(`aoi.train.timeline`). Give the replay a step budget above ``len(prefix_actions)``:
``run_actions`` stops at its ``max_steps`` (30 by default).

``prefix_decisions`` rebuilds the Observer's side too: the runtime is deterministic, so running
those replies (`replayed_decision` reads each back) through `aoi.agents.runtime.run_problem` on
the same problem, seed and noise leaves its memory, the next context included, as it was; a
reward can then let a policy finish the episode from the step (`aoi.train.rewards.EpisodeReturnReward`).
Data saved before the column existed loads without it.

`step_samples` makes the rows of one trajectory (the Purifier's kept decisions by default);
`balance` evens out the number of rows per task type.
"""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from typing import Any, Literal, TypedDict, get_args

from aoi.agents.contracts import ObserverDecision
from aoi.agents.llm_observer import observer_messages
from aoi.agents.observer import InvalidDecision
from aoi.problems import get_problem
from aoi.safety.redact import EXPORT_REDACTOR
from aoi.trajectories import Trajectory

from .purify import purify as purify_trajectory
from .timeline import Decision, decisions, prefix_actions

_REJECTED = "rejected"  # the key of a refused reply in ``prefix_decisions``

__all__ = ["COLUMNS", "SOURCES", "Message", "SampleRow", "Source", "balance", "compact_decision", "count_by",
           "replayed_decision", "source_of", "step_samples"]  # fmt: skip

Source = Literal["runbook", "llm", "evolver"]
SOURCES: tuple[str, ...] = get_args(Source)


class Message(TypedDict):
    role: str
    content: str


class SampleRow(TypedDict):
    """One row of the schema in the module docstring."""

    prompt: list[Message]
    completion: list[Message]
    reference: str
    problem_id: str
    seed: int
    noise: str
    task: str
    namespace: str
    split: str
    iteration: int
    source: str
    trajectory_id: str
    prefix_actions: list[str]
    prefix_decisions: list[str]


COLUMNS: tuple[str, ...] = tuple(SampleRow.__annotations__)


def compact_decision(decision_json: str) -> str:
    """A recorded decision JSON as a training target: validated, without its unused (null) parts,
    its strings redacted."""
    decision = ObserverDecision.model_validate_json(decision_json).model_dump(mode="json")
    return ObserverDecision.model_validate(EXPORT_REDACTOR.redact_data(decision)).model_dump_json(exclude_none=True)


def replayed_decision(item: str) -> ObserverDecision | InvalidDecision:
    """One entry of ``prefix_decisions`` read back: the decision, or the refusal to raise again."""
    data = json.loads(item)
    if set(data) == {_REJECTED}:
        return InvalidDecision(str(data[_REJECTED]))
    return ObserverDecision.model_validate(data)


def _replies(timeline: list[Decision]) -> list[str]:
    """Every reply of the timeline as a ``prefix_decisions`` entry; row n's prefix is the first n - 1."""
    return [compact_decision(d.step.output) if d.decision is not None
            else json.dumps({_REJECTED: EXPORT_REDACTOR.redact(d.error or "")})
            for d in timeline]  # fmt: skip


def source_of(trajectory: Trajectory) -> Source:
    """Who decided, from the agent name: the runbook, an Evolver validation run, else an LLM."""
    if trajectory.agent == "runbook":
        return "runbook"
    # Validation runs are recorded as "evolver-<repairer>" (aoi.evolver.validate).
    return "evolver" if trajectory.agent.startswith("evolver") else "llm"


def step_samples(
    trajectory: Trajectory,
    *,
    source: Source | None = None,
    noise: str = "realistic",
    purify: bool = True,
) -> list[SampleRow]:
    """The rows of ``trajectory``: its kept decisions (`aoi.train.purify`; a failed run has
    none), or with ``purify=False`` every valid decision. ``source`` defaults to `source_of`;
    ``noise`` is the twin's realism the run used (a trajectory does not record it)."""
    if source is not None and source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; expected one of {', '.join(SOURCES)}")
    problem = get_problem(trajectory.problem_id)
    timeline = decisions(trajectory)
    kept = set(purify_trajectory(trajectory).kept) if purify else None
    replies = _replies(timeline)
    rows: list[SampleRow] = []
    for i, d in enumerate(timeline):
        if d.decision is None or (kept is not None and d.iteration not in kept):
            continue
        target = replies[i]
        messages = observer_messages(d.step.input, namespace=problem.namespace, task=problem.task.value)
        rows.append(SampleRow(
            prompt=[Message(role=m.role, content=EXPORT_REDACTOR.redact(m.content)) for m in messages],
            completion=[Message(role="assistant", content=target)],
            reference=target, problem_id=trajectory.problem_id, seed=trajectory.seed or 0, noise=noise,
            task=problem.task.value, namespace=problem.namespace, split=problem.split.value,
            iteration=d.iteration, source=source or source_of(trajectory), trajectory_id=trajectory.id,
            prefix_actions=[EXPORT_REDACTOR.redact(a) for a in prefix_actions(timeline, i)],
            prefix_decisions=replies[:i],
        ))  # fmt: skip
    return rows


def balance(
    rows: Iterable[SampleRow],
    *,
    by: str = "task",
    seed: int = 0,
    cap: int | None = None,
) -> list[SampleRow]:
    """``rows`` with every value of column ``by`` equally often (the paper balances sampling by
    task type, aoi-paper.md §4.2).

    Each group is brought to the size of the largest, or to ``cap`` when given and smaller.
    A smaller group is upsampled deterministically: it is repeated whole as often as it fits,
    then the remainder is drawn without replacement by a generator seeded from ``seed`` and the
    group's value, so no row appears more than once more than any other. A larger group (only
    with ``cap``) is downsampled by the same draw. Groups come out in order of first appearance:
    the whole copies, then the drawn rows, each in the original order.
    """
    groups: dict[Hashable, list[SampleRow]] = defaultdict(list)
    for row in rows:
        groups[_value(row, by)].append(row)
    if not groups:
        return []
    if cap is not None and cap < 1:
        raise ValueError(f"cap must be at least 1, got {cap}")
    target = max(len(g) for g in groups.values())
    target = min(target, cap) if cap is not None else target
    out: list[SampleRow] = []
    for value, group in groups.items():
        out += _resize(group, target, random.Random(f"{seed}:{value}"))
    return out


def count_by(rows: Iterable[SampleRow], column: str) -> dict[str, int]:
    """How many rows have each value of ``column``, by value."""
    return dict(sorted(Counter(str(_value(row, column)) for row in rows).items()))


def _value(row: SampleRow, column: str) -> Hashable:
    value: Any = row.get(column)
    if value is None or not isinstance(value, Hashable):
        raise ValueError(f"cannot balance by {column!r}: expected a column of plain values such as "
                         f"task, split, source or problem_id")
    return value


def _resize(group: list[SampleRow], size: int, rng: random.Random) -> list[SampleRow]:
    """``group`` as ``size`` rows: whole copies, then a seeded draw of distinct rows, in order."""
    whole, rest = divmod(size, len(group))
    extra = sorted(rng.sample(range(len(group)), rest))
    return [row for _ in range(whole) for row in group] + [group[i] for i in extra]
