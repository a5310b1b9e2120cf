"""The OpenTelemetry demo's feature flags (chart 0.40.x ``flagd/demo.flagd.json``), every one off.

AIOpsLab's flag faults set ``flags.<flag>.defaultVariant`` in ConfigMap ``flagd-config`` key
``demo.flagd.json`` and restart flagd; `flag_variant` reads the value a restarted flagd serves.
"""

from __future__ import annotations

import json

# flag -> (description, variants in the file's order)
FLAGS: dict[str, tuple[str, dict[str, object]]] = {
    "llmInaccurateResponse": ("LLM returns an inaccurate product summary for product ID L9ECAV7KIM",
                              {"off": False, "on": True}),
    "llmRateLimitError": ("LLM intermittently returns a rate limit error", {"off": False, "on": True}),
    "productCatalogFailure": ("Fail product catalog service on a specific product", {"on": True, "off": False}),
    "recommendationCacheFailure": ("Fail recommendation service cache", {"on": True, "off": False}),
    "adManualGc": ("Triggers full manual garbage collections in the ad service", {"on": True, "off": False}),
    "adHighCpu": ("Triggers high cpu load in the ad service", {"on": True, "off": False}),
    "adFailure": ("Fail ad service", {"on": True, "off": False}),
    "kafkaQueueProblems": ("Overloads Kafka queue while simultaneously introducing a consumer side delay "
                           "leading to a lag spike", {"on": 100, "off": 0}),
    "cartFailure": ("Fail cart service", {"on": True, "off": False}),
    "paymentFailure": ("Fail payment service charge requests n%",
                       {"100%": 1, "90%": 0.95, "75%": 0.75, "50%": 0.5, "25%": 0.25, "10%": 0.1, "off": 0}),
    "paymentUnreachable": ("Payment service is unavailable", {"on": True, "off": False}),
    "loadGeneratorFloodHomepage": ("Flood the frontend with a large amount of requests.", {"on": 100, "off": 0}),
    "imageSlowLoad": ("slow loading images in the frontend", {"10sec": 10000, "5sec": 5000, "off": 0}),
    "failedReadinessProbe": ("readiness probe failure for cart service", {"on": True, "off": False}),
    "emailMemoryLeak": ("Memory leak in the email service.",
                        {"off": 0, "1x": 1, "10x": 10, "100x": 100, "1000x": 1000, "10000x": 10000}),
}


def flagd_document() -> dict:
    return {
        "$schema": "https://flagd.dev/schema/v0/flags.json",
        "flags": {
            name: {"description": description, "state": "ENABLED", "variants": dict(variants),
                   "defaultVariant": "off"}
            for name, (description, variants) in FLAGS.items()
        },
    }


def flagd_json() -> str:
    return json.dumps(flagd_document(), indent=2) + "\n"


def flag_variant(configmap: dict | None, flag: str) -> str:
    """The defaultVariant of ``flag`` in a flagd-config ConfigMap; "off" when absent or unreadable."""
    if configmap is None:
        return "off"
    try:
        document = json.loads((configmap.get("data") or {}).get("demo.flagd.json", ""))
        return str(document["flags"][flag]["defaultVariant"])
    except (ValueError, KeyError, TypeError):
        return "off"
