"""Problem variants: each fault family on every target its fault makes sense on, not only AIOpsLab's.

A variant id is ``<problem-id>@<target>``, e.g.
``k8s_target_port-misconfig-localization-1@compose-post-service``. It hangs off the family's
first problem of its task (the ``-1`` id, or the bare id of ``container_kill``), so every variant
has exactly one id; a target the catalog already covers is not a variant (``...-1@text-service``
would be ``...-2``). A variant is built from the family's catalog row exactly as the catalog's own
problems are (`aoi.problems.catalog.build_problem`): the target-dependent fault params follow from
the target (ports, selectors, container names, scripts, databases), the localization answer is the
target (plus ``geo`` for ``mongodb-geo`` where the family accepts AIOpsLab's ``mongodb-`` alias),
the analysis answer is the family's, detection is ``"Yes"``, and the split is the family's.

Which targets are valid (`VALID_TARGETS`) is data, checked against the twin's app manifests in
``tests/problems/test_variants.py``:

=====================================  =========================================================
family                                 valid targets
=====================================  =========================================================
k8s_target_port-misconfig              the 11 SocialNetwork Thrift services: the only Services
                                       whose targetPort is 9090, which the fault rewrites
scale_pod_zero_social_net,             all 27 SocialNetwork deployments: each runs one replica, and
assign_to_non_existent_node_social_net with none of them left (or none schedulable) something the
                                       app needs is gone, so no deployment is excluded
container_kill, pod_failure_hotel_res, all 19 HotelReservation deployments (each selected by its
pod_kill_hotel_res,                    ``io.kompose.service`` label; container-kill names the
network_loss_hotel_res,                deployment's one container)
network_delay_hotel_res
revoke_auth_mongodb,                   mongodb-geo and mongodb-rate, the only MongoDBs run with
user_unregistered_mongodb              ``--auth`` and the fault scripts mounted: no new targets
wrong_bin_usage                        the 8 HotelReservation Go services (one image, the program
                                       picked by the command; each runs geo's binary, geo profile's)
=====================================  =========================================================

`FIXED_TARGETS` says why every other family has no variant.
"""

from __future__ import annotations

import difflib
from functools import cache

from .catalog import (
    Family,
    UnknownProblem,
    all_problems,
    anchor_id,
    build_problem,
    families,
    family_tasks,
    get_problem,
)
from .models import App, Problem, Split, TaskType

__all__ = [
    "FIXED_TARGETS",
    "VALID_TARGETS",
    "UnknownVariant",
    "all_variants",
    "get_variant",
    "variant_ids",
]

SEPARATOR = "@"

SOCIAL_THRIFT_SERVICES = (
    "compose-post-service", "home-timeline-service", "media-service", "post-storage-service",
    "social-graph-service", "text-service", "unique-id-service", "url-shorten-service",
    "user-mention-service", "user-service", "user-timeline-service",
)  # fmt: skip
SOCIAL_DEPLOYMENTS = (
    *SOCIAL_THRIFT_SERVICES,
    "media-mongodb", "post-storage-mongodb", "social-graph-mongodb", "url-shorten-mongodb", "user-mongodb",
    "user-timeline-mongodb", "home-timeline-redis", "social-graph-redis", "user-timeline-redis",
    "media-memcached", "post-storage-memcached", "url-shorten-memcached", "user-memcached",
    "nginx-thrift", "media-frontend", "jaeger",
)  # fmt: skip
HOTEL_GO_SERVICES = ("frontend", "geo", "profile", "rate", "recommendation", "reservation", "search", "user")
HOTEL_DEPLOYMENTS = (
    *HOTEL_GO_SERVICES,
    "mongodb-geo", "mongodb-profile", "mongodb-rate", "mongodb-recommendation", "mongodb-reservation",
    "mongodb-user", "memcached-profile", "memcached-rate", "memcached-reserve", "consul", "jaeger",
)  # fmt: skip
#: The MongoDBs AIOpsLab runs with ``--auth`` and the ``failure-admin-<x>`` scripts mounted.
HOTEL_AUTH_MONGODBS = ("mongodb-geo", "mongodb-rate")

#: family -> every valid target, the catalog's own included.
VALID_TARGETS: dict[str, tuple[str, ...]] = {
    "k8s_target_port-misconfig": SOCIAL_THRIFT_SERVICES,
    "revoke_auth_mongodb": HOTEL_AUTH_MONGODBS,
    "user_unregistered_mongodb": HOTEL_AUTH_MONGODBS,
    "scale_pod_zero_social_net": SOCIAL_DEPLOYMENTS,
    "assign_to_non_existent_node_social_net": SOCIAL_DEPLOYMENTS,
    "container_kill": HOTEL_DEPLOYMENTS,
    "pod_failure_hotel_res": HOTEL_DEPLOYMENTS,
    "pod_kill_hotel_res": HOTEL_DEPLOYMENTS,
    "network_loss_hotel_res": HOTEL_DEPLOYMENTS,
    "network_delay_hotel_res": HOTEL_DEPLOYMENTS,
    "wrong_bin_usage": HOTEL_GO_SERVICES,
}

_FLAG = "a feature flag acts in its own service only, and the twin models no flag beyond the catalog's"
_NOOP = "nothing is injected, so there is no target"

#: family -> why it has no target beyond the catalog's.
FIXED_TARGETS: dict[str, str] = {
    "auth_miss_mongodb": "only url-shorten-mongodb mounts the mongodb-tls secret its TLS-required mongod.conf names",
    "misconfig_app_hotel_res": "the twin models only the buggy yinfangchen/geo:app3 image; any other "
    "service's :app3 image would just run, so the fault would have no effect",
    "redeploy_without_PV": "the fault redeploys the whole namespace",
    "noop_detection_hotel_reservation": _NOOP,
    "noop_detection_social_network": _NOOP,
    "noop_detection_astronomy_shop": _NOOP,
    "flower_node_stop": "Flower's docker-compose faults name one fixed container",
    "flower_model_misconfig": "Flower's docker-compose faults name one fixed container",
    **{family.name: _FLAG for family in families() if family.name.startswith("astronomy_shop_")},
}


class UnknownVariant(UnknownProblem):
    """Raised for a ``<problem-id>@<target>`` id that names no variant; the message says what would."""

    def __init__(self, variant_id: str, reason: str) -> None:
        self.problem_id = variant_id
        self.message = f"unknown problem variant {variant_id!r}: {reason}"
        KeyError.__init__(self, self.message)


def _new_targets(family: Family) -> tuple[str, ...]:
    return tuple(t for t in VALID_TARGETS.get(family.name, ()) if t not in family.targets)


def _expand(family: Family) -> list[Problem]:
    # Like the catalog: every task of one target, then every task of the next.
    return [
        build_problem(family, task, target, f"{anchor_id(family, task)}{SEPARATOR}{target}")
        for target in _new_targets(family)
        for task in family_tasks(family)
    ]


@cache
def all_variants() -> tuple[Problem, ...]:
    """Every variant, family by family in registry order, each family target by target."""
    return tuple(problem for family in families() for problem in _expand(family))


@cache
def _by_id() -> dict[str, Problem]:
    return {problem.id: problem for problem in all_variants()}


def variant_ids(
    task: TaskType | str | None = None, app: App | str | None = None, split: Split | str | None = None
) -> list[str]:
    """Variant ids in `all_variants` order, filtered like `aoi.problems.problem_ids`."""
    wanted_task = TaskType(task) if task is not None else None
    wanted_app = App(app) if app is not None else None
    wanted_split = Split(split) if split is not None else None
    return [
        p.id
        for p in all_variants()
        if (wanted_task is None or p.task is wanted_task)
        and (wanted_app is None or p.app is wanted_app)
        and (wanted_split is None or p.split is wanted_split)
    ]


def get_variant(variant_id: str) -> Problem:
    """The variant with this id; `UnknownVariant` (or `UnknownProblem` for the base id) says why not."""
    found = _by_id().get(variant_id)
    if found is not None:
        return found
    base_id, _, target = variant_id.partition(SEPARATOR)
    base = get_problem(base_id)  # raises UnknownProblem, with close ids, for an unknown base
    family = next(f for f in families() if f.name == base.fault.family)
    raise UnknownVariant(variant_id, _why_not(family, base, target))


def _why_not(family: Family, base: Problem, target: str) -> str:
    if family.name in FIXED_TARGETS:
        return f"family {family.name} has no variants ({FIXED_TARGETS[family.name]})"
    anchor = anchor_id(family, base.task)
    if base.id != anchor:
        return (
            f"variants of {family.name} {base.task.value} problems hang off {anchor}; use {anchor}@{target}"
        )
    if target in family.targets:
        same = next(
            p.id
            for p in all_problems()
            if p.fault.family == family.name and p.task is base.task and p.fault.target == target
        )
        return f"{target} is the target of catalog problem {same}"
    valid = _new_targets(family)
    if not valid:
        return (
            f"every valid target of family {family.name} ({', '.join(family.targets)}) has a catalog problem"
        )
    close = difflib.get_close_matches(target, valid, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}? " if close else ""
    return f"unknown target {target!r}; {hint}valid targets: {', '.join(valid)}"
