"""The Executor: the only role that writes, and only what an Observer order allows.

An `ExecutorOrder` runs only when all of this holds (`Executor.check`), else nothing runs:

(a) it names a namespace and a target, and every namespaced write targets that namespace
    (``-n NS``/``--namespace NS``; PersistentVolumes are cluster-scoped and exempt);
(b) every command is on the whitelist (`whitelist.match_rule` for each write part, the heredoc
    check for ``apply``) and `aoi.safety.classify` does not deny it; verify commands are reads;
(c) approval allows it (`Approval`: auto, ask, or deny = dry run).

Then, "look before you leap" (aoi-paper.md §3.1): the order's verify reads run first, every
write is preceded by a checkpoint, and the verify reads run again. A failed write or a failed
verification (a verify command failing or printing an error marker, or the ``verify_ok``
predicate saying no) restores the order's first checkpoint: STRATUS' "transactional
no-regression" (peers.md §2.6). Every decision goes to the `AuditLog`; what the Observer gets is
`ExecutorReport.render()`, built from compressed `Evidence` only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from aoi.safety import Verdict, classify

from ..compressor import DEFAULT_BUDGET_TOKENS, Compressor, Evidence, RuleCompressor
from ..contracts import ExecutorOrder, ProbeRequest
from ..probe import Probe, RawResult, Runner, compress_result, refused
from .approval import Approval
from .audit import AuditLog, AuditRecord
from .whitelist import heredoc_kinds_ok, match_rule

__all__ = ["ERROR_MARKERS", "Executor", "ExecutorReport", "RollbackUnavailable", "VerifyPredicate", "check_write"]

# Text in a verify command's output that means the fix did not take (regexes, per line).
ERROR_MARKERS: tuple[str, ...] = (
    r"^Error\b", r"^error:", r"Error from server", r"\[ERROR\]", r"^refused: ",
    r"CrashLoopBackOff", r"ImagePullBackOff", r"ErrImagePull", r"CreateContainerConfigError",
)  # fmt: skip

VerifyPredicate = Callable[[ExecutorOrder, list[RawResult]], bool]
"""Executor-side check of the post-write verify results (raw); False triggers a rollback."""

Status = Literal["applied", "refused", "dry-run", "rejected", "rolled-back"]
_NS_FLAG = re.compile(r"(?:^|\s)(?:-n|--namespace)(?:=|\s+)([\w.-]+)")


class RollbackUnavailable(RuntimeError):
    """The audit record has no checkpoint (not a write, or the backend cannot checkpoint)."""


@dataclass(frozen=True)
class ExecutorReport:
    """What one order did. ``before``/``writes``/``after`` are raw, for the record only; the
    Observer sees `render`, which is built from ``evidence``."""

    order: ExecutorOrder
    status: Status
    reason: str
    before: tuple[RawResult, ...] = ()
    writes: tuple[RawResult, ...] = ()
    after: tuple[RawResult, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    audit_ids: tuple[int, ...] = ()

    def render(self) -> str:
        head = f"executor: {self.status}: {self.reason}"
        return "\n".join([head, *(e.render() for e in self.evidence)])


class Executor:
    """Runs write orders under the checks in the module docstring; see `execute` and `rollback`."""

    def __init__(
        self,
        run_write: Runner,
        run_read: Runner,
        checkpoint: Callable[[], object] | None = None,
        restore: Callable[[object], None] | None = None,
        approval: Approval | None = None,
        audit: AuditLog | None = None,
        *,
        compressor: Compressor | None = None,
        verify_ok: VerifyPredicate | None = None,
        error_markers: tuple[str, ...] = ERROR_MARKERS,
        budget_tokens: int = DEFAULT_BUDGET_TOKENS,
    ) -> None:
        self._run_write = run_write
        self._probe = Probe(run_read)  # verify commands go through the same read gate as the Probe
        self._checkpoint, self._restore = checkpoint, restore
        self.approval = approval or Approval()
        self.audit = audit if audit is not None else AuditLog()
        self._compressor = compressor or RuleCompressor()
        self._verify_ok = verify_ok
        self._markers = [re.compile(m, re.MULTILINE) for m in error_markers]
        self._budget = budget_tokens

    # ---------------------------------------------------------------- checks
    def check(self, order: ExecutorOrder) -> str | None:
        """Why the order may not run, or None when it passes (a) and (b)."""
        if not order.namespace.strip() or not order.target.strip():
            return "an order must name a namespace and a target"
        if not order.commands:
            return "the order has no commands"
        for command in order.commands:
            problem = check_write(command, order.namespace)
            if problem:
                return f"{command!r}: {problem}"
        for command in order.verify:
            verdict = classify(command)
            if verdict.verdict is not Verdict.READ:
                return f"verify command {command!r} is not a read ({verdict.verdict.value}: {verdict.reason})"
        return None

    # ------------------------------------------------------------- execution
    def execute(self, order: ExecutorOrder) -> ExecutorReport:
        """Check, approve, look, checkpoint and write, verify; roll back on failure."""
        problem = self.check(order)
        if problem:
            ids = self._log_all(order, "-", "refused", problem)
            refusals = tuple(refused(c, classify(c).verdict, problem) for c in order.commands)
            return self._report(order, "refused", problem, writes=refusals, audit_ids=ids)
        allowed, how = self.approval.decide(f"{order.intent} ({order.namespace}/{order.target})", order.commands)
        if not allowed:
            status: Status = "dry-run" if how == "dry-run" else "rejected"
            reason = "approval mode is deny; would run: " if how == "dry-run" else "a person rejected: "
            ids = self._log_all(order, how, status, "not run")
            return self._report(order, status, reason + " && ".join(order.commands), audit_ids=ids)
        before = tuple(self._probe.run(_verify_request(order))) if order.verify else ()
        writes, ids = self._write_all(order, how)
        failed = next((w for w in writes if w.output is None or w.output.exit_code != 0), None)
        after = tuple(self._probe.run(_verify_request(order))) if order.verify and failed is None else ()
        if failed is not None:
            why = f"write failed: {failed.command!r}"
        else:
            why = self._verification_failure(order, list(after))
        if why is None:
            return self._report(order, "applied", f"{len(writes)} command(s) ran and verified",
                                before=before, writes=writes, after=after, audit_ids=ids)
        undone = self._undo(ids)
        return self._report(order, "rolled-back", f"{why}; {undone}", before=before, writes=writes,
                            after=after, audit_ids=ids)

    def rollback(self, audit_id: int) -> AuditRecord:
        """Restore the checkpoint taken before audit record ``audit_id``'s write; log it."""
        record = self.audit.get(audit_id)
        if record.checkpoint is None or self._restore is None:
            raise RollbackUnavailable(f"audit record {audit_id} ({record.command!r}) has no checkpoint to restore")
        self._restore(record.checkpoint)
        return self.audit.append(
            namespace=record.namespace, target=record.target, intent=record.intent, command=record.command,
            verdict=record.verdict, approval="-", outcome="rolled-back", rollback_of=audit_id,
            detail=f"restored the checkpoint taken before record {audit_id}",
        )

    # --------------------------------------------------------------- helpers
    def _write_all(self, order: ExecutorOrder, how: str) -> tuple[tuple[RawResult, ...], tuple[int, ...]]:
        results, ids = [], []
        for command in order.commands:
            verdict = classify(command)
            token = self._checkpoint() if self._checkpoint and verdict.verdict is Verdict.WRITE else None
            out = self._run_write(command)
            results.append(RawResult(command, verdict.verdict, verdict.reason, out))
            outcome = "ran" if out.exit_code == 0 else "failed"
            record = self._log(order, command, verdict.verdict.value, how, outcome, "", out.exit_code, token)
            ids.append(record.id)
            if out.exit_code != 0:
                break
        return tuple(results), tuple(ids)

    def _verification_failure(self, order: ExecutorOrder, after: list[RawResult]) -> str | None:
        for result in after:
            if result.output is None or result.output.exit_code != 0:
                return f"verification failed: {result.command!r} did not succeed"
            marker = next((m.pattern for m in self._markers if m.search(result.text)), None)
            if marker:
                return f"verification failed: {result.command!r} shows {marker!r}"
        if self._verify_ok is not None and not self._verify_ok(order, after):
            return "verification failed: the verification predicate rejected the result"
        return None

    def _undo(self, ids: tuple[int, ...]) -> str:
        first = next((i for i in ids if self.audit.get(i).checkpoint is not None), None)
        if first is None:
            return "no checkpoint to roll back to; the cluster may be changed"
        self.rollback(first)
        return f"rolled back to the checkpoint before audit record {first}"

    def _log(self, order: ExecutorOrder, command: str, verdict: str, how: str, outcome: str,
             detail: str, exit_code: int | None = None, token: object | None = None) -> AuditRecord:
        return self.audit.append(
            namespace=order.namespace, target=order.target, intent=order.intent, command=command,
            verdict=verdict, approval=how, outcome=outcome, detail=detail, exit_code=exit_code, checkpoint=token,
        )

    def _log_all(self, order: ExecutorOrder, how: str, outcome: str, detail: str) -> tuple[int, ...]:
        return tuple(
            self._log(order, c, classify(c).verdict.value, how, outcome, detail).id for c in order.commands
        ) or (self._log(order, "", "-", how, outcome, detail).id,)

    def _report(self, order: ExecutorOrder, status: Status, reason: str, **parts: tuple) -> ExecutorReport:
        shown = [*parts.get("before", ()), *parts.get("writes", ()), *parts.get("after", ())]
        evidence = tuple(compress_result(self._compressor, r, self._budget) for r in shown)
        return ExecutorReport(order, status, reason, evidence=evidence, **parts)


def check_write(command: str, namespace: str) -> str | None:
    """Why ``command`` may not run as a write in ``namespace`` (check (b) and the namespace part
    of (a)), or None. An LLM planner filters its proposals with this same function."""
    verdict = classify(command)
    if verdict.verdict is Verdict.DENIED:
        return f"denied: {verdict.reason}"
    writes = [p.command for p in verdict.parts if p.verdict is not Verdict.READ] or [command]
    for part in writes:
        rule = match_rule(part)
        if rule is None:
            return f"not on the Executor whitelist: {part!r}"
        if rule.name == "apply-heredoc" and not heredoc_kinds_ok(command):
            return "kubectl apply needs a heredoc holding only Deployments, Services or ConfigMaps"
        if rule.name in ("sleep", "patch-pv-claimref"):
            continue  # no namespace: sleep touches nothing, PersistentVolumes are cluster-scoped
        flags = set(_NS_FLAG.findall(part.split(" -- ", 1)[0]))
        if flags != {namespace}:
            return f"the command must target namespace {namespace!r} with -n (found {sorted(flags) or 'none'})"
    return None


def _verify_request(order: ExecutorOrder) -> ProbeRequest:
    return ProbeRequest(goal=f"verify: {order.intent}", commands=order.verify, namespace=order.namespace)
