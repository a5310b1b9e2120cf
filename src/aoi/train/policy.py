"""The model a run trains: a base model with a fresh LoRA adapter, or an adapter that goes on training.

`load_policy` accepts any Hugging Face causal-LM directory or hub id: the trainer loads it by
name (TRL places it on the devices, in the precision `model_init_kwargs` gives) and wraps it with a new
adapter built from `LoraSettings`. It also accepts a PEFT adapter directory, such as the output
of ``aoi train sft`` (the warm start for GRPO): the base named in its ``adapter_config.json`` is
loaded, the adapter is attached *trainable*, and training continues that adapter instead of
stacking a second one on it. The tokenizer comes from the adapter directory when it holds one
(the trainers save it there), else from the base.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import ConfigError, LoraSettings

__all__ = ["Policy", "is_adapter_dir", "load_policy", "lora_config", "model_init_kwargs"]


@dataclass(frozen=True)
class Policy:
    """What a trainer is handed: the model (a name to load or a loaded `PeftModel`), its tokenizer,
    and the adapter to create (None when an existing adapter continues)."""

    model: Any
    tokenizer: Any
    peft_config: Any | None


def is_adapter_dir(path: Path | str) -> bool:
    """Whether ``path`` is a PEFT adapter directory (it has ``adapter_config.json``)."""
    return (Path(path) / "adapter_config.json").is_file()


def model_init_kwargs(model: str, *, bf16: bool) -> dict[str, Any] | None:
    """How the trainer loads ``model`` by name (None for an adapter, which `load_policy` loads itself).

    Weights load in the training precision: fp32 weights of a 14B model would not fit one GPU.
    """
    return None if is_adapter_dir(model) else {"dtype": "bfloat16" if bf16 else "float32"}


def lora_config(settings: LoraSettings) -> Any:  # -> peft.LoraConfig
    """The PEFT `LoraConfig` for ``settings``, for a causal language model."""
    from peft import LoraConfig

    return LoraConfig(
        r=settings.r, lora_alpha=settings.alpha, lora_dropout=settings.dropout,
        target_modules=settings.target_modules, task_type="CAUSAL_LM",
    )  # fmt: skip


def load_policy(model: str, lora: LoraSettings, *, bf16: bool, padding_side: str = "right") -> Policy:
    """The policy for ``model`` (see the module docstring); ``padding_side`` is "left" for GRPO.

    With ``lora.enabled`` false a model directory is trained whole (no adapter); an adapter
    directory always goes on training its adapter.
    """
    _check_exists(model)
    if not is_adapter_dir(model):
        return Policy(model, _tokenizer(model, padding_side), lora_config(lora) if lora.enabled else None)
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    base = _adapter_base(model)
    loaded = AutoModelForCausalLM.from_pretrained(base, dtype=torch.bfloat16 if bf16 else torch.float32)
    peft_model = PeftModel.from_pretrained(loaded, model, is_trainable=True)
    source = model if (Path(model) / "tokenizer_config.json").is_file() else base
    return Policy(peft_model, _tokenizer(source, padding_side), None)


def _tokenizer(source: str, padding_side: str) -> Any:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(source)
    tokenizer.padding_side = padding_side
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def _adapter_base(adapter: str) -> str:
    config_file = Path(adapter) / "adapter_config.json"
    try:
        base = json.loads(config_file.read_text(encoding="utf-8")).get("base_model_name_or_path")
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read {config_file}: {exc}") from None
    if not base:
        raise ConfigError(f"{config_file} names no base_model_name_or_path; cannot load the adapter's base")
    beside = Path(adapter) / base  # a relative base may be relative to the adapter rather than to here
    if not Path(base).expanduser().exists() and beside.exists():
        return str(beside)
    _check_exists(base)
    return str(base)


def _check_exists(model: str) -> None:
    """A path-like name must exist; anything else is taken for a hub id and left to transformers."""
    path = Path(model).expanduser()
    if path.exists():
        if not path.is_dir() or not ((path / "config.json").is_file() or is_adapter_dir(path)):
            raise ConfigError(f"model {model!r} is not a model directory (no config.json or adapter_config.json)")
        return
    if model.startswith((".", "/", "~")) or model.count("/") > 1:
        raise ConfigError(f"model {model!r}: no such directory (and not a hub id such as org/name)")
