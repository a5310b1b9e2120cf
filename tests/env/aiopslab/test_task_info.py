"""Reading the namespace and task type from init_context's arguments, in AIOpsLab's and AOI's wording."""

from __future__ import annotations

import pytest

from aoi.env import Episode, TwinBackend
from aoi.env.aiopslab import UnrecognizedTask, read_task, read_task_type
from aoi.problems import App, TaskType, evaluate, get_problem

# AIOpsLab's own texts (task_desc of tasks/*.py, get_app_summary, actions/*.py submit docstrings).
SUMMARY = ("Service Name: Hotel Reservation\nNamespace: test-hotel-reservation\nDescription: A hotel reservation "
           "application built with Go and gRPC.\nSupported Operations:\n  - Book a room")
DESCRIPTIONS = {
    TaskType.DETECTION: "You are an expert DevOps engineer who has been tasked with detecting anomalies in a "
                        "deployed service.\n\nThe service you are working with today is described below:\n{s}\n\n"
                        "You will begin by analyzing the service's state and telemetry, and then submit your "
                        "solution:\n1. str: `Yes` or `No` to indicate whether there are anomalies detected\n",
    TaskType.LOCALIZATION: "You are an expert DevOps engineer who has been tasked with localizing faults in a "
                           "deployed service.\n\nThe service you are working with today is described below:\n{s}\n\n"
                           "1. list[str]: list of faulty components\n2. str: `None` if no faults were detected\n",
    TaskType.ANALYSIS: "You are an expert DevOps engineer who has been tasked with doing root cause analysis in a "
                       "deployed service.\n\nThe service you are working with today is described below:\n{s}\n",
    TaskType.MITIGATION: "You are an expert DevOps engineer who has been tasked with mitigating anomalies in a "
                         "deployed service.\n\nThe service you are working with today is described below:\n{s}\n\n"
                         "You will begin by analyzing the service's state and telemetry, and then submit a "
                         "solution that mitigates any detected anomalies.\n",
}
SUBMIT_DOCS = {
    TaskType.DETECTION: "Submit if anomalies are detected.\n\nArgs:\n    has_anomaly (str): \"Yes\" or \"No\".",
    TaskType.LOCALIZATION: "Submit the faulty components.\n\nArgs:\n    faulty_components (list[str]): names.",
    TaskType.ANALYSIS: "Submit the analysis.\n\nArgs:\n    analysis (dict[str, str]): the analysis.",
    TaskType.MITIGATION: "Submit once your mitigation solution is complete and ready to be evaluated.\n\n"
                         "Args:\n    None\n\nReturns:\n    SubmissionStatus: The status of the submission.",
}
INSTRUCTIONS = "You will respond with one of the above APIs as your next action.\n```\nexec_shell(\"ls -l\")\n```\n"


@pytest.mark.parametrize("task", list(TaskType))
def test_aiopslab_texts_give_the_task_and_namespace(task):
    description = DESCRIPTIONS[task].format(s=SUMMARY)
    info = read_task(description, INSTRUCTIONS, {"exec_shell": "...", "submit": SUBMIT_DOCS[task]})
    assert (info.task, info.app, info.namespace) == (task, App.HOTEL_RESERVATION, "test-hotel-reservation")


@pytest.mark.parametrize("task", list(TaskType))
def test_the_description_verb_decides_when_the_apis_dict_says_nothing(task):
    description = DESCRIPTIONS[task].format(s=SUMMARY)
    assert read_task(description, INSTRUCTIONS, None).task is task
    assert read_task(description, INSTRUCTIONS, {"submit": None}).task is task


@pytest.mark.parametrize("problem_id", ["k8s_target_port-misconfig-detection-1", "revoke_auth_mongodb-localization-1",
                                        "revoke_auth_mongodb-analysis-1", "astronomy_shop_kafka_queue_problems-mitigation-1"])
def test_aoi_own_prompts_are_read_too_with_or_without_the_apis(problem_id):
    problem = get_problem(problem_id)
    description, instructions, apis = Episode(problem, TwinBackend()).reset()
    assert read_task(description, instructions, apis).namespace == problem.namespace
    assert read_task(description, instructions, apis).task is problem.task
    assert read_task(description, instructions, {}).task is problem.task  # from the submit examples


def test_without_a_namespace_line_the_first_known_namespace_named_counts():
    info = read_task("Fix things in astronomy-shop (not test-social-network).", "", {"submit": SUBMIT_DOCS[TaskType.MITIGATION]})
    assert info.app is App.ASTRONOMY_SHOP


@pytest.mark.parametrize(("description", "apis", "message"), [
    ("Namespace: my-own-app\n", {"submit": SUBMIT_DOCS[TaskType.DETECTION]}, "'my-own-app' is not one of AOI's apps"),
    ("no namespace here", {"submit": SUBMIT_DOCS[TaskType.DETECTION]}, "cannot tell the namespace"),
    (f"Hello.\n\n{SUMMARY}", {}, "cannot tell the task type"),
    (None, None, "cannot tell the task type"),
])
def test_unreadable_prompts_raise_one_clear_error(description, apis, message):
    with pytest.raises(UnrecognizedTask, match=message):
        read_task(description, "", apis)


def test_the_task_type_alone_survives_an_unknown_namespace():
    assert read_task_type("Namespace: my-own-app\n", "", {"submit": SUBMIT_DOCS[TaskType.ANALYSIS]}) is TaskType.ANALYSIS


@pytest.mark.parametrize("task", list(TaskType))
def test_the_stand_in_problem_scores_on_an_empty_cluster_without_raising(task):
    from aoi.problems import SnapshotReader

    info = read_task(DESCRIPTIONS[task].format(s=SUMMARY), "", {"submit": SUBMIT_DOCS[task]})
    problem = info.problem()
    assert (problem.task, problem.namespace) == (task, "test-hotel-reservation")
    evaluate(problem, None, SnapshotReader(()))
