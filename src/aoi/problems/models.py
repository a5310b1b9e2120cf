"""The vocabulary of a problem: task types, apps, fault descriptions, answer keys, the problem itself.

These models describe *what* is broken and *what counts as a right answer*; they never say how a
fault is injected on a backend (the twin's injectors and the real-cluster backend read the
`FaultSpec` and act on it themselves). All models are frozen so a problem can be shared freely.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

__all__ = ["AnswerKey", "App", "FaultSpec", "Injector", "Problem", "Split", "TaskType"]


class TaskType(StrEnum):
    """AIOpsLab's four task types; the value is the word used inside problem ids."""

    DETECTION = "detection"
    LOCALIZATION = "localization"
    ANALYSIS = "analysis"
    MITIGATION = "mitigation"


_NAMESPACES = {
    "SocialNetwork": "test-social-network",
    "HotelReservation": "test-hotel-reservation",
    "AstronomyShop": "astronomy-shop",
    # Flower runs under docker compose, not Kubernetes; AIOpsLab files it under this pseudo-namespace.
    "Flower": "docker",
}


class App(StrEnum):
    """The applications AIOpsLab deploys; the value is AIOpsLab's display name."""

    SOCIAL_NETWORK = "SocialNetwork"
    HOTEL_RESERVATION = "HotelReservation"
    ASTRONOMY_SHOP = "AstronomyShop"
    FLOWER = "Flower"

    @property
    def namespace(self) -> str:
        """The namespace the app is deployed into (``docker`` for the compose-based Flower)."""
        return _NAMESPACES[self.value]


class Injector(StrEnum):
    """Which AIOpsLab injector family produces the fault (`aiopslab/generators/fault/inject_*.py`)."""

    VIRTUALIZATION = "virtualization"
    APPLICATION = "application"
    CHAOS_MESH = "chaos_mesh"
    FLAGD = "flagd"
    DOCKER = "docker"
    NOOP = "noop"


class Split(StrEnum):
    """Side of the AOI paper's fault-type split a problem falls on (see `aoi.problems.split`)."""

    TRAIN = "train"
    TEST = "test"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FaultSpec(_Frozen):
    """A description of one injected fault, exact enough for any backend to reproduce it.

    `family` is the problem-id prefix (``revoke_auth_mongodb``); `fault_type` is the name AIOpsLab's
    injector dispatches on (``revoke_auth``; for flagd faults the feature flag, e.g. ``adFailure``);
    `target` is the faulty service, or None when the fault has no single target (noop, a whole
    namespace). `params` holds the exact values (ports, images, flag variants, chaos settings).
    """

    family: str
    injector: Injector
    fault_type: str
    target: str | None = None
    params: dict[str, Any] = {}

    def __hash__(self) -> int:
        # params is a dict, which pydantic's generated frozen hash cannot hash.
        return hash((self.family, self.injector, self.fault_type, self.target))


class AnswerKey(_Frozen):
    """The ground truth for one problem; only the field of the problem's task type is set.

    * detection: `has_anomaly` (``"Yes"`` or ``"No"``)
    * localization: `services`, every single name that AIOpsLab accepts (primary name first)
    * analysis: `system_level` and `fault_type` (AIOpsLab's RCA taxonomy)
    * mitigation: `mitigated_state`, a human-readable summary of the state the oracle requires
    """

    has_anomaly: str | None = None
    services: tuple[str, ...] = ()
    system_level: str | None = None
    fault_type: str | None = None
    mitigated_state: str | None = None


_REQUIRED_ANSWER = {
    TaskType.DETECTION: ("has_anomaly",),
    TaskType.LOCALIZATION: ("services",),
    TaskType.ANALYSIS: ("system_level", "fault_type"),
    TaskType.MITIGATION: ("mitigated_state",),
}


class Problem(_Frozen):
    """One AIOpsLab problem id with everything needed to set it up and score it."""

    id: str
    app: App
    task: TaskType
    fault: FaultSpec
    answer: AnswerKey
    split: Split

    @model_validator(mode="after")
    def _answer_fits_task(self) -> Problem:
        missing = [name for name in _REQUIRED_ANSWER[self.task] if not getattr(self.answer, name)]
        if missing:
            raise ValueError(f"{self.id}: a {self.task.value} answer key needs {', '.join(missing)}")
        return self

    @property
    def namespace(self) -> str:
        return self.app.namespace

    def __hash__(self) -> int:
        return hash(self.id)
