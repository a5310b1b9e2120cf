"""What every kubectl write verb shares: finding the objects named on the command line, writing a
changed copy back, and turning the API server's errors into kubectl's exact messages.

The read verbs own `lookup.py`; this module keeps the small part the write verbs need so they do
not depend on printing code: ``TYPE NAME...``, ``TYPE/NAME``, ``-l SELECTOR`` and ``--all``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..errors import AlreadyExists, Invalid, NotFound, TwinError
from ..kinds import BY_KIND, ResourceType
from .args import KubectlError, ParsedArgs, Target, namespace_of, parse_targets
from .context import KubectlContext

__all__ = [
    "Found",
    "api_error",
    "check_update",
    "kind_label",
    "parse_selector",
    "resolve",
    "slash_name",
    "quoted_name",
    "update_violation",
    "write_copy",
]


def slash_name(obj: Mapping) -> str:
    """``deployment.apps/geo``, ``pod/geo-abc``: how kubectl names an object in success lines."""
    rtype = BY_KIND.get(obj["kind"])
    prefix = rtype.qualified_singular if rtype else obj["kind"].lower()
    return f"{prefix}/{obj['metadata']['name']}"


def quoted_name(obj: Mapping) -> str:
    """``deployment.apps "geo"``: the form ``kubectl delete`` prints."""
    rtype = BY_KIND.get(obj["kind"])
    prefix = rtype.qualified_singular if rtype else obj["kind"].lower()
    return f'{prefix} "{obj["metadata"]["name"]}"'


def kind_label(kind: str) -> str:
    """``deployments.apps``: the plural form used in ``Error from server`` messages."""
    rtype = BY_KIND.get(kind)
    return rtype.qualified if rtype else kind.lower()


def api_error(err: TwinError, context: str = "") -> KubectlError:
    """An API error as kubectl prints it; ``context`` is e.g. ``error when creating "STDIN": ``."""
    if isinstance(err, NotFound):
        return KubectlError(f"Error from server (NotFound): {context}{err}")
    if isinstance(err, AlreadyExists):
        return KubectlError(f"Error from server (AlreadyExists): {context}{err}")
    if isinstance(err, Invalid):
        return KubectlError(f'The {err.kind} "{err.name}" is invalid: {err.detail}')
    return KubectlError(f"Error from server: {context}{err}")


def write_copy(ctx: KubectlContext, obj: dict, change: Callable[[dict], None]) -> tuple[dict, bool]:
    """Apply ``change`` to a deep copy of ``obj``; store it if anything changed.

    Returns (the object now stored, whether it changed). An unchanged object is not written, so
    its resourceVersion stays put, as the API server does for a no-op patch.
    """
    updated = copy.deepcopy(obj)
    change(updated)
    if updated == obj:
        return obj, False
    check_update(obj, updated)
    try:
        return ctx.cluster.update(updated), True
    except TwinError as err:
        raise api_error(err) from err


_POD_UPDATE_FORBIDDEN = (
    "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,"
    "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to "
    "existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was "
    "previously negative)"
)


def check_update(old: dict, new: dict) -> None:
    """The API server's update validation that agents run into: immutable fields."""
    violation = update_violation(old, new)
    if violation is not None:
        raise api_error(violation)


def update_violation(old: dict, new: dict) -> Invalid | None:
    """The Invalid error the API server answers an update of ``old`` to ``new`` with, if any.

    Shared with the twin's HTTP API server (`aoi.twin.server.writes`).
    """
    kind, name = old["kind"], old["metadata"]["name"]
    if kind == "Pod":
        before, after = copy.deepcopy(old.get("spec") or {}), copy.deepcopy(new.get("spec") or {})
        for spec in (before, after):
            for field in ("containers", "initContainers"):
                for container in spec.get(field) or []:
                    container.pop("image", None)
            for field in ("activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds"):
                spec.pop(field, None)
        if before != after:
            return Invalid("Pod", name, _POD_UPDATE_FORBIDDEN)
    elif kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"):
        old_selector = (old.get("spec") or {}).get("selector")
        new_selector = (new.get("spec") or {}).get("selector")
        if old_selector != new_selector:
            return Invalid(kind, name, f"spec.selector: Invalid value: {_go_selector(new_selector)}: "
                                       "field is immutable")
        labels = ((new.get("spec") or {}).get("template") or {}).get("metadata", {}).get("labels") or {}
        wanted = (new_selector or {}).get("matchLabels") or {}
        if any(labels.get(k) != v for k, v in wanted.items()):
            return Invalid(kind, name, f"spec.template.metadata.labels: Invalid value: {_go_map(labels)}: "
                                       "`selector` does not match template `labels`")
    return None


def _go_map(labels: Mapping[str, str]) -> str:
    return "map[string]string{" + ", ".join(f'"{k}":"{v}"' for k, v in sorted(labels.items())) + "}"


def _go_selector(selector: Mapping | None) -> str:
    labels = (selector or {}).get("matchLabels") or {}
    return f"v1.LabelSelector{{MatchLabels:{_go_map(labels)}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}"


# ------------------------------------------------------------------- label selectors
_REQUIREMENT = re.compile(
    r"\s*(?:(?P<neg>!)\s*(?P<nkey>[\w./-]+)"
    r"|(?P<key>[\w./-]+)\s*(?:(?P<op>==|!=|=)\s*(?P<value>[\w.-]*)"
    r"|\s+(?P<setop>in|notin)\s*\((?P<values>[^)]*)\))?)\s*(?:,|$)"
)

Requirement = Callable[[Mapping[str, str]], bool]


def parse_selector(text: str) -> list[Requirement]:
    """A label selector (``a=b,c!=d,e,!f,g in (x,y)``) as predicates over a label map."""
    requirements: list[Requirement] = []
    pos = 0
    while pos < len(text):
        match = _REQUIREMENT.match(text, pos)
        if match is None or match.end() == pos:
            raise KubectlError(f'error: unable to parse requirement: found \'{text[pos:]}\', expected: identifier')
        pos = match.end()
        requirements.append(_requirement(match))
    return requirements


def _requirement(match: re.Match) -> Requirement:
    if match["neg"]:
        key = match["nkey"]
        return lambda labels: key not in labels
    key, op = match["key"], match["op"] or match["setop"]
    if op is None:
        return lambda labels: key in labels
    if op in ("=", "=="):
        value = match["value"]
        return lambda labels: labels.get(key) == value
    if op == "!=":
        value = match["value"]
        return lambda labels: labels.get(key) != value
    values = {v.strip() for v in match["values"].split(",") if v.strip()}
    if op == "in":
        return lambda labels: labels.get(key) in values
    return lambda labels: labels.get(key) not in values


def selected(obj: Mapping, requirements: list[Requirement]) -> bool:
    labels = obj["metadata"].get("labels") or {}
    return all(req(labels) for req in requirements)


# ------------------------------------------------------------------- resolution
@dataclass
class Found:
    """The objects a command named, plus the NotFound errors for names that were missing."""

    objects: list[dict]
    errors: list[str]


def resolve(
    ctx: KubectlContext,
    parsed: ParsedArgs,
    positionals: list[str] | None = None,
    *,
    selector_ok: bool = True,
    ignore_not_found: bool = False,
) -> Found:
    """The objects named by ``positionals`` (default: all positionals), ``-l`` and ``--all``.

    Names that do not exist become ``Error from server (NotFound)`` lines, which kubectl prints
    after handling the names that do exist.
    """
    words = parsed.positionals if positionals is None else positionals
    namespace = namespace_of(parsed, ctx.default_namespace)
    selector = parsed.get("selector") if selector_ok else None
    everything = bool(parsed.get("all")) if selector_ok else False
    targets = parse_targets(words)
    if not targets:
        raise KubectlError(
            "error: You must provide one or more resources by argument or filename.\n"
            "Example resource specifications include:\n"
            "   '-f rsrc.yaml'\n"
            "   '--filename=rsrc.json'\n"
            "   '<resource> <name>'\n"
            "   '<resource>'"
        )
    requirements = parse_selector(str(selector)) if selector else None
    found = Found([], [])
    for target in targets:
        if target.names:
            if requirements is not None or everything:
                raise KubectlError("error: name cannot be provided when a selector is specified")
            _by_name(ctx, target, namespace, found, ignore_not_found)
        elif requirements is not None or everything:
            pool = ctx.cluster.list(target.rtype.kind, _scope(target.rtype, namespace))
            found.objects.extend(o for o in pool if requirements is None or selected(o, requirements))
        else:
            raise KubectlError("error: resource(s) were provided, but no name was specified")
    return found


def _scope(rtype: ResourceType, namespace: str) -> str | None:
    return namespace if rtype.namespaced else None


def _by_name(ctx: KubectlContext, target: Target, namespace: str, found: Found, ignore: bool) -> None:
    for name in target.names:
        obj = ctx.cluster.find(target.rtype.kind, name, _scope(target.rtype, namespace))
        if obj is not None:
            found.objects.append(obj)
        elif not ignore:
            found.errors.append(f'Error from server (NotFound): {target.rtype.qualified} "{name}" not found')


def one_object(ctx: KubectlContext, parsed: ParsedArgs, words: list[str], verb: str) -> dict:
    """Exactly one object, for verbs like ``rollout`` that act on one resource at a time."""
    found = resolve(ctx, parsed, words, selector_ok=False)
    if found.errors:
        raise KubectlError(found.errors[0])
    if not found.objects:
        raise KubectlError(f"error: no objects passed to {verb}")
    return found.objects[0]
