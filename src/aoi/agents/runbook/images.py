"""Deployment images and commands that drifted from the rest of the app.

Survey: every deployment's images and commands (two narrow custom-columns tables). An image from
the app's own registry owner but another repository than its siblings (``yinfangchen/geo:app3``
among ``yinfangchen/hotelreservation:latest``) is an Application / Misconfiguration; the fix sets
the siblings' image. A command naming another deployment's binary (``profile`` running ``geo``)
is a wrong binary, filed by AIOpsLab as Application / Network/Storage Issue; the fix restores the
deployment's own name as its command.
"""

from __future__ import annotations

import json
from collections import Counter

from .check import Check
from .evidence_parsing import Block, rows
from .notes import Finding, Notes

__all__ = ["IMAGES"]

_IMAGES = "NAME:.metadata.name,IMAGE:.spec.template.spec.containers[*].image"
_COMMANDS = "NAME:.metadata.name,COMMAND:.spec.template.spec.containers[*].command"


def _survey(notes: Notes) -> list[str]:
    ns = notes.namespace
    return [f"kubectl get deploy -n {ns} -o custom-columns={_IMAGES}",
            f"kubectl get deploy -n {ns} -o custom-columns={_COMMANDS}"]


def _repo(image: str) -> tuple[str, str]:
    """(owner, repository) of an image reference, tag and digest removed."""
    path = image.split("@", 1)[0].rsplit(":", 1)[0] if ":" in image.rsplit("/", 1)[-1] else image
    owner, _, _ = path.rpartition("/")
    return owner, path


def official(owner: str) -> bool:
    """Docker's official images (``library/redis``, ``mongo``) are shared by unrelated components."""
    return not owner or owner.split("/")[-1] == "library"


def _read(block: Block, notes: Notes) -> None:
    ns = notes.namespace
    if _IMAGES in block.command:
        images = {r["NAME"]: r.get("IMAGE", "") for r in rows(block.lines)}
        notes.fact("all_deployments", set()).update(images)
        by_owner: dict[str, Counter] = {}
        for image in images.values():
            owner, _ = _repo(image.split(",")[0])
            by_owner.setdefault(owner, Counter())[image.split(",")[0]] += 1
        for name, image in images.items():
            first = image.split(",")[0]
            owner, repo = _repo(first)
            common, count = by_owner[owner].most_common(1)[0] if owner else ("", 0)
            same_repo = sum(1 for other in images.values() if _repo(other.split(",")[0])[1] == repo)
            if official(owner) or count < 3 or same_repo > 1 or _repo(common)[1] == repo:
                continue
            notes.add(Finding(
                "image", name, "Application", "Misconfiguration",
                f"deployment {name} runs {first}, its siblings {common}", 45,
                (f"kubectl set image deployment/{name} *={common} -n {ns}",),
            ))
    elif _COMMANDS in block.command:
        commands = {r["NAME"]: r.get("COMMAND", "") for r in rows(block.lines)}
        names = set(commands) | notes.facts.get("all_deployments", set())
        for name, command in commands.items():
            binary = command.strip("[]").split(" ")[0].split(",")[0]
            if binary and binary != name and binary in names and name not in command:
                patch = json.dumps([{"op": "replace", "path": "/spec/template/spec/containers/0/command",
                                     "value": [name]}])
                notes.add(Finding(
                    "wrong_binary", name, "Application", "Network/Storage Issue",
                    f"deployment {name} runs the {binary} binary", 40,
                    (f"kubectl patch deployment {name} -n {ns} --type=json -p '{patch}'",),
                ))


IMAGES = Check("images", _survey, _read, lambda notes: [])
