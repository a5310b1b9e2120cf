"""In-process generation speed: a tiny random Qwen3 (`aoi.train.tiny`) answering LLM Observer prompts.

Run: ``.venv/bin/python benchmarks/hf_generation.py [--tokens N] [--repeats R] [--threads T] [--json]``.
Builds the tiny model in a temporary folder from the Observer's own prompts on one problem,
then asks `aoi.llm.HuggingFaceClient` for ``--tokens`` new tokens per call (the model is random,
so it rarely ends its turn early) with an Observer prompt, greedy and sampled. Figures are the
median over ``--repeats`` calls of completion tokens per second of the call's latency, which
includes the prompt's prefill; ``prompt_tokens`` says how long that prompt is. Needs the train
extra. On a shared CPU, ``--threads 1`` avoids torch's threads waiting on one another.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time

PROBLEM = "k8s_target_port-misconfig-detection-1"


def measure(tokens: int = 128, repeats: int = 5, threads: int | None = None) -> dict:
    """Build the model, time the calls, return the figures."""
    import torch

    from aoi.llm import ChatMessage, HuggingFaceClient
    from aoi.train.tiny import build_tiny_model, observer_corpus

    if threads:
        torch.set_num_threads(threads)
    texts = observer_corpus([PROBLEM])
    messages = [ChatMessage(role="system", content=texts[0]), ChatMessage(role="user", content=texts[1])]
    with tempfile.TemporaryDirectory(prefix="aoi-hf-") as folder:
        path = build_tiny_model(folder, texts)
        client = HuggingFaceClient(path)
        start = time.perf_counter()
        client.load()
        load_s = time.perf_counter() - start
        figures: dict = {"threads": torch.get_num_threads(), "load_s": round(load_s, 3)}
        for name, temperature in (("greedy", 0.0), ("sampled", 0.7)):
            replies = [client.complete(messages, max_tokens=tokens, temperature=temperature) for _ in range(repeats)]
            figures["prompt_tokens"] = replies[0].tokens_in
            figures[f"{name}_tokens"] = replies[0].tokens_out
            figures[f"{name}_tokens_per_s"] = round(statistics.median(r.tokens_out / r.latency_s for r in replies), 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=128, help="new tokens per call")
    parser.add_argument("--repeats", type=int, default=5, help="calls per setting (the median is reported)")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: torch's own)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    figures = measure(args.tokens, args.repeats, args.threads)
    if args.json:
        print(json.dumps(figures))
        return
    for key, value in figures.items():
        print(f"{key:>22}: {value}")


if __name__ == "__main__":
    main()
