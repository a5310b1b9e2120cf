"""A recorded trajectory read back as the Observer's decisions, each with the commands it caused.

The `Recorder` writes steps flat (``aoi/agents/recording.py``): one ``observer`` step per
decision (input: the rendered context; output: the decision JSON, or nothing and an ``error``
when the decision was invalid), then the ``probe``/``executor`` steps of the commands it caused
(each followed by its ``compressor`` step), an ``executor`` step closing an order (metadata
``status``), and for a submit an ``observer`` step whose ``command`` is the ``submit(...)`` call
(metadata ``submit``). `decisions` groups them back: a step belongs to the decision before it.

Which actions a decision's prefix holds (the replay rule). The runtime sends every command
through `Episode.act`, which ticks the twin's clock once and then runs the action, exactly as
`aoi.env.replay.run_actions` does, so the state before a decision is rebuilt by replaying, on a
fresh episode of the same problem, seed and noise, every action that reached the environment
before it, in order:

* a probe or executor command whose step has no ``error`` reached the environment, whether it
  succeeded or failed (a failure still took a step and a tick); one with an ``error`` was refused
  before it (the safety gate, the Probe's command limit, the Executor's checks) and is no action;
* a ``submit(...)`` reached it too: one that does not end the episode (a wrong arity) still
  took a step and stored its solution;
* a rolled-back order is the exception: `TwinBackend.restore` puts the whole cluster back, clock
  included, to the checkpoint taken just before the order's first write, so that write and every
  action after it in the order (the other writes, the verify reads) are undone and left out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from aoi.agents.compressor import looks_like_error
from aoi.agents.contracts import ObserverDecision
from aoi.env import exec_shell_action
from aoi.trajectories import Role, Step, Trajectory

__all__ = ["Command", "Decision", "decisions", "prefix_actions"]

# How the Executor words a rollback that restored a checkpoint (`Executor._undo`); without a
# checkpoint its reason says "no checkpoint to roll back to" and nothing was undone.
_RESTORED = "rolled back to the checkpoint"


@dataclass(frozen=True)
class Command:
    """One command a decision caused: a probe read, an executor read or write, or the submit."""

    role: Literal["probe", "executor", "submit"]
    command: str
    verdict: str | None
    ran: bool  # it reached the environment
    raw: str  # what came back (the refusal when it did not run)
    undone: bool = False  # a rollback restored the state from before it

    @property
    def action(self) -> str:
        """The AIOpsLab action that ran it (``submit(...)`` is recorded as its action already)."""
        return self.command if self.role == "submit" else exec_shell_action(self.command)

    @property
    def replayed(self) -> bool:
        """Part of the state: it ran and was not undone (module docstring)."""
        return self.ran and not self.undone

    @property
    def failed(self) -> bool:
        """It did not run, or it answered an error (kubectl's, NotFound included, or a shell's)."""
        return not self.ran or looks_like_error(self.raw)


@dataclass(frozen=True)
class Decision:
    """One Observer iteration: what it saw, what it decided, and the commands that followed."""

    step: Step  # the observer step: ``input`` is the rendered context
    iteration: int
    decision: ObserverDecision | None  # None when the reply was invalid
    commands: tuple[Command, ...] = ()
    order_status: str | None = None  # how an order ended: applied, refused, rolled-back, ...

    @property
    def error(self) -> str | None:
        return self.step.error


def decisions(trajectory: Trajectory) -> list[Decision]:
    """The trajectory's decisions in order, each with its commands (module docstring)."""
    out: list[Decision] = []
    for step in trajectory.steps:
        if step.role is Role.OBSERVER and not step.metadata.get("submit"):
            decision = ObserverDecision.model_validate_json(step.output) if step.output else None
            out.append(Decision(step, int(step.metadata.get("iteration", len(out) + 1)), decision))
        elif out:
            out[-1] = _attach(out[-1], step)
    return out


def prefix_actions(timeline: list[Decision], upto: int) -> list[str]:
    """The actions that built the state ``timeline[upto]`` was decided in, in order."""
    return [c.action for d in timeline[:upto] for c in d.commands if c.replayed]


def _attach(decision: Decision, step: Step) -> Decision:
    """``decision`` with ``step`` (one of the steps it caused) taken into account."""
    if step.role is Role.OBSERVER and step.command:  # the submit call
        command = Command("submit", step.command, None, ran=True, raw=step.observation or "")
        return replace(decision, commands=(*decision.commands, command))
    if step.role in (Role.PROBE, Role.EXECUTOR) and step.command is not None:
        role: Literal["probe", "executor"] = "probe" if step.role is Role.PROBE else "executor"
        command = Command(role, step.command, step.verdict, ran=step.error is None, raw=step.observation or "")
        return replace(decision, commands=(*decision.commands, command))
    if step.role is Role.EXECUTOR and "status" in step.metadata:  # the order's outcome
        status = str(step.metadata["status"])
        restored = status == "rolled-back" and _RESTORED in step.output
        return replace(decision, commands=_undo(decision.commands) if restored else decision.commands,
                       order_status=status)
    return decision  # compressor steps: the Observer's view of the commands, not state


def _undo(commands: tuple[Command, ...]) -> tuple[Command, ...]:
    """Mark the order's first write that ran, and every executor command after it, as undone."""
    writes = (i for i, c in enumerate(commands) if c.role == "executor" and c.verdict == "write" and c.ran)
    first = next(writes, None)
    if first is None:
        return commands
    undone = (replace(c, undone=True) if c.role == "executor" else c for c in commands[first:])
    return (*commands[:first], *undone)
