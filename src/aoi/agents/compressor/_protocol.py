"""The `Compressor` contract: raw output of one command in, bounded `Evidence` out.

Implementations share no code, so this is a `Protocol`. `RuleCompressor` is the deterministic
default; an LLM compressor (as in AOI's public code, which prompts a model to copy errors verbatim
and summarise the rest) would implement the same method and must honour the same bound.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from ._evidence import DEFAULT_BUDGET_TOKENS, Evidence

__all__ = ["Compressor"]


@runtime_checkable
class Compressor(Protocol):
    """Turns one command's raw result into evidence for the Observer; stateless between calls."""

    def compress(
        self, command: str, stdout: str, stderr: str, exit_code: int, *, budget_tokens: int = DEFAULT_BUDGET_TOKENS
    ) -> Evidence:
        """Evidence whose ``render()`` is at most ``budget_tokens`` tokens (`estimate_tokens`).

        Raises ``ValueError`` when ``budget_tokens`` is below `MIN_BUDGET_TOKENS`.
        """
        ...
