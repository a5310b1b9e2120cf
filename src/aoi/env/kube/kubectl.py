"""Running the real kubectl binary: one argv, one kubeconfig, a small environment, a timeout.

`Kubectl.run` never goes through a system shell: the twin's shell (`aoi.twin.shell`) has already
parsed the agent's line into words, and this runs exactly those words. The child gets only
`PASSED_ENV` from our environment (kubectl's exec credential plugins, such as
``aws eks get-token`` or ``gke-gcloud-auth-plugin``, need their own variables and ``PATH``), and
``KUBECONFIG`` is always the one given, never the caller's. Every failure to run at all (no
binary, a timeout) comes back as a `CommandResult` with a one-line stderr, as a shell would
report it, so the agent sees an observation and never a traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from aoi.twin.process import CommandResult

__all__ = ["CREDENTIAL_FLAGS", "PASSED_ENV", "PASSED_ENV_PREFIXES", "Kubectl", "credential_flag"]

#: Variables passed to kubectl unchanged (locale, home for its discovery cache, proxies).
PASSED_ENV = ("PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR", "KUBECACHEDIR", "HTTP_PROXY", "HTTPS_PROXY",
              "NO_PROXY", "http_proxy", "https_proxy", "no_proxy")  # fmt: skip
#: Prefixes of the variables cloud credential plugins read.
PASSED_ENV_PREFIXES = ("AWS_", "AZURE_", "GOOGLE_", "CLOUDSDK_", "KUBE_")

#: Flags that would pick other credentials or another cluster than the role's kubeconfig.
CREDENTIAL_FLAGS = frozenset({
    "--kubeconfig", "--context", "--cluster", "--user", "--token", "--server", "-s", "--as", "--as-group",
    "--as-uid", "--username", "--password", "--client-certificate", "--client-key", "--certificate-authority",
    "--insecure-skip-tls-verify", "--tls-server-name",
})  # fmt: skip


def credential_flag(argv: list[str]) -> str | None:
    """The first flag in ``argv`` (after ``--`` nothing counts) that would override the role's credentials."""
    for word in argv[1:]:
        if word == "--":
            return None
        name = word.split("=", 1)[0]
        if name in CREDENTIAL_FLAGS:
            return name
    return None


@dataclass(frozen=True)
class Kubectl:
    """The kubectl binary (``binary``: a name looked up on PATH, or a path) with a per-call timeout."""

    binary: str = "kubectl"
    timeout_s: float = 30.0  # AIOpsLab's Shell.exec default

    def path(self) -> str | None:
        """Where the binary is, or None when it cannot be found."""
        return shutil.which(self.binary)

    def run(self, argv: list[str], kubeconfig: Path, stdin: str = "") -> CommandResult:
        """Run ``kubectl argv[1:]`` with ``kubeconfig``; argv[0] is replaced by the binary."""
        binary = self.path()
        if binary is None:
            return CommandResult(stderr=f"bash: line 1: {argv[0]}: command not found\n", exit_code=127)
        try:
            done = subprocess.run(
                [binary, *argv[1:]], input=stdin, capture_output=True, text=True, errors="replace",
                env=self._env(kubeconfig), timeout=self.timeout_s, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return CommandResult(stderr=f"kubectl timed out after {self.timeout_s:g} s and was stopped\n",
                                 exit_code=124)
        except OSError as exc:
            return CommandResult(stderr=f"bash: line 1: {argv[0]}: {exc.strerror or exc}\n", exit_code=126)
        return CommandResult(done.stdout, done.stderr, done.returncode)

    @staticmethod
    def _env(kubeconfig: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k in PASSED_ENV or k.startswith(PASSED_ENV_PREFIXES)}
        env.pop("KUBECONFIG", None)
        env["KUBECONFIG"] = str(kubeconfig)
        return env
