"""The public surface of twin.apps and twin.mongo, pinned."""

from __future__ import annotations

import aoi.twin.apps as apps
import aoi.twin.mongo as mongo


def test_apps_exports():
    assert sorted(apps.__all__) == ["APPS", "AppSpec", "CallEdge", "Workload", "app_for_namespace",
                                    "behaviour_table", "deploy_app", "deploy_infrastructure", "run_workload"]
    assert all(hasattr(apps, name) for name in apps.__all__)


def test_mongo_exports():
    assert sorted(mongo.__all__) == ["MongoCommandError", "MongoState", "MongoUser", "Role", "TlsMode", "mongo_state"]
    assert all(hasattr(mongo, name) for name in mongo.__all__)


def test_behaviour_table_covers_every_image_the_apps_deploy():
    table = apps.behaviour_table()
    default = table.default
    for app in apps.APPS.values():
        for obj in app.manifests():
            if obj["kind"] != "Deployment":
                continue
            spec = obj["spec"]["template"]["spec"]
            for container in spec["containers"] + spec.get("initContainers", []):
                assert table.for_image(container["image"]) is not default, container["image"]
