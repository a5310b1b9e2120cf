"""YAML and JSON objects (``-o yaml``, ``-o json``): keep the fields that explain behaviour.

Each object (or each item of a ``List``) becomes a heading ``Kind namespace/name`` and
``path: value`` lines for: replicas, selector, nodeSelector, service type/ports/targetPort, per
container name/image/command/args/ports/env/resources/probes, configmap data keys (values cut to
`value_chars`), secret keys (values never shown), other ``spec`` scalars, and status (replica
counts, phase, conditions, container states). Metadata noise (uid, resourceVersion, managedFields,
annotations, timestamps) is dropped.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from ._evidence import Draft

__all__ = ["compress_structured", "parse_structured"]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONTAINER_FIELDS = ("image", "command", "args", "ports", "env", "envFrom", "resources",
                     "livenessProbe", "readinessProbe", "startupProbe")  # fmt: skip
_SKIP_SPEC = {"template", "containers", "initContainers", "volumes", "clusterIPs", "ipFamilies", "strategy",
              "revisionHistoryLimit", "progressDeadlineSeconds", "ipFamilyPolicy", "internalTrafficPolicy",
              "sessionAffinity", "dnsPolicy", "schedulerName", "securityContext",
              "terminationGracePeriodSeconds", "restartPolicy", "enableServiceLinks", "preemptionPolicy",
              "priority", "serviceAccount", "tolerations"}  # fmt: skip


def parse_structured(text: str, kind: str) -> Any:
    """The parsed document for ``kind`` "json" or "yaml", or None when it does not parse as one object."""
    try:
        data = json.loads(text) if kind == "json" else yaml.load(text, Loader=_Loader)  # noqa: S506
    except (ValueError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict | list) else None


def compress_structured(data: Any, kind: str, value_chars: int = 60) -> Draft:
    """Summarise a parsed Kubernetes object or list of objects."""
    items = data.get("items") if isinstance(data, dict) and isinstance(data.get("items"), list) else None
    if items is None and isinstance(data, list):
        items = data
    if items is None:
        if isinstance(data, dict) and ("kind" in data or "spec" in data or "metadata" in data):
            lines = _object_lines(data, value_chars)
            return Draft(kind, f"{kind}: {lines[0]}", lines[1:])
        lines = _flatten(data, "", value_chars)
        return Draft(kind, f"{kind}: {len(lines)} fields", lines)
    kinds = sorted({str(i.get("kind", "?")) for i in items if isinstance(i, dict)})
    details: list[str] = []
    for item in items:
        if isinstance(item, dict):
            details.extend(_object_lines(item, value_chars))
        else:
            details.append(_short(item, value_chars))
    return Draft(kind, f"{kind}: list of {len(items)} ({', '.join(kinds) or 'values'})", details)


def _object_lines(obj: dict, value_chars: int) -> list[str]:
    meta = obj.get("metadata") or {}
    where = f"{meta['namespace']}/" if meta.get("namespace") else ""
    lines = [f"{obj.get('kind', 'object')} {where}{meta.get('name', '?')}"]
    if meta.get("labels"):
        lines.append(f"labels: {_short(meta['labels'], value_chars * 2)}")
    spec = obj.get("spec") or {}
    if isinstance(spec, dict):
        lines.extend(_spec_lines(spec, value_chars))
    for section in ("data", "stringData", "binaryData"):
        if isinstance(obj.get(section), dict):
            secret = obj.get("kind") == "Secret"
            for key, value in obj[section].items():
                shown = f"({len(str(value))} chars)" if secret else _short(value, value_chars)
                lines.append(f"{section}.{key}: {shown}")
    status = obj.get("status") or {}
    if isinstance(status, dict):
        lines.extend(_status_lines(status, value_chars))
    for key in ("subsets", "rules", "roleRef", "subjects"):
        if key in obj:
            lines.append(f"{key}: {_short(obj[key], value_chars * 3)}")
    return lines


def _spec_lines(spec: dict, value_chars: int) -> list[str]:
    lines = [f"spec.{k}: {_short(v, value_chars * 2)}" for k, v in spec.items() if k not in _SKIP_SPEC]
    pod = (spec.get("template") or {}).get("spec") or spec
    if pod is not spec:
        for key in ("nodeSelector", "affinity", "tolerations", "serviceAccountName", "hostNetwork"):
            if key in pod:
                lines.append(f"template.{key}: {_short(pod[key], value_chars * 2)}")
    for group in ("initContainers", "containers"):
        for c in pod.get(group) or []:
            if not isinstance(c, dict):
                continue
            name = c.get("name", "?")
            for key in _CONTAINER_FIELDS:
                if key in c:
                    lines.append(f"{group}[{name}].{key}: {_short(_compact(key, c[key]), value_chars * 3)}")
    return lines


def _status_lines(status: dict, value_chars: int) -> list[str]:
    lines = []
    for key in ("phase", "replicas", "readyReplicas", "availableReplicas", "unavailableReplicas", "reason",
                "message", "loadBalancer"):  # fmt: skip
        if key in status and status[key] != {}:
            lines.append(f"status.{key}: {_short(status[key], value_chars * 2)}")
    for cond in status.get("conditions") or []:
        if isinstance(cond, dict):
            why = " ".join(str(cond[k]) for k in ("reason", "message") if cond.get(k))
            lines.append(f"status.condition {cond.get('type')}={cond.get('status')}" + (f" {why}" if why else ""))
    for cs in status.get("containerStatuses") or []:
        if isinstance(cs, dict):
            state = _short(cs.get("state"), value_chars * 2)
            last = f" last={_short(cs['lastState'], value_chars * 2)}" if cs.get("lastState") else ""
            lines.append(
                f"status.container {cs.get('name')}: ready={cs.get('ready')} "
                f"restarts={cs.get('restartCount')} state={state}{last}"
            )
    return lines


def _compact(key: str, value: Any) -> Any:
    """Env lists as ``NAME=value``, the rest unchanged."""
    if key == "env" and isinstance(value, list):
        out = []
        for e in value:
            if isinstance(e, dict) and "value" in e:
                out.append(f"{e.get('name')}={e['value']}")
            elif isinstance(e, dict):
                out.append(f"{e.get('name')}<-{_short(e.get('valueFrom'), 80)}")
        return out
    return value


def _short(value: Any, limit: int) -> str:
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), sort_keys=False)
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} chars)"


def _flatten(value: Any, path: str, value_chars: int) -> list[str]:
    if isinstance(value, dict) and value:
        out = []
        for k, v in value.items():
            out.extend(_flatten(v, f"{path}.{k}" if path else str(k), value_chars))
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        out = []
        for i, v in enumerate(value):
            out.extend(_flatten(v, f"{path}[{i}]", value_chars))
        return out
    return [f"{path or '.'}: {_short(value, value_chars)}"]
