"""The ``kubectl`` program: global flags, then the verb, dispatched to its module.

Verb modules are imported on first use so a `kubectl get` never pays for the write verbs.
"""

from __future__ import annotations

import importlib

from ..process import CommandResult
from .args import GLOBAL_FLAGS, KubectlError
from .context import KubectlContext
from .verbs import VERB_MODULES

_VALUE_FLAGS = {name for flag in GLOBAL_FLAGS if flag.takes_value for name in flag.names}


def _split_verb(argv: list[str]) -> tuple[str | None, list[str]]:
    """Find the verb after any leading global flags (``kubectl -n x get pods``)."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg.startswith("-"):
            if arg in _VALUE_FLAGS:
                i += 1
            i += 1
            continue
        return arg, argv[:i] + argv[i + 1 :]
    return None, argv


def run_kubectl(ctx: KubectlContext, argv: list[str], stdin: str = "") -> CommandResult:
    """Run one kubectl invocation; ``argv[0]`` is ``kubectl`` (or an alias such as ``k``)."""
    verb, rest = _split_verb(argv[1:])
    if verb is None:
        return CommandResult(stdout=_USAGE)
    module_name = VERB_MODULES.get(verb)
    if module_name is None:
        return CommandResult(stderr=f'error: unknown command "{verb}" for "kubectl"\n', exit_code=1)
    try:
        module = importlib.import_module(f"{__package__}.{module_name}")
    except ModuleNotFoundError:
        return CommandResult(stderr=f'error: the twin does not emulate "kubectl {verb}" yet\n', exit_code=1)
    try:
        return module.run(ctx, rest, stdin)
    except KubectlError as err:
        text = str(err)
        return CommandResult(stderr=text if text.endswith("\n") else text + "\n", exit_code=err.exit_code)


_USAGE = """kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  explain         Get documentation for a resource
  get             Display one or many resources
  edit            Edit a resource on the server
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment, replica set, or replication controller

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  exec            Execute a command in a container
  top             Display resource (CPU/memory) usage

Advanced Commands:
  patch           Update fields of a resource
  apply           Apply a configuration to a resource by file name or stdin

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
"""
