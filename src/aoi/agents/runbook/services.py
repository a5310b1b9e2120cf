"""Service wiring: a targetPort no container listens on, and endpoints without addresses.

Survey: the services' ports and targetPorts and the deployments' containerPorts as two narrow
custom-columns tables, plus ``kubectl get ep``. A Service whose targetPort is none of its
deployment's containerPorts is a Virtualization / Misconfiguration; the fix patches the
targetPort back to the port the containers declare. Callers' ``Connection refused`` lines naming
the Service (see `logs`) confirm it. `KNOWN_PORT_QUIRKS` lists mismatches that are by design.
"""

from __future__ import annotations

import json

from .check import Check
from .evidence_parsing import Block, rows
from .notes import Finding, Notes

__all__ = ["KNOWN_PORT_QUIRKS", "SERVICES"]

#: Mismatches that work: DeathStarBench's media-frontend nginx listens on 8080 while its chart
#: declares containerPort 8081 (the Service maps 8081 -> 8080 on purpose).
KNOWN_PORT_QUIRKS = {"media-frontend": 8080}

_SVC_COLUMNS = "NAME:.metadata.name,PORT:.spec.ports[*].port,TARGET:.spec.ports[*].targetPort"
_DEPLOY_COLUMNS = "NAME:.metadata.name,CPORTS:.spec.template.spec.containers[*].ports[*].containerPort"


def _survey(notes: Notes) -> list[str]:
    ns = notes.namespace
    return [f"kubectl get svc -n {ns} -o custom-columns={_SVC_COLUMNS}",
            f"kubectl get deploy -n {ns} -o custom-columns={_DEPLOY_COLUMNS}",
            f"kubectl get ep -n {ns}"]


def _ints(cell: str) -> list[int]:
    return [int(p) for p in cell.split(",") if p.strip().isdigit()]


def _read(block: Block, notes: Notes) -> None:
    if _SVC_COLUMNS in block.command:
        table = notes.fact("svc_ports", {})
        for row in rows(block.lines):
            table[row["NAME"]] = (_ints(row.get("PORT", "")), _ints(row.get("TARGET", "")))
    elif _DEPLOY_COLUMNS in block.command:
        table = notes.fact("container_ports", {})
        for row in rows(block.lines):
            table[row["NAME"]] = _ints(row.get("CPORTS", ""))
    elif block.command.startswith("kubectl get ep -n"):
        for row in rows(block.lines):
            if row.get("ENDPOINTS", "") in ("", "<none>"):
                notes.fact("no_endpoints", set()).add(row.get("NAME", ""))



def _judge(notes: Notes) -> None:
    services, containers = notes.facts.get("svc_ports", {}), notes.facts.get("container_ports", {})
    refused = notes.facts.get("refused_hosts", set())
    for name, (ports, targets) in services.items():
        declared = containers.get(name)
        if not declared or not targets:
            continue
        wrong = [i for i, t in enumerate(targets) if t not in declared and KNOWN_PORT_QUIRKS.get(name) != t]
        if not wrong:
            continue
        patch = [{"op": "replace", "path": f"/spec/ports/{i}/targetPort",
                  "value": ports[i] if i < len(ports) and ports[i] in declared else declared[0]} for i in wrong]
        confirmed = " (callers see Connection refused)" if name in refused else ""
        notes.add(Finding(
            "target_port", name, "Virtualization", "Misconfiguration",
            f"service {name} targets port {targets[wrong[0]]}, containers declare {declared}{confirmed}",
            38 if confirmed else 40,
            (f"kubectl patch service {name} -n {notes.namespace} --type=json -p '{json.dumps(patch)}'",),
        ))


SERVICES = Check("services", _survey, _read, lambda notes: [], _judge)
