"""`TrainConfig`: paper defaults, the shipped YAML files, dotted overrides, and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from aoi.train.config import ConfigError, TrainConfig, load_config

from .trainer_kit import CONFIGS, TINY_CONFIG

SHIPPED = sorted((CONFIGS / "train").glob("*.yaml"))


def test_defaults_are_the_papers():
    config = TrainConfig(model="m", output_dir="out")
    assert (config.lora.r, config.lora.alpha, config.lora.target_modules) == (64, 128, "all-linear")
    assert config.optim.learning_rate == 1e-5 and config.optim.num_train_epochs == 3
    assert config.optim.per_device_train_batch_size * config.optim.gradient_accumulation_steps == 16
    assert config.grpo.num_generations == 4 and config.grpo.mode == "step"
    assert config.generation.use_vllm == "auto" and config.generation.vllm_mode == "colocate"
    assert config.grpo.rewards == {"outcome": 1.0, "format": 0.1}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_config_loads(path: Path):
    config = load_config(path)
    assert config.grpo.mode == ("multiturn" if "multiturn" in path.name else "step")


def test_shipped_configs_are_the_four_documented():
    assert [p.name for p in SHIPPED] == ["grpo.yaml", "grpo_multiturn.yaml", "sft.yaml", "tiny_cpu.yaml"]
    assert (CONFIGS / "accelerate" / "multi_gpu.yaml").is_file()


def test_dotted_overrides_apply_and_none_is_skipped():
    config = load_config(TINY_CONFIG, {"model": "x/y", "optim.max_steps": 7, "grpo.mode": "multiturn",
                                       "resume": None, "multiturn.seeds": [3, 4]})
    assert (config.model, config.optim.max_steps, config.grpo.mode) == ("x/y", 7, "multiturn")
    assert config.resume is False and config.multiturn.seeds == [3, 4]
    assert config.lora.r == 8  # from the file, untouched


def test_a_config_can_come_from_overrides_alone():
    config = load_config(None, {"model": "m", "output_dir": "o"})
    assert config.output_dir == "o"


@pytest.mark.parametrize(
    ("text", "overrides", "expected"),
    [
        ("model: m\noutput_dir: o\nlora:\n  rank: 8\n", {}, "lora.rank: unknown setting"),
        ("model: m\noutput_dir: o\n", {"grpo.mode": "episodes"}, "grpo.mode: Input should be 'step' or 'multiturn'"),
        ("model: m\noutput_dir: o\ngrpo:\n  num_generations: 1\n", {}, "grpo.num_generations"),
        ("output_dir: o\n", {}, "model: Field required"),
        ("model: m\noutput_dir: o\n", {"model.name": "x"}, "cannot set model.name: model is not a section"),
        ("model: [unclosed\n", {}, "is not valid YAML (line 2)"),
        ("- a list\n", {}, "expected a mapping of settings at the top level, got list"),
        ("model: m\noutput_dir: o\ngrpo:\n  rewards: {judge: 1.0}\n", {}, 'the "judge" reward needs grpo.judge'),
        ("model: m\noutput_dir: o\ngrpo:\n  reward_options: {return: {max_iterations: 4}}\n", {},
         "grpo.reward_options names reward(s) not in grpo.rewards: return"),
    ],
)
def test_bad_config_is_one_line_naming_the_file(tmp_path: Path, text: str, overrides: dict, expected: str):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(path, overrides)
    message = str(info.value)
    assert expected in message and str(path) in message and "\n" not in message


def test_missing_file_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match="cannot read config file .*nope.yaml"):
        load_config(tmp_path / "nope.yaml")


def test_auto_settings_resolve_to_off_on_a_cpu(tmp_path: Path):
    pytest.importorskip("torch")
    import torch

    from aoi.train.arguments import common_arguments, uses_bf16, uses_vllm

    config = TrainConfig(model="m", output_dir=str(tmp_path))
    if torch.cuda.is_available():
        pytest.skip("checks the CPU resolution of the auto settings")
    assert not uses_vllm(config) and not uses_bf16(config)
    forced = TrainConfig(model="m", output_dir="o", generation={"use_vllm": True}, optim={"bf16": True})
    assert uses_vllm(forced) and uses_bf16(forced)
    arguments = common_arguments(config)
    assert arguments["model_init_kwargs"] == {"dtype": "float32"}
    assert arguments["activation_checkpointing"] is True and arguments["report_to"] == "none"


def test_an_adapter_is_not_loaded_by_name(tmp_path: Path):
    pytest.importorskip("torch")
    from aoi.train.arguments import common_arguments

    (tmp_path / "adapter_config.json").write_text("{}")
    assert common_arguments(TrainConfig(model=str(tmp_path), output_dir="o"))["model_init_kwargs"] is None


def test_trl_rejects_a_batch_without_whole_groups_as_a_config_error(tmp_path: Path):
    pytest.importorskip("trl")
    from trl import GRPOConfig

    from aoi.train.arguments import trainer_config

    config = load_config(TINY_CONFIG, {"output_dir": str(tmp_path), "optim.per_device_train_batch_size": 3})
    with pytest.raises(ConfigError, match="GRPOConfig: generation_batch_size .*3.* divisible by num_generations"):
        trainer_config(GRPOConfig, config, num_generations=config.grpo.num_generations)


def test_grpo_sampling_settings_reach_trl(tmp_path: Path):
    pytest.importorskip("trl")
    from trl import GRPOConfig

    from aoi.train.arguments import trainer_config
    from aoi.train.grpo import _grpo_arguments

    config = load_config(TINY_CONFIG, {"output_dir": str(tmp_path), "grpo.temperature": 1.0, "grpo.top_p": 1.0,
                                       "grpo.min_p": 0.1})  # fmt: skip
    args = trainer_config(GRPOConfig, config, **_grpo_arguments(config))
    assert (args.temperature, args.top_p, args.min_p) == (1.0, 1.0, 0.1)
    with pytest.raises(ConfigError, match="min_p"):
        load_config(TINY_CONFIG, {"output_dir": str(tmp_path), "grpo.min_p": 1.5})


@pytest.mark.parametrize("model", ["./no/such/dir", "/no/such/dir", "a/b/c"])
def test_a_missing_model_directory_is_a_config_error(model: str):
    pytest.importorskip("peft")
    from aoi.train.config import LoraSettings
    from aoi.train.policy import load_policy

    with pytest.raises(ConfigError, match="no such directory"):
        load_policy(model, LoraSettings(), bf16=False)


def test_a_folder_without_a_model_is_a_config_error(tmp_path: Path):
    pytest.importorskip("peft")
    from aoi.train.config import LoraSettings
    from aoi.train.policy import load_policy

    with pytest.raises(ConfigError, match="not a model directory"):
        load_policy(str(tmp_path), LoraSettings(), bf16=False)
