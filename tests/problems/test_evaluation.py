import aoi.problems
from aoi.problems import ClusterReader, SnapshotReader, evaluate, get_problem

from .kube import HR, app


def test_public_api_is_pinned():
    assert set(aoi.problems.__all__) == {
        "AnswerKey", "App", "ClusterReader", "Evaluation", "FaultSpec", "Injector", "Problem",
        "SnapshotReader", "Split", "StrictVerdict", "TRAIN_FAMILIES", "TaskType", "UnknownProblem",
        "UnknownVariant", "all_problems", "all_variants", "evaluate", "get_problem", "problem_ids", "split_of",
        "variant_ids", "Incident", "NOT_SCORED", "unscored",
    }  # fmt: skip
    for name in aoi.problems.__all__:
        assert hasattr(aoi.problems, name)


def test_as_results_merges_aiopslab_keys_and_strict_verdict():
    merged = evaluate(get_problem("revoke_auth_mongodb-localization-1"), ["geo", "frontend"]).as_results()
    assert merged == {
        "Localization Accuracy": 50.0,
        "success": False,
        "is_subset": True,
        "strict_success": False,
        "strict_reasons": ["expected exactly one service name, got 2: ['geo', 'frontend']"],
    }


def test_success_reads_the_aiopslab_verdict_per_task():
    assert evaluate(get_problem("wrong_bin_usage-detection-1"), "yes").success is True
    assert evaluate(get_problem("wrong_bin_usage-localization-1"), ["profile"]).success is True
    assert evaluate(get_problem("wrong_bin_usage-analysis-1"), {}).success is False


class DictReader:
    """A reader built from a plain dict of (kind, namespace) -> objects, with a virtual clock."""

    def __init__(self, objects: dict[tuple[str, str], list[dict]]) -> None:
        self.objects, self.clock = objects, 0.0

    def find(self, kind, name, namespace=None):
        return next((o for o in self.list(kind, namespace) if o["metadata"]["name"] == name), None)

    def list(self, kind, namespace=None):
        return [
            o for (k, ns), objs in self.objects.items() if k == kind and namespace in (None, ns) for o in objs
        ]

    def wait(self, seconds):
        self.clock += seconds


def test_any_object_with_the_three_methods_is_a_reader():
    objects = app(HR, "geo", "mongodb-geo")
    by_kind: dict[tuple[str, str], list[dict]] = {}
    for obj in objects:
        by_kind.setdefault((obj["kind"], HR), []).append(obj)
    cluster = DictReader(by_kind)
    assert isinstance(cluster, ClusterReader)
    evaluation = evaluate(get_problem("revoke_auth_mongodb-mitigation-1"), [], cluster)
    assert evaluation.success and evaluation.strict.success


def test_snapshot_reader_filters_by_kind_and_namespace():
    cluster = SnapshotReader(app(HR, "geo") + app("other", "geo"))
    assert len(cluster.list("Pod")) == 2
    assert len(cluster.list("Pod", HR)) == 1
    assert cluster.find("Deployment", "geo", "other")["metadata"]["namespace"] == "other"
    assert cluster.find("Deployment", "nope", HR) is None
    assert cluster.list("Node") == []


def test_an_incident_is_reported_not_scored():
    from aoi.problems import NOT_SCORED, Incident, TaskType, evaluate

    incident = Incident(description="  checkout is slow ", namespace="shop", task=TaskType.DETECTION)
    assert incident.description == "checkout is slow" and incident.id.startswith("incident-detection-")
    assert incident.app is None and incident.answer is None
    results = evaluate(incident, "Yes").as_results()
    assert results == {"scored": False, "submission": "Yes", "strict_success": False, "strict_reasons": [NOT_SCORED]}
