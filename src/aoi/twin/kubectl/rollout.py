"""``kubectl rollout restart | status | undo | history | pause | resume`` for Deployments.

``status`` is the one write-side command that waits: real kubectl watches the Deployment until
it is rolled out. The twin moves the virtual clock forward in small steps instead, printing each
new waiting line, until the rollout completes, ``--timeout`` passes, or the progress deadline
(10 minutes by default) passes when no timeout was given.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..controllers.workloads import NOT_COPIED, REVISION
from ..process import CommandResult
from .args import Flag, KubectlError, ParsedArgs, parse_args, usage_error
from .context import KubectlContext
from .describe_common import Writer
from .describe_pod import describe_pod_template
from .write_support import one_object, resolve, slash_name, write_copy

if TYPE_CHECKING:
    from ..cluster import Cluster

RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
CHANGE_CAUSE = "kubernetes.io/change-cause"
STEP_S = 1.0  # virtual seconds between two looks at the Deployment while waiting

_COMMON = (
    Flag("selector", ("-l", "--selector")),
    Flag("filename", ("-f", "--filename")),
    Flag("output", ("-o", "--output")),
    Flag("dry_run", ("--dry-run",)),
)
_FLAGS = {
    "restart": _COMMON,
    "pause": _COMMON,
    "resume": _COMMON,
    "status": (*_COMMON, Flag("watch", ("-w", "--watch"), takes_value=False, default=True),
               Flag("timeout", ("--timeout",)), Flag("revision", ("--revision",))),
    "undo": (*_COMMON, Flag("to_revision", ("--to-revision",))),
    "history": (*_COMMON, Flag("revision", ("--revision",))),
}


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    if not argv or argv[0] not in _FLAGS:
        sub = argv[0] if argv else ""
        if sub and not sub.startswith("-"):
            raise KubectlError(f'error: unknown command "{sub}" for "kubectl rollout"')
        raise KubectlError("error: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed "
                           "description of that resource (e.g. kubectl explain pods).")
    sub = argv[0]
    parsed = parse_args(argv[1:], _FLAGS[sub], f"rollout {sub}")
    if sub in ("restart", "pause", "resume"):
        return _each(ctx, parsed, sub)
    obj = one_object(ctx, parsed, parsed.positionals, f"rollout {sub}")
    _require_deployment(obj, sub)
    if sub == "status":
        return _status(ctx, obj, parsed)
    if sub == "undo":
        return _undo(ctx, obj, parsed)
    return _history(ctx, obj, parsed)


def _require_deployment(obj: dict, sub: str) -> None:
    if obj["kind"] != "Deployment":
        if sub == "status":
            raise KubectlError(f"error: no status viewer has been implemented for {obj['kind']}")
        raise KubectlError(f"error: no history viewer has been implemented for {obj['kind']}")


def _each(ctx: KubectlContext, parsed: ParsedArgs, sub: str) -> CommandResult:
    words = parsed.positionals
    if len(words) == 1 and "/" not in words[0] and not parsed.get("selector"):
        parsed.values["all"] = True  # `rollout restart deployment` means every deployment in the namespace
    found = resolve(ctx, parsed, words)
    out: list[str] = []
    errors = list(found.errors)
    for obj in found.objects:
        try:
            out.append(_ACTIONS[sub](ctx, obj))
        except KubectlError as err:
            errors.append(str(err))
    return CommandResult("".join(out), "".join(e + "\n" for e in errors), 1 if errors else 0)


def _restart(ctx: KubectlContext, obj: dict) -> str:
    if obj["kind"] not in ("Deployment", "StatefulSet", "DaemonSet"):
        raise KubectlError(f'error: {slash_name(obj).split("/")[0]} "{obj["metadata"]["name"]}" restarting is '
                           "not supported")
    if obj["spec"].get("paused"):
        raise KubectlError(f'error: deployments.apps "{obj["metadata"]["name"]}" can\'t restart paused deployment '
                           "(run rollout resume first)")
    now = ctx.cluster.clock.rfc3339()

    def stamp(o: dict) -> None:
        meta = o["spec"]["template"].setdefault("metadata", {})
        meta.setdefault("annotations", {})[RESTARTED_AT] = now

    _, changed = write_copy(ctx, obj, stamp)
    if not changed:
        raise KubectlError(f"error: failed to create patch for {obj['metadata']['name']}: if restart has already "
                           "been triggered within the past second, please wait before attempting to trigger another")
    return f"{slash_name(obj)} restarted\n"


def _pause(ctx: KubectlContext, obj: dict) -> str:
    if obj["spec"].get("paused"):
        raise KubectlError(f'error: deployments.apps "{obj["metadata"]["name"]}" is already paused')
    write_copy(ctx, obj, lambda o: o["spec"].__setitem__("paused", True))
    return f"{slash_name(obj)} paused\n"


def _resume(ctx: KubectlContext, obj: dict) -> str:
    if not obj["spec"].get("paused"):
        raise KubectlError(f'error: deployments.apps "{obj["metadata"]["name"]}" is not paused')
    write_copy(ctx, obj, lambda o: o["spec"].pop("paused", None))
    return f"{slash_name(obj)} resumed\n"


_ACTIONS = {"restart": _restart, "pause": _pause, "resume": _resume}


# ------------------------------------------------------------------------------ status
def status_line(deploy: dict) -> tuple[str, bool]:
    """kubectl's DeploymentStatusViewer: (the line it prints, whether the rollout is done)."""
    name = deploy["metadata"]["name"]
    spec, status = deploy.get("spec") or {}, deploy.get("status") or {}
    if deploy["metadata"].get("generation", 1) > status.get("observedGeneration", 0):
        return "Waiting for deployment spec update to be observed...\n", False
    wanted = int(spec.get("replicas", 1))
    updated = int(status.get("updatedReplicas", 0))
    total = int(status.get("replicas", 0))
    available = int(status.get("availableReplicas", 0))
    if updated < wanted:
        return (f'Waiting for deployment "{name}" rollout to finish: {updated} out of {wanted} new replicas have '
                "been updated...\n"), False
    if total > updated:
        return (f'Waiting for deployment "{name}" rollout to finish: {total - updated} old replicas are pending '
                "termination...\n"), False
    if available < updated:
        return (f'Waiting for deployment "{name}" rollout to finish: {available} of {updated} updated replicas '
                "are available...\n"), False
    return f'deployment "{name}" successfully rolled out\n', True


def _seconds(text: str) -> float:
    """A Go duration such as ``60s``, ``2m``, ``1m30s`` or ``0``."""
    total, number = 0.0, ""
    units = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isdigit() or ch == ".":
            number += ch
            i += 1
            continue
        unit = "ms" if text.startswith("ms", i) else ch
        if unit not in units or not number:
            raise usage_error(f'invalid argument "{text}" for "--timeout" flag: time: invalid duration "{text}"',
                              "rollout status")
        total += float(number) * units[unit]
        number = ""
        i += len(unit)
    if number and (total or number != "0"):
        raise usage_error(f'invalid argument "{text}" for "--timeout" flag: time: missing unit in duration "{text}"',
                          "rollout status")
    return total


def rollout_events(cluster: Cluster, namespace: str, name: str, deadline: float) -> Iterator[dict]:
    """The Deployment as a watch delivers it while a rollout is awaited: now, then after every
    `STEP_S` of virtual time in which it changed (its resourceVersion moved), until the rollout is
    done, ``deadline`` seconds have passed, or the Deployment is gone.

    The one definition of "waiting for a rollout": ``kubectl rollout status`` here prints a line
    per yielded object, and the HTTP server (`aoi.twin.server.watch`) streams them as watch events
    to a real kubectl, which prints a line per event; both twins' clocks move alike.
    """
    deploy = cluster.find("Deployment", name, namespace)
    waited = 0.0
    while deploy is not None:
        yield deploy
        if status_line(deploy)[1]:
            return
        version = deploy["metadata"]["resourceVersion"]
        while deploy is not None and deploy["metadata"]["resourceVersion"] == version:
            if waited >= deadline:
                return
            cluster.advance(STEP_S)
            waited += STEP_S
            deploy = cluster.find("Deployment", name, namespace)


def _status(ctx: KubectlContext, obj: dict, parsed: ParsedArgs) -> CommandResult:
    namespace, name = obj["metadata"]["namespace"], obj["metadata"]["name"]
    timeout = _seconds(str(parsed.get("timeout"))) if parsed.get("timeout") else 0.0
    if not parsed.get("watch"):
        return CommandResult(status_line(obj)[0])
    deadline = timeout or float(obj["spec"].get("progressDeadlineSeconds", 600))
    lines: list[str] = []
    done = False
    for deploy in rollout_events(ctx.cluster, namespace, name, deadline):
        line, done = status_line(deploy)
        lines.append(line)  # kubectl prints the status of every event, repeated lines included
    if done:
        return CommandResult("".join(lines))
    message = ("error: timed out waiting for the condition" if timeout
               else f'error: deployment "{name}" exceeded its progress deadline')
    return CommandResult("".join(lines), message + "\n", 1)


# ------------------------------------------------------------------------------ history / undo
def _revisions(ctx: KubectlContext, deploy: dict) -> dict[int, dict]:
    uid = deploy["metadata"]["uid"]
    owned = [rs for rs in ctx.cluster.list("ReplicaSet", deploy["metadata"]["namespace"])
             if any(ref.get("uid") == uid for ref in rs["metadata"].get("ownerReferences") or ())]
    return {int((rs["metadata"].get("annotations") or {}).get(REVISION, "0")): rs for rs in owned}


def _history(ctx: KubectlContext, deploy: dict, parsed: ParsedArgs) -> CommandResult:
    revisions = _revisions(ctx, deploy)
    wanted = parsed.get("revision")
    if wanted:
        rs = revisions.get(int(str(wanted)))
        if rs is None:
            raise KubectlError("error: unable to find the specified revision")
        return CommandResult(f"{slash_name(deploy)} with revision #{wanted}\n{_template_text(rs)}\n")
    rows = [("REVISION", "CHANGE-CAUSE")]
    for number in sorted(revisions):
        cause = (revisions[number]["metadata"].get("annotations") or {}).get(CHANGE_CAUSE, "<none>")
        rows.append((str(number), cause))
    width = max(len(r[0]) for r in rows) + 2
    table = "".join(f"{r[0]:<{width}}{r[1]}\n" for r in rows)
    return CommandResult(f"{slash_name(deploy)} \n{table}\n")


def _template_text(rs: dict) -> str:
    """``Pod Template:`` as ``rollout history --revision`` prints it: describe's pod template
    through a bare PrefixWriter, so its tabs are not aligned."""
    w = Writer(aligned=False)
    describe_pod_template(w, rs["spec"]["template"])
    return w.text()


def _undo(ctx: KubectlContext, deploy: dict, parsed: ParsedArgs) -> CommandResult:
    name = deploy["metadata"]["name"]
    if deploy["spec"].get("paused"):
        raise KubectlError(f'error: you cannot rollback a paused deployment; resume it first with \'kubectl rollout '
                           f"resume deployment/{name}' and try again")
    revisions = _revisions(ctx, deploy)
    current = int((deploy["metadata"].get("annotations") or {}).get(REVISION, "0"))
    to = int(str(parsed.get("to_revision") or 0))
    if to:
        target = revisions.get(to)
        if target is None:
            raise KubectlError(f"error: unable to find specified revision {to} in history")
    else:
        older = [n for n in revisions if n < current]
        if not older:
            raise KubectlError(f'error: no rollout history found for deployment "{name}"')
        to = max(older)
        target = revisions[to]
    template = copy.deepcopy(target["spec"]["template"])
    template.get("metadata", {}).get("labels", {}).pop("pod-template-hash", None)
    if template == deploy["spec"]["template"]:
        return CommandResult(f"{slash_name(deploy)} skipped rollback (current template already matches revision "
                             f"{to})\n")
    # kubectl's JSON patch replaces the template and the annotations: the Deployment keeps its own
    # bookkeeping ones and takes the rest from the revision's ReplicaSet
    own = deploy["metadata"].get("annotations") or {}
    annotations = {k: own[k] for k in NOT_COPIED if k in own}
    annotations.update({k: v for k, v in (target["metadata"].get("annotations") or {}).items() if k not in NOT_COPIED})

    def restore(obj: dict) -> None:
        obj["spec"]["template"] = template
        obj["metadata"]["annotations"] = annotations

    write_copy(ctx, deploy, restore)
    return CommandResult(f"{slash_name(deploy)} rolled back\n")
