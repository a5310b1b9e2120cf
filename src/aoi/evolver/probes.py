"""The catalogue of diagnostic reads the offline repairer searches, per fault family.

Each entry is a read command template over ``{namespace}``, ``{target}`` and the fault's own
params (``{app_pods}``, ``{deployment}``, ``{flag}``, ...); `candidate_probes` fills them for a
problem, most specific first, then the generic reads every family shares. All are reads the
Probe's safety gate accepts (checked in ``tests/evolver/test_probes.py``).
"""

from __future__ import annotations

from aoi.problems import Problem

__all__ = ["CATALOGUE", "GENERIC", "candidate_probes", "discovery_probes"]

#: Reads any family may be revealed by, cheapest first.
GENERIC: tuple[str, ...] = (
    "kubectl get pods -n {namespace}",
    "kubectl get events -n {namespace} --sort-by=.lastTimestamp",
    "kubectl describe deployment {target} -n {namespace}",
    "kubectl logs deploy/{target} -n {namespace} --tail=50",
)

_CHAOS = (
    "kubectl get podchaos,networkchaos -n {namespace}",
    "kubectl get podchaos,networkchaos -n {namespace} -o yaml",
    "kubectl describe pods -l io.kompose.service={target} -n {namespace}",
)
_MONGO_AUTH = (
    "kubectl logs deploy/{app_pods} -n {namespace} --tail=50",
    "kubectl get pods -l io.kompose.service={app_pods} -n {namespace}",
    "kubectl logs deploy/{target} -n {namespace} --tail=50",
)

#: fault type (or injector, for flagd and docker) -> its specific reads.
CATALOGUE: dict[str, tuple[str, ...]] = {
    "misconfig_k8s": (
        "kubectl get service {target} -n {namespace} -o yaml",
        "kubectl get endpoints {target} -n {namespace}",
        "kubectl describe service {target} -n {namespace}",
    ),
    "scale_pods_to_zero": ("kubectl get deployment {target} -n {namespace}",),
    "assign_to_non_existent_node": (
        "kubectl get pods -n {namespace} -o wide",
        "kubectl get deployment {target} -n {namespace} -o yaml",
        "kubectl describe pods -l service={target} -n {namespace}",
    ),
    "revoke_auth": _MONGO_AUTH,
    "storage_user_unregistered": _MONGO_AUTH,
    "misconfig_app": (
        "kubectl get deployment {deployment} -n {namespace} -o yaml",
        "kubectl logs deploy/{deployment} -n {namespace} --tail=50",
    ),
    "wrong_bin_usage": (
        "kubectl get deployment {deployment} -n {namespace} -o yaml",
        "kubectl logs deploy/{deployment} -n {namespace} --tail=50",
    ),
    "auth_miss_mongodb": (
        "kubectl get configmap {target} -n {namespace} -o yaml",
        "kubectl logs deploy/{target} -n {namespace} --tail=50",
        "kubectl logs deploy/{deleted_pods} -n {namespace} --tail=50",
    ),
    "redeploy_without_pv": ("kubectl get pvc -n {namespace}", "kubectl get pv"),
    "container_kill": _CHAOS,
    "pod_failure": _CHAOS,
    "pod_kill": _CHAOS,
    "network_loss": _CHAOS,
    "network_delay": _CHAOS,
    "flagd": (
        "kubectl get configmap {configmap} -n {namespace} -o yaml",
        "kubectl logs deploy/{target} -n {namespace} --tail=50",
    ),
    "docker": ("docker ps -a", "docker logs {target}"),
}


def _fill(template: str, problem: Problem) -> str | None:
    values = {k: v for k, v in problem.fault.params.items() if isinstance(v, str | int)}
    values.update(namespace=problem.namespace, target=problem.fault.target or "")
    try:
        command = template.format_map(values)
    except (KeyError, IndexError, ValueError):
        return None  # the template needs a param this fault does not have
    return None if "  " in command or command.endswith(" ") or "/ " in command else command


def _key(problem: Problem) -> str:
    injector = problem.fault.injector.value
    return injector if injector in ("flagd", "docker") else problem.fault.fault_type


def discovery_probes(problem: Problem) -> list[str]:
    """The survey reads every plan starts with (``docker ps -a`` for Flower)."""
    if problem.fault.injector.value == "docker":
        return ["docker ps -a"]
    return [f"kubectl get pods -n {problem.namespace}"]


def candidate_probes(problem: Problem) -> list[str]:
    """The family's reads then the generic ones, filled for ``problem``, without duplicates."""
    specific = CATALOGUE.get(_key(problem), ())
    generic = () if problem.fault.injector.value == "docker" else GENERIC
    out: list[str] = []
    for template in (*specific, *generic):
        command = _fill(template, problem)
        if command and command not in out:
            out.append(command)
    return out
