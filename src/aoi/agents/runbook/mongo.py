"""MongoDB access: revoked roles versus a dropped user, and a server that demands TLS.

A crashing app's own logs tell the two auth faults apart: ``not authorized on <db>`` means the
user exists but lost its role (Application / Authentication Issue); ``Authentication failed``
means the user is gone (AIOpsLab files it as Application / Network/Storage Issue). The follow-up
reads the user as root (``getUser("admin")``) to confirm before the fix grants the role back or
recreates the user. Separately, a mongod.conf with ``mode: requireTLS`` that the app's clients do
not speak is an Application / Misconfiguration; the fix sets TLS back to disabled.
"""

from __future__ import annotations

import json
import re

from .check import Check
from .evidence_parsing import Block
from .notes import Finding, Notes

__all__ = ["APP_USER", "MONGO"]

#: The application's database user; HotelReservation's init scripts create admin/admin.
APP_USER = {"user": "admin", "pwd": "admin"}
_ROOT = "mongo -u root -p root --authenticationDatabase admin --quiet --eval"
_NOT_AUTHORIZED = re.compile(r"not authorized on ([\w.-]+)")
_AUTH_FAILED = re.compile(r"Authentication failed")
_DB_URL = re.compile(r"Read database URL: ([\w.-]+):\d+")
_TLS_SCAN = ("jq -r '.items[] | select((.data[\"mongod.conf\"] // \"\") | test(\"requireTLS\")) "
             "| .metadata.name'")
_DISABLED = json.dumps({"data": {"mongod.conf": "net:\n  tls:\n    mode: disabled\n"}})


def _survey(notes: Notes) -> list[str]:
    return [f"kubectl get cm -n {notes.namespace} -o json | {_TLS_SCAN}"]


def _read(block: Block, notes: Notes) -> None:
    cmd = block.command
    if cmd.startswith("kubectl logs deploy/"):
        app = cmd.split("deploy/", 1)[1].split()[0]
        text = block.text
        url = _DB_URL.search(text)
        mongo = url.group(1) if url else f"mongodb-{app}"
        denied = _NOT_AUTHORIZED.search(text)
        if denied:
            notes.fact("mongo_auth", {})[app] = ("revoked", mongo, denied.group(1))
        elif _AUTH_FAILED.search(text):
            notes.fact("mongo_auth", {})[app] = ("unregistered", mongo, f"{app}-db")
    elif _TLS_SCAN in cmd:
        if not block.failed:
            notes.facts["tls_required"] = [line.strip() for line in block.lines + [block.summary]
                                           if re.fullmatch(r"[a-z0-9-]*mongodb[a-z0-9-]*", line.strip())]
    elif _ROOT in cmd and "getUser(" in cmd:
        mongo = cmd.split("deploy/", 1)[1].split()[0]
        notes.fact("mongo_users", {})[mongo] = block.text


def _getuser(mongo: str, ns: str) -> str:
    return (f"kubectl exec deploy/{mongo} -n {ns} -- {_ROOT} 'db.getSiblingDB(\"admin\").getUser(\"admin\")' "
            f"| grep -E '\"(role|db)\"|null'")


def _judge(notes: Notes) -> None:
    ns = notes.namespace
    for app, (kind, mongo, db) in notes.facts.get("mongo_auth", {}).items():
        seen = notes.facts.get("mongo_users", {}).get(mongo)
        user = APP_USER["user"]
        if kind == "revoked":
            confirmed = seen is not None and "null" not in seen and f'"{db}"' not in seen
            change = f'db.getSiblingDB("admin").grantRolesToUser("{user}", [{{role: "readWrite", db: "{db}"}}])'
            labels, detail = ("Application", "Authentication Issue"), f"user {user} lost readWrite on {db}"
        else:
            confirmed = seen is not None and "null" in seen
            change = (f'db.getSiblingDB("admin").createUser({{user: "{user}", pwd: "{APP_USER["pwd"]}", roles: '
                      f'[{{role: "userAdminAnyDatabase", db: "admin"}}, {{role: "readWrite", db: "{db}"}}]}})')
            labels, detail = ("Application", "Network/Storage Issue"), f"user {user} no longer exists in {mongo}"
        notes.add(Finding(
            f"mongo_{kind}", mongo, *labels, f"{app} crashes: {detail}{' (confirmed)' if confirmed else ''}",
            34 if confirmed else 36,
            (f"kubectl exec deploy/{mongo} -n {ns} -- {_ROOT} '{change}'",
             f"kubectl rollout restart deployment {app} -n {ns}"),
        ))
    known = notes.facts.get("all_deployments", set())
    for mongo in notes.facts.get("tls_required", []):
        client = mongo.replace("-mongodb", "-service")
        restart = [f"kubectl rollout restart deployment {mongo} -n {ns}"]
        if client in known:
            restart.append(f"kubectl rollout restart deployment {client} -n {ns}")
        notes.add(Finding(
            "mongo_tls", mongo, "Application", "Misconfiguration",
            f"{mongo}'s mongod.conf requires TLS, which its clients do not use", 50,
            (f"kubectl patch configmap {mongo} -n {ns} --type merge -p '{_DISABLED}'", *restart),
        ))


def _follow_ups(notes: Notes) -> list[str]:
    return [_getuser(mongo, notes.namespace) for _, mongo, _ in notes.facts.get("mongo_auth", {}).values()]


MONGO = Check("mongo", _survey, _read, _follow_ups, _judge)
