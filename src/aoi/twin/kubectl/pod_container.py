"""A pod's container as ``kubectl exec`` sees it from inside: mounted files, environment, binaries.

Files come from the pod's volumes: ConfigMap and Secret volumes become one file per key (or per
``items`` entry, or the single key a ``subPath`` names) under the mount path, as the kubelet
writes them; other volumes are empty directories. The environment is the container's ``env`` and
``envFrom`` resolved against ConfigMaps, Secrets and the pod's fields, plus the variables the
kubelet adds for every Service in the namespace and the image's own defaults.
"""

from __future__ import annotations

import base64
import posixpath
from typing import TYPE_CHECKING

from ..container_shell import Container, binaries_for_image
from ..runtime import image_repository

if TYPE_CHECKING:
    from ..cluster import Cluster

__all__ = ["container_for"]

_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
_IMAGE_ENV = {
    "mongo": {"GOSU_VERSION": "1.12", "JSYAML_VERSION": "3.13.1", "MONGO_PACKAGE": "mongodb-org",
              "MONGO_REPO": "repo.mongodb.org", "MONGO_MAJOR": "4.4", "MONGO_VERSION": "4.4.6", "HOME": "/data/db"},
    "redis": {"GOSU_VERSION": "1.12", "REDIS_VERSION": "6.2.4", "HOME": "/root"},
}


def _decode(value: str) -> str:
    try:
        return base64.b64decode(value).decode()
    except ValueError:
        return value


def _volume_files(cluster: Cluster, namespace: str, volume: dict) -> dict[str, str] | None:
    """Key -> content for ConfigMap/Secret volumes; None for volumes that hold no known files."""
    if "configMap" in volume:
        source = volume["configMap"]
        obj = cluster.find("ConfigMap", source.get("name", ""), namespace)
        data = dict((obj or {}).get("data") or {})
    elif "secret" in volume:
        source = volume["secret"]
        obj = cluster.find("Secret", source.get("secretName", ""), namespace)
        data = {k: _decode(v) for k, v in ((obj or {}).get("data") or {}).items()}
        data.update((obj or {}).get("stringData") or {})
    else:
        return None
    items = source.get("items")
    if items:
        return {item["path"]: data[item["key"]] for item in items if item.get("key") in data}
    return data


def _files(cluster: Cluster, pod: dict, container: dict) -> tuple[dict[str, str], set[str]]:
    meta, spec = pod["metadata"], pod["spec"]
    namespace = meta["namespace"]
    files = {
        "/etc/hostname": meta["name"] + "\n",
        "/etc/hosts": f"127.0.0.1\tlocalhost\n{(pod.get('status') or {}).get('podIP', '')}\t{meta['name']}\n",
        "/etc/resolv.conf": f"search {namespace}.svc.cluster.local svc.cluster.local cluster.local\n"
                            "nameserver 10.96.0.10\noptions ndots:5\n",
        "/var/run/secrets/kubernetes.io/serviceaccount/namespace": namespace,
    }
    dirs = {"/tmp", "/etc", "/var", "/usr", "/bin", "/root"}
    volumes = {v.get("name"): v for v in spec.get("volumes") or []}
    for mount in container.get("volumeMounts") or []:
        path = mount["mountPath"].rstrip("/") or "/"
        dirs.add(path)
        contents = _volume_files(cluster, namespace, volumes.get(mount.get("name"), {}))
        if contents is None:
            continue
        sub_path = mount.get("subPath")
        if sub_path:
            dirs.discard(path)
            if sub_path in contents:
                files[path] = contents[sub_path]
            continue
        for key, text in contents.items():
            files[posixpath.join(path, key)] = text
    return files, dirs


def _field(pod: dict, path: str) -> str:
    values = {
        "metadata.name": pod["metadata"]["name"],
        "metadata.namespace": pod["metadata"]["namespace"],
        "metadata.uid": pod["metadata"].get("uid", ""),
        "spec.nodeName": pod["spec"].get("nodeName", ""),
        "spec.serviceAccountName": pod["spec"].get("serviceAccountName", "default"),
        "status.podIP": (pod.get("status") or {}).get("podIP", ""),
        "status.hostIP": (pod.get("status") or {}).get("hostIP", ""),
    }
    return values.get(path, "")


def _ref(cluster: Cluster, namespace: str, kind: str, ref: dict) -> str | None:
    obj = cluster.find(kind, ref.get("name", ""), namespace)
    data = (obj or {}).get("data") or {}
    value = data.get(ref.get("key", ""))
    if value is None:
        return None
    return _decode(value) if kind == "Secret" else value


def _service_env(cluster: Cluster, namespace: str) -> dict[str, str]:
    env = {"KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443",
           "KUBERNETES_SERVICE_PORT_HTTPS": "443", "KUBERNETES_PORT": "tcp://10.96.0.1:443",
           "KUBERNETES_PORT_443_TCP": "tcp://10.96.0.1:443", "KUBERNETES_PORT_443_TCP_PROTO": "tcp",
           "KUBERNETES_PORT_443_TCP_PORT": "443", "KUBERNETES_PORT_443_TCP_ADDR": "10.96.0.1"}
    for svc in cluster.list("Service", namespace):
        ip = (svc.get("spec") or {}).get("clusterIP")
        ports = (svc.get("spec") or {}).get("ports") or []
        if not ip or ip == "None" or not ports:
            continue
        prefix = svc["metadata"]["name"].upper().replace("-", "_")
        first = ports[0]
        env[f"{prefix}_SERVICE_HOST"] = ip
        env[f"{prefix}_SERVICE_PORT"] = str(first["port"])
        env[f"{prefix}_PORT"] = f"{first.get('protocol', 'TCP').lower()}://{ip}:{first['port']}"
        for port in ports:
            proto = port.get("protocol", "TCP")
            base = f"{prefix}_PORT_{port['port']}_{proto}"
            if port.get("name"):
                env[f"{prefix}_SERVICE_PORT_{port['name'].upper().replace('-', '_')}"] = str(port["port"])
            env[base] = f"{proto.lower()}://{ip}:{port['port']}"
            env[f"{base}_PROTO"] = proto.lower()
            env[f"{base}_PORT"] = str(port["port"])
            env[f"{base}_ADDR"] = ip
    return env


def _env(cluster: Cluster, pod: dict, container: dict) -> dict[str, str]:
    namespace = pod["metadata"]["namespace"]
    env = {"PATH": _PATH, "HOSTNAME": pod["metadata"]["name"]}
    for source in container.get("envFrom") or []:
        prefix = source.get("prefix", "")
        for kind, key in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
            if key in source:
                obj = cluster.find(kind, source[key].get("name", ""), namespace) or {}
                for name, value in (obj.get("data") or {}).items():
                    env[prefix + name] = _decode(value) if kind == "Secret" else value
    for item in container.get("env") or []:
        if "value" in item:
            env[item["name"]] = str(item["value"])
            continue
        value_from = item.get("valueFrom") or {}
        value: str | None = ""
        if "configMapKeyRef" in value_from:
            value = _ref(cluster, namespace, "ConfigMap", value_from["configMapKeyRef"])
        elif "secretKeyRef" in value_from:
            value = _ref(cluster, namespace, "Secret", value_from["secretKeyRef"])
        elif "fieldRef" in value_from:
            value = _field(pod, value_from["fieldRef"].get("fieldPath", ""))
        if value is not None:
            env[item["name"]] = value
    env.update(_service_env(cluster, namespace))
    image_env = next((v for k, v in _IMAGE_ENV.items() if k in image_repository(container.get("image", ""))), {})
    env.update({k: v for k, v in image_env.items() if k not in env})
    env.setdefault("HOME", "/root")
    return env


def _mongo_service(cluster: Cluster, pod: dict) -> str:
    """The Service clients use to reach this MongoDB pod (its 127.0.0.1 from inside)."""
    labels = pod["metadata"].get("labels") or {}
    for svc in cluster.list("Service", pod["metadata"]["namespace"]):
        selector = (svc.get("spec") or {}).get("selector") or {}
        if selector and all(labels.get(k) == v for k, v in selector.items()):
            return svc["metadata"]["name"]
    name = pod["metadata"]["name"]
    return name.rsplit("-", 2)[0] if name.count("-") >= 2 else name


def container_for(cluster: Cluster, pod: dict, container: dict) -> Container:
    files, dirs = _files(cluster, pod, container)
    binaries = binaries_for_image(container.get("image", ""))
    programs = {}
    if "mongo" in binaries:
        from ..mongo.shell import make_mongo_program

        programs["mongo"] = make_mongo_program(cluster, pod["metadata"]["namespace"], _mongo_service(cluster, pod))
    return Container(pod["metadata"]["name"], files, _env(cluster, pod, container), binaries, programs,
                     frozenset(dirs))
