"""OpenTelemetry-demo feature flags: a flag in ConfigMap ``flagd-config`` left on.

Follow-up (once the survey has seen a ``flagd`` deployment): the flags whose ``defaultVariant`` is not
``off``. Each maps to the service it breaks (`FLAG_SERVICES`, from the demo's flag docs; unknown
flags by their camelCase prefix). The fix sets the variant back to ``off`` and restarts flagd.
"""

from __future__ import annotations

import re

from .check import Check
from .evidence_parsing import Block
from .notes import Finding, Notes

__all__ = ["FLAG_SERVICES", "FLAGS", "service_of_flag"]

#: Where each demo flag shows its failure (AIOpsLab's answers: the unreachable payment service is
#: seen in checkout, the slow images and the homepage flood in frontend).
FLAG_SERVICES = {
    "paymentUnreachable": "checkout",
    "imageSlowLoad": "frontend",
    "loadGeneratorFloodHomepage": "frontend",
    "kafkaQueueProblems": "kafka",
    "failedReadinessProbe": "cart",
}
_PREFIXES = ("productCatalog", "recommendation", "payment", "cart", "email", "ad", "llm", "currency",
             "checkout", "shipping", "quote", "frontend", "kafka", "fraudDetection", "accounting")
_KEY = "demo.flagd.json"
_LIST = (f"jq -r '.data[\"{_KEY}\"] | fromjson | .flags | to_entries[] | \"\\(.key) \\(.value.defaultVariant)\"'"
         " | grep -v ' off$'")
_LINE = re.compile(r"^([A-Za-z][\w]*) (\S+)$")


def service_of_flag(flag: str) -> str:
    """The service a flag breaks: the table, else its camelCase prefix in kebab-case."""
    if flag in FLAG_SERVICES:
        return FLAG_SERVICES[flag]
    for prefix in _PREFIXES:
        if flag.startswith(prefix):
            return re.sub(r"(?<!^)([A-Z])", r"-\1", prefix).lower()
    return re.sub(r"(?<!^)([A-Z])", r"-\1", re.match(r"[a-z]+", flag).group()).lower()  # type: ignore[union-attr]


def _survey(notes: Notes) -> list[str]:
    if "flagd" not in notes.facts.get("all_deployments", set()):
        return []
    return [f"kubectl get configmap flagd-config -n {notes.namespace} -o json | {_LIST}"]


def _read(block: Block, notes: Notes) -> None:
    if _LIST not in block.command or block.failed:
        return
    ns = notes.namespace
    for line in [block.summary, *block.lines]:
        match = _LINE.match(line.strip())
        if not match or match.group(2) == "off":
            continue
        flag, variant = match.groups()
        edit = f'.flags.{flag}.defaultVariant = "off"'
        patch = f"{{data: {{\"{_KEY}\": (.data[\"{_KEY}\"] | fromjson | {edit} | tojson)}}}}"
        notes.add(Finding(
            "flag", service_of_flag(flag), "Application", "Misconfiguration",
            f"feature flag {flag} has defaultVariant {variant}", 10,
            (f"kubectl patch configmap flagd-config -n {ns} -p "
             f"\"$(kubectl get configmap flagd-config -n {ns} -o json | jq -c '{patch}')\" --type merge",
             f"kubectl rollout restart deployment flagd -n {ns}"),
        ))


FLAGS = Check("flags", lambda notes: [], _read, _survey)
