"""The kube backend's errors, raised only where there is no agent to answer (set-up and scoring):

    KubeError                 a one-line message for the user
    ├── NamespaceMissing      reset: the problem's namespace is not on the cluster
    └── KubectlFailed         kubectl could not answer a reset or an oracle's read

Everything the agent asks for (`exec_shell`, `get_logs`, telemetry) answers with text instead.
"""

from __future__ import annotations

__all__ = ["KubeError", "KubectlFailed", "NamespaceMissing"]


class KubeError(Exception):
    """Something about the cluster the run cannot go on without; ``str()`` is one line."""


class NamespaceMissing(KubeError):
    """The namespace to investigate does not exist on the cluster."""


class KubectlFailed(KubeError):
    """kubectl failed for a reason other than a missing object (unreachable server, no binary, RBAC)."""
