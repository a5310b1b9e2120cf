"""SocialNetwork (DeathStarBench Helm chart ``social-network``) in ``test-social-network``.

27 Deployments and Services (selector ``service: <name>``, pods also labelled ``app: <name>``),
one ConfigMap per component named after it (the files the chart mounts with subPath), and
Secret ``mongodb-tls``. Each MongoDB runs ``--config`` with a ConfigMap ``<name>`` key
``mongod.conf`` rendered from the chart's template (``net.tls.mode``); url-shorten-mongodb also
mounts the secret at /etc/tls, which is what the auth_miss_mongodb fault relies on.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from . import manifests as m
from .base import AppSpec, CallEdge, Workload, declared_ports
from .social_behaviours import BEHAVIOURS, THRIFT

if TYPE_CHECKING:
    from ..cluster import Cluster

NAMESPACE = "test-social-network"
RELEASE = "social-network"
REGISTRY = "docker.io"
CONFIG_DIR = "/social-network-microservices/config"

MONGODBS = ("media-mongodb", "post-storage-mongodb", "social-graph-mongodb", "url-shorten-mongodb",
            "user-mongodb", "user-timeline-mongodb")
REDISES = ("home-timeline-redis", "social-graph-redis", "user-timeline-redis")
MEMCACHEDS = ("media-memcached", "post-storage-memcached", "url-shorten-memcached", "user-memcached")
JAEGER_PORTS = ((5775, "UDP"), (6831, "UDP"), (6832, "UDP"), (5778, None), (16686, None), (14268, None),
                (9411, None))

# The chart's tls.pem/ca.crt are test material; the twin stores placeholders of the same shape.
_TLS_PEM = "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIUTWlu\n-----END CERTIFICATE-----\n" \
           "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n-----END PRIVATE KEY-----\n"
_CA_CRT = "-----BEGIN CERTIFICATE-----\nMIIDazCCAlOgAwIBAgIUQ2FB\n-----END CERTIFICATE-----\n"


def mongod_conf(mode: str = "disabled", certificate_key_file: str = "") -> str:
    """The chart's mongod.conf template: ``net.tls.mode`` plus the key file when TLS is on."""
    text = f"net:\n  tls:\n    mode: {mode}\n"
    if mode != "disabled":
        text += f"    certificateKeyFile: {certificate_key_file}\n"
    return text


def jaeger_config_yml() -> str:
    return ('disabled: false\nreporter:\n  logSpans: false\n  localAgentHostPort: "jaeger:6831"\n'
            '  queueSize: 1000000\n  bufferFlushInterval: 10\nsampler:\n  type: "probabilistic"\n  param: 0.01\n')


def jaeger_config_json() -> str:
    return json.dumps({
        "service_name": "nginx-web-server", "disabled": False,
        "reporter": {"logSpans": False, "localAgentHostPort": "jaeger:6831", "queueSize": 1000000,
                     "bufferFlushInterval": 10},
        "sampler": {"type": "probabilistic", "param": 0.01},
    }, indent=2) + "\n"


def service_config_json() -> str:
    """config/service-config.json: where every service finds every other one (standalone mode)."""
    link = {"connections": 512, "timeout_ms": 10000, "keepalive_ms": 10000}
    config: dict = {"secret": "secret"}
    for name in THRIFT:
        config[name] = {"addr": name, "port": 9090, **link}
    config["unique-id-service"]["netif"] = "eth0"
    config["user-service"]["netif"] = "eth0"
    for name in MONGODBS:
        config[name] = {"addr": name, "port": 27017, **link}
    for name in (*REDISES, "compose-post-redis"):
        config[name] = {"addr": name, "port": 6379, **link, "use_cluster": 0, "use_replica": 0}
    for name in MEMCACHEDS:
        config[name] = {"addr": name, "port": 11211, **link, "binary_protocol": 1}
    config["media-frontend"] = {"addr": "media-frontend", "port": 8081, **link}
    config["ssl"] = {"enabled": False, "caPath": "/keys/CA.pem", "ciphers": "ALL:!ADH:!LOW:!EXP:!MD5:@STRENGTH",
                     "serverKeyPath": "/keys/server.key", "serverCertPath": "/keys/server.crt"}
    config["redis-primary"] = {"keepalive_ms": 10000, "addr": "redis-master", "timeout_ms": 10000, "port": 6379,
                               "connections": 512}
    config["redis-replica"] = {"keepalive_ms": 10000, "addr": "redis-replicas", "timeout_ms": 10000, "port": 6379,
                               "connections": 512}
    return json.dumps(config, indent=4) + "\n"


REDIS_CONF = ("io-threads 8\nio-threads-do-reads yes\nport 6379\ntls-port 0\n\n"
              "tls-cert-file /keys/server.crt\ntls-key-file /keys/server.key\n\ntls-auth-clients no\n")


def nginx_conf(frontend: bool = False) -> str:
    """The parts of the chart's nginx.conf an agent would look at (resolver, listen port, Lua paths)."""
    lines = [
        "worker_processes  auto;",
        "events {\n  use epoll;\n  worker_connections 1024;\n}",
        "env fqdn_suffix;",
        "http {",
        "  include       mime.types;",
        "  default_type  application/octet-stream;",
        "  keepalive_timeout  120s;",
        "  keepalive_requests 100000;",
        "  resolver kube-dns.kube-system.svc.cluster.local valid=10s ipv6=off;",
        "  lua_package_path '/usr/local/openresty/nginx/lua-scripts/?.lua;"
        "/usr/local/openresty/luajit/share/lua/5.1/?.lua;;';",
        "  server {",
        "    listen       8080 reuseport;",
        "    server_name  localhost;",
    ]
    paths = ("/upload-media", "/get-media") if frontend else (
        "/api/user/register", "/api/user/follow", "/api/user/unfollow", "/api/user/login", "/api/post/compose",
        "/api/user-timeline/read", "/api/home-timeline/read", "/wrk2-api/post/compose",
        "/wrk2-api/user-timeline/read", "/wrk2-api/home-timeline/read")
    for path in paths:
        script = path.strip("/").replace("-", "_").replace("/", "_") if frontend else path.strip("/")
        lines += [f"    location {path} {{", "      content_by_lua '", "          local client = require "
                  f'"{script}"', "          client.Run()", "      ';", "    }"]
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def _files(name: str) -> dict[str, tuple[str, str]]:
    """key -> (mount path, content) of the component's ConfigMap."""
    service_files = {
        "jaeger-config.yml": (f"{CONFIG_DIR}/jaeger-config.yml", jaeger_config_yml()),
        "service-config.json": (f"{CONFIG_DIR}/service-config.json", service_config_json()),
    }
    if name in MONGODBS:
        return {"mongod.conf": (f"{CONFIG_DIR}/mongod.conf", mongod_conf())}
    if name in REDISES:
        return {"redis.conf": (f"{CONFIG_DIR}/redis.conf", REDIS_CONF)}
    if name == "nginx-thrift":
        return {"jaeger-config.json": ("/usr/local/openresty/nginx/jaeger-config.json", jaeger_config_json()),
                "nginx.conf": ("/usr/local/openresty/nginx/conf/nginx.conf", nginx_conf())}
    if name == "media-frontend":
        return {"nginx.conf": ("/usr/local/openresty/nginx/conf/nginx.conf", nginx_conf(frontend=True)),
                **service_files}
    return service_files


def _component(name: str, image: str, svc_ports: list[dict], container_ports: list[dict], *,
               command: str | None = None, args: list[str] | None = None, env: dict[str, str] | None = None,
               tls: bool = False, init: dict | None = None, extra_mounts: list[dict] | None = None,
               extra_volumes: list[dict] | None = None) -> list[dict]:
    """ConfigMap, Deployment and Service of one chart component, as _baseDeployment.tpl renders them."""
    files = _files(name)
    mounts = [m.mount(f"{name}-config", path, sub_path=key) for key, (path, _) in files.items()]
    volumes = [m.configmap_volume(f"{name}-config", name)]
    if tls:
        mounts.append(m.mount("tls-cert", "/etc/tls", read_only=True))
        volumes.append({"name": "tls-cert", "secret": {"secretName": "mongodb-tls"}})
    mounts += extra_mounts or []
    volumes += extra_volumes or []
    box = m.container(name, f"{REGISTRY}/{image}", ports=container_ports, env=m.env_list(env or {}),
                      command=[command] if command else None, args=args, image_pull_policy="Always",
                      volume_mounts=mounts)
    template = m.pod_template({"service": name, "app": name}, [box], volumes=volumes, hostname=name,
                              restart_policy="Always", init_containers=[init] if init else None)
    cm = m.configmap(name, NAMESPACE, {key: text for key, (_, text) in files.items()},
                     labels={"socialnetwork/service": name, "app.kubernetes.io/managed-by": "Helm"})
    deploy = m.deployment(name, NAMESPACE, labels={"service": name, "app.kubernetes.io/managed-by": "Helm"},
                          selector={"service": name}, template=template,
                          annotations={"meta.helm.sh/release-name": RELEASE,
                                       "meta.helm.sh/release-namespace": NAMESPACE})
    svc = m.service(name, NAMESPACE, selector={"service": name}, ports=svc_ports,
                    labels={"app.kubernetes.io/managed-by": "Helm"},
                    annotations={"meta.helm.sh/release-name": RELEASE, "meta.helm.sh/release-namespace": NAMESPACE})
    return [cm, svc, deploy]


def _simple(name: str, image: str, number: int, **kwargs) -> list[dict]:
    return _component(name, image, [m.port(number, name=str(number))], [m.container_port(number)], **kwargs)


def _lua_frontend(name: str, image: str, svc_port: dict, volumes: tuple[str, ...], clone: str) -> list[dict]:
    """nginx-thrift / media-frontend: openresty with Lua scripts an init container git-clones."""
    empty = [{"name": v, "emptyDir": {}} for v in volumes]
    init = m.container("alpine-container", f"{REGISTRY}/alpine/git:latest", command=["/bin/sh"],
                       args=["-c", clone], image_pull_policy="Always",
                       volume_mounts=[m.mount(v, f"/{v}") for v in volumes])
    mounts = [m.mount(v, path) for v, path in _LUA_MOUNTS.items() if v in volumes]
    return _component(name, image, [svc_port], [m.container_port(8080 if name == "nginx-thrift" else 8081)],
                      env={"fqdn_suffix": f".{NAMESPACE}.svc.cluster.local"}, init=init, extra_mounts=mounts,
                      extra_volumes=empty)


_LUA_MOUNTS = {"lua-scripts": "/usr/local/openresty/nginx/lua-scripts",
               "lua-thrift": "/usr/local/openresty/lualib/thrift",
               "pages": "/usr/local/openresty/nginx/pages", "gen-lua": "/gen-lua", "keys": "/keys"}
_DSB = "git clone https://github.com/delimitrou/DeathStarBench.git /DeathStarBench && "


def manifests() -> list[dict]:
    out = [m.namespace(NAMESPACE), m.secret("mongodb-tls", NAMESPACE, {"ca.crt": _CA_CRT, "tls.pem": _TLS_PEM})]
    for name, binary in THRIFT.items():
        out += _simple(name, "deathstarbench/social-network-microservices:latest", 9090, command=binary)
    for name in MONGODBS:
        out += _simple(name, "library/mongo:4.4.6", 27017, args=["--config", f"{CONFIG_DIR}/mongod.conf"],
                       tls=name == "url-shorten-mongodb")
    for name in REDISES:
        out += _simple(name, "library/redis:6.2.4", 6379, args=[f"{CONFIG_DIR}/redis.conf"])
    for name in MEMCACHEDS:
        out += _simple(name, "library/memcached:1.6.7", 11211)
    out += _lua_frontend(
        "nginx-thrift", "yg397/openresty-thrift:xenial", m.port(8080, name="8080"),
        ("lua-scripts", "lua-thrift", "pages", "gen-lua", "keys"),
        _DSB + "cp -r /DeathStarBench/socialNetwork/gen-lua/* /gen-lua/ && "
        "cp -r /DeathStarBench/socialNetwork/docker/openresty-thrift/lua-thrift/* /lua-thrift/ && "
        "cp -r /DeathStarBench/socialNetwork/nginx-web-server/lua-scripts/* /lua-scripts/ && "
        "cp -r /DeathStarBench/socialNetwork/nginx-web-server/pages/* /pages/ && "
        "cp /DeathStarBench/socialNetwork/keys/* /keys/ ")
    out += _lua_frontend(
        "media-frontend", "yg397/media-frontend:xenial", m.port(8081, name="8081", target=8080), ("lua-scripts",),
        _DSB + "cp -r /DeathStarBench/socialNetwork/media-frontend/lua-scripts/* /lua-scripts/")
    out += _component("jaeger", "jaegertracing/all-in-one:1.57",
                      [m.port(p, name=str(p), protocol=proto) for p, proto in JAEGER_PORTS],
                      [m.container_port(p, protocol=proto) for p, proto in JAEGER_PORTS],
                      env={"COLLECTOR_ZIPKIN_HTTP_PORT": "9411"})
    # Helm applies ConfigMaps, then Services, then Deployments (its install order by kind).
    order = {"Namespace": 0, "Secret": 1, "ConfigMap": 2, "Service": 3, "Deployment": 4}
    return sorted(out, key=lambda obj: order[obj["kind"]])


def _edges() -> tuple[CallEdge, ...]:
    """The compose-post request tree (AIOpsLab's wrk2 workload hits /wrk2-api/post/compose)."""
    thrift = [
        ("nginx-thrift", "compose-post-service"),
        ("compose-post-service", "unique-id-service"), ("compose-post-service", "text-service"),
        ("compose-post-service", "user-service"), ("compose-post-service", "media-service"),
        ("compose-post-service", "post-storage-service"), ("compose-post-service", "user-timeline-service"),
        ("compose-post-service", "home-timeline-service"),
        ("text-service", "url-shorten-service"), ("text-service", "user-mention-service"),
        ("home-timeline-service", "social-graph-service"),
    ]
    stores = [
        ("url-shorten-service", "url-shorten-mongodb", 27017, "mongo"),
        ("url-shorten-service", "url-shorten-memcached", 11211, "memcached"),
        ("user-mention-service", "user-memcached", 11211, "memcached"),
        ("user-mention-service", "user-mongodb", 27017, "mongo"),
        ("post-storage-service", "post-storage-mongodb", 27017, "mongo"),
        ("post-storage-service", "post-storage-memcached", 11211, "memcached"),
        ("user-timeline-service", "user-timeline-mongodb", 27017, "mongo"),
        ("user-timeline-service", "user-timeline-redis", 6379, "redis"),
        ("home-timeline-service", "home-timeline-redis", 6379, "redis"),
        ("social-graph-service", "social-graph-redis", 6379, "redis"),
        ("social-graph-service", "social-graph-mongodb", 27017, "mongo"),
    ]
    return tuple(CallEdge(a, b, 9090, "thrift") for a, b in thrift) + tuple(
        CallEdge(a, b, port, proto) for a, b, port, proto in stores)  # type: ignore[arg-type]


def listen_ports(cluster: Cluster, pod: dict, container: dict) -> set[int]:
    """media-frontend's nginx listens on 8080 although the chart declares containerPort 8081."""
    ports = declared_ports(cluster, pod, container)
    return {8080} if ports and container["name"] == "media-frontend" else ports


SPEC = AppSpec(
    name="SocialNetwork",
    namespace=NAMESPACE,
    description=(
        "A social network with unidirectional follow relationships, implemented with loosely-coupled "
        "microservices, communicating with each other via Thrift RPCs."
    ),
    frontend_service="nginx-thrift",
    frontend_port=8080,
    log_label="app",
    manifests=manifests,
    call_edges=_edges(),
    behaviours=BEHAVIOURS,
    workload=Workload(rate=10, duration=10, path="/wrk2-api/post/compose"),
    listen_ports=listen_ports,
)
