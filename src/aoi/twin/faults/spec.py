"""What the twin needs to know about a fault: the shape of `aoi.problems.FaultSpec`, as a Protocol.

The twin is a leaf package: it reads fault descriptions but does not import the catalog.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, Protocol


class FaultSpec(Hashable, Protocol):
    family: str
    injector: str  # a str enum upstream: "virtualization", "application", "chaos_mesh", ...
    fault_type: str
    target: str | None
    params: Mapping[str, Any]
