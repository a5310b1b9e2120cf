import pytest

from aoi.problems import evaluate, get_problem

YES = get_problem("revoke_auth_mongodb-detection-1")
NO = get_problem("noop_detection_social_network-1")
REVOKE = get_problem("revoke_auth_mongodb-localization-1")
PORT = get_problem("k8s_target_port-misconfig-localization-2")
RCA = get_problem("assign_to_non_existent_node_social_net-analysis-1")


# --- detection --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("problem", "solution", "verdict"),
    [
        (YES, "Yes", "Correct"),
        (YES, "  yes\n", "Correct"),
        (YES, "YES", "Correct"),
        (YES, "No", "Incorrect"),
        (YES, "Yes.", "Incorrect"),
        (NO, "no", "Correct"),
        (NO, "Yes", "Incorrect"),
        (YES, ["Yes"], "Invalid Format"),
        (YES, [], "Invalid Format"),  # submit(has_anomaly="Yes") stores []
        (YES, None, "Invalid Format"),
        (YES, True, "Invalid Format"),
    ],
)
def test_detection_accuracy(problem, solution, verdict):
    evaluation = evaluate(problem, solution)
    assert evaluation.results == {"Detection Accuracy": verdict}
    assert evaluation.success is (verdict == "Correct")
    assert evaluation.strict.success is (verdict == "Correct")
    assert bool(evaluation.strict.reasons) is (verdict != "Correct")


# --- localization -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("solution", "accuracy", "success", "is_subset"),
    [
        (["text-service"], 100.0, True, True),
        ("text-service", 100.0, True, False),  # bare string: exact after wrapping, never a subset
        (["Text-Service"], 0.0, False, False),  # case-sensitive
        (["text-service", "user-service"], 50.0, False, True),
        (["a", "text-service", "b"], 100 / 3, False, True),
        (["text-service", "text-service"], 50.0, False, True),
        (["user-service"], 0.0, False, False),
        ([], 0.0, False, False),
        ("user-service", 0.0, False, False),
        (None, 0.0, False, False),
        (("text-service",), 100.0, True, True),  # not exact (a tuple), but a one-element superset
    ],
)
def test_localization_scoring(solution, accuracy, success, is_subset):
    results = evaluate(PORT, solution).results
    assert results == {
        "Localization Accuracy": pytest.approx(accuracy),
        "success": success,
        "is_subset": is_subset,
    }


@pytest.mark.parametrize("solution", [["mongodb-geo"], ["geo"], "geo", "mongodb-geo"])
def test_mongodb_alias_accepts_both_names(solution):
    evaluation = evaluate(REVOKE, solution)
    assert evaluation.results["success"] is True
    assert evaluation.results["Localization Accuracy"] == 100.0
    assert evaluation.strict.success


def test_both_alias_names_together_are_a_subset_not_a_success():
    results = evaluate(REVOKE, ["mongodb-geo", "geo"]).results
    assert results == {"Localization Accuracy": 50.0, "success": False, "is_subset": True}


def test_alias_rule_is_limited_to_mongodb_auth_faults():
    port = evaluate(get_problem("misconfig_app_hotel_res-localization-1"), ["mongodb-geo"])
    assert port.results["success"] is False


def test_unsettable_solution_records_the_error_aiopslab_would_raise():
    results = evaluate(PORT, 7).results
    assert results["success"] is False and results["Localization Accuracy"] == 0.0
    assert results["oracle_error"].startswith("TypeError")
    assert "unhashable" in evaluate(PORT, [["text-service"]]).results["oracle_error"]


@pytest.mark.parametrize(
    ("solution", "reason"),
    [
        (["text-service", "user-service"], "exactly one service name, got 2"),
        (["user-service"], "'user-service' is not the faulty service"),
        (("text-service",), "expected a list of service names, got tuple"),
        (None, "got NoneType"),
    ],
)
def test_localization_strict_wants_exactly_one_correct_name(solution, reason):
    strict = evaluate(PORT, solution).strict
    assert not strict.success
    assert any(reason in r for r in strict.reasons)


# --- analysis ---------------------------------------------------------------------------------------


def test_analysis_correct_after_strip_and_lower():
    evaluation = evaluate(RCA, {"system_level": " virtualization ", "fault_type": "DEPENDENCY PROBLEM"})
    assert evaluation.results == {"system_level_correct": True, "fault_type_correct": True, "success": True}
    assert evaluation.success and evaluation.strict.success


def test_analysis_fields_are_scored_separately():
    evaluation = evaluate(RCA, {"system_level": "Virtualization", "fault_type": "Misconfiguration"})
    assert evaluation.results == {"system_level_correct": True, "fault_type_correct": False, "success": False}
    assert evaluation.strict.reasons == ["fault_type: expected 'Dependency Problem', got 'Misconfiguration'"]


def test_analysis_missing_field_counts_as_empty():
    results = evaluate(RCA, {"system_level": "Virtualization"}).results
    assert results == {"system_level_correct": True, "fault_type_correct": False, "success": False}


@pytest.mark.parametrize("solution", [None, [], "Virtualization", ["Virtualization", "Dependency Problem"]])
def test_analysis_non_dict_is_all_false(solution):
    evaluation = evaluate(RCA, solution)
    assert evaluation.results == {
        "system_level_correct": False,
        "fault_type_correct": False,
        "success": False,
    }
    assert not evaluation.strict.success


def test_analysis_non_string_field_records_the_error():
    results = evaluate(RCA, {"system_level": ["Virtualization"], "fault_type": "Dependency Problem"}).results
    assert results["system_level_correct"] is False and results["fault_type_correct"] is True
    assert results["success"] is False
    assert "AttributeError" in results["oracle_error"]
