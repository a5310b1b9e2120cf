"""``kubectl describe`` output: keep the lines that identify the object and say what is wrong.

Kept: identity (Name, Namespace, Node, Controlled By, Labels, Selector), per container its name,
Image, Ports, Command/Args, Environment, Limits/Requests, probes, State / Last State with Reason,
Exit Code and Message, Ready and Restart Count; for services Type, IP, Port, TargetPort, NodePort,
Endpoints; Replicas and Node-Selectors; conditions that are failing; Warning events (Normal ones
are counted by reason). Dropped: annotations, volumes, mounts, tolerations, ids, times.

When the output describes several objects, the healthy ones (no failing condition, no Warning
event, no waiting or terminated container, no restarts, no missing endpoints) are only named.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ._evidence import Draft

__all__ = ["compress_describe", "looks_like_describe"]

_KEY = re.compile(r"^(\s*)([A-Za-z][\w .()/-]*?):(?:\s+(.*))?$")
_KEEP = {
    "Name", "Namespace", "Node", "Status", "Reason", "Message", "Controlled By", "Selector", "Labels",
    "Type", "IP", "Port", "Ports", "TargetPort", "NodePort", "Endpoints", "Replicas", "Node-Selectors",
    "Capacity", "Access Modes", "StorageClass", "Volume", "Claim", "Used By", "Pods Status",
    "NewReplicaSet", "Image", "Command", "Args", "State", "Last State", "Exit Code", "Signal", "Ready",
    "Restart Count", "Environment", "Environment Variables from", "Limits", "Requests", "Liveness",
    "Readiness", "Startup", "Containers", "Init Containers", "Taints", "Unschedulable", "Roles",
}  # fmt: skip
_CONTAINER_PARENTS = {"Containers", "Init Containers"}
# Blocks whose inner keys (a volume's ``Type:``, an annotation) must not be mistaken for kept ones.
_SKIP_PARENTS = {"Volumes", "Annotations", "Mounts", "Tolerations", "IPs", "Data", "Allocated resources",
                 "System Info", "Non-terminated Pods", "Addresses", "Allocatable"}
_PRESSURES = {"MemoryPressure", "DiskPressure", "PIDPressure", "NetworkUnavailable"}


@dataclass
class _Object:
    name: str = ""
    kept: list[str] = field(default_factory=list)
    total: int = 0
    warnings: int = 0
    failing: int = 0
    problems: list[str] = field(default_factory=list)
    normal: Counter = field(default_factory=Counter)


def looks_like_describe(text: str) -> bool:
    """True when the output starts like ``kubectl describe``: ``Name:`` then more ``Key:`` lines."""
    lines = text.lstrip("\n").split("\n", 8)
    return bool(re.match(r"^Name:\s+\S", lines[0])) and sum(bool(_KEY.match(ln)) for ln in lines) >= 3


def compress_describe(text: str, command: str) -> Draft:
    """Keep identity, state, failing conditions and Warning events of each described object."""
    objects = _split_objects(text.strip("\n").split("\n"))
    noun = _noun(command)
    if len(objects) == 1:
        obj = objects[0]
        summary = f"{noun} {obj.name}: " + _verdict(obj) + f"; {len(obj.kept)} of {obj.total} lines kept:"
        return Draft("describe", summary, obj.kept)
    sick = [o for o in objects if _is_sick(o)]
    healthy = [o.name for o in objects if not _is_sick(o)]
    summary = f"described {len(objects)} objects: {len(sick)} with problems, {len(healthy)} without"
    details = [f"without problems: {', '.join(healthy)}"] if healthy else []
    for obj in sick:
        details.extend(obj.kept)
    return Draft("describe", summary + ":", details)


def _noun(command: str) -> str:
    words = command.split()
    if "describe" in words:
        i = words.index("describe")
        if i + 1 < len(words) and not words[i + 1].startswith("-"):
            return words[i + 1].split("/")[0]
    return "object"


def _verdict(obj: _Object) -> str:
    parts = [f"{obj.warnings} Warning event(s)", f"{obj.failing} failing condition(s)"]
    return ", ".join(parts + obj.problems)


def _is_sick(obj: _Object) -> bool:
    return bool(obj.warnings or obj.failing or obj.problems)


def _split_objects(lines: list[str]) -> list[_Object]:
    objects: list[_Object] = []
    block: list[str] = []
    for line in lines:
        if line.startswith("Name:") and block and any(b.strip() for b in block):
            objects.append(_filter(block))
            block = []
        block.append(line)
    objects.append(_filter(block))
    return objects


def _filter(lines: list[str]) -> _Object:
    obj = _Object(total=len(lines))
    stack: list[tuple[int, str]] = []  # (indent, key) of the enclosing keys
    keep_below: int | None = None  # indent of a kept key whose deeper lines are kept too
    i = 0
    while i < len(lines):
        line = lines[i]
        indent = len(line) - len(line.lstrip(" "))
        if not line.strip():
            i += 1
            continue
        if keep_below is not None and indent > keep_below:
            obj.kept.append(line)
            i += 1
            continue
        keep_below = None
        m = _KEY.match(line)
        if not m:
            i += 1
            continue
        key, value = m.group(2), (m.group(3) or "").strip()
        while stack and stack[-1][0] >= indent:
            stack.pop()
        parent = stack[-1][1] if stack else ""
        if indent == 0 and key in ("Events", "Conditions"):
            i = _table_section(lines, i, key, obj)
            continue
        if key == "Name" and indent == 0:
            obj.name = value
        _note_problem(key, value, obj)
        skipped = any(k in _SKIP_PARENTS for _, k in stack)
        if not skipped and (key in _KEEP or (parent in _CONTAINER_PARENTS and not value)):
            obj.kept.append(line)
            if key not in _CONTAINER_PARENTS and not (parent in _CONTAINER_PARENTS and not value):
                keep_below = indent
        stack.append((indent, key))
        i += 1
    return obj


def _note_problem(key: str, value: str, obj: _Object) -> None:
    if key == "State" and value in ("Waiting", "Terminated"):
        obj.problems.append(f"a container {value}")
    elif key == "Restart Count" and value.isdigit() and int(value) > 0:
        obj.problems.append(f"{value} restart(s)")
    elif key == "Endpoints" and value in ("", "<none>"):
        obj.problems.append("no endpoints")
    elif key == "Replicas" and re.search(r"\b[1-9]\d* unavailable", value):
        obj.problems.append(value.split("|")[-1].strip())


def _table_section(lines: list[str], i: int, key: str, obj: _Object) -> int:
    """Handle ``Events:`` or ``Conditions:`` and the indented table under it; return the next index."""
    head = lines[i]
    rows: list[str] = []
    i += 1
    while i < len(lines) and (lines[i].startswith(" ") or not lines[i].strip()):
        if lines[i].strip():
            rows.append(lines[i])
        i += 1
    if key == "Events" and not rows:
        obj.kept.append(head)
        return i
    header = rows[0] if rows else ""
    body = [r for r in rows[1:] if not set(r.strip()) <= set("- ")]
    if key == "Conditions":
        bad = [r for r in body if _condition_failing(r.split())]
        obj.failing += len(bad)
        if bad:
            obj.kept.extend([head, header, *bad])
        return i
    warnings = [r for r in body if r.split()[0] != "Normal"]
    for r in body:
        cells = r.split()
        if cells[0] == "Normal" and len(cells) > 1:
            obj.normal[cells[1]] += 1
    obj.warnings += len(warnings)
    counts = ", ".join(f"{k} {n}" for k, n in sorted(obj.normal.items(), key=lambda kv: (-kv[1], kv[0])))
    obj.kept.append(f"Events: {len(warnings)} Warning, {sum(obj.normal.values())} Normal ({counts})")
    if warnings:
        obj.kept.extend([header, *warnings])
    return i


def _condition_failing(cells: list[str]) -> bool:
    if len(cells) < 2:
        return False
    kind, status = cells[0], cells[1]
    return status == "True" if kind in _PRESSURES else status != "True"
