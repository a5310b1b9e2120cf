"""The runbook sees only the public API: no twin, no catalog or answer keys; exports are pinned."""

from __future__ import annotations

import ast
from pathlib import Path

import aoi.agents.runbook as runbook
from aoi.agents.runbook.evidence_parsing import rows, split_blocks

_PACKAGE = Path(runbook.__file__).parent


def test_never_imports_ground_truth() -> None:
    for path in _PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(("aoi.twin", "aoi.problems", "aoi.env")), f"{path.name} imports {name}"


def test_exports() -> None:
    assert runbook.__all__ == ["Finding", "Notes", "RunbookObserver", "answer", "root_cause"]


def test_parses_rendered_evidence() -> None:
    text = ("$ kubectl get pods -n ns\n2 pods: 1 Running and ready with 0 restarts, 1 not (Pending 1):\n"
            "  NAME          READY   STATUS    RESTARTS   AGE\n  user-abc-xyz   0/1     Pending   0          5s\n"
            "$ kubectl get pvc -n ns\n6 claims: 6 Bound, 0 not")
    blocks = split_blocks(text)
    assert [b.command for b in blocks] == ["kubectl get pods -n ns", "kubectl get pvc -n ns"]
    assert rows(blocks[0].lines) == [{"NAME": "user-abc-xyz", "READY": "0/1", "STATUS": "Pending",
                                      "RESTARTS": "0", "AGE": "5s"}]
