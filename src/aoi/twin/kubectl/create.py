"""``kubectl create``: from manifests (``-f -``) or the generators agents use most: ``namespace``,
``configmap``, ``secret generic`` and ``deployment``.

Each prints ``<type>/<name> created``; an existing object gives the AlreadyExists error in the
form that particular generator prints it.
"""

from __future__ import annotations

import base64

from ..errors import AlreadyExists, TwinError
from ..process import CommandResult
from .apply import FLAGS as APPLY_FLAGS
from .apply import manifest_objects
from .args import Flag, KubectlError, ParsedArgs, namespace_of, parse_args
from .context import KubectlContext
from .write_support import api_error, slash_name

_GENERATOR_FLAGS = (
    Flag("from_literal", ("--from-literal",), repeatable=True),
    Flag("from_file", ("--from-file",), repeatable=True),
    Flag("from_env_file", ("--from-env-file",), repeatable=True),
    Flag("image", ("--image",), repeatable=True),
    Flag("replicas", ("-r", "--replicas")),
    Flag("port", ("--port",)),
    Flag("type", ("--type",)),
    Flag("output", ("-o", "--output")),
    Flag("dry_run", ("--dry-run",)),
    Flag("save_config", ("--save-config",), takes_value=False),
)


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    sub = next((a for a in argv if not a.startswith("-")), None)
    if sub in _GENERATORS and "-f" not in argv and "--filename" not in argv:
        index = argv.index(sub)
        parsed = parse_args(argv[:index] + argv[index + 1:], _GENERATOR_FLAGS, f"create {sub}")
        return _GENERATORS[sub](ctx, parsed)
    parsed = parse_args(argv, APPLY_FLAGS, "create")
    if parsed.positionals and not parsed.get("filename"):
        raise KubectlError(f'error: unknown command "{parsed.positionals[0]}" for "kubectl create"')
    objects, label = manifest_objects(ctx, parsed, stdin, "create")
    out: list[str] = []
    errors: list[str] = []
    for obj in objects:
        try:
            ctx.cluster.create(obj)
            out.append(f"{slash_name(obj)} created\n")
        except TwinError as err:
            errors.append(str(api_error(err, f'error when creating "{label}": ')))
    return CommandResult("".join(out), "".join(e + "\n" for e in errors), 1 if errors else 0)


def _name(parsed: ParsedArgs, what: str) -> str:
    if len(parsed.positionals) != 1:
        raise KubectlError(f"error: exactly one NAME is required, got {len(parsed.positionals)}\n"
                           f"See 'kubectl create {what} -h' for help and examples")
    return parsed.positionals[0]


def _literals(parsed: ParsedArgs) -> dict[str, str]:
    if parsed.get("from_file") or parsed.get("from_env_file"):
        path = (parsed.get("from_file") or parsed.get("from_env_file"))[0]
        raise KubectlError(f"error: error reading {path}: no such file or directory")
    data: dict[str, str] = {}
    for item in parsed.get("from_literal") or []:
        key, eq, value = str(item).partition("=")
        if not eq or not key:
            raise KubectlError(f'error: invalid literal source {item}, expected key=value')
        data[key] = value
    return data


def _create(ctx: KubectlContext, obj: dict, failure_prefix: str | None) -> CommandResult:
    try:
        ctx.cluster.create(obj)
    except AlreadyExists as err:
        if failure_prefix is None:
            raise api_error(err) from err
        raise KubectlError(f"error: {failure_prefix}{err}") from err
    except TwinError as err:
        raise api_error(err) from err
    return CommandResult(f"{slash_name(obj)} created\n")


def _namespace(ctx: KubectlContext, parsed: ParsedArgs) -> CommandResult:
    name = _name(parsed, "namespace")
    return _create(ctx, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}, None)


def _configmap(ctx: KubectlContext, parsed: ParsedArgs) -> CommandResult:
    name = _name(parsed, "configmap")
    obj = {"apiVersion": "v1", "kind": "ConfigMap",
           "metadata": {"name": name, "namespace": namespace_of(parsed, ctx.default_namespace)},
           "data": _literals(parsed)}
    return _create(ctx, obj, "failed to create configmap: ")


def _secret(ctx: KubectlContext, parsed: ParsedArgs) -> CommandResult:
    if not parsed.positionals or parsed.positionals[0] != "generic":
        raise KubectlError("error: the twin emulates only `kubectl create secret generic`")
    parsed.positionals = parsed.positionals[1:]
    name = _name(parsed, "secret generic")
    data = {k: base64.b64encode(v.encode()).decode() for k, v in _literals(parsed).items()}
    obj = {"apiVersion": "v1", "kind": "Secret", "type": str(parsed.get("type") or "Opaque"),
           "metadata": {"name": name, "namespace": namespace_of(parsed, ctx.default_namespace)}, "data": data}
    return _create(ctx, obj, "failed to create secret ")


def _deployment(ctx: KubectlContext, parsed: ParsedArgs) -> CommandResult:
    name = _name(parsed, "deployment")
    images = parsed.get("image") or []
    if not images:
        raise KubectlError("error: required flag(s) \"image\" not set")
    containers = []
    for image in images:
        base = str(image).rsplit("/", 1)[-1].split(":")[0].split("@")[0]
        container: dict = {"name": base, "image": str(image)}
        if parsed.get("port"):
            container["ports"] = [{"containerPort": int(str(parsed.get("port")))}]
        containers.append(container)
    labels = {"app": name}
    obj = {"apiVersion": "apps/v1", "kind": "Deployment",
           "metadata": {"name": name, "namespace": namespace_of(parsed, ctx.default_namespace), "labels": labels},
           "spec": {"replicas": int(str(parsed.get("replicas") or 1)), "selector": {"matchLabels": labels},
                    "template": {"metadata": {"labels": labels}, "spec": {"containers": containers}}}}
    return _create(ctx, obj, None)


_GENERATORS = {
    "namespace": _namespace,
    "ns": _namespace,
    "configmap": _configmap,
    "cm": _configmap,
    "secret": _secret,
    "deployment": _deployment,
    "deploy": _deployment,
}
