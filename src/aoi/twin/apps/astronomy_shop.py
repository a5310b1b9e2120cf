"""AstronomyShop (OpenTelemetry demo, Helm chart 0.40.x / demo 2.2.0) in ``astronomy-shop``.

Demo components are Deployments selected by ``opentelemetry.io/name`` and labelled with
``app.kubernetes.io/name`` / ``app.kubernetes.io/component`` (AIOpsLab's get_logs uses the
former); images ``ghcr.io/open-telemetry/demo:2.2.0-<component>`` unless overridden. Sub-charts:
jaeger, prometheus, grafana (Deployments), opensearch (StatefulSet) and the otel-collector
agent (DaemonSet); the latter two are created by `deploy_extras`, as the twin's controllers do
not run those kinds. ConfigMap ``flagd-config`` holds ``demo.flagd.json`` with every flag off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import manifests as m
from .astronomy_behaviours import BEHAVIOURS
from .base import AppSpec, CallEdge
from .flagd import flagd_json
from .static_workloads import daemonset, statefulset

if TYPE_CHECKING:
    from ..cluster import Cluster

NAMESPACE = "astronomy-shop"
RELEASE = "astronomy-shop"
VERSION = "2.2.0"
CHART = "opentelemetry-demo-0.40.10"
DEMO_IMAGE = "ghcr.io/open-telemetry/demo"

# component -> (ports as (name, number); "service" is the chart's service.port, image override)
COMPONENTS: dict[str, tuple[tuple[tuple[str, int], ...], str | None]] = {
    "accounting": ((), None),
    "ad": ((("service", 8080),), None),
    "cart": ((("service", 8080),), None),
    "checkout": ((("service", 8080),), None),
    "currency": ((("service", 8080),), None),
    "email": ((("service", 8080),), None),
    "flagd": ((("rpc", 8013), ("ofrep", 8016)), "ghcr.io/open-feature/flagd:v0.12.9"),
    "fraud-detection": ((), None),
    "frontend": ((("service", 8080),), None),
    "frontend-proxy": ((("service", 8080),), None),
    "image-provider": ((("service", 8081),), None),
    "kafka": ((("plaintext", 9092), ("controller", 9093)), None),
    "llm": ((("service", 8000),), None),
    "load-generator": ((("service", 8089),), None),
    "payment": ((("service", 8080),), None),
    "postgresql": ((("service", 5432),), "postgres:17.6"),
    "product-catalog": ((("service", 8080),), None),
    "product-reviews": ((("service", 3551),), None),
    "quote": ((("service", 8080),), None),
    "recommendation": ((("service", 8080),), None),
    "shipping": ((("service", 8080),), None),
    "valkey-cart": ((("valkey-cart", 6379),), "valkey/valkey:9.0.1-alpine3.23"),
}
# The env each component gets beyond the chart's defaults (addresses of what it calls).
_ENV: dict[str, dict[str, str]] = {
    "accounting": {"KAFKA_ADDR": "kafka:9092"},
    "ad": {"AD_PORT": "8080", "FLAGD_HOST": "flagd", "FLAGD_PORT": "8013"},
    "cart": {"CART_PORT": "8080", "ASPNETCORE_URLS": "http://*:8080", "VALKEY_ADDR": "valkey-cart:6379",
             "FLAGD_HOST": "flagd", "FLAGD_PORT": "8013"},
    "checkout": {"CHECKOUT_PORT": "8080", "CART_ADDR": "cart:8080", "CURRENCY_ADDR": "currency:8080",
                 "EMAIL_ADDR": "http://email:8080", "PAYMENT_ADDR": "payment:8080",
                 "PRODUCT_CATALOG_ADDR": "product-catalog:8080", "SHIPPING_ADDR": "shipping:8080",
                 "KAFKA_ADDR": "kafka:9092", "FLAGD_HOST": "flagd", "FLAGD_PORT": "8013"},
    "currency": {"CURRENCY_PORT": "8080", "VERSION": VERSION},
    "email": {"EMAIL_PORT": "8080", "APP_ENV": "production"},
    "fraud-detection": {"KAFKA_ADDR": "kafka:9092", "FLAGD_HOST": "flagd", "FLAGD_PORT": "8013"},
    "frontend": {"FRONTEND_PORT": "8080", "FRONTEND_ADDR": ":8080", "AD_ADDR": "ad:8080", "CART_ADDR": "cart:8080",
                 "CHECKOUT_ADDR": "checkout:8080", "CURRENCY_ADDR": "currency:8080",
                 "PRODUCT_CATALOG_ADDR": "product-catalog:8080", "RECOMMENDATION_ADDR": "recommendation:8080",
                 "SHIPPING_ADDR": "shipping:8080", "FLAGD_HOST": "flagd", "FLAGD_PORT": "8013"},
    "frontend-proxy": {"ENVOY_PORT": "8080", "FRONTEND_HOST": "frontend", "FRONTEND_PORT": "8080",
                       "IMAGE_PROVIDER_HOST": "image-provider", "IMAGE_PROVIDER_PORT": "8081",
                       "LOCUST_WEB_HOST": "load-generator", "LOCUST_WEB_PORT": "8089", "FLAGD_HOST": "flagd",
                       "FLAGD_PORT": "8013", "FLAGD_UI_HOST": "flagd", "FLAGD_UI_PORT": "4000",
                       "GRAFANA_HOST": "grafana", "GRAFANA_PORT": "80", "JAEGER_HOST": "jaeger",
                       "JAEGER_UI_PORT": "16686"},
    "image-provider": {"IMAGE_PROVIDER_PORT": "8081"},
    "kafka": {"KAFKA_ADVERTISED_LISTENERS": "PLAINTEXT://kafka:9092", "KAFKA_HEAP_OPTS": "-Xmx400M -Xms400M",
              "KAFKA_LISTENERS": "PLAINTEXT://:9092,CONTROLLER://:9093",
              "KAFKA_CONTROLLER_LISTENER_NAMES": "CONTROLLER", "KAFKA_CONTROLLER_QUORUM_VOTERS": "1@kafka:9093"},
    "llm": {"FLAGD_HOST": "flagd", "FLAGD_PORT": "8013"},
    "load-generator": {"LOCUST_WEB_PORT": "8089", "LOCUST_USERS": "10", "LOCUST_SPAWN_RATE": "1",
                       "LOCUST_HOST": "http://frontend-proxy:8080", "LOCUST_HEADLESS": "false",
                       "LOCUST_AUTOSTART": "true", "LOCUST_BROWSER_TRAFFIC_ENABLED": "true",
                       "FLAGD_HOST": "flagd", "FLAGD_PORT": "8013"},
    "payment": {"PAYMENT_PORT": "8080", "FLAGD_HOST": "flagd", "FLAGD_PORT": "8013"},
    "postgresql": {"POSTGRES_USER": "root", "POSTGRES_PASSWORD": "otel", "POSTGRES_DB": "otel"},
    "product-catalog": {"PRODUCT_CATALOG_PORT": "8080", "PRODUCT_CATALOG_RELOAD_INTERVAL": "10",
                        "FLAGD_HOST": "flagd", "FLAGD_PORT": "8013"},
    "product-reviews": {"PRODUCT_REVIEWS_PORT": "3551", "DB_CONNECTION_STRING":
                        "host=postgresql user=otelu password=otelp dbname=otel", "LLM_HOST": "llm",
                        "LLM_PORT": "8000", "PRODUCT_CATALOG_ADDR": "product-catalog:8080"},
    "quote": {"QUOTE_PORT": "8080"},
    "recommendation": {"RECOMMENDATION_PORT": "8080", "PRODUCT_CATALOG_ADDR": "product-catalog:8080",
                       "FLAGD_HOST": "flagd", "FLAGD_PORT": "8013"},
    "shipping": {"SHIPPING_PORT": "8080", "QUOTE_ADDR": "http://quote:8080"},
    "flagd": {"FLAGD_METRICS_EXPORTER": "otel", "FLAGD_OTEL_COLLECTOR_URI": "$(OTEL_COLLECTOR_NAME):4317",
              "GOMEMLIMIT": "60MiB"},
}
_NO_DEFAULT_ENV = ("postgresql", "valkey-cart")
_HELM = {"meta.helm.sh/release-name": RELEASE, "meta.helm.sh/release-namespace": NAMESPACE}


def labels(name: str, *, selector_only: bool = False) -> dict[str, str]:
    selector = {"opentelemetry.io/name": name}
    if selector_only:
        return selector
    return {**selector, "app.kubernetes.io/version": VERSION, "app.kubernetes.io/component": name,
            "app.kubernetes.io/name": name}


def _object_labels(name: str) -> dict[str, str]:
    return {"helm.sh/chart": CHART, **labels(name), "app.kubernetes.io/part-of": "opentelemetry-demo",
            "app.kubernetes.io/managed-by": "Helm"}


def _env(name: str) -> list[dict]:
    env: list[dict] = []
    if name not in _NO_DEFAULT_ENV:
        env = [{"name": "OTEL_SERVICE_NAME", "valueFrom": {"fieldRef": {
                   "apiVersion": "v1", "fieldPath": "metadata.labels['app.kubernetes.io/component']"}}},
               {"name": "OTEL_COLLECTOR_NAME", "value": "otel-collector"},
               {"name": "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "value": "cumulative"},
               {"name": "OTEL_RESOURCE_ATTRIBUTES", "value": f"service.name=$(OTEL_SERVICE_NAME),"
                f"service.namespace=opentelemetry-demo,service.version={VERSION}"}]
    return env + m.env_list(_ENV.get(name, {}))


def _component(name: str) -> list[dict]:
    ports, image = COMPONENTS[name]
    box = m.container(name, image or f"{DEMO_IMAGE}:{VERSION}-{name}", image_pull_policy="IfNotPresent",
                      ports=[m.container_port(number, name=pname) for pname, number in ports], env=_env(name))
    containers, volumes, init = [box], None, None
    if name == "flagd":
        box["command"] = ["/flagd-build", "start", "--port", "8013", "--ofrep-port", "8016", "--uri",
                          "file:./etc/flagd/demo.flagd.json"]
        box["volumeMounts"] = [m.mount("config-rw", "/etc/flagd")]
        ui = m.container("flagd-ui", f"{DEMO_IMAGE}:{VERSION}-flagd-ui", image_pull_policy="IfNotPresent",
                         ports=[m.container_port(4000, name="service")],
                         env=m.env_list({"FLAGD_METRICS_EXPORTER": "otel", "FLAGD_UI_PORT": "4000"}),
                         volume_mounts=[m.mount("config-rw", "/app/data")])
        containers.append(ui)
        volumes = [{"name": "config-rw", "emptyDir": {}}, m.configmap_volume("config-ro", "flagd-config")]
        init = [m.container("init-config", "busybox", command=["sh", "-c", "cp /config-ro/demo.flagd.json "
                            "/config-rw/demo.flagd.json && cat /config-rw/demo.flagd.json"],
                            volume_mounts=[m.mount("config-ro", "/config-ro"), m.mount("config-rw", "/config-rw")])]
    template = m.pod_template(labels(name), containers, volumes=volumes, init_containers=init,
                              service_account=RELEASE,
                              annotations={"resource.opentelemetry.io/service.namespace": "otel-demo"})
    deploy = m.deployment(name, NAMESPACE, labels=_object_labels(name), annotations=_HELM,
                          selector=labels(name, selector_only=True), template=template)
    deploy["spec"]["revisionHistoryLimit"] = 10
    out = [deploy]
    if ports:
        svc_ports = [m.port(number, name="tcp-service" if pname == "service" else pname) for pname, number in ports]
        out.insert(0, m.service(name, NAMESPACE, selector=labels(name, selector_only=True), ports=svc_ports,
                                labels=_object_labels(name), annotations=_HELM))
    return out


def _subchart(name: str, image: str, ports: list[tuple[str, int]], svc_ports: list[tuple[str, int]],
              component: str, args: list[str] | None = None) -> list[dict]:
    sub_labels = {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": RELEASE,
                  "app.kubernetes.io/component": component}
    box = m.container(name if name != "prometheus" else "prometheus-server", image, args=args,
                      ports=[m.container_port(n, name=p or None) for p, n in ports])
    template = m.pod_template(sub_labels, [box], service_account=name)
    deploy = m.deployment(name, NAMESPACE, labels=sub_labels, selector=sub_labels, template=template,
                          annotations=_HELM)
    svc = m.service(name, NAMESPACE, selector=sub_labels, ports=[m.port(n, name=p) for p, n in svc_ports],
                    labels=sub_labels, annotations=_HELM)
    return [svc, deploy]


def manifests() -> list[dict]:
    out = [m.namespace(NAMESPACE),
           {"apiVersion": "v1", "kind": "ServiceAccount",
            "metadata": {"name": RELEASE, "namespace": NAMESPACE, "labels": _object_labels("")}},
           m.configmap("flagd-config", NAMESPACE, {"demo.flagd.json": flagd_json()},
                       labels={"helm.sh/chart": CHART, "app.kubernetes.io/part-of": "opentelemetry-demo",
                               "app.kubernetes.io/managed-by": "Helm"})]
    for name in COMPONENTS:
        out += _component(name)
    out += _subchart("jaeger", "jaegertracing/jaeger:2.11.0",
                     [("otlp-grpc", 4317), ("otlp-http", 4318), ("query", 16686)],
                     [("otlp-grpc", 4317), ("otlp-http", 4318), ("http-query", 16686)], "all-in-one")
    out += _subchart("prometheus", "quay.io/prometheus/prometheus:v3.7.3", [("", 9090)], [("http", 9090)],
                     "server", args=["--storage.tsdb.retention.time=7d", "--config.file=/etc/config/prometheus.yml",
                                     "--storage.tsdb.path=/data", "--web.enable-lifecycle",
                                     "--enable-feature=exemplar-storage", "--web.enable-otlp-receiver"])
    out += _subchart("grafana", "docker.io/grafana/grafana:12.2.1", [("grafana", 3000)], [("service", 80)], "")
    for obj in out:  # the grafana Service maps 80 -> the container's 3000
        if obj["kind"] == "Service" and obj["metadata"]["name"] == "grafana":
            obj["spec"]["ports"][0]["targetPort"] = 3000
    return out


def deploy_extras(cluster: Cluster) -> None:
    """The sub-charts' StatefulSet (opensearch) and DaemonSet (otel-collector agent), with pods."""
    os_labels = {"app.kubernetes.io/name": "opensearch", "app.kubernetes.io/instance": RELEASE}
    box = m.container("opensearch", "opensearchproject/opensearch:3.3.2",
                      ports=[m.container_port(9200, name="http"), m.container_port(9300, name="transport")],
                      env=m.env_list({"cluster.name": "demo-cluster", "discovery.type": "single-node",
                                      "DISABLE_SECURITY_PLUGIN": "true", "OPENSEARCH_JAVA_OPTS": "-Xms400m -Xmx400m"}))
    statefulset(cluster, {"apiVersion": "apps/v1", "kind": "StatefulSet",
                          "metadata": {"name": "opensearch", "namespace": NAMESPACE, "labels": os_labels},
                          "spec": {"replicas": 1, "serviceName": "opensearch-headless",
                                   "selector": {"matchLabels": os_labels},
                                   "template": m.pod_template(os_labels, [box])}})
    cluster.create(m.service("opensearch", NAMESPACE, selector=os_labels, labels=os_labels,
                             ports=[m.port(9200, name="http"), m.port(9300, name="transport")]))
    col_labels = {"app.kubernetes.io/name": "opentelemetry-collector", "app.kubernetes.io/instance": RELEASE,
                  "component": "agent-collector"}
    collector = m.container("opentelemetry-collector", "otel/opentelemetry-collector-contrib:0.139.0",
                            args=["--config=/conf/relay.yaml"],
                            ports=[m.container_port(4317, name="otlp"), m.container_port(4318, name="otlp-http"),
                                   m.container_port(8888, name="metrics")])
    daemonset(cluster, {"apiVersion": "apps/v1", "kind": "DaemonSet",
                        "metadata": {"name": "otel-collector-agent", "namespace": NAMESPACE, "labels": col_labels},
                        "spec": {"selector": {"matchLabels": col_labels},
                                 "template": m.pod_template(col_labels, [collector],
                                                            service_account="otel-collector")}},
              nodes=("kind-worker",))
    cluster.create(m.service("otel-collector", NAMESPACE, selector=col_labels, labels=col_labels,
                             ports=[m.port(4317, name="otlp"), m.port(4318, name="otlp-http"),
                                    m.port(8888, name="metrics")]))


_EDGES = (
    ("load-generator", "frontend-proxy", 8080, "http"), ("frontend-proxy", "frontend", 8080, "http"),
    ("frontend-proxy", "image-provider", 8081, "http"), ("frontend", "ad", 8080, "grpc"),
    ("frontend", "cart", 8080, "grpc"), ("frontend", "checkout", 8080, "grpc"),
    ("frontend", "currency", 8080, "grpc"), ("frontend", "product-catalog", 8080, "grpc"),
    ("frontend", "recommendation", 8080, "grpc"), ("frontend", "shipping", 8080, "grpc"),
    ("frontend", "product-reviews", 3551, "grpc"), ("checkout", "cart", 8080, "grpc"),
    ("checkout", "currency", 8080, "grpc"), ("checkout", "email", 8080, "http"),
    ("checkout", "payment", 8080, "grpc"), ("checkout", "product-catalog", 8080, "grpc"),
    ("checkout", "shipping", 8080, "grpc"), ("checkout", "kafka", 9092, "http"),
    ("cart", "valkey-cart", 6379, "redis"), ("recommendation", "product-catalog", 8080, "grpc"),
    ("shipping", "quote", 8080, "http"), ("product-reviews", "llm", 8000, "http"),
    ("product-reviews", "postgresql", 5432, "http"), ("accounting", "kafka", 9092, "http"),
    ("fraud-detection", "kafka", 9092, "http"),
)

SPEC = AppSpec(
    name="AstronomyShop",
    namespace=NAMESPACE,
    description=(
        "An online shopping platform built with a microservices architecture, showcasing OpenTelemetry "
        "instrumentation for distributed tracing across services."
    ),
    frontend_service="frontend-proxy",
    frontend_port=8080,
    log_label="app.kubernetes.io/name",
    manifests=manifests,
    call_edges=tuple(CallEdge(a, b, port, proto) for a, b, port, proto in _EDGES),  # type: ignore[arg-type]
    behaviours=BEHAVIOURS,
    workload=None,  # the demo's own load generator drives it
)
