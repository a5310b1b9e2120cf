"""Following Failure Evolver guidance: ``[guidance]`` lines in the context, used as extra checks.

A guidance line (`aoi.evolver.guidance.GuidanceEntry.render`, parsed again here by `parse_line`
because the agents sit below the evolver) says: when the evidence shows these symptom lines, run
this check; what it means per task; the fix and the reads that verify it. Its templates name
``{namespace}`` and ``{target}``. `Guides` follows them in four steps over `Notes`:

1. match: a symptom line matches an evidence line seen so far when most of its words
   (`MATCH`, ages, bare numbers and pod hashes aside) are in it and, where the symptom says
   ``{target}``, a token of the evidence line fits that slot. An entry applies when at least one
   matching symptom line is abnormal (an error, a refusal, a not-ready row; `ABNORMAL`) and not
   one of the benign warnings every healthy app prints.
2. target: the names the matching lines put in the ``{target}`` slot, by vote (each line's vote
   shared among its names, abnormal lines counting double); the best `CANDIDATES` are checked.
3. check: the entry's reads with ``{namespace}`` and ``{target}`` filled go out as follow-ups.
   The check confirms a target when every read ran and at least one printed something (a failed
   read, ``NotFound`` for a wrong name, or nothing at all does not confirm).
4. judge: the best-ranked confirmed target becomes a `Finding` whose submission is the entry's
   ``means`` for the task (detection and localization fall back to "Yes" and the target) and
   whose fix and verify reads are the entry's. Its priority (`PRIORITY` .. `PRIORITY` + 9, more
   matching lines ranking first) is below every finding of the runbook's own checks and above
   the crash fallback: guidance adds a check the procedure lacks, it never overrides one it has.

An entry whose templates name another placeholder, or that gives nothing for the task at hand
(no ``means`` for analysis, no ``fix`` for mitigation), is kept but never followed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .evidence_parsing import Block, strip_repeat
from .logs import BENIGN
from .notes import Finding, Notes

__all__ = ["ABNORMAL", "CANDIDATES", "MATCH", "PRIORITY", "Guides", "parse_line"]

PRIORITY = 60
CANDIDATES = 2  # targets checked per entry
MATCH = 0.7  # share of a symptom line's words an evidence line must contain
#: What makes a symptom line a symptom (the library's own list of abnormal words).
ABNORMAL = re.compile(r"error|fail|refused|denied|unauthori|crash|backoff|pending|not ready|notready|warning|"
                      r"killed|oomkilled|timeout|exception|\b0/\d|released|lost|not authorized|\bFTL\b",
                      re.IGNORECASE)

_PREFIX = "[guidance]"
_FIELD = re.compile(r"(\w+)=(\{.*?\}|\S+)")
_SLOTS = re.compile(r"\{(namespace|target)\}")
_OTHER_SLOT = re.compile(r"\{[a-z_]+\}")
# Pod-name hashes, cut as the library cuts them, so that a symptom line matches on any seed.
_HASH = re.compile(r"-(?=[a-z]*\d)[a-z0-9]{5,10}\b")
_WORD = re.compile(r"[a-z0-9]+")
_AGE = re.compile(r"^(\d+[smhd])+$|^\d+$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$|^[a-z0-9]$")


def parse_line(line: str) -> dict[str, Any] | None:
    """The structured content of a rendered guidance line, or None if ``line`` is not one
    (the same result as ``aoi.evolver.guidance.parse_rendered``)."""
    if not line.startswith(_PREFIX):
        return None
    head, brace, rest = line.partition(" {")
    if not brace:
        return None
    try:
        payload = json.loads("{" + rest.split(" -- ", 1)[0])
    except ValueError:
        return None
    return {**dict(_FIELD.findall(head)), **payload} if isinstance(payload, dict) else None


def _normal(line: str) -> str:
    return " ".join(_HASH.sub("", strip_repeat(line)).split())


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 1 and not _AGE.match(w)}


@dataclass(frozen=True)
class _Symptom:
    """One symptom line: its words, and a regex for the whitespace token holding ``{target}``."""

    words: frozenset[str]
    slot: re.Pattern[str] | None
    abnormal: bool

    @classmethod
    def of(cls, line: str, namespace: str) -> _Symptom:
        slot = None
        for token in line.split():
            if "{target}" in token:
                parts = [re.escape(p.replace("{namespace}", namespace)) for p in token.split("{target}")]
                slot = re.compile("^" + "([a-z0-9][a-z0-9.-]*)".join(parts) + "$")
                break
        bare = _SLOTS.sub(" ", line)
        return cls(frozenset(_words(bare)), slot, bool(ABNORMAL.search(bare)) and not BENIGN.search(bare))

    def names_in(self, words: set[str], tokens: list[str], namespace: str) -> list[str] | None:
        """The names this line puts in ``{target}`` for an evidence line ([] for a slot-less
        line), or None when the evidence line does not match."""
        if self.words and len(self.words & words) < MATCH * len(self.words):
            return None
        if self.slot is None:
            return [] if self.words else None
        names = []
        for token in tokens:
            match = self.slot.match(token)
            if match and _NAME.match(match.group(1)) and match.group(1) != namespace:
                names.append(match.group(1))
        return list(dict.fromkeys(names)) or None


@dataclass
class _Entry:
    id: str
    symptoms: tuple[_Symptom, ...]
    check: tuple[str, ...]
    means: dict[str, Any]
    fix: tuple[str, ...]
    verify: tuple[str, ...]
    targets: list[tuple[str, float]] = field(default_factory=list)  # checked, best first
    score: float = 0.0

    def usable_for(self, task: str) -> bool:
        templates = (*self.check, *self.fix, *self.verify, json.dumps(self.means))
        if any(_OTHER_SLOT.search(_SLOTS.sub("", t)) for t in templates):
            return False
        if task == "analysis":
            return isinstance(self.means.get("analysis"), dict)
        if task == "mitigation":
            return bool(self.fix)
        return True


def _fill(value: Any, namespace: str, target: str) -> Any:
    if isinstance(value, str):
        return value.replace("{namespace}", namespace).replace("{target}", target)
    if isinstance(value, list | tuple):
        return type(value)(_fill(v, namespace, target) for v in value)
    if isinstance(value, dict):
        return {k: _fill(v, namespace, target) for k, v in value.items()}
    return value


class Guides:
    """The guidance of one episode: entries learnt from the context, the evidence lines seen so
    far, and the outcome of every guided check (see the module docstring)."""

    def __init__(self) -> None:
        self.entries: dict[str, _Entry] = {}
        self._lines: list[tuple[set[str], list[str]]] = []  # (words, tokens) of every evidence line
        self._asked: dict[str, tuple[str, str]] = {}  # command -> (entry id, target)
        self._outcome: dict[str, bool] = {}  # command -> it ran and printed something

    def learn(self, lines: tuple[str, ...], notes: Notes) -> None:
        """Parse the context's guidance lines (each entry once)."""
        for line in lines:
            parsed = parse_line(line)
            if parsed is None or not parsed.get("id") or parsed["id"] in self.entries:
                continue
            symptoms = tuple(_Symptom.of(str(s), notes.namespace) for s in parsed.get("symptom", ()))
            self.entries[parsed["id"]] = _Entry(
                parsed["id"], symptoms, tuple(parsed.get("check", ())), dict(parsed.get("means") or {}),
                tuple(parsed.get("fix", ())), tuple(parsed.get("verify", ())),
            )  # fmt: skip

    def read(self, block: Block, notes: Notes) -> None:
        """Remember the block's lines; record the outcome of a guided check."""
        for line in (block.summary, *block.lines):
            text = _normal(line)
            if text:
                self._lines.append((_words(text), text.split()))
        if block.command:  # any read may be a guided check the procedure had already run
            printed = bool(block.lines) or (bool(block.summary) and block.summary != "(no output)")
            self._outcome[block.command] = not block.failed and printed

    def follow_ups(self, notes: Notes) -> list[str]:
        """The checks of entries that now apply, for their best targets (each asked once)."""
        commands: list[str] = []
        for entry in self.entries.values():
            if entry.targets or not entry.usable_for(notes.task):
                continue
            ranked = self._match(entry, notes.namespace)
            needs_target = any("{target}" in t for t in (*entry.check, *entry.fix, json.dumps(entry.means)))
            if ranked is None or (needs_target and not ranked):
                continue
            entry.targets = ranked[:CANDIDATES] if needs_target else [("", 1.0)]
            for target, _ in entry.targets:
                for command in _fill(entry.check, notes.namespace, target):
                    self._asked.setdefault(command, (entry.id, target))
                    commands.append(command)
        return commands

    def _match(self, entry: _Entry, namespace: str) -> list[tuple[str, float]] | None:
        """Targets by vote, best first, or None when no abnormal symptom line matches."""
        votes: dict[str, float] = {}
        abnormal, near = 0, set()
        for symptom in entry.symptoms:
            hits = [(words, n) for words, tokens in self._lines
                    if (n := symptom.names_in(words, tokens, namespace)) is not None]
            if not hits:
                continue
            if symptom.abnormal:
                abnormal += 1
                near.update(word for words, _ in hits for word in words)
            names = list(dict.fromkeys(name for _, found in hits for name in found))
            for name in names:
                votes[name] = votes.get(name, 0.0) + (2.0 if symptom.abnormal else 1.0) / len(names)
        if not abnormal:
            return None
        entry.score = abnormal
        # Ties (a slot every row of a table fills) go to the name the abnormal lines speak of most.
        for name in votes:
            parts = _words(name)
            votes[name] += 0.5 * len(parts & near) / max(1, len(parts))
        return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))

    def judge(self, notes: Notes) -> None:
        """A finding for each entry whose check confirmed one of its targets (the best one)."""
        for entry in self.entries.values():
            for target, _ in entry.targets:
                commands = _fill(entry.check, notes.namespace, target)
                outcomes = [self._outcome.get(c) for c in commands]
                if None in outcomes or (commands and not any(outcomes)):
                    continue
                self._adopt(entry, target, notes)
                break

    def _adopt(self, entry: _Entry, target: str, notes: Notes) -> None:
        ns = notes.namespace
        means = _fill(entry.means, ns, target)
        analysis = means.get("analysis") if isinstance(means.get("analysis"), dict) else {}
        service = target or str((means.get("localization") or [""])[0])
        notes.add(Finding(
            f"guidance:{entry.id}", service, str(analysis.get("system_level", "")),
            str(analysis.get("fault_type", "")),
            f"guidance {entry.id}: {'; '.join(_fill(entry.check, ns, target)) or 'symptoms'} confirmed"
            + (f" for {target}" if target else ""),
            PRIORITY + max(0, 9 - int(entry.score)), _fill(entry.fix, ns, target),
            means=means, verify=_fill(entry.verify, ns, target),
        ))  # fmt: skip
