"""Label selectors (``-l``) and field selectors (``--field-selector``) as kubectl parses them.

Label selectors: ``k=v``, ``k==v``, ``k!=v``, ``k in (a,b)``, ``k notin (a,b)``, ``k``, ``!k``,
comma-separated (commas inside parentheses belong to the set). ``!=`` and ``notin`` also match
objects without the key, as on a real API server. Field selectors support ``=``, ``==`` and
``!=`` on the fields the API server indexes for each kind; anything else is the server's
BadRequest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..kinds import ResourceType
from .args import KubectlError

__all__ = ["FieldSelector", "LabelSelector", "format_label_selector", "parse_field_selector",
           "parse_label_selector"]

Match = Callable[[Mapping[str, str]], bool]

_KEY = r"[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?"
_SET_RE = re.compile(rf"^\s*({_KEY})\s+(in|notin)\s*\(([^)]*)\)\s*$")
_OP_RE = re.compile(rf"^\s*({_KEY})\s*(==|!=|=)\s*([-A-Za-z0-9_.]*)\s*$")
_EXISTS_RE = re.compile(rf"^\s*(!?)\s*({_KEY})\s*$")


@dataclass(frozen=True)
class LabelSelector:
    text: str
    requirements: tuple[Match, ...]

    def matches(self, labels: Mapping[str, str] | None) -> bool:
        labels = labels or {}
        return all(req(labels) for req in self.requirements)


def _split_requirements(text: str) -> list[str]:
    parts, depth, current = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _requirement(part: str, text: str) -> Match:
    if m := _SET_RE.match(part):
        key, op = m.group(1), m.group(3)
        values = frozenset(v.strip() for v in m.group(4).split(",") if v.strip())
        if op == "in":
            return lambda labels: key in labels and labels[key] in values
        return lambda labels: key not in labels or labels[key] not in values
    if m := _OP_RE.match(part):
        key, op, value = m.group(1), m.group(3), m.group(4)
        if op == "!=":
            return lambda labels: labels.get(key) != value
        return lambda labels: key in labels and labels[key] == value
    if m := _EXISTS_RE.match(part):
        negate, key = m.group(1) == "!", m.group(2)
        if negate:
            return lambda labels: key not in labels
        return lambda labels: key in labels
    word = part.strip().split()[-1] if part.strip() else ""
    raise KubectlError(
        f'error: couldn\'t parse the selector string "{text}": unable to parse requirement: '
        f"found '{word}', expected: in, notin, =, ==, !=, gt, lt"
    )


def parse_label_selector(text: str | None) -> LabelSelector | None:
    if text is None or not text.strip():
        return None
    return LabelSelector(text, tuple(_requirement(p, text) for p in _split_requirements(text)))


# Fields each kind's API server can select on, beyond metadata.name / metadata.namespace.
_FIELDS: dict[str, frozenset[str]] = {
    "Pod": frozenset({"spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                      "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"}),
    "Event": frozenset({"involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                        "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                        "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"}),
    "Secret": frozenset({"type"}),
    "Node": frozenset({"spec.unschedulable"}),
    "Namespace": frozenset({"status.phase"}),
    "ReplicaSet": frozenset({"status.replicas"}),
    "Job": frozenset({"status.successful"}),
}
_COMMON = frozenset({"metadata.name", "metadata.namespace"})


@dataclass(frozen=True)
class FieldSelector:
    text: str
    terms: tuple[tuple[str, bool, str], ...]  # (field, equal?, value)

    def unsupported(self, rtype: ResourceType) -> str | None:
        """The first field the API server cannot select ``rtype`` objects by, if any."""
        allowed = _COMMON | _FIELDS.get(rtype.kind, frozenset())
        return next((field for field, _, _ in self.terms if field not in allowed), None)

    def check(self, rtype: ResourceType, labels: str = "") -> None:
        """Fail like the API server when a field is not selectable for the type."""
        field = self.unsupported(rtype)
        if field is not None:
            group, _, version = rtype.api_version.rpartition("/")
            raise KubectlError(
                f'Error from server (BadRequest): Unable to find "{group}/{version}, Resource={rtype.plural}" '
                f'that match label selector "{labels}", field selector "{self.text}": '
                f"field label not supported: {field}"
            )

    def matches(self, obj: Mapping) -> bool:
        return all((_field_value(obj, field) == value) == equal for field, equal, value in self.terms)


def _field_value(obj: Mapping, path: str) -> str:
    if path == "source":
        return str((obj.get("source") or {}).get("component", ""))
    node: object = obj
    for part in path.split("."):
        if not isinstance(node, Mapping):
            return ""
        node = node.get(part)
    if node is None:
        return "false" if path in ("spec.hostNetwork", "spec.unschedulable") else ""
    if isinstance(node, bool):
        return "true" if node else "false"
    return str(node)


def parse_field_selector(text: str | None) -> FieldSelector | None:
    if text is None or not text.strip():
        return None
    terms = []
    for part in text.split(","):
        for op, equal in (("!=", False), ("==", True), ("=", True)):
            field, sep, value = part.partition(op)
            if sep:
                terms.append((field.strip(), equal, value.strip()))
                break
        else:
            raise KubectlError(f"error: invalid selector: '{text}'; can't understand '{part}'")
    return FieldSelector(text, tuple(terms))


def format_label_selector(selector: Mapping | None) -> str:
    """A LabelSelector object (matchLabels / matchExpressions) as kubectl prints it."""
    if not selector:
        return "<none>"
    parts = [f"{k}={v}" for k, v in sorted((selector.get("matchLabels") or {}).items())]
    for expr in selector.get("matchExpressions") or ():
        key, op, values = expr.get("key", ""), expr.get("operator", ""), expr.get("values") or []
        if op == "In":
            parts.append(f"{key} in ({','.join(values)})")
        elif op == "NotIn":
            parts.append(f"{key} notin ({','.join(values)})")
        elif op == "Exists":
            parts.append(key)
        elif op == "DoesNotExist":
            parts.append(f"!{key}")
    return ",".join(parts) if parts else "<none>"
