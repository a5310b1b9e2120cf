"""The queue-backed backend: one parsable action per call, answers delivered back, and every way it ends."""

from __future__ import annotations

import queue
import threading
import time

import pytest

from aoi.env import Backend, Episode, parse_action
from aoi.env.aiopslab import BridgeBackend, EpisodeEnded, OrchestratorRefused, read_observation
from aoi.env.episode import next_input
from aoi.env.errors import ResponseParsingError
from aoi.env.parser import FORMAT_ERROR
from aoi.problems import get_problem


class Worker:
    """Runs one bridge call on a thread and keeps what it returned or raised."""

    def __init__(self, call) -> None:
        self.outcome: object = None
        self.thread = threading.Thread(target=self._run, args=(call,), daemon=True)
        self.thread.start()

    def _run(self, call) -> None:
        try:
            self.outcome = call()
        except BaseException as exc:  # noqa: BLE001 - the test inspects it
            self.outcome = exc

    def result(self) -> object:
        self.thread.join(5)
        assert not self.thread.is_alive()
        return self.outcome


def test_the_bridge_is_a_backend():
    assert isinstance(BridgeBackend(), Backend)


@pytest.mark.parametrize(("call", "api", "args"), [
    (lambda b: b.exec_shell('kubectl get pods -n x -o jsonpath="{.items[*]}"'), "exec_shell",
     ['kubectl get pods -n x -o jsonpath="{.items[*]}"']),
    (lambda b: b.get_logs("test-social-network", "user-service"), "get_logs", ["test-social-network", "user-service"]),
    (lambda b: b.get_metrics("astronomy-shop", 5), "get_metrics", ["astronomy-shop", 5]),
    (lambda b: b.read_metrics("metrics_output/a b.csv"), "read_metrics", ["metrics_output/a b.csv"]),
    (lambda b: b.get_traces("astronomy-shop", 10), "get_traces", ["astronomy-shop", 10]),
    (lambda b: b.read_traces("trace_output/t.csv"), "read_traces", ["trace_output/t.csv"]),
])
def test_each_call_is_one_fenced_action_and_returns_the_answer(call, api, args):
    bridge = BridgeBackend()
    worker = Worker(lambda: call(bridge))
    action = bridge.next_action(timeout=5)
    parsed = parse_action(action)
    assert (parsed.api, parsed.args, parsed.kwargs) == (api, args, {})
    bridge.deliver(read_observation(next_input("the answer")))
    assert worker.result() == "the answer"
    assert bridge.actions == [action]


def test_the_last_action_of_a_known_budget_ends_the_worker_without_waiting():
    bridge = BridgeBackend(max_steps=2, observation_timeout_s=60)
    first = Worker(lambda: bridge.exec_shell("a"))
    bridge.next_action(timeout=5)
    bridge.deliver(read_observation(next_input("A")))
    assert first.result() == "A"
    started = time.monotonic()
    with pytest.raises(EpisodeEnded, match="the orchestrator's last"):
        bridge.exec_shell("b")
    assert time.monotonic() - started < 1
    assert bridge.next_action(timeout=1).endswith('exec_shell("b")\n```')
    assert bridge.remaining == 0 and not bridge.emit_final("```\nsubmit()\n```")


def test_close_wakes_a_waiting_worker_and_every_later_call():
    bridge = BridgeBackend(observation_timeout_s=60)
    worker = Worker(lambda: bridge.exec_shell("a"))
    bridge.next_action(timeout=5)
    bridge.close()
    assert isinstance(worker.result(), EpisodeEnded)
    with pytest.raises(EpisodeEnded, match="closed"):
        bridge.exec_shell("b")
    assert bridge.next_action(timeout=1) is None and bridge.next_action(timeout=1) is None
    assert not bridge.emit_final("```\nsubmit()\n```")


def test_no_observation_in_time_ends_the_worker():
    bridge = BridgeBackend(observation_timeout_s=0.05)
    with pytest.raises(EpisodeEnded, match="no observation within 0.05 s"):
        bridge.exec_shell("a")


def test_a_refusal_reaches_the_episode_as_a_failed_action():
    bridge = BridgeBackend()
    episode = Episode(get_problem("k8s_target_port-misconfig-detection-1"), bridge, max_steps=5)
    episode.reset()
    worker = Worker(lambda: episode.act('```\nexec_shell("ls")\n```'))
    bridge.next_action(timeout=5)
    refusal = str(ResponseParsingError(FORMAT_ERROR))
    bridge.deliver(read_observation(next_input(refusal)))
    turn = worker.result()
    assert turn.error == refusal and turn.observation == refusal
    assert isinstance(OrchestratorRefused(refusal), Exception)


def test_finish_ends_the_action_stream_and_the_reader_is_empty():
    bridge = BridgeBackend()
    assert bridge.emit_final("```\nsubmit()\n```")
    bridge.finish()
    assert bridge.next_action(timeout=1) == "```\nsubmit()\n```"
    assert bridge.next_action(timeout=1) is None
    with pytest.raises(queue.Empty):
        BridgeBackend().next_action(timeout=0.01)
    assert bridge.reader().list("Pod") == []
