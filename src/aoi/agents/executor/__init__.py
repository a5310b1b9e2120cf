"""The Executor: whitelisted, approved, checkpointed writes on an Observer's order.

See README.md in this folder for a map of the modules; `Executor` documents the checks.
"""

from .approval import Approval, ApprovalMode, Confirm, rich_confirm
from .audit import AuditLog, AuditRecord
from .executor import (
    ERROR_MARKERS,
    Executor,
    ExecutorReport,
    RollbackUnavailable,
    VerifyPredicate,
    check_write,
)
from .whitelist import APPLY_KINDS, EXEC_RULES, RULES, Rule, executor_grants, heredoc_kinds_ok, match_rule

__all__ = [
    "APPLY_KINDS",
    "ERROR_MARKERS",
    "EXEC_RULES",
    "RULES",
    "Approval",
    "ApprovalMode",
    "AuditLog",
    "AuditRecord",
    "Confirm",
    "Executor",
    "ExecutorReport",
    "RollbackUnavailable",
    "Rule",
    "VerifyPredicate",
    "check_write",
    "executor_grants",
    "heredoc_kinds_ok",
    "match_rule",
    "rich_confirm",
]
