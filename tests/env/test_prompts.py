"""Prompt pieces: the app summary layout, per-task submit formats, the seven API docstrings."""

from __future__ import annotations

import pytest

from aoi.env import API_NAMES, api_docs, app_summary, instructions, task_description
from aoi.problems import App, TaskType, all_problems


def test_app_summary_layout():
    summary = app_summary(App.HOTEL_RESERVATION).split("\n")
    assert summary[:2] == ["Service Name: Hotel Reservation", "Namespace: test-hotel-reservation"]
    assert summary[2].startswith("Description: ") and summary[3] == "Supported Operations:"
    assert len(summary) > 4 and all(line.startswith("  - ") for line in summary[4:])


def test_every_app_has_a_summary():
    for app in App:
        assert f"Namespace: {app.namespace}\n" in app_summary(app)


@pytest.mark.parametrize(
    ("task", "examples"),
    [
        (TaskType.DETECTION, ['submit("No")', 'submit("Yes")']),
        (TaskType.LOCALIZATION, ['submit(["placeholderA", "placeholderB"])', "submit([])"]),
        (
            TaskType.ANALYSIS,
            [
                'submit({"system_level": "your_system_level_analysis", "fault_type": "your_fault_type_analysis"})',
                "submit()",
            ],
        ),
        (TaskType.MITIGATION, ["submit()"]),
    ],
)
def test_instructions_carry_the_fenced_submit_examples(task, examples):
    text = instructions(task)
    assert "```\n<API_NAME>(<API_PARAM1>, <API_PARAM2> ...)\n```" in text
    for example in examples:
        assert f"```\n{example}\n```" in text


def test_task_descriptions_fill_in_the_app():
    for problem in all_problems():
        text = task_description(problem)
        assert f"Service Details:\n{app_summary(problem.app)}\n" in text


def test_analysis_description_lists_the_taxonomy():
    text = task_description(next(p for p in all_problems() if p.task is TaskType.ANALYSIS))
    for value in ("Hardware", "Operating System", "Virtualization", "Application", "Misconfiguration",
                  "Code Defect", "Authentication Issue", "Network/Storage Issue", "Operation Error",
                  "Dependency Problem"):  # fmt: skip
        assert f"'{value}'" in text


def test_apis_dict_has_seven_entries_and_a_task_specific_submit():
    docs = {task: api_docs(task) for task in TaskType}
    for apis in docs.values():
        assert tuple(apis) == API_NAMES
        assert apis["exec_shell"] == docs[TaskType.DETECTION]["exec_shell"]
        assert "Args:" in apis["submit"] and "Returns:" in apis["submit"]
    assert len({apis["submit"] for apis in docs.values()}) == 4
    assert "faulty_components (list[str])" in docs[TaskType.LOCALIZATION]["submit"]
