"""The twin's Kubernetes API server: real kubectl, client-go and the Python client talk to the twin.

``aoi twin serve PROBLEM_ID`` runs it from the command line; `serving` runs it on a background
thread for tests and backends. See README.md in this folder for what each module owns.
"""

from __future__ import annotations

from .app import create_app
from .kubeconfig import CONTEXT, kubeconfig_text, write_kubeconfig
from .run import PortInUse, serve_forever, serving
from .session import CLOCK_MODES, ClockMode, ServedTwin, scenario_twin

__all__ = [
    "CLOCK_MODES",
    "CONTEXT",
    "ClockMode",
    "PortInUse",
    "ServedTwin",
    "create_app",
    "kubeconfig_text",
    "scenario_twin",
    "serve_forever",
    "serving",
    "write_kubeconfig",
]
