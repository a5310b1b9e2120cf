"""The rule that says whether a probe's raw output surfaces evidence of a problem's root cause.

Built from the problem's ground truth (its `FaultSpec` and answer key), which only a reward may
read. Output is evidence when at least one of these holds:

(a) a *mark* of the fault appears anywhere: a value only the injected fault puts in the cluster
    (the wrong ``targetPort``, the non-existent node, the bad image, ``requireTLS``, the flag
    with its faulty variant, the Chaos Mesh experiment, Released volumes and Pending claims);
(b) a line names a *culprit* (the fault's target, the services the answer key accepts, the
    deployment or app pods it breaks) and carries an *anomaly signal* (a crash or scheduling
    state, a not-ready count such as ``0/1``, an error, refusal, auth or timeout message, or a
    fault-specific token such as the wrong binary's name);
(c) the command itself names a culprit (``kubectl logs deploy/geo``, ``kubectl describe pod
    user-...``) and any line of the output carries an anomaly signal.

A culprit name matches whole or with Kubernetes' generated parts (``geo`` matches
``deploy/geo`` and the pod ``geo-h2r6f99q75-94wh5``, not ``mongodb-geo``, ``geography`` or a
sibling such as ``frontend-proxy`` for ``frontend``), so a healthy neighbour is not a suspect. Faults without a culprit or a mark (the no-op problems) have no evidence to find.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from aoi.problems import FaultSpec, Injector, Problem

__all__ = ["ANOMALY_SIGNALS", "RootCause", "root_cause", "surfaces_root_cause"]

#: Words and shapes that mean something is wrong, in the culprit's context only (rule b, c). Word
#: boundaries keep settings such as ``GetMemCTimeout`` in a healthy log from reading as a timeout.
ANOMALY_SIGNALS = re.compile(
    r"CrashLoopBackOff|ImagePullBackOff|ErrImagePull|CreateContainerConfigError|OOMKilled|Evicted"
    r"|FailedScheduling|FailedMount|BackOff|Pending|Exited|Unhealthy|NotReady|not ready"
    r"|\berror\b|\bfail(?:ed|ure|s|ing)?\b|\brefused|\bdenied|unauthori[sz]ed|not authorized"
    r"|authentication failed|\btime(?:d ?)?out\b|deadline exceeded|exception|\bpanic|\bfatal|\bunavailable"
    r"|(?<![\w/])0/[1-9]\d*\b|(?<![\w/])0/0\b",
    re.IGNORECASE,
)


# The alphabet of Kubernetes' generated name parts (pod-template hashes, pod suffixes): no
# vowels, so a sibling service (frontend-proxy next to frontend) never reads as a generated name.
_GENERATED = "bcdfghjklmnpqrstvwxz2456789"


@dataclass(frozen=True)
class RootCause:
    """What evidence of one fault looks like: culprit names, marks, and extra signals."""

    culprits: tuple[str, ...]
    marks: tuple[re.Pattern[str], ...] = ()
    signals: tuple[re.Pattern[str], ...] = ()  # fault-specific anomaly signals (rule b, c)

    @property
    def findable(self) -> bool:
        return bool(self.culprits or self.marks)


def _word(value: Any) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.-]){re.escape(str(value))}(?![\w])")


def _flag_marks(params: dict[str, Any]) -> list[re.Pattern[str]]:
    flag, variant = re.escape(params["flag"]), re.escape(params["variant"])
    return [
        # a listing such as the runbook's "adFailure on"
        re.compile(rf"^\s*{flag}\s+{variant}\s*$", re.MULTILINE),
        # the flag's own block in the flagd JSON (escaped or not): no closing brace of the
        # flag's object between its name and a defaultVariant equal to the faulty variant
        re.compile(rf"{flag}\W+\{{(?:[^{{}}]|\{{[^{{}}]*\}})*?defaultVariant\W+{variant}(?![\w%])"),
    ]


def _chaos_marks(params: dict[str, Any]) -> list[re.Pattern[str]]:
    name = re.escape(str(params.get("experiment", params["action"])))
    return [re.compile(rf"\b{params['kind']}\b"), re.compile(rf"^{name}\s+\S+\s*$", re.MULTILINE)]


# fault type -> (marks, extra signals) from the fault's params; the table is the rule's data.
_BY_FAULT_TYPE: dict[str, Callable[[dict[str, Any]], tuple[list[re.Pattern[str]], list[re.Pattern[str]]]]] = {
    "misconfig_k8s": lambda p: ([re.compile(rf"targetPort\W+{p['to_target_port']}\b")],
                                [_word(p["to_target_port"])]),
    "assign_to_non_existent_node": lambda p: ([_word(v) for v in p["node_selector"].values()], []),
    "misconfig_app": lambda p: ([re.compile(re.escape(p["image"]))], []),
    "auth_miss_mongodb": lambda p: ([_word(p["tls_mode"])], []),
    "wrong_bin_usage": lambda p: ([], [_word(c) for c in p["to_command"]]),
    "redeploy_without_pv": lambda p: ([re.compile(r"\bReleased\b"), re.compile(r"-pvc\s+Pending\b")], []),
}  # fmt: skip


def _culprits(problem: Problem) -> tuple[str, ...]:
    fault = problem.fault
    names = [fault.target, *problem.answer.services]
    names += [fault.params.get(key) for key in ("deployment", "app_pods", "container")]
    return tuple(dict.fromkeys(str(n) for n in names if n))


def _marks_and_signals(fault: FaultSpec) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    if fault.injector is Injector.FLAGD:
        return _flag_marks(fault.params), []
    if fault.injector is Injector.CHAOS_MESH:
        return _chaos_marks(fault.params), []
    build = _BY_FAULT_TYPE.get(fault.fault_type)
    return build(fault.params) if build else ([], [])


def root_cause(problem: Problem) -> RootCause:
    """What evidence of ``problem``'s fault looks like (the module docstring's rule)."""
    marks, signals = _marks_and_signals(problem.fault)
    culprits = _culprits(problem) if problem.fault.injector is not Injector.NOOP else ()
    return RootCause(culprits, tuple(marks), tuple(signals))


def _names(cause: RootCause) -> re.Pattern[str] | None:
    if not cause.culprits:
        return None
    alternatives = "|".join(re.escape(c) for c in sorted(cause.culprits, key=len, reverse=True))
    return re.compile(rf"(?<![\w.-])(?:{alternatives})(?:-[{_GENERATED}]{{5,10}}){{0,2}}(?![\w-])")


def _signal(line: str, cause: RootCause) -> bool:
    return bool(ANOMALY_SIGNALS.search(line)) or any(s.search(line) for s in cause.signals)


def surfaces_root_cause(command: str, output: str, cause: RootCause) -> bool:
    """True when ``output`` (of ``command``, which ran and succeeded) is evidence (rules a-c)."""
    if any(mark.search(output) for mark in cause.marks):
        return True
    names = _names(cause)
    if names is None:
        return False
    lines: Iterable[str] = output.splitlines()
    if names.search(command):
        return any(_signal(line, cause) for line in lines)
    return any(names.search(line) and _signal(line, cause) for line in lines)
