from collections import Counter

from aoi.problems import TRAIN_FAMILIES, Split, TaskType, all_problems, get_problem, problem_ids, split_of


def test_38_train_and_51_test():
    assert len(problem_ids(split="train")) == 38
    assert len(problem_ids(split="test")) == 51


def test_per_task_counts_match_the_paper():
    counts = Counter((p.split, p.task) for p in all_problems())
    train = [counts[Split.TRAIN, task] for task in TaskType]
    test = [counts[Split.TEST, task] for task in TaskType]
    assert train == [13, 11, 7, 7]
    # The paper's 19/17/6/6 plus the two Flower detections and the kafka mitigation.
    assert test == [21, 17, 6, 7]


def test_eleven_training_fault_types_all_in_the_catalog():
    families = {p.fault.family for p in all_problems()}
    assert len(TRAIN_FAMILIES) == 11
    assert families >= TRAIN_FAMILIES


def test_a_fault_type_never_straddles_the_split():
    sides: dict[str, set[Split]] = {}
    for problem in all_problems():
        sides.setdefault(problem.fault.family, set()).add(problem.split)
    assert all(len(s) == 1 for s in sides.values())


def test_problems_outside_the_paper_are_test():
    for problem_id in (
        "flower_node_stop-detection",
        "flower_model_misconfig-detection",
        "astronomy_shop_kafka_queue_problems-mitigation-1",
    ):
        assert get_problem(problem_id).split is Split.TEST


def test_noop_split_follows_the_paper():
    assert get_problem("noop_detection_hotel_reservation-1").split is Split.TRAIN
    assert get_problem("noop_detection_social_network-1").split is Split.TEST
    assert split_of("revoke_auth_mongodb") is Split.TEST
    assert split_of("k8s_target_port-misconfig") is Split.TRAIN
