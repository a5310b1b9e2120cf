"""What a kubectl verb runs against: the cluster, and the kubeconfig's current namespace."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..cluster import Cluster


@dataclass
class KubectlContext:
    cluster: Cluster
    default_namespace: str = "default"
    #: the invoking shell's in-memory files, so `kubectl apply -f x.yaml` reads what `cat > x.yaml` wrote
    files: dict[str, str] = field(default_factory=dict)
