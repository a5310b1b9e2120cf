"""Discovery, both formats, and the OpenAPI v3 stub kubectl's field validation reads."""

from __future__ import annotations

from starlette.testclient import TestClient

from aoi.twin.kinds import RESOURCE_TYPES
from aoi.twin.kubectl.version import server_version

AGGREGATED = ("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
              "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json")


def test_version_is_the_kind_server(api: TestClient) -> None:
    body = api.get("/version").json()
    assert body == server_version()
    assert body["gitVersion"].startswith("v1.32.")


def test_legacy_discovery_lists_every_type_with_names_and_verbs(api: TestClient) -> None:
    assert api.get("/api").json()["versions"] == ["v1"]
    groups = {g["name"]: g["preferredVersion"]["groupVersion"] for g in api.get("/apis").json()["groups"]}
    assert groups["apps"] == "apps/v1" and groups["chaos-mesh.org"] == "chaos-mesh.org/v1alpha1"
    core = {r["name"]: r for r in api.get("/api/v1").json()["resources"]}
    assert core["pods"]["shortNames"] == ["po"] and core["pods"]["singularName"] == "pod"
    assert core["pods"]["namespaced"] and not core["nodes"]["namespaced"]
    assert "list" in core["pods"]["verbs"] and core["pods/log"]["verbs"] == ["get"]
    assert {"pods/exec", "pods/status"} <= set(core)
    apps = {r["name"]: r for r in api.get("/apis/apps/v1").json()["resources"]}
    assert apps["deployments/scale"]["kind"] == "Scale" and apps["deployments/scale"]["group"] == "autoscaling"
    listed = {(gv, r["name"]) for gv in ["v1", *groups.values()]
              for r in api.get("/api/v1" if gv == "v1" else f"/apis/{gv}").json()["resources"]}
    assert {(t.api_version, t.plural) for t in RESOURCE_TYPES} <= listed


def test_aggregated_discovery_is_served_when_asked_for(api: TestClient) -> None:
    response = api.get("/apis", headers={"Accept": AGGREGATED})
    assert response.headers["content-type"].startswith("application/json;as=APIGroupDiscoveryList")
    body = response.json()
    assert body["kind"] == "APIGroupDiscoveryList" and body["apiVersion"] == "apidiscovery.k8s.io/v2"
    apps = next(g for g in body["items"] if g["metadata"]["name"] == "apps")
    deployments = next(r for r in apps["versions"][0]["resources"] if r["resource"] == "deployments")
    assert deployments["scope"] == "Namespaced" and deployments["shortNames"] == ["deploy"]
    scale = next(s for s in deployments["subresources"] if s["subresource"] == "scale")
    assert scale["responseKind"] == {"group": "autoscaling", "version": "v1", "kind": "Scale"}
    core = api.get("/api", headers={"Accept": AGGREGATED}).json()["items"][0]["versions"][0]
    assert {r["resource"] for r in core["resources"]} >= {"pods", "nodes", "events"}


def test_unknown_groups_and_paths_are_status_404(api: TestClient) -> None:
    for path in ("/apis/nope.io/v1", "/apis/nope.io", "/api/v1/widgets", "/nothing"):
        response = api.get(path)
        assert response.status_code == 404
        assert response.json()["kind"] == "Status" and response.json()["reason"] == "NotFound"


def test_openapi_v3_tells_kubectl_that_the_server_validates_fields(api: TestClient) -> None:
    root = api.get("/openapi/v3").json()["paths"]
    url = root["apis/apps/v1"]["serverRelativeURL"]
    doc = api.get(url).json()
    patch = doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"]
    assert patch["x-kubernetes-group-version-kind"] == {"group": "apps", "version": "v1", "kind": "Deployment"}
    assert "fieldValidation" in {p["name"] for p in patch["parameters"]}
    assert api.get("/openapi/v2").status_code == 404
