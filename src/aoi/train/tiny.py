"""Tiny causal language models built from a config and local text: nothing is downloaded.

Tests, benchmarks and first-time users need a real Hugging Face model directory to train and
serve, on a CPU, in seconds. `build_tiny_model` makes one: a byte-level BPE tokenizer trained on
the given texts (so every string round-trips, and JSON decisions tokenize into few pieces: merges
may cross word boundaries, as in SentencePiece, so a tiny model writes a decision in about thirty
tokens instead of a hundred and fifty), the
Qwen3 instruct chat template that TRL ships (TRL recognises it, which is what its tool-calling
GRPO needs to parse ``<tool_call>`` blocks), and a randomly initialised ``Qwen3ForCausalLM`` of a
few hundred thousand parameters. The directory loads with ``AutoModelForCausalLM`` and
``AutoTokenizer`` like any other checkpoint, so every code path that takes ``--model`` takes it.

`observer_corpus` gives the texts that matter: the LLM Observer's prompts for the contexts the
runbook meets on the twin, with its decisions, so the vocabulary covers what the model will read
and write. Needs the ``train`` extra (``pip install 'aoi[train]'``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

__all__ = ["SPECIAL_TOKENS", "TinySpec", "build_tiny_model", "chat_template", "observer_corpus"]

# ChatML markers used by the Qwen3 template, plus the tool-calling tags TRL parses.
SPECIAL_TOKENS = (
    "<|endoftext|>", "<|im_start|>", "<|im_end|>",
    "<tool_call>", "</tool_call>", "<tool_response>", "</tool_response>",
    "<think>", "</think>",
)  # fmt: skip


class TinySpec:
    """The architecture of a tiny model; the defaults train at hundreds of tokens a second on a CPU.

    ``cross_word_merges`` lets the tokenizer learn pieces that span words and punctuation (up to
    ``max_token_chars`` characters), which is what makes a tiny model's decisions short; turn it
    off for a GPT-2 style, word-bounded vocabulary.
    """

    def __init__(self, *, vocab_size: int = 4096, hidden_size: int = 64, layers: int = 2, heads: int = 4,
                 kv_heads: int = 2, intermediate_size: int = 192, max_positions: int = 8192,
                 cross_word_merges: bool = True, max_token_chars: int = 24) -> None:
        if hidden_size % heads:
            raise ValueError(f"hidden_size {hidden_size} must be a multiple of heads {heads}")
        if heads % kv_heads:
            raise ValueError(f"heads {heads} must be a multiple of kv_heads {kv_heads}")
        self.vocab_size, self.hidden_size, self.layers = vocab_size, hidden_size, layers
        self.heads, self.kv_heads, self.intermediate_size = heads, kv_heads, intermediate_size
        self.max_positions = max_positions
        self.cross_word_merges, self.max_token_chars = cross_word_merges, max_token_chars


def chat_template() -> str:
    """Qwen3's instruct chat template, read from the installed TRL (which recognises it by text)."""
    try:
        folder = resources.files("trl").joinpath("chat_templates")
    except ModuleNotFoundError:
        from aoi.trajectories import MissingExtraError

        raise MissingExtraError("a tiny model needs TRL's chat templates: pip install 'aoi[train]'") from None
    return folder.joinpath("qwen3_instruct_2507.jinja").read_text(encoding="utf-8")


def _tokenizer(texts: Iterable[str], spec: TinySpec):  # -> PreTrainedTokenizerFast
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    core = Tokenizer(models.BPE())
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=not spec.cross_word_merges)
    core.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=spec.vocab_size, special_tokens=list(SPECIAL_TOKENS), show_progress=False,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        max_token_length=spec.max_token_chars if spec.cross_word_merges else None,
    )  # fmt: skip
    core.train_from_iterator(texts, trainer=trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=core, eos_token="<|im_end|>", pad_token="<|endoftext|>",
        additional_special_tokens=list(SPECIAL_TOKENS[3:]),
    )  # fmt: skip
    tokenizer.chat_template = chat_template()
    tokenizer.padding_side = "left"  # generation and TRL's GRPO pad prompts on the left
    return tokenizer


def build_tiny_model(out_dir: Path | str, texts: Iterable[str], *, spec: TinySpec | None = None,
                     seed: int = 0) -> Path:
    """Write a tokenizer trained on ``texts`` and a randomly initialised tiny Qwen3 to ``out_dir``.

    The same texts, spec and seed give the same files. Returns the directory.
    """
    import torch
    from transformers import AutoModelForCausalLM, GenerationConfig, Qwen3Config

    spec = spec or TinySpec()
    texts = list(texts)
    if not texts:
        raise ValueError("a tiny model's tokenizer needs at least one text to learn from")
    tokenizer = _tokenizer(texts, spec)
    config = Qwen3Config(
        vocab_size=len(tokenizer), hidden_size=spec.hidden_size, intermediate_size=spec.intermediate_size,
        num_hidden_layers=spec.layers, num_attention_heads=spec.heads, num_key_value_heads=spec.kv_heads,
        head_dim=spec.hidden_size // spec.heads, max_position_embeddings=spec.max_positions,
        tie_word_embeddings=True, bos_token_id=None,
        eos_token_id=tokenizer.convert_tokens_to_ids("<|im_end|>"), pad_token_id=tokenizer.pad_token_id,
    )  # fmt: skip
    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(config)
    model.generation_config = GenerationConfig(
        eos_token_id=config.eos_token_id, pad_token_id=config.pad_token_id, do_sample=False,
    )  # fmt: skip
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    return out


def observer_corpus(problem_ids: Sequence[str] | None = None, *, seeds: Sequence[int] = (0,)) -> list[str]:
    """The LLM Observer's messages and the runbook's decisions over ``problem_ids`` (default: all 89).

    Runs the built-in runbook on the twin (about 60 ms a problem) and renders each decision's
    context exactly as the LLM Observer would send it.
    """
    from aoi.agents.contracts import ObserverDecision
    from aoi.agents.registry import run_agent
    from aoi.problems import all_problems

    ids = list(problem_ids) if problem_ids is not None else [p.id for p in all_problems()]
    texts: list[str] = []
    for problem_id in ids:
        for seed in seeds:
            events: list = []
            run_agent("runbook", problem_id, seed=seed, on_event=events.append)
            texts += _observer_texts(events, ObserverDecision)
    return texts


def _observer_texts(events: list, decision_type: type) -> list[str]:
    from aoi.agents.llm_observer import LLMObserver
    from aoi.llm import ScriptedChatClient

    renderer = LLMObserver(ScriptedChatClient([]))
    texts = []
    for event in events:
        context, decision = getattr(event, "context", None), getattr(event, "decision", None)
        if context is None or not isinstance(decision, decision_type):
            continue
        texts += [m.content for m in renderer.messages(context)]
        texts.append(decision.model_dump_json(exclude_none=True))
    return texts
