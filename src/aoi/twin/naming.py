"""Generated names and addresses: pod-template hashes, pod suffixes, uids, cluster IPs.

Kubernetes derives the pod-template-hash from the template itself (so it is the same on every
cluster) and draws pod suffixes and uids at random; the twin draws from the cluster's seeded RNG.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid

from .clock import EPOCH

# The alphabet of k8s.io/apimachinery's rand.String: no vowels, no confusable digits.
_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


def template_hash(template: dict) -> str:
    """A stable 10-character pod-template-hash for a pod template (its null creation time aside)."""
    meta = template.get("metadata")
    if meta and "creationTimestamp" in meta:
        template = {**template, "metadata": {k: v for k, v in meta.items() if k != "creationTimestamp"}}
    digest = hashlib.sha1(json.dumps(template, sort_keys=True).encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(10):
        number, index = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[index])
    return "".join(chars)


def random_suffix(rng: random.Random, length: int = 5) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(length))


def stable_suffix(seed: str, length: int = 5) -> str:
    """A ``rand.String``-looking suffix derived from ``seed`` (no draw from the cluster's RNG)."""
    number = int.from_bytes(hashlib.sha1(seed.encode()).digest()[:8], "big")
    chars = []
    for _ in range(length):
        number, index = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[index])
    return "".join(chars)


def new_uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


_EPOCH_NS = int(EPOCH.timestamp()) * 10**9


def event_suffix(rng: random.Random, now: float, previous_ns: int) -> tuple[str, int]:
    """The suffix of an Event's name, and its Unix time in nanoseconds.

    client-go's recorder names an Event ``<object>.<%x of the event's UnixNano>``, so the API
    server's listing (by name) is each object's events in the order they happened. Virtual time
    has no nanoseconds: each event takes a moment a little (random, < 1 ms) after the one before,
    and never before the start of its second.
    """
    step = 1 + rng.getrandbits(64) % 1_000_000
    moment = max(_EPOCH_NS + int(now) * 10**9, previous_ns + step)
    return f"{moment:x}", moment


def cluster_ip(rng: random.Random, taken: set[str]) -> str:
    while True:
        ip = f"10.96.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if ip not in taken:
            taken.add(ip)
            return ip
