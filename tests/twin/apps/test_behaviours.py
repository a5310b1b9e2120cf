"""Container behaviours, called directly with a StartContext built from a deployed cluster."""

from __future__ import annotations

from aoi.twin.apps import behaviour_table
from aoi.twin.apps.hotel_behaviours import app_image, buggy_geo
from aoi.twin.mongo import mongo_state

from .conftest import HOTEL, SOCIAL, pod_of, start_context, strip_ansi

NOT_AUTHORIZED = 'FTL cmd/geo/db.go:35 > not authorized on geo-db to execute command { count: "geo", ' \
                 'query: { hotelId: "1" }, $db: "geo-db" }'


def test_geo_runs_and_registers_when_admin_has_read_write(hotel):
    ctx = start_context(hotel, pod_of(hotel, HOTEL, "io.kompose.service", "geo"))
    outcome = app_image(ctx)
    assert outcome.state == "running" and outcome.ready
    lines = strip_ansi(outcome.logs)
    assert lines[0] == '{"level":"info","time":"2026-03-02T09:00:30Z","message":"TLS disabled."}'
    assert lines[3] == "2026-03-02T09:00:30Z INF cmd/geo/main.go:23 > Reading config..."
    assert "INF cmd/geo/main.go:36 > Read database URL: mongodb-geo:27017" in lines[4]
    assert lines[-1].endswith("INF services/geo/server.go:110 > Successfully registered in consul")
    assert "name: srv-geo" in lines[-2] and ":8083 ]" in lines[-2]


def test_geo_exits_1_with_the_real_line_when_read_write_is_revoked(hotel):
    mongo_state(hotel, HOTEL, "mongodb-geo").revoke_roles("admin", [("readWrite", "geo-db")])
    outcome = app_image(start_context(hotel, pod_of(hotel, HOTEL, "io.kompose.service", "geo")))
    assert (outcome.state, outcome.exit_code) == ("exited", 1)
    lines = strip_ansi(outcome.logs)
    assert lines[-1] == f"2026-03-02T09:00:30Z {NOT_AUTHORIZED}"
    assert "INF cmd/geo/db.go:29 > New session successfull..." in lines[-3]


def test_rate_fails_on_rate_db_when_its_role_is_revoked(hotel):
    mongo_state(hotel, HOTEL, "mongodb-rate").revoke_roles("admin", [("readWrite", "rate-db")])
    outcome = app_image(start_context(hotel, pod_of(hotel, HOTEL, "io.kompose.service", "rate")))
    assert outcome.exit_code == 1
    assert strip_ansi(outcome.logs)[-1].endswith(
        'FTL cmd/rate/db.go:45 > not authorized on rate-db to execute command { count: "inventory", '
        'query: { hotelId: "1" }, $db: "rate-db" }')


def test_geo_panics_on_authentication_when_admin_is_dropped(hotel):
    mongo_state(hotel, HOTEL, "mongodb-geo").drop_user("admin")
    outcome = app_image(start_context(hotel, pod_of(hotel, HOTEL, "io.kompose.service", "geo")))
    assert (outcome.state, outcome.exit_code) == ("exited", 2)
    lines = strip_ansi(outcome.logs)
    message = "server returned error on SASL authentication step: Authentication failed."
    assert f"PNC cmd/geo/db.go:26 > {message}" in "\n".join(lines)
    assert f"panic: {message}" in lines
    assert "goroutine 1 [running]:" in lines
    assert any("cmd/geo/db.go:26" in line and line.startswith("\t") for line in lines)


def test_geo_panics_with_no_reachable_servers_when_its_mongodb_is_gone(hotel):
    hotel.delete("Service", "mongodb-geo", HOTEL)
    outcome = app_image(start_context(hotel, pod_of(hotel, HOTEL, "io.kompose.service", "geo")))
    assert outcome.exit_code == 2
    assert "panic: no reachable servers" in outcome.logs


def test_buggy_geo_image_dials_port_27777_and_panics(hotel):
    pod = pod_of(hotel, HOTEL, "io.kompose.service", "geo")
    ctx = start_context(hotel, pod, image="yinfangchen/geo:app3")
    assert behaviour_table().for_image(ctx.image) is buggy_geo
    outcome = buggy_geo(ctx)
    lines = strip_ansi(outcome.logs)
    assert "INF cmd/geo/main.go:36 > Read database URL: mongodb-geo:27777" in lines[4]
    assert (outcome.state, outcome.exit_code) == ("exited", 2)
    assert "panic: no reachable servers" in lines


def test_buggy_geo_runs_once_the_service_exposes_27777(hotel):
    svc = hotel.get("Service", "mongodb-geo", HOTEL)
    patched = {**svc, "spec": {**svc["spec"], "ports": [
        *svc["spec"]["ports"], {"name": "alt", "port": 27777, "targetPort": 27017, "protocol": "TCP"}]}}
    hotel.update(patched)
    outcome = buggy_geo(start_context(hotel, pod_of(hotel, HOTEL, "io.kompose.service", "geo"),
                                      image="yinfangchen/geo:app3"))
    assert outcome.state == "running"


def test_profile_deployment_running_geo_prints_geo_lines_and_stays_up(hotel):
    pod = pod_of(hotel, HOTEL, "io.kompose.service", "profile")
    outcome = app_image(start_context(hotel, pod, command=["geo"]))
    assert outcome.state == "running"
    text = "\n".join(strip_ansi(outcome.logs))
    assert "cmd/geo/main.go:36 > Read database URL: mongodb-geo:27017" in text
    assert "Initializing jaeger agent [service name: geo | host: jaeger:6831]..." in text
    assert "cmd/profile/" not in text


def test_unknown_binary_cannot_be_executed(hotel):
    outcome = app_image(start_context(hotel, pod_of(hotel, HOTEL, "io.kompose.service", "geo"), command=["nope"]))
    assert (outcome.state, outcome.exit_code) == ("exited", 128)
    assert 'exec: "nope"' in outcome.message


def test_hotel_service_panics_when_jaeger_service_is_missing(hotel):
    hotel.delete("Service", "jaeger", HOTEL)
    outcome = app_image(start_context(hotel, pod_of(hotel, HOTEL, "io.kompose.service", "frontend")))
    assert outcome.exit_code == 2
    assert "panic: Got error while initializing jaeger agent: lookup jaeger on 10.96.0.10:53: no such host" \
        in outcome.logs


def test_dsb_service_prints_its_start_line(social):
    pod = pod_of(social, SOCIAL, "app", "unique-id-service")
    outcome = behaviour_table().for_image(pod["spec"]["containers"][0]["image"])(start_context(social, pod))
    assert outcome.state == "running"
    assert outcome.logs[-1].endswith("<info>: (UniqueIdService.cpp:60:main) Starting the unique-id-service server ...")
    assert outcome.logs[-1].startswith("[2026-Mar-02 09:00:30.")


def test_url_shorten_service_loops_on_create_index_when_mongodb_requires_tls(social):
    mongo_state(social, SOCIAL, "url-shorten-mongodb").tls_mode = "requireTLS"
    pod = pod_of(social, SOCIAL, "app", "url-shorten-service")
    outcome = behaviour_table().for_image(pod["spec"]["containers"][0]["image"])(start_context(social, pod))
    assert outcome.state == "running"
    assert not any("Starting the url-shorten-service server" in line for line in outcome.logs)
    assert outcome.logs[0].endswith(
        "<error>: (utils_mongodb.h:76:CreateIndex) Error in createIndexes: No suitable servers found "
        "(`serverSelectionTryOnce` set): [connection closed calling ismaster on 'url-shorten-mongodb:27017']")
    assert outcome.logs[1].endswith("(UrlShortenService.cpp:65:main) Failed to create mongodb index, try again")


def test_mongod_prints_structured_startup_and_records_tls_mode(social):
    cm = social.get("ConfigMap", "url-shorten-mongodb", SOCIAL)
    social.update({**cm, "data": {"mongod.conf": "net:\n  tls:\n    mode: requireTLS\n"
                                                 "    certificateKeyFile: /etc/tls/tls.pem\n"}})
    pod = pod_of(social, SOCIAL, "app", "url-shorten-mongodb")
    outcome = behaviour_table().for_image("docker.io/library/mongo:4.4.6")(start_context(social, pod))
    assert mongo_state(social, SOCIAL, "url-shorten-mongodb").tls_mode == "requireTLS"
    assert outcome.logs[0].startswith('{"t":{"$date":"2026-03-02T09:00:31.000+00:00"},"s":"I",  "c":"CONTROL",  '
                                      '"id":23285,   "ctx":"main","msg":"Automatically disabling TLS 1.0')
    assert outcome.logs[-1].endswith('"msg":"Waiting for connections","attr":{"port":27017,"ssl":"on"}}')
