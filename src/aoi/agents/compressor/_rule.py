"""`RuleCompressor`: the deterministic, structure-aware default `Compressor`.

It cleans the text (`_text.clean`), picks a handler by format (`_detect.detect`), lets the
handler propose a summary and the lines to keep, and cuts the proposal to the budget
(`_budget.fit`). A failed command (non-zero exit, or an error text such as AIOpsLab's
``[ERROR] Command execution failed: ...``) keeps its error lines verbatim; stderr of a successful
command (kubectl warnings) is kept verbatim ahead of the details.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ._budget import fit
from ._csv import compress_csv
from ._describe import compress_describe
from ._detect import detect, looks_like_error
from ._evidence import DEFAULT_BUDGET_TOKENS, Draft, Evidence, estimate_tokens, render_parts
from ._logs import compress_lines
from ._structured import compress_structured, parse_structured
from ._table import compress_table
from ._text import clean, collapse, with_count

__all__ = ["RuleCompressor", "RuleCompressorConfig"]


class RuleCompressorConfig(BaseModel):
    """Thresholds of `RuleCompressor`; the defaults suit the AIOpsLab apps (19-30 pods per namespace)."""

    model_config = ConfigDict(frozen=True)

    keep_all_lines: int = Field(20, ge=1, description="Logs/text with at most this many distinct lines stay whole.")
    tail_lines: int = Field(5, ge=0, description="Last distinct lines kept from a longer log.")
    svc_rows: int = Field(20, ge=1, description="Service tables up to this many rows keep every column.")
    value_chars: int = Field(60, ge=8, description="Characters of a configmap value (and similar) shown.")


class RuleCompressor:
    """Deterministic `Compressor`: same input, same evidence; no model, no state between calls."""

    def __init__(self, config: RuleCompressorConfig | None = None) -> None:
        self.config = config or RuleCompressorConfig()

    def compress(
        self, command: str, stdout: str, stderr: str, exit_code: int, *, budget_tokens: int = DEFAULT_BUDGET_TOKENS
    ) -> Evidence:
        """Compress one command's result into `Evidence` of at most ``budget_tokens`` tokens."""
        out, err = clean(stdout), clean(stderr)
        draft = self._draft(command, out, err, exit_code)
        shown, summary, details, truncated = fit(command.strip(), draft, budget_tokens)
        text = render_parts(shown, summary, details)
        return Evidence(
            command=shown,
            exit_code=exit_code,
            ok=exit_code == 0 and draft.kind != "error",
            kind=draft.kind,
            summary=summary,
            details=tuple(details),
            truncated=truncated,
            tokens=estimate_tokens(text),
        )

    def _draft(self, command: str, out: str, err: str, exit_code: int) -> Draft:
        if exit_code != 0 or (not out.strip() and looks_like_error(err)):
            return self._error(f"{err.strip()}\n{out.strip()}".strip(), exit_code)
        if not out.strip():
            lines = [with_count(line, n) for line, n in collapse(err.strip().split("\n"))] if err.strip() else []
            return Draft("empty", lines[0] if lines else "(no output)", lines[1:])
        draft = self._by_format(command, out)
        if err.strip():
            draft.details[:0] = [f"stderr: {line}" for line in err.strip().split("\n")]
        return draft

    def _error(self, text: str, exit_code: int) -> Draft:
        head = f"failed (exit {exit_code})" if exit_code else "failed"
        if not text:
            return Draft("error", f"{head}, no output")
        draft = compress_lines(text, "error", keep_all=self.config.keep_all_lines, tail=self.config.tail_lines)
        lines = text.count("\n") + 1
        draft.summary = f"{head}:" if lines <= self.config.keep_all_lines else f"{head}; {draft.summary}"
        return draft

    def _by_format(self, command: str, out: str) -> Draft:
        kind = detect(command, out)
        cfg = self.config
        if kind == "error":
            return self._error(out.strip(), 0)
        if kind == "table":
            return compress_table(out, svc_rows=cfg.svc_rows)
        if kind == "describe":
            return compress_describe(out, command)
        if kind == "csv":
            return compress_csv(out)
        if kind in ("json", "yaml"):
            data = parse_structured(out, kind)
            if data is not None:
                return compress_structured(data, kind, value_chars=cfg.value_chars)
            kind = "text"
        return compress_lines(out, kind, keep_all=cfg.keep_all_lines, tail=cfg.tail_lines)
