"""The Executor's whitelist: the only write commands it will ever run, as data.

Each rule is one regular expression, matched in full against one *simple command* of a line
(the parts `aoi.safety.classify` finds through ``&&``, pipes and ``$(...)``). A line passes when
every part that is a write matches some rule; read parts (``kubectl get`` inside a ``$(...)``,
``jq``) need no rule. The rules cover the mitigations of every AIOpsLab fault family; AOI's
paper mentions "a 47-pattern whitelist" whose contents are not public (aoi-paper.md §3.1).

Two rules carry an extra check that a regex cannot make: ``apply-heredoc`` requires every
heredoc body in the line to hold only Deployments, Services and ConfigMaps
(`heredoc_kinds_ok`), and no rule accepts ``--all-namespaces``/``-A``.

Each rule also names the Kubernetes API permissions its commands need (``grants``), beside its
regex so the two change together; `executor_grants` collects them for ``aoi rbac render``
(`aoi.safety.rbac`), which gives the Executor's ServiceAccount exactly these writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aoi.safety.rbac import Grant

__all__ = ["APPLY_KINDS", "EXEC_RULES", "RULES", "Rule", "executor_grants", "heredoc_kinds_ok", "match_rule"]

# Pieces of the patterns below.
_K = r"kubectl(?:\s+(?:-n|--namespace)(?:=|\s+)[\w.-]+)?"  # kubectl, optionally -n NS before the verb
_NAME = r"[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?"  # a Kubernetes object name
_REST = r"(?:\s+.*)?"  # any further arguments (flags, patches), within this one simple command
_PLAIN = r"(?:\s+(?:--?[\w-]+(?:=[\w.=,!:-]*)?|[\w.=,!:-]+))*"  # flags and words, no '/', no quotes
_DEPLOY = r"(?:deployments?|deploy)"
# The API permissions behind the kubectl verbs below. kubectl patch/set/rollout send a PATCH;
# scale patches the scale subresource (or gets and updates it with --current-replicas); apply
# gets, then creates or patches; exec creates a pods/exec session; delete pods deletes.
_PATCH = ("patch",)
_EXEC = (Grant("", "pods/exec", ("create",)),)


@dataclass(frozen=True)
class Rule:
    """One whitelisted kind of write: a name, the pattern, and why it is allowed."""

    name: str
    pattern: str
    why: str
    grants: tuple[Grant, ...] = ()  # the API permissions its commands need (none: not a cluster write)

    def matches(self, command: str) -> bool:
        return re.fullmatch(self.pattern, command.strip(), re.DOTALL) is not None


RULES: tuple[Rule, ...] = (
    # flagd faults (astronomy-shop): rewrite flagd-config from its own JSON through jq.
    Rule("flagd-configmap", rf"{_K}\s+patch\s+(?:configmap|cm)(?:\s+|/)flagd-config{_REST}",
         "edit the flagd feature-flag ConfigMap (the jq pipeline's outer patch)", (Grant("", "configmaps", _PATCH),)),
    # redeploy_without_pv: release a PersistentVolume's claim so a new PVC can bind it.
    Rule("patch-pv-claimref", rf"{_K}\s+patch\s+(?:pv|persistentvolumes?)(?:\s+|/){_NAME}\s+.*claimRef.*",
         "release a PersistentVolume (only patches that mention claimRef)",
         (Grant("", "persistentvolumes", _PATCH, cluster=True),)),
    # misconfig_k8s (wrong targetPort), node selectors, commands, configmaps: patch one object.
    Rule("patch", rf"{_K}\s+patch\s+(?:(?:svc|services?|{_DEPLOY}|configmaps?|cm)\s+{_NAME}|(?:svc|service|{_DEPLOY}|configmap|cm)/{_NAME}){_REST}",
         "patch one Service, Deployment or ConfigMap",
         (Grant("", "services", _PATCH), Grant("apps", "deployments", _PATCH), Grant("", "configmaps", _PATCH))),
    # scale_pods_to_zero: scale a Deployment back up.
    Rule("scale", rf"{_K}\s+scale\s+{_DEPLOY}(?:\s+|/){_NAME}(?=.*\s--replicas[=\s]\d+){_PLAIN}",
         "scale one Deployment to an explicit replica count",
         (Grant("apps", "deployments/scale", ("get", "patch", "update")),)),
    # misconfig_app (bad image), env and resource fixes.
    Rule("set", rf"{_K}\s+set\s+(?:image|env|resources)\s+(?:{_DEPLOY}/{_NAME}|{_DEPLOY}\s+{_NAME}){_REST}",
         "set the image, env or resources of one Deployment", (Grant("apps", "deployments", _PATCH),)),
    # auth_miss_mongodb, flagd: restart or roll back a Deployment.
    Rule("rollout", rf"{_K}\s+rollout\s+(?:restart|undo)\s+{_DEPLOY}(?:\s+|/){_NAME}{_PLAIN}",
         "restart or undo one Deployment's rollout", (Grant("apps", "deployments", _PATCH),)),
    # revoke_auth, storage_user_unregistered, redeploy_without_pv: restart pods (never other kinds).
    Rule("delete-pods", rf"{_K}\s+delete\s+(?:pods?|po)(?:/{_NAME})?{_PLAIN}",
         "delete pods (their controllers recreate them); never namespaces, deployments or volumes",
         (Grant("", "pods", ("delete",)),)),
    # re-create a deleted Deployment/Service/ConfigMap from a manifest given inline.
    Rule("apply-heredoc", rf"{_K}\s+apply{_PLAIN}\s+-f\s+-{_PLAIN}(?:\s*<<.*)?",
         "apply Deployments, Services or ConfigMaps from a heredoc (checked by heredoc_kinds_ok)",
         (Grant("apps", "deployments", ("create", "patch")), Grant("", "services", ("create", "patch")),
          Grant("", "configmaps", ("create", "patch")))),
    # revoke_auth / storage_user_unregistered by hand: re-grant or re-create the app's user.
    Rule("mongo-user", rf"{_K}\s+exec\s+.*\s--\s+(?:mongo|mongosh)\s.*(?:grantRolesToUser|createUser|updateUser).*",
         "fix a MongoDB user's roles from inside its pod", _EXEC),
    # revoke_auth / storage_user_unregistered: the app's own mitigation scripts.
    Rule("mitigate-script", rf"{_K}\s+exec\s+.*\s--\s+(?:bash|sh)\s+/scripts/[\w.-]*-mitigate-[\w.-]*\.sh",
         "run one of the app's /scripts/*-mitigate-*.sh inside its pod", _EXEC),
    # waiting for a rollout; the twin's sleep moves virtual time only.
    Rule("sleep", r"sleep\s+\d+(?:\.\d+)?s?", "wait N seconds"),
)

# The kinds `apply-heredoc` may create or change.
APPLY_KINDS = frozenset({"Deployment", "Service", "ConfigMap"})
_ALL_NAMESPACES = re.compile(r"(?:^|\s)(?:-A|--all-namespaces)(?:=\S*)?(?:\s|$)")
_HEREDOC = re.compile(r"<<-?\s*(['\"]?)(\w+)\1[^\n]*\n(.*?)^\s*\2\s*$", re.DOTALL | re.MULTILINE)
_KIND = re.compile(r"^(?:- )?kind:\s*['\"]?(\w+)", re.MULTILINE)


# The rules that need a shell inside a pod (pods/exec). RBAC cannot limit what an exec runs, so
# `executor_grants(exec_repairs=False)` leaves these out, at the cost of these repairs.
EXEC_RULES = frozenset(rule.name for rule in RULES if any(g.resource == "pods/exec" for g in rule.grants))


def executor_grants(*, exec_repairs: bool = True) -> tuple[Grant, ...]:
    """The API permissions of every rule, in rule order (the Executor's RBAC, `aoi.safety.rbac`);
    ``exec_repairs=False`` drops the `EXEC_RULES` (no ``pods/exec``)."""
    return tuple(g for rule in RULES if exec_repairs or rule.name not in EXEC_RULES for g in rule.grants)


def match_rule(command: str) -> Rule | None:
    """The first rule ``command`` (one simple command) matches in full, or None."""
    if _ALL_NAMESPACES.search(command):
        return None
    return next((rule for rule in RULES if rule.matches(command)), None)


def heredoc_kinds_ok(line: str) -> bool:
    """True when the line has at least one heredoc and every top-level ``kind:`` in every body is
    one of `APPLY_KINDS` (``kubectl apply -f -`` reading a pipe cannot be checked, so it fails)."""
    bodies = [m.group(3) for m in _HEREDOC.finditer(line)]
    if not bodies:
        return False
    for body in bodies:
        kinds = _KIND.findall(body)
        if not kinds or any(kind not in APPLY_KINDS for kind in kinds):
            return False
    return True
