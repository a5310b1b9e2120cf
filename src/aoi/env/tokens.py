"""A deterministic, offline stand-in for AIOpsLab's tiktoken counts (``in_tokens``/``out_tokens``).

AIOpsLab counts with tiktoken's ``gpt-3.5-turbo`` encoding (cl100k_base). tiktoken downloads its
vocabulary at run time, which an offline twin cannot do, so AOI approximates it. The text is
split roughly as cl100k's pre-tokenizer splits it, and each piece is priced by its class:

* a word (letters, with at most one leading space): one token per six characters, rounded up
  (common English words are single tokens; identifiers such as ``reservation`` cost two);
* a digit group of up to three digits: one token;
* a punctuation run: one token per three characters;
* a whitespace run (alignment padding in kubectl tables): one token per eight characters.

This is an estimate, not a tokenizer; it is stable across machines and versions, which matters
more for comparing runs than matching tiktoken to the token.
"""

from __future__ import annotations

import re

__all__ = ["approx_tokens"]

_PIECES = re.compile(
    r"(?P<word> ?[^\W\d_]+)"
    r"|(?P<digits>\d{1,3})"
    r"|(?P<punct> ?[^\s\w]+)"
    r"|(?P<space>\s+)"
    r"|(?P<other>_+)",
)
_CHARS_PER_TOKEN = {"word": 6, "digits": 3, "punct": 3, "space": 8, "other": 3}


def approx_tokens(text: str) -> int:
    """Approximate number of cl100k tokens in ``text`` (0 for the empty string)."""
    total = 0
    for match in _PIECES.finditer(text):
        per_token = _CHARS_PER_TOKEN[match.lastgroup or "other"]
        total += -(-len(match.group()) // per_token)
    return total
