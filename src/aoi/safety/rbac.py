"""Least-privilege Kubernetes RBAC for the two roles that touch a real cluster, and their kubeconfigs.

`render_manifests` returns the objects ``aoi rbac render`` prints: ServiceAccounts
``<prefix>-probe`` and ``<prefix>-executor`` in the application's namespace, a Role and
RoleBinding for each, and a ClusterRole and ClusterRoleBinding for each role that needs
cluster-scoped resources.

* **Probe**: get/list/watch on what the agents read (`PROBE_READS`: pods and their logs,
  services, endpoints, configmaps, events, workloads, PVCs, network policies, HPAs, pod metrics)
  and, cluster-wide, nodes, namespaces, persistentvolumes, storage classes and node metrics
  (`PROBE_CLUSTER_READS`: ``kubectl get nodes``, ``kubectl top nodes`` and PV checks of the
  redeploy-without-PV faults). No write verb, no ``pods/exec`` (an exec can run anything, so a
  read-only credential cannot hold it; exec-based reads such as mongo user listings are refused
  by the API server), and no secrets: ``list secrets`` returns every value, and RBAC cannot
  tell a ``kubectl get secrets`` table from ``-o yaml``. ``probe_secrets=True`` adds them.
* **Executor**: the Probe's reads (it verifies before and after each write and snapshots the
  object it changes) plus exactly the grants of the Executor's whitelist, passed in as data
  (`Grant`s, from `aoi.agents.executor.executor_grants`): this module is a leaf and does not
  import the whitelist, and the whitelist states each rule's grants next to its regex.

`kubeconfig` writes the kubeconfig of one ServiceAccount token. Errors: `RBACError` (a one-line
`ValueError`: a bad namespace or prefix, an empty token, an unreadable CA file).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "PROBE_CLUSTER_READS",
    "PROBE_READS",
    "READ_VERBS",
    "WRITE_VERBS",
    "Grant",
    "RBACError",
    "kubeconfig",
    "render_manifests",
    "to_yaml",
]

READ_VERBS = ("get", "list", "watch")
# Verbs that change the cluster or widen a credential's power; the Probe holds none of them.
WRITE_VERBS = frozenset({"create", "update", "patch", "delete", "deletecollection", "escalate", "bind", "impersonate"})
_NAME = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"


class RBACError(ValueError):
    """Manifests or a kubeconfig cannot be made from what was given."""


@dataclass(frozen=True)
class Grant:
    """Verbs on one resource (``pods``, ``deployments/scale``) of one API group ("" is core)."""

    group: str
    resource: str
    verbs: tuple[str, ...]
    cluster: bool = False  # a cluster-scoped resource (nodes, persistentvolumes): a ClusterRole


def _reads(group: str, *resources: str, cluster: bool = False) -> list[Grant]:
    return [Grant(group, r, READ_VERBS, cluster) for r in resources]


PROBE_READS: tuple[Grant, ...] = (
    *_reads("", "pods", "pods/log", "services", "endpoints", "configmaps", "events", "persistentvolumeclaims",
            "replicationcontrollers", "serviceaccounts", "resourcequotas", "limitranges"),
    *_reads("apps", "deployments", "replicasets", "statefulsets", "daemonsets"),
    *_reads("batch", "jobs", "cronjobs"),
    *_reads("autoscaling", "horizontalpodautoscalers"),
    *_reads("networking.k8s.io", "networkpolicies", "ingresses"),
    *_reads("discovery.k8s.io", "endpointslices"),
    *_reads("events.k8s.io", "events"),
    *_reads("policy", "poddisruptionbudgets"),
    *_reads("metrics.k8s.io", "pods"),
)
PROBE_CLUSTER_READS: tuple[Grant, ...] = (
    *_reads("", "nodes", "namespaces", "persistentvolumes", cluster=True),
    *_reads("storage.k8s.io", "storageclasses", cluster=True),
    *_reads("metrics.k8s.io", "nodes", cluster=True),
)
_SECRET_READS = tuple(_reads("", "secrets"))


def _check_name(kind: str, value: str) -> None:
    if not re.fullmatch(_NAME, value) or len(value) > 63:
        raise RBACError(f"{kind} {value!r} is not a Kubernetes name: lowercase letters, digits and '-', "
                        "at most 63 characters, starting and ending with a letter or digit")


def _merge(grants: Iterable[Grant]) -> list[dict[str, Any]]:
    """PolicyRules: one per (group, verb set), resources sorted, so the output is stable."""
    verbs_of: dict[tuple[str, str], set[str]] = {}
    for g in grants:
        verbs_of.setdefault((g.group, g.resource), set()).update(g.verbs)
    by_rule: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for (group, resource), verbs in verbs_of.items():
        by_rule.setdefault((group, tuple(sorted(verbs))), []).append(resource)
    return [{"apiGroups": [group], "resources": sorted(resources), "verbs": list(verbs)}
            for (group, verbs), resources in sorted(by_rule.items())]


def _role_objects(role: str, account: str, namespace: str, grants: Sequence[Grant]) -> list[dict[str, Any]]:
    subject = [{"kind": "ServiceAccount", "name": account, "namespace": namespace}]
    labels = {"app.kubernetes.io/part-of": "aoi", "app.kubernetes.io/component": role}
    out = []
    local = [g for g in grants if not g.cluster]
    cluster = [g for g in grants if g.cluster]
    if local:
        meta = {"name": account, "namespace": namespace, "labels": labels}
        out += [
            {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": meta, "rules": _merge(local)},
            {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": meta,
             "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": account},
             "subjects": subject},
        ]
    if cluster:
        # Cluster-scoped objects have no namespace; one name per namespace keeps two installs apart.
        meta = {"name": f"{account}-{namespace}", "labels": labels}
        out += [
            {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": meta,
             "rules": _merge(cluster)},
            {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": meta,
             "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": meta["name"]},
             "subjects": subject},
        ]
    return out


def render_manifests(
    namespace: str,
    executor_grants: Iterable[Grant],
    *,
    name_prefix: str = "aoi",
    probe_secrets: bool = False,
) -> list[dict[str, Any]]:
    """The ServiceAccounts, Roles, RoleBindings (and ClusterRoles, ClusterRoleBindings) of the
    Probe and the Executor in ``namespace`` (module docstring), as Kubernetes objects."""
    _check_name("namespace", namespace)
    _check_name("name prefix", name_prefix)
    probe = [*PROBE_READS, *PROBE_CLUSTER_READS, *(_SECRET_READS if probe_secrets else ())]
    executor = [*PROBE_READS, *PROBE_CLUSTER_READS, *executor_grants]
    out: list[dict[str, Any]] = []
    for role, grants in (("probe", probe), ("executor", executor)):
        account = f"{name_prefix}-{role}"
        out.append({"apiVersion": "v1", "kind": "ServiceAccount",
                    "metadata": {"name": account, "namespace": namespace,
                                 "labels": {"app.kubernetes.io/part-of": "aoi",
                                            "app.kubernetes.io/component": role}}})
        out += _role_objects(role, account, namespace, grants)
    return out


def to_yaml(objects: Iterable[dict[str, Any]]) -> str:
    """A multi-document YAML stream, keys in the order given (``kubectl apply -f -`` reads it)."""
    return yaml.safe_dump_all(list(objects), sort_keys=False, default_flow_style=False)


def kubeconfig(
    *,
    server: str,
    token: str,
    user: str,
    namespace: str | None = None,
    ca_file: Path | None = None,
    insecure: bool = False,
    cluster_name: str = "aoi",
) -> dict[str, Any]:
    """A kubeconfig for one ServiceAccount ``token`` at ``server``: the CA embedded from
    ``ca_file``, or ``insecure`` (no TLS verification; for a local test cluster only). The
    context's default namespace is ``namespace`` when given."""
    if namespace is not None:
        _check_name("namespace", namespace)
    if not token.strip():
        raise RBACError(f"the token for {user} is empty: create one with "
                        f"kubectl create token {user} -n {namespace or 'NAMESPACE'} --duration=24h")
    if (ca_file is None) == (not insecure):
        raise RBACError("give exactly one of a CA file (--ca-file) or --insecure")
    cluster: dict[str, Any] = {"server": server}
    if ca_file is not None:
        try:
            cluster["certificate-authority-data"] = base64.b64encode(ca_file.read_bytes()).decode()
        except OSError as exc:
            raise RBACError(f"cannot read CA file {ca_file}: {exc.strerror or exc}") from exc
    else:
        cluster["insecure-skip-tls-verify"] = True
    context = f"{user}@{cluster_name}"
    where = {"cluster": cluster_name, "user": user, **({"namespace": namespace} if namespace else {})}
    return {
        "apiVersion": "v1", "kind": "Config", "current-context": context,
        "clusters": [{"name": cluster_name, "cluster": cluster}],
        "users": [{"name": user, "user": {"token": token.strip()}}],
        "contexts": [{"name": context, "context": where}],
    }  # fmt: skip
