"""``kubectl version``: the client, its bundled Kustomize, and the kind server's version."""

from __future__ import annotations

import json

from ..controllers.nodes import KUBELET_VERSION
from ..process import CommandResult
from .args import Flag, KubectlError, parse_args
from .context import KubectlContext
from .printers.json_yaml import to_yaml

__all__ = ["CLIENT_VERSION", "run", "server_version"]

CLIENT_VERSION = "v1.32.2"
KUSTOMIZE_VERSION = "v5.5.0"

FLAGS = (
    Flag("client", ("--client",), takes_value=False),
    Flag("output", ("-o", "--output")),
    Flag("short", ("--short",), takes_value=False),
)


def _info(version: str, commit: str) -> dict:
    major, minor = version[1:].split(".")[:2]
    return {"major": major, "minor": minor, "gitVersion": version, "gitCommit": commit, "gitTreeState": "clean",
            "buildDate": "2025-02-12T21:26:09Z", "goVersion": "go1.23.6", "compiler": "gc",
            "platform": "linux/amd64"}


def server_version() -> dict:
    """The kind API server's ``/version`` object; the twin's HTTP server answers it too."""
    return _info(KUBELET_VERSION, "70d3cc986aa8221cd1dfb1121852688902d3bf53")


def run(ctx: KubectlContext, argv: list[str], stdin: str) -> CommandResult:
    parsed = parse_args(argv, FLAGS, "version")
    client_only = parsed.flag("client")
    output = parsed.get("output")
    if output in ("json", "yaml"):
        data: dict = {"clientVersion": _info(CLIENT_VERSION, "67a30c0adcf52bd3f56ff0893ce19966be12991f"),
                      "kustomizeVersion": KUSTOMIZE_VERSION}
        if not client_only:
            data["serverVersion"] = server_version()
        return CommandResult(json.dumps(data, indent=2) + "\n" if output == "json" else to_yaml(data))
    if output:
        raise KubectlError("error: --output must be 'yaml' or 'json'")
    text = f"Client Version: {CLIENT_VERSION}\nKustomize Version: {KUSTOMIZE_VERSION}\n"
    if not client_only:
        text += f"Server Version: {KUBELET_VERSION}\n"
    return CommandResult(text)
