"""`HuggingFaceClient`: a local Hugging Face causal LM (or a PEFT adapter on one) as a `ChatClient`.

For trained checkpoints, run in this process: no server, nothing downloaded. The path is checked
when the client is made (`ModelNotFound`, `MissingExtraError`); the weights load at the first
call and are shared by every client of the same path in the process (see `_hf_load`).

One call renders the conversation with the tokenizer's chat template (``add_generation_prompt``),
generates greedily at temperature 0 or samples otherwise, and ends the reply at the model's
end-of-turn token, at a ``stop`` string, or, with ``stop_on_json``, right after the first
complete JSON object or array (see `_stops`). Each sampled call seeds torch from the client's
own seeded stream inside a forked RNG, so the same seed and calls give the same replies and the
process's RNG is left as it was. Token counts are the tokenizer's, never estimates. A prompt as
long as the model's context is a one-line `PromptTooLong`, raised before torch sees it.

torch, transformers and peft are imported inside the methods only: ``import aoi.llm`` never
needs them.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ._errors import LLMRequestError, PromptTooLong, one_line
from ._hf_load import LoadedModel, load, loaded_model, model_dir
from ._stops import ReplyEnd, strip_empty_think
from ._types import ChatCompletion, ChatMessage, ClosesOnExit

__all__ = ["HuggingFaceClient"]

_IN_MEMORY: Any = object()  # the path of a client made by `HuggingFaceClient.in_memory`


class HuggingFaceClient(ClosesOnExit):
    """A `ChatClient` running the model or adapter directory ``path`` in this process.

    ``device``: "cpu", "cuda", "cuda:1", ... (default cuda when available, else cpu).
    ``dtype``: a torch dtype name or "auto" (default float32 on a CPU, the checkpoint's on a GPU).
    ``seed``: starts the stream that seeds each sampled call.
    ``max_context``: the longest prompt plus reply, in tokens (default the model config's
    ``max_position_embeddings``).
    ``stop_on_json``: end each reply after its first complete JSON object or array, for callers
    that ask for exactly one (the LLM Observer's roles do).
    ``top_p``, ``min_p``: sampled calls draw from the nucleus of mass ``top_p`` and leave out tokens
    less likely than ``min_p`` times the likeliest one (default: neither); greedy calls ignore them.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        device: str | None = None,
        dtype: str | None = None,
        seed: int = 0,
        max_context: int | None = None,
        stop_on_json: bool = False,
        top_p: float | None = None,
        min_p: float | None = None,
    ) -> None:
        for name, value in (("top_p", top_p), ("min_p", min_p)):
            if value is not None and not 0 < value <= 1:
                raise ValueError(f"{name} must lie in (0, 1], got {value}")
        self.where = model_dir(path) if path is not _IN_MEMORY else None
        self.model = str(path)
        self.device, self.dtype = device, dtype
        self.max_context, self.stop_on_json = max_context, stop_on_json
        self._seeds = random.Random(seed)
        self._truncation = {name: value for name, value in (("top_p", top_p), ("min_p", min_p)) if value is not None}
        self._in_memory: LoadedModel | None = None

    @classmethod
    def in_memory(cls, model: Any, tokenizer: Any, *, name: str = "in-memory", **options: Any) -> HuggingFaceClient:
        """A client of a model already in memory, such as the one a trainer is updating: each reply
        comes from its weights as they are then. ``options`` as for the constructor (not ``device``
        or ``dtype``: the model's own are used). A model in training mode generates in eval mode
        (no dropout) and is put back."""
        client = cls(_IN_MEMORY, **options)
        client.model = name
        client._in_memory = loaded_model(model, tokenizer, str(model.device))
        return client

    def load(self) -> LoadedModel:
        """The loaded model (loaded now if no client of this process has loaded it yet)."""
        if self._in_memory is not None:
            return self._in_memory
        assert self.where is not None
        return load(self.where, self.device, self.dtype)

    def close(self) -> None:
        """Nothing to release: the loaded model stays cached for the process's other clients."""


    def complete(
        self,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int,
        temperature: float,
        stop: Sequence[str] | None = None,
    ) -> ChatCompletion:
        loaded = self.load()
        context = self.max_context or loaded.context
        prompt = self._prompt(loaded, messages, context)
        budget = max_tokens if context is None else min(max_tokens, context - prompt.shape[1])
        started = time.monotonic()
        with loaded.lock:
            ids = self._generate(loaded, prompt, budget, temperature, self._reply_end(stop))
        latency = time.monotonic() - started
        ended_turn = bool(ids) and ids[-1] in loaded.eos_ids
        text = loaded.tokenizer.decode(ids[:-1] if ended_turn else ids, skip_special_tokens=True)
        # Cut the whole reply afresh: the rule generation stopped on, applied once to the final text.
        end = self._reply_end(stop).feed(text)
        return ChatCompletion(
            text=strip_empty_think(text if end is None else text[:end]),
            tokens_in=prompt.shape[1],
            tokens_out=len(ids),
            model=self.model,
            latency_s=latency,
            estimated=False,
            finish_reason="stop" if ended_turn or end is not None else "length",
        )

    def _reply_end(self, stop: Sequence[str] | None) -> ReplyEnd:
        return ReplyEnd(stop or (), json_value=self.stop_on_json)

    def _prompt(self, loaded: LoadedModel, messages: Sequence[ChatMessage], context: int | None) -> Any:
        """The conversation as a (1, n) tensor of token ids on the model's device, n < ``context``."""
        from jinja2 import TemplateError

        wire = [{"role": m.role, "content": m.content} for m in messages]
        try:
            encoded = loaded.tokenizer.apply_chat_template(
                wire, add_generation_prompt=True, return_tensors="pt", return_dict=True
            )
        except (TemplateError, ValueError) as exc:  # templates reject e.g. a conversation without a user turn
            raise LLMRequestError(
                f"{self.model}: its chat template rejected the conversation: {one_line(exc)}"
            ) from exc
        ids = encoded["input_ids"]
        if context is not None and ids.shape[1] >= context:
            raise PromptTooLong(
                f"{self.model}: the prompt is {ids.shape[1]} tokens and the model's context is {context}; "
                "shorten the conversation (a smaller context budget) or use a model with a longer context"
            )
        return ids.to(loaded.device)

    def _generate(
        self, loaded: LoadedModel, prompt: Any, budget: int, temperature: float, end: ReplyEnd
    ) -> list[int]:
        """The new token ids, up to and including the one that ended the reply."""
        import torch
        from transformers import StoppingCriteriaList

        start = prompt.shape[1]

        def reply_ended(input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            text = loaded.tokenizer.decode(input_ids[0, start:], skip_special_tokens=True)
            done = end.feed(text) is not None
            return torch.full((input_ids.shape[0],), done, dtype=torch.bool, device=input_ids.device)

        options: dict[str, Any] = {
            "attention_mask": torch.ones_like(prompt),
            "max_new_tokens": budget,
            "eos_token_id": list(loaded.eos_ids),
            "pad_token_id": loaded.pad_id,
        }
        if end.watching:  # decoding after every token costs time; only when there is something to find
            options["stopping_criteria"] = StoppingCriteriaList([reply_ended])
        with _eval_mode(loaded.model):
            if temperature <= 0:
                with torch.inference_mode():
                    return loaded.model.generate(prompt, do_sample=False, **options)[0, start:].tolist()
            device = torch.device(loaded.device)
            index = torch.cuda.current_device() if device.type == "cuda" and device.index is None else device.index
            with torch.random.fork_rng(devices=[] if device.type != "cuda" else [index]), torch.inference_mode():
                torch.manual_seed(self._seeds.getrandbits(63))
                out = loaded.model.generate(prompt, do_sample=True, temperature=temperature, **self._truncation,
                                            **options)  # fmt: skip
            return out[0, start:].tolist()


@contextmanager
def _eval_mode(model: Any) -> Iterator[None]:
    """``model`` in eval mode (no dropout) for the block, then back in the mode it was in."""
    training = model.training
    model.eval()
    try:
        yield
    finally:
        model.train(training)
