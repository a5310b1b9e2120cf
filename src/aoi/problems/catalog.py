"""The 89 AIOpsLab problem ids, in registry order, built from one row per fault family.

Each `_Family` row says which tasks exist for the family (``"DLAM"``: detection, localization,
analysis, mitigation), which services it targets (one variant per numbered id suffix) and the
exact fault parameters; `_expand` turns rows into `Problem`s. Ids follow AIOpsLab's spelling,
irregular ones included (``container_kill-detection``, ``noop_detection_hotel_reservation-1``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from .models import AnswerKey, App, FaultSpec, Injector, Problem, Split, TaskType
from .split import split_of

__all__ = ["UnknownProblem", "all_problems", "get_problem", "problem_ids"]

_TASK_LETTERS = {
    "D": TaskType.DETECTION,
    "L": TaskType.LOCALIZATION,
    "A": TaskType.ANALYSIS,
    "M": TaskType.MITIGATION,
}
_HEALTHY = "all pods in the namespace healthy"


@dataclass(frozen=True)
class _Family:
    name: str
    app: App
    injector: Injector
    fault_type: str
    tasks: str
    targets: tuple[str | None, ...]
    params: dict[str, Any] = field(default_factory=dict)
    #: per-target extra params, merged over `params`
    per_target: dict[str, dict[str, Any]] = field(default_factory=dict)
    rca: tuple[str, str] | None = None
    mitigated: str | None = None
    #: "numbered": <family>-<task>-<n>; "bare": <family>-<task>; "noop": <family>-<n>
    ids: Literal["numbered", "bare", "noop"] = "numbered"
    #: AIOpsLab also accepts the target with this prefix removed as the localization answer
    alias_prefix: str | None = None


def _chaos(name: str, target: str, kind: str, action: str, duration: str, **extra: Any) -> _Family:
    params = {
        "kind": kind,
        "action": action,
        "mode": "one",
        "duration": duration,
        "selector": {"io.kompose.service": target},
        **extra,
    }
    ids: Literal["numbered", "bare"] = "bare" if name == "container_kill" else "numbered"
    fault_type = name.removesuffix("_hotel_res")
    return _Family(
        name, App.HOTEL_RESERVATION, Injector.CHAOS_MESH, fault_type, "DL", (target,), params, ids=ids
    )


def _flag(suffix: str, flag: str, variant: str, service: str, tasks: str = "DL") -> _Family:
    params = {
        "flag": flag,
        "variant": variant,
        "recovery_variant": "off",
        "configmap": "flagd-config",
        "key": "demo.flagd.json",
        "restart_deployment": "flagd",
    }
    mitigated = f"all pods with container statuses healthy (flag {flag} back to 'off')"
    return _Family(
        f"astronomy_shop_{suffix}",
        App.ASTRONOMY_SHOP,
        Injector.FLAGD,
        flag,
        tasks,
        (service,),
        params,
        mitigated=mitigated,
    )


def _noop(app: App, slug: str) -> _Family:
    return _Family(f"noop_detection_{slug}", app, Injector.NOOP, "noop", "D", (None,), ids="noop")


_MONGO_SCRIPTS = {
    "mongodb-geo": {"database": "geo-db", "app_pods": "geo"},
    "mongodb-rate": {"database": "rate-db", "app_pods": "rate"},
}

# One family per row reads as a table; the formatter would spread each row over ten lines.
# fmt: off
_FAMILIES: tuple[_Family, ...] = (
    _Family("k8s_target_port-misconfig", App.SOCIAL_NETWORK, Injector.VIRTUALIZATION, "misconfig_k8s", "DLAM",
            ("user-service", "text-service", "post-storage-service"),
            {"from_target_port": 9090, "to_target_port": 9999},
            rca=("Virtualization", "Misconfiguration"),
            mitigated=f"service ports[0].targetPort == 9090 and {_HEALTHY} (pods without statuses skipped)"),
    _Family("auth_miss_mongodb", App.SOCIAL_NETWORK, Injector.APPLICATION, "auth_miss_mongodb", "DLAM",
            ("url-shorten-mongodb",),
            {"helm_release": "social-network", "tls_mode": "requireTLS", "recovery_tls_mode": "disabled",
             "certificate_key_file": "/etc/tls/tls.pem", "ca_file": "/etc/tls/ca.crt",
             "deleted_pods": "url-shorten-service", "restarted_deployment": "url-shorten-mongodb"},
            rca=("Application", "Misconfiguration"), mitigated=_HEALTHY),
    _Family("revoke_auth_mongodb", App.HOTEL_RESERVATION, Injector.APPLICATION, "revoke_auth", "DLAM",
            ("mongodb-geo", "mongodb-rate"), {"user": "admin", "password": "admin", "role": "readWrite"},
            per_target={"mongodb-geo": {**_MONGO_SCRIPTS["mongodb-geo"],
                                        "script": "/scripts/revoke-admin-geo-mongo.sh"},
                        "mongodb-rate": {**_MONGO_SCRIPTS["mongodb-rate"],
                                         "script": "/scripts/revoke-admin-rate-mongo.sh"}},
            rca=("Application", "Authentication Issue"), mitigated=_HEALTHY, alias_prefix="mongodb-"),
    _Family("user_unregistered_mongodb", App.HOTEL_RESERVATION, Injector.APPLICATION,
            "storage_user_unregistered", "DLAM", ("mongodb-geo", "mongodb-rate"),
            {"user": "admin", "auth_user": "root", "auth_password": "root",
             "script": "/scripts/remove-admin-mongo.sh"},
            per_target=_MONGO_SCRIPTS,
            rca=("Application", "Network/Storage Issue"), mitigated=_HEALTHY, alias_prefix="mongodb-"),
    _Family("misconfig_app_hotel_res", App.HOTEL_RESERVATION, Injector.APPLICATION, "misconfig_app", "DLAM",
            ("geo",), {"deployment": "geo", "container": "hotel-reserv-geo", "image": "yinfangchen/geo:app3",
                       "recovery_image": "yinfangchen/hotelreservation:latest"},
            rca=("Application", "Misconfiguration"),
            mitigated="every pod Ready (all containers ready) or Succeeded within 60 s, polled every 5 s"),
    _Family("scale_pod_zero_social_net", App.SOCIAL_NETWORK, Injector.VIRTUALIZATION, "scale_pods_to_zero",
            "DLAM", ("user-service",), {"replicas": 0, "recovery_replicas": 1},
            rca=("Virtualization", "Operation Error"),
            mitigated=f"deployment user-service replicas == 1 and availableReplicas == 1 and {_HEALTHY}"),
    _Family("assign_to_non_existent_node_social_net", App.SOCIAL_NETWORK, Injector.VIRTUALIZATION,
            "assign_to_non_existent_node", "DLAM", ("user-service",),
            {"node_selector": {"kubernetes.io/hostname": "extra-node"}},
            rca=("Virtualization", "Dependency Problem"),
            mitigated="a pod named *user-service* exists and all pods with container statuses healthy"),
    _chaos("container_kill", "geo", "PodChaos", "container-kill", "200s", container_names=["hotel-reserv-geo"]),
    _chaos("pod_failure_hotel_res", "user", "PodChaos", "pod-failure", "100s"),
    # AIOpsLab's pod-kill experiment is named pod-kill but its action is pod-failure.
    _chaos("pod_kill_hotel_res", "user", "PodChaos", "pod-failure", "100s", experiment="pod-kill"),
    _chaos("network_loss_hotel_res", "user", "NetworkChaos", "loss", "200s",
           loss={"loss": "99", "correlation": "100"}),
    _chaos("network_delay_hotel_res", "user", "NetworkChaos", "delay", "200s",
           delay={"latency": "10s", "jitter": "0ms", "correlation": "100"}),
    _noop(App.HOTEL_RESERVATION, "hotel_reservation"),
    _noop(App.SOCIAL_NETWORK, "social_network"),
    _noop(App.ASTRONOMY_SHOP, "astronomy_shop"),
    _flag("ad_service_failure", "adFailure", "on", "ad"),
    _flag("ad_service_high_cpu", "adHighCpu", "on", "ad"),
    _flag("ad_service_manual_gc", "adManualGc", "on", "ad"),
    _flag("cart_service_failure", "cartFailure", "on", "cart"),
    _flag("image_slow_load", "imageSlowLoad", "10sec", "frontend"),
    _flag("kafka_queue_problems", "kafkaQueueProblems", "on", "kafka", tasks="DLM"),
    # AIOpsLab's answer is frontend although the flag acts in the load generator.
    _flag("loadgenerator_flood_homepage", "loadGeneratorFloodHomepage", "on", "frontend"),
    _flag("payment_service_failure", "paymentFailure", "100%", "payment"),
    _flag("payment_service_unreachable", "paymentUnreachable", "on", "checkout"),
    _flag("product_catalog_service_failure", "productCatalogFailure", "on", "product-catalog"),
    _flag("recommendation_service_cache_failure", "recommendationCacheFailure", "on", "recommendation"),
    # The localization task is disabled in AIOpsLab's registry (answer undecided), hence "DAM".
    _Family("redeploy_without_PV", App.HOTEL_RESERVATION, Injector.VIRTUALIZATION, "redeploy_without_pv", "DAM",
            (None,), {"namespace": "test-hotel-reservation", "persistent_volumes_kept": True},
            rca=("Virtualization", "Operation Error"), mitigated=_HEALTHY),
    _Family("wrong_bin_usage", App.HOTEL_RESERVATION, Injector.VIRTUALIZATION, "wrong_bin_usage", "DLAM",
            ("profile",), {"deployment": "profile", "from_command": ["profile"], "to_command": ["geo"]},
            rca=("Application", "Network/Storage Issue"),
            mitigated=f"{_HEALTHY} and every container of deployment profile has 'profile' in its command"),
    _Family("flower_node_stop", App.FLOWER, Injector.DOCKER, "container_stop", "D", ("supernode-1",),
            {"container": "supernode-1"}, ids="bare"),
    _Family("flower_model_misconfig", App.FLOWER, Injector.DOCKER, "model_misconfig", "D", ("clientapp-1",),
            {"container": "clientapp-1", "command": "sed -i '24s/84/80/' /app/.flwr/apps/*/task.py"},
            ids="bare"),
)
# fmt: on


def _problem_id(family: _Family, task: TaskType, number: int) -> str:
    if family.ids == "noop":
        return f"{family.name}-{number}"
    if family.ids == "bare":
        return f"{family.name}-{task.value}"
    return f"{family.name}-{task.value}-{number}"


def _answer(family: _Family, task: TaskType, target: str | None) -> AnswerKey:
    if task is TaskType.DETECTION:
        return AnswerKey(has_anomaly="No" if family.injector is Injector.NOOP else "Yes")
    if task is TaskType.LOCALIZATION:
        assert target is not None, family.name
        names = [target]
        if family.alias_prefix and target.startswith(family.alias_prefix):
            names.append(target.removeprefix(family.alias_prefix))
        return AnswerKey(services=tuple(names))
    if task is TaskType.ANALYSIS:
        assert family.rca is not None, family.name
        return AnswerKey(system_level=family.rca[0], fault_type=family.rca[1])
    return AnswerKey(mitigated_state=family.mitigated)


def _expand(family: _Family) -> Iterator[Problem]:
    # Registry order: every task of variant 1, then every task of variant 2, ...
    for number, target in enumerate(family.targets, start=1):
        params = {**family.params, **family.per_target.get(target or "", {})}
        fault = FaultSpec(
            family=family.name,
            injector=family.injector,
            fault_type=family.fault_type,
            target=target,
            params=params,
        )
        for letter in family.tasks:
            task = _TASK_LETTERS[letter]
            yield Problem(
                id=_problem_id(family, task, number),
                app=family.app,
                task=task,
                fault=fault,
                answer=_answer(family, task, target),
                split=split_of(family.name),
            )


@cache
def all_problems() -> tuple[Problem, ...]:
    """Every registered problem, in AIOpsLab's registry order."""
    return tuple(problem for family in _FAMILIES for problem in _expand(family))


@cache
def _by_id() -> dict[str, Problem]:
    return {problem.id: problem for problem in all_problems()}


class UnknownProblem(KeyError):
    """Raised by `get_problem` for an id that is not in the catalog; the message suggests close ids."""

    def __init__(self, problem_id: str, close: list[str]) -> None:
        hint = f"; did you mean {', '.join(close)}?" if close else "; `aoi problems` lists the valid ids"
        self.problem_id = problem_id
        self.message = f"unknown problem id {problem_id!r}{hint}"
        super().__init__(self.message)

    def __str__(self) -> str:
        # KeyError's own __str__ shows the repr of its argument, which would quote the message.
        return self.message


def get_problem(problem_id: str) -> Problem:
    """The problem with this exact id; raises `UnknownProblem` naming the closest ids otherwise."""
    try:
        return _by_id()[problem_id]
    except KeyError:
        close = difflib.get_close_matches(problem_id, list(_by_id()), n=3, cutoff=0.6)
        raise UnknownProblem(problem_id, close) from None


def problem_ids(
    task: TaskType | str | None = None, app: App | str | None = None, split: Split | str | None = None
) -> list[str]:
    """Ids in registry order, filtered by task type, app and split (each given as enum or its value)."""
    wanted_task = TaskType(task) if task is not None else None
    wanted_app = App(app) if app is not None else None
    wanted_split = Split(split) if split is not None else None
    return [
        p.id
        for p in all_problems()
        if (wanted_task is None or p.task is wanted_task)
        and (wanted_app is None or p.app is wanted_app)
        and (wanted_split is None or p.split is wanted_split)
    ]
