"""The Compressor: raw command output in, compact evidence for the Observer out.

`RuleCompressor` recognises kubectl tables, ``describe`` output, YAML/JSON objects, logs and
telemetry CSVs, keeps what is abnormal verbatim, summarises what is healthy, and never returns
more than the token budget. See README.md in this folder for a map of the modules.

>>> ev = RuleCompressor().compress("kubectl get pod x", "", 'Error from server (NotFound): pods "x" not found', 1)
>>> print(ev.render())
$ kubectl get pod x
failed (exit 1):
  Error from server (NotFound): pods "x" not found
"""

from ._detect import looks_like_error
from ._evidence import (
    CHARS_PER_TOKEN,
    DEFAULT_BUDGET_TOKENS,
    MIN_BUDGET_TOKENS,
    Evidence,
    EvidenceKind,
    estimate_tokens,
)
from ._protocol import Compressor
from ._rule import RuleCompressor, RuleCompressorConfig

__all__ = [
    "CHARS_PER_TOKEN",
    "DEFAULT_BUDGET_TOKENS",
    "MIN_BUDGET_TOKENS",
    "Compressor",
    "Evidence",
    "EvidenceKind",
    "RuleCompressor",
    "RuleCompressorConfig",
    "estimate_tokens",
    "looks_like_error",
]
