"""The built-in runbook Observer: an SRE diagnostic procedure over compressed evidence, no LLM.

It surveys the namespace, runs targeted checks (one module per family), keeps its findings across
iterations in `Notes`, and answers in the task's submit format or orders and verifies a fix.
It never imports the twin or the problem catalog: everything it knows comes from evidence text.
"""

from .diagnosis import answer, root_cause
from .notes import Finding, Notes
from .procedure import RunbookObserver

__all__ = ["Finding", "Notes", "RunbookObserver", "answer", "root_cause"]
