"""OpenTelemetry-demo feature-flag faults: flip a flag's defaultVariant in flagd's ConfigMap.

Like AIOpsLab's injector: read ConfigMap ``flagd-config`` key ``demo.flagd.json``, set
``flags.<flag>.defaultVariant``, write it back, and restart the flagd Deployment.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ._edit import INJECT_SETTLE_S, edit, restart_deployment

if TYPE_CHECKING:
    from ..cluster import Cluster
    from .spec import FaultSpec


class UnknownFlag(ValueError):
    pass


def set_flag(cluster: Cluster, namespace: str, flag: str, variant: str, *, configmap: str = "flagd-config",
             key: str = "demo.flagd.json") -> None:
    def flip(cm: dict) -> None:
        document = json.loads(cm["data"][key])
        if flag not in document.get("flags", {}):
            raise UnknownFlag(f"flag {flag!r} is not defined in {configmap}/{key}")
        document["flags"][flag]["defaultVariant"] = variant
        cm["data"][key] = json.dumps(document, indent=2) + "\n"

    edit(cluster, "ConfigMap", configmap, namespace, flip)


def inject_flag(cluster: Cluster, fault: FaultSpec, namespace: str) -> None:
    params = fault.params
    set_flag(cluster, namespace, params["flag"], params["variant"], configmap=params["configmap"], key=params["key"])
    restart_deployment(cluster, params["restart_deployment"], namespace)
    cluster.advance(INJECT_SETTLE_S)
