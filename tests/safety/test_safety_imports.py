"""`aoi.safety` is a leaf: none of its modules imports another aoi package (the twin least of all),
only `aoi.heredocs`, a shared module that itself imports nothing from aoi."""

from __future__ import annotations

import ast
from pathlib import Path

SAFETY = Path(__file__).resolve().parents[2] / "src" / "aoi" / "safety"


def test_safety_imports_only_itself() -> None:
    for path in sorted(SAFETY.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                allowed = name.startswith(("aoi.safety", "aoi.heredocs"))
                assert not name.startswith("aoi.") or allowed, f"{path.name}: {name}"
