"""``aoi twin``: serve a problem's twin as a Kubernetes API server that real kubectl can talk to.

``aoi twin serve PROBLEM_ID`` builds the problem's cluster (app deployed, fault injected), writes a
kubeconfig pointing at it and serves until Ctrl-C; the work is in `aoi.twin.server`. Bad input
(an unknown problem id, noise level or clock) is one line on stderr and exit status 2; a port in
use is one line and exit status 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

app = typer.Typer(help="Serve the offline cluster twin to real tools (kubectl, the Python client, k9s).",
                  no_args_is_help=True)


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@app.command("serve")
def serve(
    problem_id: Annotated[str, typer.Argument(help="The problem to set up, e.g. revoke_auth_mongodb-mitigation-1.")],
    seed: Annotated[int, typer.Option("--seed", help="Twin seed; the same seed gives the same cluster.")] = 0,
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1; 0 picks a free one.")] = 0,
    kubeconfig_out: Annotated[Path, typer.Option("--kubeconfig-out", help="Where to write the kubeconfig.")] = Path(
        "aoi-twin.kubeconfig"),
    noise: Annotated[str, typer.Option("--noise", help="Telemetry realism: off, realistic or high.")] = "realistic",
    clock: Annotated[str, typer.Option("--clock", help="virtual: each kubectl invocation advances time by "
                                                       "--step-seconds; wall: time follows the wall clock, so "
                                                       "client-side ages (describe, k9s) are right.")] = "virtual",
    step_seconds: Annotated[float, typer.Option("--step-seconds", help="Virtual seconds per kubectl invocation "
                                                                       "(0 freezes the clock).")] = 10.0,
) -> None:
    """Serve PROBLEM_ID's twin as a Kubernetes API server until Ctrl-C."""
    from aoi.problems import UnknownProblem, get_problem
    from aoi.twin.server import CLOCK_MODES, PortInUse, scenario_twin, serve_forever, write_kubeconfig
    from aoi.twin.telemetry import NOISE_LEVELS

    try:
        problem = get_problem(problem_id)
    except UnknownProblem as exc:
        _fail(str(exc))
    if noise not in NOISE_LEVELS:
        _fail(f"unknown noise level {noise!r}; expected one of: {', '.join(NOISE_LEVELS)}")
    if clock not in CLOCK_MODES:
        _fail(f"unknown clock {clock!r}; expected one of: {', '.join(CLOCK_MODES)}")
    if step_seconds < 0:
        _fail(f"--step-seconds must be >= 0, got {step_seconds}")
    twin = scenario_twin(problem.app.value, problem.namespace, problem.fault, seed=seed, noise=noise,
                         clock=clock, step_seconds=step_seconds)

    def ready(url: str) -> None:
        path = write_kubeconfig(kubeconfig_out, url, problem.namespace).resolve()
        typer.echo(f"Serving {problem.id} (seed {seed}, {clock} clock) at {url}")
        typer.echo(f"kubeconfig: {path}")
        typer.echo(f"try: kubectl --kubeconfig {path} get pods -n {problem.namespace}")
        typer.echo("Ctrl-C stops the server.")

    try:
        serve_forever(twin, port, on_ready=ready)
    except PortInUse as exc:
        _fail(str(exc), code=1)
