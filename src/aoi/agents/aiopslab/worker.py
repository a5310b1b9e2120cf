"""`RuntimeWorker`: one AIOpsLab episode of the AOI runtime, on its own thread, behind a bridge.

`respond` is one orchestrator turn. The first starts a thread that runs `run_problem` against an
`aoi.env.aiopslab.BridgeBackend`; each later turn delivers the orchestrator's observation to it;
every turn then waits (at most ``action_timeout_s``) for the runtime's next action and returns it:

    turn 1   "Please take the next action"  -> start the thread      -> exec_shell("kubectl get pods ...")
    turn 2   "<pods table>\\nPlease take..."  -> deliver the pods table -> exec_shell("kubectl logs ...")
    ...
    turn n   "<last output>\\nPlease take..."  -> runtime submits       -> submit('Yes')

The runtime's submit does not go through the backend (the inner `Episode` answers it and ends),
so the thread listens for the accepted `SubmitStep` and sends that action itself when
`run_problem` returns. When the runtime raises, ends without a submission, or cannot start,
the thread sends `fallbacks.no_answer` instead; when the runtime was cut short by the
orchestrator (`EpisodeEnded`), it sends nothing. Either way it then marks the bridge finished,
so any later turn gets `fallbacks.no_op`.

Shutdown is deterministic: `close` closes the bridge, which makes the thread's current or next
wait raise `EpisodeEnded`, and joins it for up to ``close_timeout_s`` (a thread inside an LLM
call ends when the call returns; it is a daemon, so it never holds the process open).
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import Any

from aoi.env import fence
from aoi.env.aiopslab import (
    BridgeBackend,
    EpisodeEnded,
    TaskInfo,
    UnrecognizedTask,
    read_observation,
    read_task,
    read_task_type,
)
from aoi.problems import TaskType

from ..observer import close_observer
from ..recording import Event, SubmitStep
from ..registry import build_observer
from ..runtime import RunResult, run_problem
from .config import AdapterConfig
from .fallbacks import no_answer, no_op

__all__ = ["RuntimeWorker"]

log = logging.getLogger(__name__)


class RuntimeWorker:
    """One episode: the prompts read, the bridge, the runtime thread and what it produced."""

    def __init__(self, config: AdapterConfig, problem_desc: Any, instructions: Any, apis: Any) -> None:
        self.config = config
        self.bridge = BridgeBackend(max_steps=config.max_steps, observation_timeout_s=config.observation_timeout_s)
        self.responses: list[str] = []  # everything `respond` returned, in order
        self.result: RunResult | None = None  # the inner run (its verdict is a stand-in's; AIOpsLab scores)
        self.error: str | None = None
        self.task: TaskInfo | None = None
        self.task_type: TaskType | None = None
        try:
            self.task = read_task(problem_desc, instructions, apis)
            self.task_type = self.task.task
        except UnrecognizedTask as exc:
            self.error = f"cannot run this problem: {exc}"
            self.task_type = read_task_type(problem_desc, instructions, apis)
        self._submit: str | None = None
        self._gave_up = False
        self._thread: threading.Thread | None = None

    # ---------------------------------------------------------------- turns
    def respond(self, raw_input: object) -> str:
        """One orchestrator turn: read its input, return exactly one action (module docstring)."""
        response = self._turn(raw_input)
        self.responses.append(response)
        return response

    def _turn(self, raw_input: object) -> str:
        observation = read_observation(raw_input)
        if observation.malformed:
            log.warning("AIOpsLab adapter: odd get_action input (%s); read as an observation", observation.malformed)
        if self.task is None or self.bridge.closed:
            return self._give_up(self.error or "the episode was closed")
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=f"aoi-aiopslab-{self.task.namespace}",
                                            daemon=True)  # fmt: skip
            self._thread.start()
        else:
            self.bridge.deliver(observation)
        try:
            action = self.bridge.next_action(timeout=self.config.action_timeout_s)
        except queue.Empty:
            self.error = f"the AOI runtime gave no action within {self.config.action_timeout_s:g} s"
            self.close(wait=False)
            return self._give_up(self.error)
        return action if action is not None else no_op("the AOI run is over")

    def _give_up(self, reason: str) -> str:
        """The final no-answer submit the first time (if the task type is known), a no-op after."""
        if self._gave_up or self.task_type is None:
            return no_op(reason)
        self._gave_up = True
        return no_answer(self.task_type, reason)

    # --------------------------------------------------------------- thread
    def _run(self) -> None:
        assert self.task is not None
        final: str | None = None
        try:
            observer = build_observer(self.config.agent, model=self.config.model, base_url=self.config.base_url,
                                      agent_options=self.config.agent_options, seed=self.config.seed)
            try:
                self.result = run_problem(
                    self.task.problem(), observer, backend=self.bridge, seed=self.config.seed,
                    max_iterations=self.config.max_iterations, approval=self.config.approval,
                    agent=self.config.label, model=self.config.model, on_event=self._watch,
                )  # fmt: skip
            finally:
                close_observer(observer)
            final = self._submit or no_answer(self.task.task, f"no submission: {self.result.end_reason}")
        except EpisodeEnded as ended:
            log.info("AIOpsLab adapter: the runtime stopped: %s", ended)
        except Exception as exc:  # noqa: BLE001 - any failure becomes the episode's final answer
            log.exception("AIOpsLab adapter: the AOI runtime failed")
            self.error = f"AOI agent error: {type(exc).__name__}: {exc}"
            final = no_answer(self.task.task, self.error)
        finally:
            if final is not None:
                self.bridge.emit_final(final)
            self.bridge.finish()

    def _watch(self, event: Event) -> None:
        if isinstance(event, SubmitStep) and event.submitted:
            self._submit = fence(event.action)

    # ------------------------------------------------------------ lifecycle
    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def close(self, *, wait: bool = True) -> None:
        """Stop the runtime thread (module docstring); safe to call more than once, from any thread."""
        self.bridge.close()
        thread = self._thread
        if wait and thread is not None and thread is not threading.current_thread():
            thread.join(self.config.close_timeout_s)
