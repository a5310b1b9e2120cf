"""The cluster's own pods: a kind v1.32 control plane, local-path storage, and what AIOpsLab adds.

kube-system (coredns Deployment, etcd / apiserver / controller-manager / scheduler static pods,
kindnet and kube-proxy DaemonSets), local-path-storage, ``observe`` (the vendored Prometheus
chart 25.6.0 as AIOpsLab installs it, server NodePort 32000), ``openebs`` (the operator AIOpsLab
applies before each problem) and, on request, ``chaos-mesh`` (chart 2.6.2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import manifests as m
from .static_workloads import NODES, daemonset, statefulset, static_pod

if TYPE_CHECKING:
    from ..cluster import Cluster

K8S_VERSION = "v1.32.1"
_CONTROL_PLANE_TOLERATION = [{"key": "node-role.kubernetes.io/control-plane", "operator": "Exists",
                              "effect": "NoSchedule"}]
_EVERYWHERE = [{"operator": "Exists"}]


def _ensure_namespace(cluster: Cluster, name: str) -> None:
    if cluster.find("Namespace", name) is None:
        cluster.create(m.namespace(name))


def _deploy(cluster: Cluster, name: str, ns: str, labels: dict[str, str], containers: list[dict], *,
            replicas: int = 1, tolerations: list[dict] | None = None, node_selector: dict | None = None) -> None:
    template = m.pod_template(labels, containers, node_selector=node_selector)
    if tolerations:
        template["spec"]["tolerations"] = tolerations
    cluster.create(m.deployment(name, ns, labels=labels, selector=labels, template=template, replicas=replicas))


def _daemon(cluster: Cluster, name: str, ns: str, labels: dict[str, str], containers: list[dict], *,
            nodes: tuple[str, ...] = NODES, tolerations: list[dict] | None = None) -> None:
    template = m.pod_template(labels, containers)
    if tolerations:
        template["spec"]["tolerations"] = tolerations
    daemonset(cluster, {"apiVersion": "apps/v1", "kind": "DaemonSet",
                        "metadata": {"name": name, "namespace": ns, "labels": labels},
                        "spec": {"selector": {"matchLabels": labels}, "template": template}}, nodes)


def _kube_system(cluster: Cluster) -> None:
    dns_labels = {"k8s-app": "kube-dns"}
    coredns = m.container("coredns", "registry.k8s.io/coredns/coredns:v1.11.3", args=["-conf", "/etc/coredns/Corefile"],
                          ports=[m.container_port(53, name="dns", protocol="UDP"), m.container_port(53, name="dns-tcp"),
                                 m.container_port(9153, name="metrics")])
    _deploy(cluster, "coredns", "kube-system", dns_labels, [coredns], replicas=2,
            tolerations=_CONTROL_PLANE_TOLERATION, node_selector={"kubernetes.io/os": "linux"})
    svc = m.service("kube-dns", "kube-system", selector=dns_labels, labels={**dns_labels, "kubernetes.io/name": "CoreDNS"},
                    ports=[m.port(53, name="dns", protocol="UDP"), m.port(53, name="dns-tcp"),
                           m.port(9153, name="metrics")])
    svc["spec"]["clusterIP"] = "10.96.0.10"
    cluster.create(svc)
    node = "kind-control-plane"
    components = {
        "etcd": ("registry.k8s.io/etcd:3.5.16-0", ["etcd", "--advertise-client-urls=https://172.18.0.3:2379",
                                                    "--data-dir=/var/lib/etcd"]),
        "kube-apiserver": (f"registry.k8s.io/kube-apiserver:{K8S_VERSION}",
                           ["kube-apiserver", "--advertise-address=172.18.0.3", "--secure-port=6443",
                            "--service-cluster-ip-range=10.96.0.0/16"]),
        "kube-controller-manager": (f"registry.k8s.io/kube-controller-manager:{K8S_VERSION}",
                                    ["kube-controller-manager", "--cluster-cidr=10.244.0.0/16",
                                     "--leader-elect=true"]),
        "kube-scheduler": (f"registry.k8s.io/kube-scheduler:{K8S_VERSION}",
                           ["kube-scheduler", "--leader-elect=true"]),
    }
    for name, (image, command) in components.items():
        static_pod(cluster, name, "kube-system", node, [m.container(name, image, command=command)],
                   {"component": name, "tier": "control-plane"})
    kindnet = m.container("kindnet-cni", "docker.io/kindest/kindnetd:v20241212-9f82dd49",
                          env=m.env_list({"POD_SUBNET": "10.244.0.0/16"}))
    _daemon(cluster, "kindnet", "kube-system", {"app": "kindnet", "k8s-app": "kindnet", "tier": "node"}, [kindnet],
            tolerations=_EVERYWHERE)
    proxy = m.container("kube-proxy", f"registry.k8s.io/kube-proxy:{K8S_VERSION}",
                        command=["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                                 "--hostname-override=$(NODE_NAME)"])
    _daemon(cluster, "kube-proxy", "kube-system", {"k8s-app": "kube-proxy"}, [proxy], tolerations=_EVERYWHERE)


def _local_path(cluster: Cluster) -> None:
    _ensure_namespace(cluster, "local-path-storage")
    box = m.container("local-path-provisioner", "docker.io/kindest/local-path-provisioner:v20241212-8ac705d0",
                      command=["local-path-provisioner", "--debug", "start", "--helper-image",
                               "docker.io/kindest/local-path-helper:v20241212-8ac705d0",
                               "--config", "/etc/config/config.json"])
    _deploy(cluster, "local-path-provisioner", "local-path-storage", {"app": "local-path-provisioner"}, [box],
            tolerations=_CONTROL_PLANE_TOLERATION)


def _observe(cluster: Cluster) -> None:
    ns = "observe"
    _ensure_namespace(cluster, ns)

    def labels(component: str, name: str = "prometheus") -> dict[str, str]:
        return {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": "prometheus",
                "app.kubernetes.io/component": component} if component else {
                "app.kubernetes.io/name": name, "app.kubernetes.io/instance": "prometheus"}

    reload = m.container("prometheus-server-configmap-reload",
                         "quay.io/prometheus-operator/prometheus-config-reloader:v0.67.0",
                         args=["--watched-dir=/etc/config", "--reload-url=http://127.0.0.1:9090/-/reload"])
    server = m.container("prometheus-server", "quay.io/prometheus/prometheus:v2.47.2",
                         args=["--storage.tsdb.retention.time=15d", "--config.file=/etc/config/prometheus.yml",
                               "--storage.tsdb.path=/data", "--web.console.libraries=/etc/prometheus/console_libraries",
                               "--web.console.templates=/etc/prometheus/consoles", "--web.enable-lifecycle"],
                         ports=[m.container_port(9090)])
    _deploy(cluster, "prometheus-server", ns, labels("server"), [reload, server])
    cluster.create(m.service("prometheus-server", ns, selector=labels("server"), labels=labels("server"),
                             ports=[m.port(80, name="http", target=9090, node_port=32000)], type_="NodePort"))
    ksm = m.container("kube-state-metrics", "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.10.0",
                      ports=[m.container_port(8080, name="http")])
    _deploy(cluster, "prometheus-kube-state-metrics", ns, labels("metrics", "kube-state-metrics"), [ksm])
    push = m.container("pushgateway", "quay.io/prometheus/pushgateway:v1.6.2",
                       ports=[m.container_port(9091, name="metrics")])
    _deploy(cluster, "prometheus-prometheus-pushgateway", ns, labels("", "prometheus-pushgateway"), [push])
    exporter = m.container("node-exporter", "quay.io/prometheus/node-exporter:v1.7.0",
                           ports=[m.container_port(9100, name="metrics")])
    _daemon(cluster, "prometheus-prometheus-node-exporter", ns, labels("metrics", "prometheus-node-exporter"),
            [exporter], tolerations=_EVERYWHERE)
    am_labels = labels("", "alertmanager")
    alertmanager = m.container("alertmanager", "quay.io/prometheus/alertmanager:v0.26.0",
                               ports=[m.container_port(9093, name="http")])
    statefulset(cluster, {"apiVersion": "apps/v1", "kind": "StatefulSet",
                          "metadata": {"name": "prometheus-alertmanager", "namespace": ns, "labels": am_labels},
                          "spec": {"replicas": 1, "serviceName": "prometheus-alertmanager-headless",
                                   "selector": {"matchLabels": am_labels},
                                   "template": m.pod_template(am_labels, [alertmanager])}})


def _openebs(cluster: Cluster) -> None:
    ns = "openebs"
    _ensure_namespace(cluster, ns)
    provisioner = m.container("openebs-provisioner-hostpath", "openebs/provisioner-localpv:3.5.0",
                              env=m.env_list({"OPENEBS_IO_ENABLE_ANALYTICS": "true"}))
    _deploy(cluster, "openebs-localpv-provisioner", ns,
            {"name": "openebs-localpv-provisioner", "openebs.io/component-name": "openebs-localpv-provisioner"},
            [provisioner])
    operator = m.container("node-disk-operator", "openebs/node-disk-operator:2.1.0")
    _deploy(cluster, "openebs-ndm-operator", ns, {"name": "openebs-ndm-operator",
                                                  "openebs.io/component-name": "ndm-operator"}, [operator])
    ndm = m.container("node-disk-manager", "openebs/node-disk-manager:2.1.0")
    _daemon(cluster, "openebs-ndm", ns, {"name": "openebs-ndm", "openebs.io/component-name": "ndm"}, [ndm],
            nodes=("kind-worker",))


def _chaos_mesh(cluster: Cluster) -> None:
    ns = "chaos-mesh"
    _ensure_namespace(cluster, ns)

    def labels(component: str) -> dict[str, str]:
        return {"app.kubernetes.io/name": "chaos-mesh", "app.kubernetes.io/instance": "chaos-mesh",
                "app.kubernetes.io/component": component}

    image = "ghcr.io/chaos-mesh/{}:v2.6.2"
    _deploy(cluster, "chaos-controller-manager", ns, labels("controller-manager"),
            [m.container("chaos-mesh", image.format("chaos-mesh"), command=["/usr/local/bin/chaos-controller-manager"],
                         ports=[m.container_port(10081, name="http"), m.container_port(10080, name="metric")])],
            replicas=3)
    _deploy(cluster, "chaos-dashboard", ns, labels("chaos-dashboard"),
            [m.container("chaos-dashboard", image.format("chaos-dashboard"), ports=[m.container_port(2333, name="http")])])
    _deploy(cluster, "chaos-dns-server", ns, labels("chaos-dns-server"),
            [m.container("chaos-dns-server", "ghcr.io/chaos-mesh/chaos-coredns:v0.2.6",
                         ports=[m.container_port(53, name="dns", protocol="UDP")])])
    _daemon(cluster, "chaos-daemon", ns, labels("chaos-daemon"),
            [m.container("chaos-daemon", image.format("chaos-daemon"),
                         command=["/usr/local/bin/chaos-daemon", "--runtime", "containerd", "--http-port", "31766"])],
            nodes=("kind-worker",))


def deploy_infrastructure(cluster: Cluster, *, chaos_mesh: bool = False) -> None:
    """Everything outside the app namespaces that ``kubectl get pods -A`` shows on AIOpsLab's cluster."""
    with cluster.batch():
        _kube_system(cluster)
        _local_path(cluster)
        _openebs(cluster)
        _observe(cluster)
        if chaos_mesh:
            _chaos_mesh(cluster)
