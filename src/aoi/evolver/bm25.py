"""A small Okapi BM25 over tokenised text, for guidance retrieval (no external dependency).

>>> index = BM25([["crashloopbackoff", "geo"], ["targetport", "9999"]])
>>> [round(s, 3) for s in index.scores(["targetport"])]
[0, 0.693]
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

__all__ = ["BM25", "tokenize"]

_WORD = re.compile(r"[a-z0-9]+")
#: Placeholders and words every kubectl listing has; they say nothing about a symptom.
_STOP = frozenset({"target", "namespace", "the", "and", "of", "to", "in", "a", "is", "n", "kubectl", "get"})


def tokenize(text: str) -> list[str]:
    """Lower-case alphanumeric words of two characters or more, stop words dropped."""
    return [w for w in _WORD.findall(text.lower()) if len(w) > 1 and w not in _STOP]


class BM25:
    """Scores a query against a fixed corpus of token lists (k1 = 1.5, b = 0.75, the usual values)."""

    def __init__(self, corpus: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.docs = [Counter(doc) for doc in corpus]
        self.lengths = [len(doc) for doc in corpus]
        self.avg = (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0
        df = Counter(word for doc in self.docs for word in doc)
        n = len(self.docs)
        # The "+1" inside the log keeps idf positive for words in more than half the documents.
        self.idf = {word: math.log(1 + (n - f + 0.5) / (f + 0.5)) for word, f in df.items()}

    def scores(self, query: Sequence[str]) -> list[float]:
        """One score per document, in corpus order (0 for no shared word)."""
        words = set(query)
        out = []
        for doc, length in zip(self.docs, self.lengths, strict=True):
            norm = self.k1 * (1 - self.b + self.b * length / self.avg) if self.avg else self.k1
            out.append(sum(self.idf[w] * doc[w] * (self.k1 + 1) / (doc[w] + norm) for w in words if w in doc))
        return out
