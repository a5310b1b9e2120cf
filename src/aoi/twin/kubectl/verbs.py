"""Which module implements each kubectl verb. Each module exposes
``run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult`` where ``argv`` is
everything after the verb (global flags included)."""

from __future__ import annotations

VERB_MODULES: dict[str, str] = {
    # reads
    "get": "get",
    "describe": "describe",
    "logs": "logs",
    "top": "top",
    "api-resources": "api_resources",
    "api-versions": "api_versions",
    "version": "version",
    "cluster-info": "cluster_info",
    "explain": "explain",
    "auth": "auth",
    "config": "config",
    # writes
    "patch": "patch",
    "scale": "scale",
    "set": "set_cmd",
    "rollout": "rollout",
    "delete": "delete",
    "apply": "apply",
    "create": "create",
    "replace": "replace",
    "label": "label",
    "annotate": "annotate",
    "exec": "exec_cmd",
    "edit": "edit",
    "cp": "cp",
}
