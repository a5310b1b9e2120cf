"""Finding and loading a local Hugging Face causal LM, or a PEFT adapter on one, once per process.

`model_dir` checks a path without importing torch: a model directory holds ``config.json``; an
adapter directory holds ``adapter_config.json``, whose ``base_model_name_or_path`` names the base
(a directory, absolute or relative to the working directory or to the adapter, or a hub id that
is already in the local Hugging Face cache). `load` reads the weights with ``local_files_only``,
so nothing is ever downloaded, merges an adapter into its base (generation then runs at the
base model's speed, with no adapter layers in the way) and keeps the result for the life of the
process, per (directory, device, dtype): every role of one ``aoi run`` that names the same model
shares one copy, loaded once.
"""

from __future__ import annotations

import importlib.util
import json
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._errors import LocalModelError, MissingExtraError, ModelNotFound, one_line

__all__ = ["LoadedModel", "ModelDir", "load", "loaded_model", "model_dir"]

TRAIN_EXTRA = "pip install 'aoi[train]'"
# peft 0.21 reads transformers 5's deprecated ``is_gradient_checkpointing`` whenever it wraps a
# model; that FutureWarning is between the two libraries and tells an aoi user nothing.
PEFT_NOISE = r"`is_gradient_checkpointing` is deprecated"
_LOADED: dict[tuple[str, str, str], LoadedModel] = {}
_LOADING = threading.Lock()


@dataclass(frozen=True)
class ModelDir:
    """A checked directory: a full model (``base`` is None) or an adapter on the model ``base``."""

    path: Path
    base: str | None = None


@dataclass(frozen=True)
class LoadedModel:
    """A model ready to generate, with what the client needs to know about it."""

    model: Any  # a transformers PreTrainedModel on `device` (loaded ones in eval mode)
    tokenizer: Any
    device: str
    context: int | None  # the longest sequence the model takes, when its config says
    eos_ids: tuple[int, ...]  # tokens that end a turn
    pad_id: int
    # One generation at a time per model: `generate` is not re-entrant, and sampling seeds the
    # process-wide torch RNG (inside a fork) while it runs.
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False)


def model_dir(path: str | Path) -> ModelDir:
    """``path`` checked to be a model or adapter directory whose libraries are installed."""
    where = Path(path).expanduser()
    if not where.is_dir():
        raise ModelNotFound(f"no model directory at {path}: hf:PATH names a local Hugging Face model or adapter")
    if (where / "adapter_config.json").is_file():
        found = ModelDir(where, _adapter_base(where))
    elif (where / "config.json").is_file():
        found = ModelDir(where)
    else:
        raise ModelNotFound(
            f"{path} is not a Hugging Face model directory: it has neither config.json nor adapter_config.json"
        )
    needed = ("torch", "transformers", *(("peft",) if found.base is not None else ()))
    absent = [name for name in needed if importlib.util.find_spec(name) is None]
    if absent:
        are = "is" if len(absent) == 1 else "are"
        raise MissingExtraError(
            f"running {path} in-process needs {' and '.join(absent)}, which {are} not installed: {TRAIN_EXTRA}"
        )
    return found


def _adapter_base(adapter: Path) -> str:
    try:
        config = json.loads((adapter / "adapter_config.json").read_text(encoding="utf-8"))
        base = config["base_model_name_or_path"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelNotFound(f"{adapter}/adapter_config.json names no base model ({one_line(exc, 300)})") from None
    if not isinstance(base, str) or not base:
        raise ModelNotFound(f"{adapter}/adapter_config.json names no base model (base_model_name_or_path)")
    for candidate in (Path(base).expanduser(), adapter / base):
        if candidate.is_dir():
            return str(candidate)
    if Path(base).is_absolute():
        raise ModelNotFound(f"adapter {adapter}'s base model {base} is not a directory")
    return base  # a hub id: `load` looks for it in the local cache


def load(where: ModelDir, device: str | None = None, dtype: str | None = None) -> LoadedModel:
    """The model at ``where`` on ``device`` (default cuda when available, else cpu), loaded once.

    ``dtype`` is a torch dtype name or ``"auto"`` (the checkpoint's); the default is float32 on a
    CPU, where half precision is slow or missing, and the checkpoint's own on a GPU.
    """
    import torch

    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    dtype = dtype or ("float32" if device == "cpu" else "auto")
    key = (str(where.path.resolve()), device, dtype)
    with _LOADING:
        if key not in _LOADED:
            try:
                _LOADED[key] = _load(where, device, dtype)
            except (OSError, ValueError, KeyError, RuntimeError, TypeError, AttributeError) as exc:
                raise LocalModelError(f"cannot load {_describe(where)}: {one_line(exc, 300)}") from exc
        return _LOADED[key]


def _load(where: ModelDir, device: str, dtype: str) -> LoadedModel:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch_dtype = dtype if dtype == "auto" else getattr(torch, dtype, None)
    if not isinstance(torch_dtype, str | torch.dtype):
        raise ValueError(f"unknown dtype {dtype!r}; expected auto, float32, bfloat16 or float16")
    weights = where.base or where.path
    model = AutoModelForCausalLM.from_pretrained(weights, dtype=torch_dtype, local_files_only=True)
    if where.base is not None:
        from peft import PeftModel

        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=PEFT_NOISE, category=FutureWarning)
            model = PeftModel.from_pretrained(model, where.path, local_files_only=True).merge_and_unload()
    # An adapter saved by a trainer usually carries the tokenizer it was trained with.
    has_tokenizer = (where.path / "tokenizer_config.json").is_file()
    tokenizer = AutoTokenizer.from_pretrained(where.path if has_tokenizer else weights, local_files_only=True)
    if not tokenizer.chat_template:
        raise ValueError("its tokenizer has no chat template, so a conversation cannot be rendered")
    model.to(device).eval()
    return loaded_model(model, tokenizer, device)


def loaded_model(model: Any, tokenizer: Any, device: str) -> LoadedModel:
    """A model already in memory (e.g. one being trained) with what a client needs to know about it;
    raises ValueError when nothing names its end-of-turn token."""
    eos = model.generation_config.eos_token_id
    eos_ids = {*(eos if isinstance(eos, list) else [eos]), tokenizer.eos_token_id} - {None}
    if not eos_ids:
        raise ValueError("neither its generation config nor its tokenizer names an end-of-turn token")
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else min(eos_ids)
    context = getattr(model.config, "max_position_embeddings", None)
    return LoadedModel(model, tokenizer, device, context, tuple(sorted(eos_ids)), pad)


def _describe(where: ModelDir) -> str:
    if where.base is None:
        return f"the model at {where.path}"
    hint = "" if Path(where.base).is_dir() else " (a hub id is looked for in the local cache only)"
    return f"the adapter at {where.path} on base model {where.base}{hint}"

