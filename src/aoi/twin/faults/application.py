"""Application-level faults (AIOpsLab's application injector).

* revoke_auth: the MongoDB user ``admin`` loses readWrite on the service's database; the app
  pods are deleted so their replacements fail to authenticate their queries.
* storage_user_unregistered: the user ``admin`` is dropped; app pods deleted likewise.
* misconfig_app: the geo container runs a buggy image.
* auth_miss_mongodb: url-shorten-mongodb's mongod.conf now requires TLS (a Helm upgrade in
  AIOpsLab); url-shorten-service pods are deleted and the MongoDB restarted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..mongo.state import mongo_state
from ._edit import INJECT_SETTLE_S, delete_pods, edit, restart_deployment

if TYPE_CHECKING:
    from ..cluster import Cluster
    from .spec import FaultSpec


def revoke_auth(cluster: Cluster, fault: FaultSpec, namespace: str) -> None:
    state = mongo_state(cluster, namespace, fault.target)
    state.revoke_roles(fault.params["user"], [(fault.params["role"], fault.params["database"])])
    app = fault.params["app_pods"]
    delete_pods(cluster, namespace, lambda name: app in name and "mongodb-" not in name)
    cluster.advance(INJECT_SETTLE_S)


def storage_user_unregistered(cluster: Cluster, fault: FaultSpec, namespace: str) -> None:
    state = mongo_state(cluster, namespace, fault.target)
    state.drop_user(fault.params["user"])
    app = fault.params["app_pods"]
    delete_pods(cluster, namespace, lambda name: name.startswith(app))
    cluster.advance(INJECT_SETTLE_S)


def misconfig_app(cluster: Cluster, fault: FaultSpec, namespace: str) -> None:
    container_name, image = fault.params["container"], fault.params["image"]

    def set_image(deploy: dict) -> None:
        for container in deploy["spec"]["template"]["spec"]["containers"]:
            if container["name"] == container_name:
                container["image"] = image

    edit(cluster, "Deployment", fault.params["deployment"], namespace, set_image)
    cluster.advance(INJECT_SETTLE_S + 10)


def auth_miss_mongodb(cluster: Cluster, fault: FaultSpec, namespace: str) -> None:
    from ..apps.social_network import mongod_conf

    # The Helm upgrade re-renders the MongoDB's mongod.conf ConfigMap with TLS required.
    conf = mongod_conf(fault.params["tls_mode"], fault.params["certificate_key_file"])
    edit(cluster, "ConfigMap", fault.target, namespace, lambda cm: cm["data"].__setitem__("mongod.conf", conf))
    delete_pods(cluster, namespace, lambda name: fault.params["deleted_pods"] in name)
    restart_deployment(cluster, fault.params["restarted_deployment"], namespace)
    cluster.advance(INJECT_SETTLE_S)
