"""The kube backend: AOI's episode over a real Kubernetes cluster (kubectl, Prometheus, Jaeger).

`KubeBackend` answers the `Backend` protocol with the twin backend's texts; see README.md in this
folder for what each module owns.
"""

from .backend import KubeBackend
from .errors import KubectlFailed, KubeError, NamespaceMissing
from .kubectl import Kubectl
from .reader import KubeReader
from .roles import Credentials

__all__ = ["Credentials", "KubeBackend", "KubeError", "KubeReader", "Kubectl", "KubectlFailed", "NamespaceMissing"]
