"""Generated names and addresses: pod-template hashes, pod suffixes, uids, cluster IPs.

Kubernetes derives the pod-template-hash from the template itself (so it is the same on every
cluster) and draws pod suffixes and uids at random; the twin draws from the cluster's seeded RNG.
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid

# The alphabet of k8s.io/apimachinery's rand.String: no vowels, no confusable digits.
_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


def template_hash(template: dict) -> str:
    """A stable 10-character pod-template-hash for a pod template."""
    digest = hashlib.sha1(json.dumps(template, sort_keys=True).encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(10):
        number, index = divmod(number, len(_ALPHABET))
        chars.append(_ALPHABET[index])
    return "".join(chars)


def random_suffix(rng: random.Random, length: int = 5) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(length))


def new_uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def event_suffix(rng: random.Random) -> str:
    """Event names are ``<object>.<16 hex digits>``."""
    return f"{rng.getrandbits(64):016x}"


def cluster_ip(rng: random.Random, taken: set[str]) -> str:
    while True:
        ip = f"10.96.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if ip not in taken:
            taken.add(ip)
            return ip
