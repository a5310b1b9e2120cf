"""Building blocks every describer shares: the prefix writer, labels, annotations, events.

Describers write tab-separated lines at indent levels, exactly as kubectl's PrefixWriter does,
and the text is aligned by `printers.tabwriter.align` with Go's rules. kubectl flushes the
tabwriter just before the Events table, so `Writer.flush` exists for the same reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .printers.go_sort import go_sort
from .printers.tables import event_last_seen
from .printers.tabwriter import align
from .timefmt import seconds

if TYPE_CHECKING:
    from ..cluster import Cluster

__all__ = ["Writer", "describe_events", "events_for", "go_list", "print_annotations", "print_labels",
           "print_labels_annotations", "print_lines", "print_name_namespace", "print_tolerations"]

MAX_ANNOTATION_LEN = 140
SKIPPED_ANNOTATIONS = frozenset({"kubectl.kubernetes.io/last-applied-configuration"})


class Writer:
    """kubectl's PrefixWriter over a tabwriter; ``aligned=False`` is the PrefixWriter alone, whose
    tabs stay tabs (``rollout history --revision`` prints a pod template that way)."""

    def __init__(self, aligned: bool = True) -> None:
        self._pending: list[str] = []
        self._done: list[str] = []
        self._aligned = aligned

    def write(self, level: int, text: str) -> None:
        """Append ``text`` (which may end a line or not) with ``level`` two-space indents."""
        self._pending.append("  " * level + text)

    def flush(self) -> None:
        if self._pending:
            text = "".join(self._pending)
            self._done.append(align(text) if self._aligned else text)
            self._pending = []

    def text(self) -> str:
        self.flush()
        return "".join(self._done)


def print_lines(w: Writer, title: str, values: Sequence[str], indent: str = "") -> None:
    """``Title:\\tfirst`` then ``\\tnext`` per line, or ``<none>`` (labels, Used By, ...)."""
    w.write(0, f"{indent}{title}:\t")
    if not values:
        w.write(0, "<none>\n")
        return
    for i, value in enumerate(values):
        if i:
            w.write(0, f"{indent}\t")
        w.write(0, value + "\n")


def print_labels(w: Writer, title: str, labels: Mapping[str, str] | None, indent: str = "") -> None:
    print_lines(w, title, [f"{k}={v}" for k, v in sorted((labels or {}).items())], indent)


def print_name_namespace(w: Writer, meta: Mapping) -> None:
    """The ``Name:`` and ``Namespace:`` lines most describers open with (empty namespace kept)."""
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")


def print_labels_annotations(w: Writer, meta: Mapping) -> None:
    """The object's own ``Labels:`` then ``Annotations:`` blocks."""
    print_labels(w, "Labels", meta.get("labels"))
    print_annotations(w, "Annotations", meta.get("annotations"))


def _shorten(text: str, limit: int) -> str:
    return text[:limit] + "..." if len(text) > limit else text


def print_annotations(w: Writer, title: str, annotations: Mapping[str, str] | None, indent: str = "") -> None:
    keys = sorted(k for k in annotations or {} if k not in SKIPPED_ANNOTATIONS)
    print_lines(w, title, [_annotation(key, str(annotations[key]), indent) for key in keys], indent)


def _annotation(key: str, value: str, indent: str) -> str:
    """``key: value``, or, for a long or multi-line value, ``key:`` then each line shortened."""
    value = value.removesuffix("\n")
    if len(value) + len(key) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
        return f"{key}:" + "".join(
            f"\n{indent}\t  {_shorten(line, MAX_ANNOTATION_LEN - 2)}" for line in value.split("\n")
        )
    return f"{key}: {value}"


def print_tolerations(w: Writer, title: str, tolerations: Sequence[Mapping] | None, indent: str = "") -> None:
    print_lines(w, title, [_toleration(tol) for tol in tolerations or ()], indent)


def _toleration(tol: Mapping) -> str:
    """kubectl's one-line toleration: ``key=value:effect op=Exists for Ns``."""
    text = str(tol.get("key", ""))
    if tol.get("value"):
        text += f"={tol['value']}"
    if tol.get("effect"):
        text += f":{tol['effect']}"
    if tol.get("operator") == "Exists" and not tol.get("value"):
        text += " op=Exists" if tol.get("key") or tol.get("effect") else "op=Exists"
    if tol.get("tolerationSeconds") is not None:
        text += f" for {tol['tolerationSeconds']}s"
    return text


def go_list(values: Sequence[object] | None) -> str:
    """Go's ``%v`` of a string slice: ``[a b]``."""
    return "[" + " ".join(str(v) for v in values or ()) + "]"


def events_for(cluster: Cluster, obj: Mapping) -> list[dict]:
    """The object's events as describe lists them: the API server's answer to kubectl's field
    selector (involved object's name, namespace, kind and uid), in the server's order, then
    ``sort.Sort``-ed by last timestamp (unstable: ties end where Go's sort leaves them)."""
    meta = obj["metadata"]
    wanted = (meta["name"], meta.get("namespace") or "", obj.get("kind"), meta.get("uid"))
    found = [e for e in cluster.list("Event", meta.get("namespace"))
             if _reference(e.get("involvedObject") or {}) == wanted]
    go_sort(found, lambda a, b: _last_seen(a) < _last_seen(b))
    return found


def _reference(ref: Mapping) -> tuple:
    return ref.get("name"), ref.get("namespace") or "", ref.get("kind"), ref.get("uid")


def _last_seen(event: Mapping) -> float:
    stamp = event.get("lastTimestamp")
    return seconds(stamp) if stamp else float("-inf")  # a zero metav1.Time is before any other


def describe_events(w: Writer, events: Sequence[dict] | None, now: float) -> None:
    """The Events table; ``None`` (``--show-events=false``) writes nothing."""
    if events is None:
        return
    if not events:
        w.write(0, "Events:\t<none>\n")
        return
    w.flush()
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    for event in events:
        last, first, count = event_last_seen(event, now)
        interval = f"{last} (x{count} over {first})" if count > 1 else first
        source = (event.get("source") or {}).get("component") or event.get("reportingController", "")
        w.write(1, f"{event.get('type', '')}\t{event.get('reason', '')}\t{interval}\t{source}\t"
                   f"{(event.get('message') or '').strip()}\n")
