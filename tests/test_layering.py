"""The house plan's import rules hold: nothing imports a package above it, and the twin is a leaf."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "aoi"

# Leaf modules of aoi itself that any package may use: they import nothing from aoi.
SHARED_LEAVES = {"heredocs"}

# Which aoi packages each package may import (besides itself and the shared leaves).
ALLOWED = {
    "twin": set(),
    "problems": set(),
    # The kube backend routes each kubectl call to the Probe's or the Executor's kubeconfig by the
    # same classification the Probe's gate uses; safety is a leaf, so this adds no cycle.
    "env": {"problems", "twin", "safety"},
    "safety": set(),
    "llm": set(),
    # The runtime records its steps in the trajectory schema as it goes (so an interrupted run
    # still leaves a valid record); trajectories in turn never imports agents.
    "agents": {"problems", "env", "safety", "llm", "trajectories"},
    "bench": {"problems", "env", "safety", "llm", "trajectories", "agents"},
    # Exports redact secrets (aoi.safety.redact) before anything is written for training or sharing.
    "trajectories": {"env", "problems", "safety"},
    "train": {"problems", "env", "safety", "llm", "trajectories", "agents", "evolver"},
}


def _imported_packages(path: Path, package: str) -> set[str]:
    found = set()
    module_parts = path.relative_to(SRC).with_suffix("").parts
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = module_parts[: len(module_parts) - node.level]
                target = ".".join(base + tuple((node.module or "").split(".")))
            else:
                target = node.module or ""
                if not target.startswith("aoi."):
                    continue
                target = target[len("aoi."):]
            found.add(target.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("aoi."))
    return {p for p in found if p and p != package}


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_what_the_plan_allows(package: str) -> None:
    if not (SRC / package).is_dir():
        pytest.skip(f"aoi.{package} does not exist yet")
    for path in sorted((SRC / package).rglob("*.py")):
        extra = _imported_packages(path, package) - ALLOWED[package] - SHARED_LEAVES - {""}
        assert not extra, f"{path.relative_to(SRC)} imports {sorted(extra)}"


@pytest.mark.parametrize("leaf", sorted(SHARED_LEAVES))
def test_shared_leaves_import_nothing_from_aoi(leaf: str) -> None:
    path = SRC / f"{leaf}.py"
    assert not _imported_packages(path, leaf), f"{leaf}.py must stay a leaf"
