"""The 89 AIOpsLab problem ids, in registry order, built from one row per fault family.

Each `Family` row says which tasks exist for the family (``"DLAM"``: detection, localization,
analysis, mitigation), which services it targets (one numbered id suffix per target), the fault
parameters, and how the target-dependent ones follow from the target (`target_params`);
`build_problem` turns a row, a task and a target into a `Problem`. The same rows and the same
derivation build the problem variants on other targets (`aoi.problems.variants`). Ids follow
AIOpsLab's spelling, irregular ones included (``container_kill-detection``,
``noop_detection_hotel_reservation-1``).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
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
class Family:
    """One fault family: its problem-id prefix, app, injector, tasks, catalog targets and answers."""

    name: str
    app: App
    injector: Injector
    fault_type: str
    tasks: str
    targets: tuple[str | None, ...]
    params: dict[str, Any] = field(default_factory=dict)
    #: the params that depend on the target, merged over `params`; a function of the target so
    #: that a variant on another target derives them exactly as the catalog's own targets do
    target_params: Callable[[str], dict[str, Any]] | None = None
    rca: tuple[str, str] | None = None
    #: the mitigation answer key; ``{target}`` stands for the fault's target
    mitigated: str | None = None
    #: "numbered": <family>-<task>-<n>; "bare": <family>-<task>; "noop": <family>-<n>
    ids: Literal["numbered", "bare", "noop"] = "numbered"
    #: AIOpsLab also accepts the target with this prefix removed as the localization answer
    alias_prefix: str | None = None


def hotel_container(deployment: str) -> str:
    """The container name of a HotelReservation deployment in AIOpsLab's kompose manifests."""
    if deployment.startswith("mongodb-"):
        return f"hotel-reserv-{deployment.removeprefix('mongodb-')}-mongo"
    if deployment.startswith("memcached-"):
        # memcached-reserve's container spells its service in full: hotel-reserv-reservation-mmc.
        service = deployment.removeprefix("memcached-").replace("reserve", "reservation")
        return f"hotel-reserv-{service}-mmc"
    if deployment in ("consul", "jaeger"):
        return {"consul": "consul", "jaeger": "hotel-reserv-jaeger"}[deployment]
    return f"hotel-reserv-{deployment}"


def _chaos_selector(target: str) -> dict[str, Any]:
    return {"selector": {"io.kompose.service": target}}


def _killed_container(target: str) -> dict[str, Any]:
    return {**_chaos_selector(target), "container_names": [hotel_container(target)]}


def _chaos(name: str, target: str, kind: str, action: str, duration: str, **extra: Any) -> Family:
    params = {"kind": kind, "action": action, "mode": "one", "duration": duration, **extra}
    ids: Literal["numbered", "bare"] = "bare" if name == "container_kill" else "numbered"
    fault_type = name.removesuffix("_hotel_res")
    # container-kill kills the target's one container by name; the other experiments act on the pod.
    derive = _killed_container if action == "container-kill" else _chaos_selector
    return Family(
        name,
        App.HOTEL_RESERVATION,
        Injector.CHAOS_MESH,
        fault_type,
        "DL",
        (target,),
        params,
        target_params=derive,
        ids=ids,
    )


def _flag(suffix: str, flag: str, variant: str, service: str, tasks: str = "DL") -> Family:
    params = {
        "flag": flag,
        "variant": variant,
        "recovery_variant": "off",
        "configmap": "flagd-config",
        "key": "demo.flagd.json",
        "restart_deployment": "flagd",
    }
    mitigated = f"all pods with container statuses healthy (flag {flag} back to 'off')"
    return Family(
        f"astronomy_shop_{suffix}",
        App.ASTRONOMY_SHOP,
        Injector.FLAGD,
        flag,
        tasks,
        (service,),
        params,
        mitigated=mitigated,
    )


def _noop(app: App, slug: str) -> Family:
    return Family(f"noop_detection_{slug}", app, Injector.NOOP, "noop", "D", (None,), ids="noop")


def _mongo_user(target: str) -> dict[str, Any]:
    """mongodb-<x> serves database <x>-db to the app pods of service <x>."""
    service = target.removeprefix("mongodb-")
    return {"database": f"{service}-db", "app_pods": service}


def _revoke_script(target: str) -> dict[str, Any]:
    user = _mongo_user(target)
    return {**user, "script": f"/scripts/revoke-admin-{user['app_pods']}-mongo.sh"}


def _buggy_image(target: str) -> dict[str, Any]:
    return {"deployment": target, "container": hotel_container(target), "image": f"yinfangchen/{target}:app3"}


def _wrong_binary(target: str) -> dict[str, Any]:
    """The deployment runs another service's binary: geo's (AIOpsLab's choice for profile), or profile's for geo."""
    return {
        "deployment": target,
        "from_command": [target],
        "to_command": ["profile" if target == "geo" else "geo"],
    }


# One family per row reads as a table; the formatter would spread each row over ten lines.
# fmt: off
_FAMILIES: tuple[Family, ...] = (
    Family("k8s_target_port-misconfig", App.SOCIAL_NETWORK, Injector.VIRTUALIZATION, "misconfig_k8s", "DLAM",
           ("user-service", "text-service", "post-storage-service"),
           {"from_target_port": 9090, "to_target_port": 9999},
           rca=("Virtualization", "Misconfiguration"),
           mitigated=f"service ports[0].targetPort == 9090 and {_HEALTHY} (pods without statuses skipped)"),
    Family("auth_miss_mongodb", App.SOCIAL_NETWORK, Injector.APPLICATION, "auth_miss_mongodb", "DLAM",
           ("url-shorten-mongodb",),
           {"helm_release": "social-network", "tls_mode": "requireTLS", "recovery_tls_mode": "disabled",
            "certificate_key_file": "/etc/tls/tls.pem", "ca_file": "/etc/tls/ca.crt",
            "deleted_pods": "url-shorten-service", "restarted_deployment": "url-shorten-mongodb"},
           rca=("Application", "Misconfiguration"), mitigated=_HEALTHY),
    Family("revoke_auth_mongodb", App.HOTEL_RESERVATION, Injector.APPLICATION, "revoke_auth", "DLAM",
           ("mongodb-geo", "mongodb-rate"), {"user": "admin", "password": "admin", "role": "readWrite"},
           target_params=_revoke_script, rca=("Application", "Authentication Issue"), mitigated=_HEALTHY,
           alias_prefix="mongodb-"),
    Family("user_unregistered_mongodb", App.HOTEL_RESERVATION, Injector.APPLICATION,
           "storage_user_unregistered", "DLAM", ("mongodb-geo", "mongodb-rate"),
           {"user": "admin", "auth_user": "root", "auth_password": "root",
            "script": "/scripts/remove-admin-mongo.sh"},
           target_params=_mongo_user,
           rca=("Application", "Network/Storage Issue"), mitigated=_HEALTHY, alias_prefix="mongodb-"),
    Family("misconfig_app_hotel_res", App.HOTEL_RESERVATION, Injector.APPLICATION, "misconfig_app", "DLAM",
           ("geo",), {"recovery_image": "yinfangchen/hotelreservation:latest"}, target_params=_buggy_image,
           rca=("Application", "Misconfiguration"),
           mitigated="every pod Ready (all containers ready) or Succeeded within 60 s, polled every 5 s"),
    Family("scale_pod_zero_social_net", App.SOCIAL_NETWORK, Injector.VIRTUALIZATION, "scale_pods_to_zero",
           "DLAM", ("user-service",), {"replicas": 0, "recovery_replicas": 1},
           rca=("Virtualization", "Operation Error"),
           mitigated="deployment {target} replicas == 1 and availableReplicas == 1 and " + _HEALTHY),
    Family("assign_to_non_existent_node_social_net", App.SOCIAL_NETWORK, Injector.VIRTUALIZATION,
           "assign_to_non_existent_node", "DLAM", ("user-service",),
           {"node_selector": {"kubernetes.io/hostname": "extra-node"}},
           rca=("Virtualization", "Dependency Problem"),
           mitigated="a pod named *{target}* exists and all pods with container statuses healthy"),
    _chaos("container_kill", "geo", "PodChaos", "container-kill", "200s"),
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
    Family("redeploy_without_PV", App.HOTEL_RESERVATION, Injector.VIRTUALIZATION, "redeploy_without_pv", "DAM",
           (None,), {"namespace": "test-hotel-reservation", "persistent_volumes_kept": True},
           rca=("Virtualization", "Operation Error"), mitigated=_HEALTHY),
    Family("wrong_bin_usage", App.HOTEL_RESERVATION, Injector.VIRTUALIZATION, "wrong_bin_usage", "DLAM",
           ("profile",), target_params=_wrong_binary, rca=("Application", "Network/Storage Issue"),
           mitigated=_HEALTHY + " and every container of deployment {target} has '{target}' in its command"),
    Family("flower_node_stop", App.FLOWER, Injector.DOCKER, "container_stop", "D", ("supernode-1",),
           {"container": "supernode-1"}, ids="bare"),
    Family("flower_model_misconfig", App.FLOWER, Injector.DOCKER, "model_misconfig", "D", ("clientapp-1",),
           {"container": "clientapp-1", "command": "sed -i '24s/84/80/' /app/.flwr/apps/*/task.py"},
           ids="bare"),
)
# fmt: on


def _problem_id(family: Family, task: TaskType, number: int) -> str:
    if family.ids == "noop":
        return f"{family.name}-{number}"
    if family.ids == "bare":
        return f"{family.name}-{task.value}"
    return f"{family.name}-{task.value}-{number}"


def _answer(family: Family, task: TaskType, target: str | None) -> AnswerKey:
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
    assert family.mitigated is not None, family.name
    return AnswerKey(mitigated_state=family.mitigated.format(target=target))


def _fault(family: Family, target: str | None) -> FaultSpec:
    derived = family.target_params(target) if family.target_params and target is not None else {}
    return FaultSpec(
        family=family.name,
        injector=family.injector,
        fault_type=family.fault_type,
        target=target,
        params={**family.params, **derived},
    )


def build_problem(family: Family, task: TaskType, target: str | None, problem_id: str) -> Problem:
    """The problem of ``family`` and ``task`` with its fault on ``target``, named ``problem_id``."""
    return Problem(
        id=problem_id,
        app=family.app,
        task=task,
        fault=_fault(family, target),
        answer=_answer(family, task, target),
        split=split_of(family.name),
    )


def family_tasks(family: Family) -> tuple[TaskType, ...]:
    return tuple(_TASK_LETTERS[letter] for letter in family.tasks)


def anchor_id(family: Family, task: TaskType) -> str:
    """The id of the family's first problem of ``task``; variant ids hang off it."""
    return _problem_id(family, task, 1)


def families() -> tuple[Family, ...]:
    """The family rows, in registry order (for `aoi.problems.variants`)."""
    return _FAMILIES


def _expand(family: Family) -> Iterator[Problem]:
    # Registry order: every task of target 1, then every task of target 2, ...
    for number, target in enumerate(family.targets, start=1):
        for task in family_tasks(family):
            yield build_problem(family, task, target, _problem_id(family, task, number))


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
    """The problem with this exact id, or the variant for a ``<problem-id>@<target>`` id.

    Raises `UnknownProblem` naming the closest ids, or its subclass `UnknownVariant` saying which
    targets a variant id may name.
    """
    if "@" in problem_id:
        # variants builds its problems from this module's rows, so it is imported on first use.
        from .variants import get_variant

        return get_variant(problem_id)
    try:
        return _by_id()[problem_id]
    except KeyError:
        close = difflib.get_close_matches(problem_id, list(_by_id()), n=3, cutoff=0.6)
        raise UnknownProblem(problem_id, close) from None


def problem_ids(
    task: TaskType | str | None = None,
    app: App | str | None = None,
    split: Split | str | None = None,
    variants: bool = False,
) -> list[str]:
    """Ids in registry order, filtered by task type, app and split (each given as enum or its value).

    With ``variants`` the variant ids (`aoi.problems.variants`) follow the catalog's, filtered alike.
    """
    wanted_task = TaskType(task) if task is not None else None
    wanted_app = App(app) if app is not None else None
    wanted_split = Split(split) if split is not None else None
    ids = [
        p.id
        for p in all_problems()
        if (wanted_task is None or p.task is wanted_task)
        and (wanted_app is None or p.app is wanted_app)
        and (wanted_split is None or p.split is wanted_split)
    ]
    if variants:
        from .variants import variant_ids

        ids += variant_ids(wanted_task, wanted_app, wanted_split)
    return ids
