"""The Probe: read-only commands, gated in code, and the raw results they produce.

The Probe is handed one thing: a runner that only runs reads (`gate`). It classifies every
command with `aoi.safety.classify` itself as well, so a write or a denied command is refused
twice over and never reaches the cluster; the refusal is an observation
(``refused: <verdict>: <reason>``) the Observer reads like any other evidence.

Raw results never go to the Observer: `compress_result` turns each one into `Evidence` first.

    probe = Probe(gate(run, Verdict.READ))
    results = probe.run(ProbeRequest(goal="pods", commands=("kubectl get pods -n ns",)))
    evidence = [compress_result(RuleCompressor(), r) for r in results]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aoi.safety import Verdict, classify

from .compressor import DEFAULT_BUDGET_TOKENS, Compressor, Evidence
from .contracts import ProbeRequest

__all__ = [
    "MAX_PROBE_COMMANDS",
    "REFUSED_EXIT_CODE",
    "Planner",
    "Probe",
    "RawOutput",
    "RawResult",
    "Runner",
    "compress_result",
    "gate",
    "refused",
]

# A request may ask for at most this many commands; the rest are refused, not silently dropped.
# The public code allows "up to 3 probe rounds per Observer iteration" (aoi-paper.md §3.2); a
# round here is one command, and a few more keep one iteration's survey in one request.
MAX_PROBE_COMMANDS = 6
# The exit status a refused command is reported with (the shell's "cannot execute").
REFUSED_EXIT_CODE = 126


@dataclass(frozen=True)
class RawOutput:
    """What one command printed, as the backend answered it."""

    stdout: str
    stderr: str = ""
    exit_code: int = 0


Runner = Callable[[str], RawOutput]
"""Runs one shell command on the cluster and returns its raw output. Must not raise for a
failing command: a failure is a non-zero ``exit_code`` with the message in ``stderr``."""

Planner = Callable[[ProbeRequest], list[str]]
"""Turns a request that names only a goal into concrete commands (an LLM Probe supplies one)."""


@dataclass(frozen=True)
class RawResult:
    """One command, the safety verdict on it, and its raw output (None when it was refused)."""

    command: str
    verdict: Verdict
    reason: str
    output: RawOutput | None
    refusal: str | None = None  # why it did not run, when it did not

    @property
    def ran(self) -> bool:
        return self.output is not None

    @property
    def text(self) -> str:
        """The raw text for the record: stdout and stderr, or the refusal."""
        if self.output is None:
            return self.refusal or ""
        return self.output.stdout + self.output.stderr


def refused(command: str, verdict: Verdict, reason: str) -> RawResult:
    """A result for a command that was not run, with the observation ``refused: verdict: reason``."""
    return RawResult(command, verdict, reason, None, f"refused: {verdict.value}: {reason}")


def gate(run: Runner, *allowed: Verdict) -> Runner:
    """``run`` restricted to commands whose verdict is in ``allowed``; anything else answers a
    refusal (exit `REFUSED_EXIT_CODE`) and never reaches ``run``."""
    if not allowed:
        raise ValueError("gate() needs at least one allowed verdict, e.g. gate(run, Verdict.READ)")

    def gated(command: str) -> RawOutput:
        verdict = classify(command)
        if verdict.verdict not in allowed:
            return RawOutput("", f"refused: {verdict.verdict.value}: {verdict.reason}", REFUSED_EXIT_CODE)
        return run(command)

    return gated


class Probe:
    """Runs the read-only commands of a `ProbeRequest`; refuses everything else.

    ``run_read`` should itself be gated (`gate(run, Verdict.READ)`): the Probe's own check is
    the first line, the runner's the second. ``planner`` turns a goal-only request into
    commands; without one such a request is answered with a note, not an error.
    """

    def __init__(self, run_read: Runner, *, planner: Planner | None = None, max_commands: int = MAX_PROBE_COMMANDS):
        self._run_read = run_read
        self._planner = planner
        self.max_commands = max_commands

    def run(self, request: ProbeRequest) -> list[RawResult]:
        """One `RawResult` per command, in order; only ``read`` commands were executed."""
        commands = list(request.commands) or (self._planner(request) if self._planner else [])
        if not commands:
            reason = "the request names no commands and this Probe has no planner"
            return [refused(f"# {request.goal}", Verdict.READ, reason)]
        results = []
        for i, command in enumerate(commands):
            if i >= self.max_commands:
                results.append(refused(command, Verdict.READ, f"at most {self.max_commands} commands per request"))
                continue
            verdict = classify(command)
            if verdict.verdict is not Verdict.READ:
                results.append(refused(command, verdict.verdict, verdict.reason))
                continue
            results.append(RawResult(command, verdict.verdict, verdict.reason, self._run_read(command)))
        return results


def compress_result(
    compressor: Compressor, result: RawResult, budget_tokens: int = DEFAULT_BUDGET_TOKENS
) -> Evidence:
    """The `Evidence` the Observer may see for one result (a refusal reads as a failed command)."""
    if result.output is None:
        return compressor.compress(result.command, "", result.refusal or "refused", REFUSED_EXIT_CODE,
                                   budget_tokens=budget_tokens)
    out = result.output
    return compressor.compress(result.command, out.stdout, out.stderr, out.exit_code, budget_tokens=budget_tokens)
