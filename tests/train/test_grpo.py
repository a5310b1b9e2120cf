"""`train_grpo` on the tiny model: step-level with reward functions, from an SFT adapter, and
multi-turn in the twin with a scripted generator (the only thing scripted: tools, gates and the
oracle are real)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aoi.agents.contracts import ObserverDecision
from aoi.train.config import ConfigError
from aoi.train.environment import TwinEnvironment

from .trainer_kit import PEFT_READS_DEPRECATED, decision_dataset, lora_weights, tiny_config

pytestmark = PEFT_READS_DEPRECATED
pytest.importorskip("trl", reason="the training tests need the train extra: pip install 'aoi[train]'")

DETECTION = "k8s_target_port-misconfig-detection-1"


def summary_of(out: Path) -> dict[str, Any]:
    return json.loads((out / "train_summary.json").read_text())


def test_step_level_grpo_trains_with_a_reward_function(tiny_model_dir: Path, tmp_path: Path):
    from aoi.train.grpo import train_grpo

    seen: list[dict[str, Any]] = []

    def brevity(completions: list, **columns: Any) -> list[float]:
        seen.append(columns)
        return [1.0 / (1 + len(c[0]["content"])) for c in completions]

    config = tiny_config(tiny_model_dir, tmp_path / "grpo", **{"optim.max_steps": 2})
    out = train_grpo(config, decision_dataset(), reward_funcs=[brevity])
    summary = summary_of(out)
    assert summary["mode"] == "grpo-step" and summary["steps"] == 2
    assert [p["step"] for p in summary["reward"]] == [1, 2]
    # The sample columns reach the rewards (the outcome reward replays prefix_actions on the twin).
    assert {"problem_id", "seed", "noise", "reference", "prefix_actions", "task"} <= set(seen[0])
    assert any(t.abs().sum() > 0 for name, t in lora_weights(out).items() if "lora_B" in name)


def test_the_configured_rewards_score_the_decisions(tiny_model_dir: Path, tmp_path: Path):
    from aoi.train.grpo import train_grpo

    config = tiny_config(tiny_model_dir, tmp_path / "grpo", **{"optim.max_steps": 1,
                                                                "grpo.rewards": {"format": 1.0, "outcome": 0.5}})
    summary = summary_of(train_grpo(config, decision_dataset()))
    assert summary["steps"] == 1 and len(summary["reward"]) == 1


def test_the_return_reward_continues_with_the_starting_model(tiny_model_dir: Path, tmp_path: Path):
    from aoi.train.grpo import _configured_rewards

    config = tiny_config(tiny_model_dir, tmp_path / "grpo", **{"grpo.rewards": {"return": 1.0, "format": 0.1},
                                                                "grpo.reward_options": {"return": {"max_iterations": 4}}})
    (episode_return, _), weights, helpers = _configured_rewards(config)
    assert episode_return.policy == f"hf:{tiny_model_dir}" and episode_return.max_iterations == 4
    assert weights == [1.0, 0.1] and helpers == []
    bad = tiny_config(tiny_model_dir, tmp_path / "grpo", **{"grpo.rewards": {"return": 1.0},
                                                             "grpo.reward_options": {"return": {"budget": 4}}})
    with pytest.raises(ConfigError, match="grpo.reward_options"):
        _configured_rewards(bad)


def test_the_return_reward_can_continue_with_the_model_being_trained(tiny_model_dir: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch):
    from aoi.train.grpo import train_grpo
    from aoi.train.live_policy import LivePolicy

    continued: list[tuple[bool, int]] = []  # (on the trainer's model?, the policy's version) per episode
    build = LivePolicy.__call__

    def recording(self: LivePolicy, seed: int) -> Any:
        continued.append((self._model is not None, self.version))
        return build(self, seed)

    monkeypatch.setattr(LivePolicy, "__call__", recording)
    # The tiny model writes no valid decision; read each as a survey probe, so its episode goes on.
    survey = ObserverDecision.model_validate({
        "phase": "survey", "hypothesis": "h", "confidence": 10, "next_action": "probe", "summary": "s",
        "probe": {"goal": "survey", "commands": ["kubectl get pods -n test-social-network"]}})  # fmt: skip
    monkeypatch.setattr("aoi.train.rewards._return.decision_of", lambda text, row: survey)
    config = tiny_config(tiny_model_dir, tmp_path / "grpo", **{
        "optim.max_steps": 2, "grpo.rewards": {"return": 1.0},
        "grpo.reward_options": {"return": {"policy": "live", "max_iterations": 2, "max_tokens": 16}}})  # fmt: skip
    summary = summary_of(train_grpo(config, decision_dataset()))
    assert summary["steps"] == 2 and len(summary["reward"]) == 2
    # Every episode was finished by the trainer's model, and each step's by its weights of that step.
    assert continued and all(live for live, _ in continued)
    assert sorted({version for _, version in continued}) == [1, 2]


def test_grpo_continues_an_sft_adapter(tiny_model_dir: Path, tmp_path: Path):
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from aoi.train.grpo import train_grpo

    warm = tmp_path / "sft"
    base = AutoModelForCausalLM.from_pretrained(str(tiny_model_dir))
    get_peft_model(base, LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"])).save_pretrained(warm)
    AutoTokenizer.from_pretrained(str(tiny_model_dir)).save_pretrained(warm)

    def length(completions: list, **columns: Any) -> list[float]:
        return [float(len(c[0]["content"])) for c in completions]

    out = train_grpo(tiny_config(warm, tmp_path / "grpo", **{"optim.max_steps": 1}), decision_dataset(),
                     reward_funcs=[length])
    adapter = json.loads((out / "adapter_config.json").read_text())
    assert adapter["r"] == 4 and adapter["base_model_name_or_path"] == str(tiny_model_dir)  # the same adapter, on
    assert set(lora_weights(out)) == set(lora_weights(warm))


# One rollout, turn by turn: a read, a write (refused: detection), the submit, then a closing turn.
SCRIPT = (
    '<tool_call>\n{"name": "exec_shell", "arguments": {"command": "kubectl get pods -n test-social-network"}}\n</tool_call>',
    '<tool_call>\n{"name": "exec_shell", "arguments": {"command": "kubectl delete pod --all -n test-social-network"}}\n</tool_call>',
    '<tool_call>\n{"name": "submit", "arguments": {"answer": "Yes"}}\n</tool_call>',
    "The service has an anomaly.",
)


class RecordingEnvironment(TwinEnvironment):
    """The real environment, remembering its instances and what exec_shell answered."""

    made: list[RecordingEnvironment] = []

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.answers: list[str] = []
        RecordingEnvironment.made.append(self)

    def exec_shell(self, command: str) -> str:
        answer = super().exec_shell(command)
        self.answers.append(answer)
        return answer

    exec_shell.__doc__ = TwinEnvironment.exec_shell.__doc__


def scripted_generator(tokenizer: Any):
    """A stand-in for GRPOTrainer._generate_single_turn: the next turn of SCRIPT for each prompt,
    chosen by how many tool responses the prompt already holds."""
    end = tokenizer.convert_tokens_to_ids("<|im_end|>")
    response = tokenizer.convert_tokens_to_ids("<tool_response>")

    def generate(trainer: Any, prompt_ids: list, *args: Any, **kwargs: Any) -> tuple[list, None]:
        turns = [SCRIPT[min(ids.count(response), len(SCRIPT) - 1)] for ids in prompt_ids]
        return [tokenizer(text, add_special_tokens=False)["input_ids"] + [end] for text in turns], None

    return generate


def test_multiturn_grpo_rolls_out_episodes_through_the_gates(tiny_model_dir: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch):
    from transformers import AutoTokenizer
    from trl import GRPOTrainer

    import aoi.train.grpo as grpo

    monkeypatch.setattr(GRPOTrainer, "_generate_single_turn",
                        scripted_generator(AutoTokenizer.from_pretrained(str(tiny_model_dir))))
    monkeypatch.setattr(grpo, "TwinEnvironment", RecordingEnvironment)
    RecordingEnvironment.made.clear()
    config = tiny_config(tiny_model_dir, tmp_path / "mt", **{
        "grpo.mode": "multiturn", "optim.max_steps": 1, "grpo.max_completion_length": 2048,
        "multiturn.problems": [DETECTION], "multiturn.seeds": [0, 1], "multiturn.max_turns": 4,
    })  # fmt: skip
    summary = summary_of(grpo.train_grpo(config))
    assert summary["mode"] == "grpo-multiturn" and summary["reward"][0]["reward"] == 1.0  # the oracle: "Yes" is right
    rolled = [env for env in RecordingEnvironment.made if env.episode is not None]
    assert rolled, "no environment was reset"
    for env in rolled:
        assert "user-service" in env.answers[0]
        assert env.answers[1].startswith("refused: write: only mitigation tasks may change the cluster")
        assert env.episode.steps == 2 and env.episode.solution == "Yes"  # the refused write never ran


def test_too_few_episodes_for_one_batch_is_a_config_error(tiny_model_dir: Path, tmp_path: Path):
    from aoi.train.config import ConfigError
    from aoi.train.grpo import train_grpo

    config = tiny_config(tiny_model_dir, tmp_path, **{"grpo.mode": "multiturn", "multiturn.problems": [DETECTION]})
    with pytest.raises(ConfigError, match="1 row\\(s\\), but one generation batch takes 2 prompts"):
        train_grpo(config)


def test_screening_keeps_only_the_prompts_whose_samples_disagree(tiny_model_dir: Path, tmp_path: Path):
    from aoi.train.grpo import train_grpo

    from .trainer_kit import decision_rows

    target = decision_rows()[0]["iteration"]
    trained: list[int] = []

    def spread_at_target(completions: list, **columns: Any) -> list[float]:
        trained.extend(columns["iteration"])  # screening calls too; the first len(rows) * group are its calls
        return [float(len(c[0]["content"])) if it == target else 0.0
                for c, it in zip(completions, columns["iteration"], strict=True)]  # fmt: skip

    config = tiny_config(tiny_model_dir, tmp_path / "grpo", **{"optim.max_steps": 1, "grpo.screen": True})
    rows = decision_dataset(copies=4)
    summary = summary_of(train_grpo(config, rows, reward_funcs=[spread_at_target]))
    screened_calls = len(rows) * config.grpo.num_generations
    assert sorted(set(trained[:screened_calls])) == sorted({r["iteration"] for r in decision_rows()})
    assert set(trained[screened_calls:]) == {target} and summary["steps"] == 1


def test_screening_that_keeps_nothing_is_a_config_error(tiny_model_dir: Path, tmp_path: Path):
    from aoi.train.grpo import train_grpo

    config = tiny_config(tiny_model_dir, tmp_path / "grpo", **{"optim.max_steps": 1, "grpo.screen": True})
    with pytest.raises(ConfigError, match="grpo.screen: all 4 prompts gave"):
        train_grpo(config, decision_dataset(), reward_funcs=[lambda completions, **_: [0.0] * len(completions)])
