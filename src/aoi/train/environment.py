"""`TwinEnvironment`: the cluster twin as a TRL GRPO environment, AIOpsLab's APIs as its tools.

TRL's ``GRPOTrainer(environment_factory=...)`` makes one instance per rollout, calls
``reset(**row)`` with the dataset row, offers the instance's public methods to the model as tools
(their type hints and Google-style docstrings become the tool schema), runs the calls the model
makes, and scores the finished rollout with ``get_reward()``. Here:

* ``reset`` starts the row's problem (``problem_id``, ``seed``, ``noise``) on a fresh twin
  `Episode` whose step budget is ``max_actions`` tool calls;
* the tools are AIOpsLab's seven APIs, sent through the episode exactly as AIOpsLab's
  orchestrator would run them (its observations, error texts and submit semantics), but behind
  AOI's gates: a shell command runs only when `aoi.safety` rates it a read (the Probe's gate), or,
  on a mitigation task only, a write that the Executor's whitelist admits (`check_write`);
  anything else is answered with a ``refused: ...`` text and never reaches the cluster. A tool
  never raises for what a model may send: a refusal, a malformed argument or a call after the
  episode ended is an observation;
* ``get_reward`` is the problem's oracle: 1.0 when the episode succeeded, else 0.0; a mitigation
  must also pass AOI's strict verdict (the oracle's blind spots closed). An episode that never
  submitted is scored like one whose step budget ran out.

This is deliberately stricter than AIOpsLab, where ``exec_shell`` runs anything: the policy
trained here should never learn that a write during diagnosis pays.
"""

from __future__ import annotations

from typing import Any

from aoi.agents.executor import check_write
from aoi.agents.probe import RawOutput, gate
from aoi.agents.runtime import submit_action
from aoi.env import Episode, TwinBackend, exec_shell_action, fence
from aoi.problems import Problem, TaskType, get_problem
from aoi.safety import Verdict, classify

__all__ = ["DEFAULT_MAX_ACTIONS", "TwinEnvironment"]

DEFAULT_MAX_ACTIONS = 20


class TwinEnvironment:
    """One problem attempt on the twin, driven by tool calls; see the module docstring."""

    def __init__(self, max_actions: int = DEFAULT_MAX_ACTIONS) -> None:
        if max_actions < 1:
            raise ValueError(f"max_actions must be at least 1, got {max_actions}")
        self.max_actions = max_actions
        self.problem: Problem | None = None
        self.episode: Episode | None = None

    # -------------------------------------------------------------- TRL hooks
    def reset(self, *, problem_id: str, seed: int = 0, noise: str = "realistic", **row: Any) -> str | None:
        """Start ``problem_id`` on a fresh twin; return its task description unless the row's prompt has it.

        TRL appends what this returns to the row's last user message, so a row built by
        `aoi.train.multiturn_data` (whose prompt already holds the description) gets None.
        """
        self.problem = get_problem(problem_id)
        self.episode = Episode(self.problem, TwinBackend(noise=noise), max_steps=self.max_actions, seed=int(seed))
        description, _, _ = self.episode.reset()
        return None if _told(row.get("prompt"), description) else description

    def get_reward(self) -> float:
        """The oracle's verdict on the episode: 1.0 for a success (strict for mitigation), else 0.0."""
        episode = self._started()
        if not episode.done:
            episode.close()  # scored with whatever was submitted, as when the step budget runs out
        evaluation = episode.evaluation
        assert evaluation is not None  # set by close() or by the submit that ended the episode
        strict = self._problem().task is not TaskType.MITIGATION or evaluation.strict.success
        return 1.0 if evaluation.success and strict else 0.0

    # ------------------------------------------------------------------ tools
    def exec_shell(self, command: str) -> str:
        """Run one shell command (kubectl and common tools) in the cluster and return its output.

        Read-only commands run; on a mitigation task, repairs that the Executor's whitelist
        allows run too. Any other command is refused without running.

        Args:
            command: The command line, e.g. "kubectl get pods -n test-social-network".

        Returns:
            What the command printed, or why it was refused.
        """
        command = str(command)
        refusal = self._write_refusal(command)
        if refusal is not None:
            return refusal
        allowed = (Verdict.READ, Verdict.WRITE) if self._may_write() else (Verdict.READ,)
        output = gate(self._shell, *allowed)(command)
        return output.stdout + output.stderr

    def get_logs(self, namespace: str, service: str) -> str:
        """Fetch the recent logs of a service's pod.

        Args:
            namespace: The namespace the service runs in.
            service: The service's name.

        Returns:
            The log lines, or an error text.
        """
        return self._act(f"get_logs({str(namespace)!r}, {str(service)!r})")

    def get_metrics(self, namespace: str, duration: int = 5) -> str:
        """Export the namespace's Prometheus metrics to CSV files.

        Args:
            namespace: The namespace to collect metrics for.
            duration: How many minutes back from now to collect.

        Returns:
            The directory the metric files were written to.
        """
        return self._act(f"get_metrics({str(namespace)!r}, {_int(duration)})")

    def read_metrics(self, file_path: str) -> str:
        """Read one metrics CSV file written by get_metrics.

        Args:
            file_path: The path of the CSV file.

        Returns:
            The file's table.
        """
        return self._act(f"read_metrics({str(file_path)!r})")

    def get_traces(self, namespace: str, duration: int = 5) -> str:
        """Export the namespace's Jaeger traces to a CSV file.

        Args:
            namespace: The namespace to collect traces for.
            duration: How many minutes back from now to collect.

        Returns:
            The directory the trace file was written to.
        """
        return self._act(f"get_traces({str(namespace)!r}, {_int(duration)})")

    def read_traces(self, file_path: str) -> str:
        """Read one traces CSV file written by get_traces.

        Args:
            file_path: The path of the CSV file.

        Returns:
            The file's table.
        """
        return self._act(f"read_traces({str(file_path)!r})")

    def submit(self, answer: str | list[str] | dict[str, str] | None = None) -> str:
        """Submit the final answer; this ends the episode.

        Args:
            answer: Detection: "Yes" or "No". Localization: the list of faulty service names.
                Analysis: {"system_level": ..., "fault_type": ...}. Mitigation: leave it out.

        Returns:
            The environment's acknowledgement, or why the submission was not accepted.
        """
        return self._act(submit_action(answer))

    # ---------------------------------------------------------------- helpers
    def _started(self) -> Episode:
        if self.episode is None:
            raise RuntimeError("TwinEnvironment: call reset(problem_id=...) before using it")
        return self.episode

    def _problem(self) -> Problem:
        if self.problem is None:
            raise RuntimeError("TwinEnvironment: call reset(problem_id=...) before using it")
        return self.problem

    def _may_write(self) -> bool:
        return self._problem().task is TaskType.MITIGATION

    def _write_refusal(self, command: str) -> str | None:
        """Why a write may not run here (None for reads, which the gate handles, and admitted writes)."""
        verdict = classify(command).verdict
        if verdict is not Verdict.WRITE:
            return None
        if not self._may_write():
            task = self._problem().task.value
            return f"refused: write: only mitigation tasks may change the cluster; this is a {task} task"
        why = check_write(command, self._problem().namespace)
        return None if why is None else f"refused: write: {why}"

    def _shell(self, command: str) -> RawOutput:
        return RawOutput(self._act(exec_shell_action(command)))

    def _act(self, action: str) -> str:
        """Send one AIOpsLab action through the episode and return the observation."""
        episode = self._started()
        if episode.done:
            return "The episode is over (submitted, or its step budget is spent); nothing ran."
        return episode.step(fence(action))


def _told(prompt: Any, description: str) -> bool:
    """Whether the last message of a conversational ``prompt`` already holds ``description``."""
    if not isinstance(prompt, list) or not prompt or not isinstance(prompt[-1], dict):
        return False
    return description.strip() in str(prompt[-1].get("content", ""))


def _int(value: Any) -> int | str:
    """``value`` as an int when it is one; otherwise its repr, for the episode to answer as AIOpsLab does."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return repr(value)
