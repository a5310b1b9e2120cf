"""`Evidence`: what the Observer reads instead of raw output, and the token estimate that bounds it.

Tokens are estimated at 4 characters per token, the estimate AOI's public Compressor uses
("Token estimate is 4 chars/token", aoi-paper.md §3.2 [public code]). It is conservative for
kubectl tables, whose alignment padding real tokenizers merge, and exact to compute in characters,
which is what lets the compressor guarantee its bound: ``tokens <= budget`` iff
``len(render()) <= 4 * budget``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CHARS_PER_TOKEN",
    "DEFAULT_BUDGET_TOKENS",
    "MIN_BUDGET_TOKENS",
    "Draft",
    "Evidence",
    "EvidenceKind",
    "estimate_tokens",
]

CHARS_PER_TOKEN = 4
# A default per command; the Observer's whole context is 4,096 tokens per iteration
# ("context is 4,096 tokens per iteration", aoi-paper.md §3.1), so a few pieces of evidence fit.
DEFAULT_BUDGET_TOKENS = 600
# Below this the command line and a one-line summary no longer fit in any useful form.
MIN_BUDGET_TOKENS = 32

EvidenceKind = Literal["table", "describe", "yaml", "json", "logs", "csv", "error", "text", "empty"]


def estimate_tokens(text: str) -> int:
    """Approximate token count of ``text``: 4 characters per token, rounded up."""
    return -(-len(text) // CHARS_PER_TOKEN)


class Evidence(BaseModel):
    """Compact, bounded evidence of one command's result; `render` is what the Observer sees."""

    model_config = ConfigDict(frozen=True)

    command: str = Field(description="The command as shown to the Observer (shortened if very long).")
    exit_code: int = Field(description="The command's exit status.")
    ok: bool = Field(description="True when the command succeeded and printed no error.")
    kind: EvidenceKind = Field(description="The format the compressor recognised.")
    summary: str = Field(description="One or a few lines that stand for the whole output.")
    details: tuple[str, ...] = Field(
        default=(), description="Lines kept verbatim: abnormal rows, error lines, warning events."
    )
    truncated: bool = Field(default=False, description="True when the budget forced lines to be cut.")
    tokens: int = Field(description="Estimated tokens of `render()` (see `estimate_tokens`).")

    def render(self) -> str:
        """The compact text: ``$ command``, the summary, then the details indented by two spaces."""
        return render_parts(self.command, self.summary, self.details)


def render_parts(command: str, summary: str, details: tuple[str, ...] | list[str]) -> str:
    """The text `Evidence.render` produces, for parts not yet in an `Evidence`."""
    lines = [f"$ {command}", summary, *(f"  {line}" for line in details)]
    return "\n".join(lines)


@dataclass
class Draft:
    """What a format handler proposes before the budget is applied."""

    kind: EvidenceKind
    summary: str
    details: list[str] = field(default_factory=list)
