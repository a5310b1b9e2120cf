"""Shared builders: a small trajectory with one step per role, as the runtime would record it."""

from __future__ import annotations

from typing import Any

import pytest

from aoi.trajectories import Role, Status, Step, Trajectory


def make_step(index: int, role: Role = Role.PROBE, **fields: Any) -> Step:
    defaults: dict[str, Any] = {
        "input": f"context {index}",
        "output": f"output {index}",
        "tokens_in": 10,
        "tokens_out": 5,
        "started_at": 1_700_000_000.0 + index,
        "duration_s": 0.5,
    }
    return Step(index=index, role=role, **{**defaults, **fields})


def make_trajectory(**fields: Any) -> Trajectory:
    steps = [
        make_step(0, Role.OBSERVER, output="Plan: list the pods"),
        make_step(1, Role.PROBE, command="kubectl get pods -n test-social-network", verdict="read",
                  observation="NAME READY STATUS\nuser-service-1 0/1 CrashLoopBackOff"),
        make_step(2, Role.COMPRESSOR, observation="user-service crash-looping"),
        make_step(3, Role.EXECUTOR, command="kubectl delete ns test-social-network", verdict="denied",
                  observation="refused", error="denied by the whitelist"),
        make_step(4, Role.OBSERVER, command='submit("Yes")', observation="", metadata={"why": ["crash"]}),
    ]  # fmt: skip
    defaults: dict[str, Any] = {
        "problem_id": "misconfig_app_hotel_res-detection-1",
        "task": "detection",
        "app": "HotelReservation",
        "agent": "aoi",
        "model": "qwen-7b",
        "seed": 3,
        "split": "test",
        "started_at": 1_700_000_000.0,
        "ended_at": 1_700_000_010.0,
        "steps": steps,
        "submission": "Yes",
        "results": {"Detection Accuracy": "Correct", "TTD": 10.0, "steps": 1, "strict_success": True},
        "status": Status.FINISHED,
    }
    return Trajectory(**{**defaults, **fields})


@pytest.fixture
def trajectory() -> Trajectory:
    return make_trajectory()
