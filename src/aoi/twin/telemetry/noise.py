"""Seeded, stateless randomness for telemetry and the realism knob.

Every draw is a hash of (cluster seed, what, key...), so any value can be recomputed for any
pod and time without storing it; `NOISE_LEVELS` maps the knob (``cluster.app_state["noise"]``)
to a scale applied to benign variation and background slow requests.
"""

from __future__ import annotations

from hashlib import blake2b
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..cluster import Cluster

__all__ = ["NOISE_KEY", "NOISE_LEVELS", "noise_level", "uniform", "uniforms"]

NOISE_KEY = "noise"
NOISE_LEVELS = {"off": 0.0, "realistic": 1.0, "high": 3.0}
_SCALE = 1.0 / 2**64


def noise_level(cluster: Cluster) -> float:
    name = cluster.app_state.get(NOISE_KEY, "realistic")
    return NOISE_LEVELS.get(str(name), 1.0)


def uniform(*key: object) -> float:
    """A uniform number in [0, 1) fixed by ``key``."""
    return int.from_bytes(blake2b(repr(key).encode(), digest_size=8).digest(), "little") * _SCALE


def uniforms(count: int, *key: object) -> list[float]:
    """``count`` uniforms from one hash (cheaper than ``count`` calls to `uniform`)."""
    out: list[float] = []
    block = 0
    while len(out) < count:
        digest = blake2b(repr((*key, block)).encode(), digest_size=64).digest()
        out.extend(int.from_bytes(digest[i:i + 8], "little") * _SCALE for i in range(0, 64, 8))
        block += 1
    return out[:count]
