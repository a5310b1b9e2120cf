"""Which credentials run a kubectl call: the Probe's for reads, the Executor's for writes.

Each kubectl invocation (after the shell has split a line such as
``kubectl get pods | xargs kubectl delete pod`` into its commands) is classified on its own by
`aoi.safety.classify`, the same judgement the Probe's gate makes: a read runs with the Probe's
kubeconfig, a write with the Executor's, so the cluster's RBAC holds even if a prompt or a gate
is wrong. Without an Executor kubeconfig every write is refused before kubectl starts; a
command `aoi.safety` denies, or one that names its own credentials (``--kubeconfig``,
``--token``...), is refused the same way.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

from aoi.safety import Verdict, classify

from .kubectl import credential_flag

__all__ = ["Credentials", "Refused"]


@dataclass(frozen=True)
class Refused:
    """Why a kubectl call does not run; ``message`` is its stderr line."""

    message: str


@dataclass(frozen=True)
class Credentials:
    """The two roles' kubeconfigs (``executor`` None: a read-only run)."""

    probe: Path
    executor: Path | None = None

    def for_argv(self, argv: list[str]) -> Path | Refused:
        """The kubeconfig that runs ``argv`` (a kubectl command), or why it may not run."""
        flag = credential_flag(argv)
        if flag is not None:
            return Refused(f"error: {flag} is not allowed: AOI runs kubectl with each role's own kubeconfig; "
                           f"nothing ran")
        found = classify(shlex.join(argv))
        if found.verdict is Verdict.READ:
            return self.probe
        if found.verdict is Verdict.DENIED:
            return Refused(f"error: AOI never runs this command ({found.reason}); nothing ran")
        if self.executor is None:
            return Refused("error: this kubectl command writes to the cluster and no Executor kubeconfig is "
                           "configured (aoi run --kubeconfig-executor); nothing ran")
        return self.executor
