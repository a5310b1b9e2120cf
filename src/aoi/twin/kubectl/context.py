"""What a kubectl verb runs against: the cluster, and the kubeconfig's current namespace."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..cluster import Cluster


@dataclass
class KubectlContext:
    cluster: Cluster
    default_namespace: str = "default"
