"""The AOI paper's train/test split of AIOpsLab problems, by fault type.

The paper (AOI, arXiv 2603.03378, Appendix B.3, Table 6) trains on "11 training fault types, 38
tasks" and tests on the remaining fault types, "48 tasks" (Table 7). A fault type here is a problem
family (the id prefix), so every task of a family falls on the same side: nothing about a test
fault is ever seen during training. Per task type the training side holds 13 detection,
11 localization, 7 analysis and 7 mitigation problems.

The paper split AOI's 86-task registry. The current AIOpsLab registry has 89 ids; the three extra
ids go to the test side:

* ``flower_node_stop-detection`` and ``flower_model_misconfig-detection``: Flower is an app the
  paper never saw, so it can only ever be unseen test data, never training data.
* ``astronomy_shop_kafka_queue_problems-mitigation-1``: its fault type (kafka_queue_problems) is a
  test type in Table 7, and a fault-type split keeps all tasks of one type together.

So this split has 38 train and 51 test problems (48 + 3).
"""

from __future__ import annotations

from .models import Split

__all__ = ["TRAIN_FAMILIES", "split_of"]

#: The paper's 11 training fault types (Table 6), spelled as AIOpsLab problem-id prefixes.
#: The comment on each line is the number of tasks the paper gives for it.
TRAIN_FAMILIES: frozenset[str] = frozenset(
    {
        "k8s_target_port-misconfig",  # 12
        "scale_pod_zero_social_net",  # 4
        "misconfig_app_hotel_res",  # 4
        "astronomy_shop_cart_service_failure",  # 2
        "astronomy_shop_payment_service_failure",  # 2
        "astronomy_shop_product_catalog_service_failure",  # 2
        "astronomy_shop_recommendation_service_cache_failure",  # 2
        "auth_miss_mongodb",  # 4
        "network_loss_hotel_res",  # 2
        "noop_detection_hotel_reservation",  # 1
        "redeploy_without_PV",  # 3
    }
)


def split_of(family: str) -> Split:
    """The side of the split a problem family falls on; every family not trained on is a test family."""
    return Split.TRAIN if family in TRAIN_FAMILIES else Split.TEST
