"""The kubeconfig that points kubectl (and any client-go or Python client) at a served twin.

One cluster, user and context, all named ``aoi-twin``; the context's namespace is the
problem's, so ``kubectl get pods`` shows the app. Plain HTTP on the loopback needs no
credentials, so the user is empty.
"""

from __future__ import annotations

from pathlib import Path

import yaml

__all__ = ["CONTEXT", "kubeconfig_text", "write_kubeconfig"]

CONTEXT = "aoi-twin"


def kubeconfig_text(url: str, namespace: str | None = None) -> str:
    context: dict = {"cluster": CONTEXT, "user": CONTEXT}
    if namespace:
        context["namespace"] = namespace
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": CONTEXT, "cluster": {"server": url}}],
        "contexts": [{"name": CONTEXT, "context": context}],
        "current-context": CONTEXT,
        "preferences": {},
        "users": [{"name": CONTEXT, "user": {}}],
    }
    return yaml.safe_dump(config, sort_keys=False)


def write_kubeconfig(path: str | Path, url: str, namespace: str | None = None) -> Path:
    """Write the kubeconfig for ``url`` to ``path`` (parents created; mode 0600 as kubectl writes it)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(kubeconfig_text(url, namespace))
    target.chmod(0o600)
    return target
