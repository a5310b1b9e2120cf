"""Reads: single objects, lists, selectors, paging, Tables from the emulator's printers, errors."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from aoi.twin.kubectl.printers.tables import spec_for
from aoi.twin.server import ServedTwin

from .conftest import NS

TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"


def _pods(twin: ServedTwin) -> list[dict]:
    return twin.cluster.list("Pod", NS)


def test_one_object_is_the_stored_object(api: TestClient, hotel_twin: ServedTwin) -> None:
    pod = _pods(hotel_twin)[0]
    body = api.get(f"/api/v1/namespaces/{NS}/pods/{pod['metadata']['name']}").json()
    assert body == pod
    assert body["metadata"]["resourceVersion"] == pod["metadata"]["resourceVersion"]
    deploy = api.get(f"/apis/apps/v1/namespaces/{NS}/deployments/geo").json()
    assert deploy["kind"] == "Deployment" and deploy["spec"]["selector"]


def test_lists_are_kind_lists_with_a_resource_version(api: TestClient, hotel_twin: ServedTwin) -> None:
    body = api.get(f"/api/v1/namespaces/{NS}/pods").json()
    assert body["kind"] == "PodList" and body["apiVersion"] == "v1"
    assert [i["metadata"]["name"] for i in body["items"]] == [p["metadata"]["name"] for p in _pods(hotel_twin)]
    assert "kind" not in body["items"][0]  # items carry no kind/apiVersion, as on the real server
    newest = max(int(i["metadata"]["resourceVersion"]) for i in body["items"])
    assert int(body["metadata"]["resourceVersion"]) >= newest
    everywhere = api.get("/api/v1/pods").json()["items"]
    assert {i["metadata"]["namespace"] for i in everywhere} >= {NS, "kube-system"}
    nodes = api.get("/api/v1/nodes").json()
    assert nodes["kind"] == "NodeList" and len(nodes["items"]) == 2


def test_label_and_field_selectors(api: TestClient, hotel_twin: ServedTwin) -> None:
    base = f"/api/v1/namespaces/{NS}/pods"
    geo = api.get(base, params={"labelSelector": "io.kompose.service=geo"}).json()["items"]
    assert [p["metadata"]["labels"]["io.kompose.service"] for p in geo] == ["geo"]
    rest = api.get(base, params={"labelSelector": "io.kompose.service notin (geo)"}).json()["items"]
    assert len(rest) == len(_pods(hotel_twin)) - 1
    name = geo[0]["metadata"]["name"]
    assert [p["metadata"]["name"] for p in api.get(base, params={"fieldSelector": f"metadata.name={name}"})
            .json()["items"]] == [name]
    running = api.get(base, params={"fieldSelector": "status.phase=Running"}).json()["items"]
    assert running and all(p["status"]["phase"] == "Running" for p in running)
    on_worker = api.get("/api/v1/pods", params={"fieldSelector": "spec.nodeName=kind-worker"}).json()["items"]
    assert on_worker and all(p["spec"]["nodeName"] == "kind-worker" for p in on_worker)
    events = api.get(f"/api/v1/namespaces/{NS}/events", params={
        "fieldSelector": f"involvedObject.name={name},involvedObject.namespace={NS},"
                         f"involvedObject.uid={geo[0]['metadata']['uid']}"}).json()["items"]
    assert events and {e["involvedObject"]["name"] for e in events} == {name}
    bad = api.get(base, params={"fieldSelector": "spec.image=x"})
    assert bad.status_code == 400 and bad.json()["message"] == "field label not supported: spec.image"


def test_limit_and_continue_page_through_a_list(api: TestClient, hotel_twin: ServedTwin) -> None:
    base = f"/api/v1/namespaces/{NS}/pods"
    first = api.get(base, params={"limit": 5}).json()
    assert len(first["items"]) == 5 and first["metadata"]["remainingItemCount"] == len(_pods(hotel_twin)) - 5
    second = api.get(base, params={"limit": 500, "continue": first["metadata"]["continue"]}).json()
    names = [i["metadata"]["name"] for i in first["items"] + second["items"]]
    assert names == [p["metadata"]["name"] for p in _pods(hotel_twin)] and "continue" not in second["metadata"]


def test_tables_come_from_the_emulator_printers(api: TestClient, hotel_twin: ServedTwin) -> None:
    body = api.get(f"/api/v1/namespaces/{NS}/pods", headers={"Accept": TABLE}).json()
    assert body["kind"] == "Table" and body["apiVersion"] == "meta.k8s.io/v1"
    columns = [(c["name"], c["priority"]) for c in body["columnDefinitions"]]
    spec = spec_for("Pod")
    assert columns == [(h, 0) for h in spec.headers] + [(h, 1) for h in spec.wide_headers]
    now = hotel_twin.cluster.clock.now
    pods = _pods(hotel_twin)
    assert [r["cells"] for r in body["rows"]] == [spec.cells(p, now) + spec.wide_cells(p, now) for p in pods]
    assert body["rows"][0]["object"] == {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                                         "metadata": pods[0]["metadata"]}
    full = api.get(f"/api/v1/namespaces/{NS}/pods", params={"includeObject": "Object"},
                   headers={"Accept": TABLE}).json()
    assert full["rows"][0]["object"] == pods[0]
    bare = api.get(f"/api/v1/namespaces/{NS}/pods", params={"includeObject": "None"},
                   headers={"Accept": TABLE}).json()
    assert bare["rows"][0]["object"] is None
    one = api.get(f"/apis/apps/v1/namespaces/{NS}/deployments/geo", headers={"Accept": TABLE}).json()
    assert [c["name"] for c in one["columnDefinitions"] if c["priority"] == 0] == list(spec_for("Deployment").headers)
    assert one["rows"][0]["cells"][0] == "geo"


def test_event_tables_are_the_wide_event_table_with_narrow_columns_first(api: TestClient) -> None:
    body = api.get(f"/api/v1/namespaces/{NS}/events", headers={"Accept": TABLE}).json()
    shown = [c["name"] for c in body["columnDefinitions"] if c["priority"] == 0]
    assert shown == list(spec_for("Event").headers)
    assert [c["name"] for c in body["columnDefinitions"]] == list(spec_for("Event", wide=True).headers)


def test_partial_object_metadata_lists(api: TestClient) -> None:
    accept = "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json"
    body = api.get(f"/apis/apps/v1/namespaces/{NS}/deployments", headers={"Accept": accept}).json()
    assert body["kind"] == "PartialObjectMetadataList"
    assert {"name", "uid"} <= set(body["items"][0]["metadata"]) and "spec" not in body["items"][0]


@pytest.mark.parametrize(("path", "message"), [
    (f"/api/v1/namespaces/{NS}/pods/nope", 'pods "nope" not found'),
    (f"/apis/apps/v1/namespaces/{NS}/deployments/nope", 'deployments.apps "nope" not found'),
    ("/api/v1/nodes/nope", 'nodes "nope" not found'),
])
def test_missing_objects_are_the_servers_not_found(api: TestClient, path: str, message: str) -> None:
    response = api.get(path)
    assert response.status_code == 404
    body = response.json()
    assert (body["kind"], body["status"], body["reason"], body["message"]) == ("Status", "Failure", "NotFound", message)
    assert body["details"]["name"] == "nope"


def test_a_rollout_watch_lets_virtual_time_pass_until_the_rollout_is_done(api: TestClient) -> None:
    path = f"/apis/apps/v1/namespaces/{NS}/deployments"
    image = {"spec": {"template": {"spec": {"containers": [{"name": "hotel-reserv-frontend", "image": "x:2"}]}}}}
    api.patch(f"{path}/frontend", json=image, headers={"Content-Type": "application/strategic-merge-patch+json"})
    listed = api.get(path, params={"fieldSelector": "metadata.name=frontend"}).json()
    response = api.get(path, params={"watch": "true", "fieldSelector": "metadata.name=frontend", "timeoutSeconds": "0",
                                     "resourceVersion": listed["metadata"]["resourceVersion"]})
    events = [json.loads(line) for line in response.text.splitlines()]
    assert events and all(e["type"] == "MODIFIED" for e in events)
    final = events[-1]["object"]["status"]
    assert final["updatedReplicas"] == final["availableReplicas"] == final["replicas"] == 1


def test_other_watches_stay_quiet(api: TestClient) -> None:
    response = api.get(f"/api/v1/namespaces/{NS}/pods", params={"watch": "true", "timeoutSeconds": "0"})
    assert response.status_code == 200 and response.text == ""
