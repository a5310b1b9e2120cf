"""The patch algorithms on plain documents: RFC 7386, RFC 6902 and strategic merge directives."""

from __future__ import annotations

import pytest

from aoi.twin.kubectl.patch_json import apply_json_patch
from aoi.twin.kubectl.patch_merge import PatchError, json_merge_patch, strategic_merge_patch


def test_merge_patch_rfc7386_examples():
    assert json_merge_patch({"a": "b"}, {"a": "c"}) == {"a": "c"}
    assert json_merge_patch({"a": "b"}, {"a": None}) == {}
    assert json_merge_patch({"a": [{"b": "c"}]}, {"a": [1]}) == {"a": [1]}
    assert json_merge_patch({"e": None}, {"a": 1}) == {"e": None, "a": 1}


def test_json_patch_operations():
    doc = {"a": {"b": [1, 2]}, "k/x": {"~t": 1}}
    out = apply_json_patch(doc, [
        {"op": "add", "path": "/a/b/1", "value": 9},
        {"op": "copy", "from": "/a/b/0", "path": "/c"},
        {"op": "move", "from": "/k~1x/~0t", "path": "/d"},
        {"op": "test", "path": "/c", "value": 1},
        {"op": "replace", "path": "/a/b/2", "value": 3},
    ])
    assert out == {"a": {"b": [1, 9, 3]}, "k/x": {}, "c": 1, "d": 1}
    assert doc == {"a": {"b": [1, 2]}, "k/x": {"~t": 1}}  # the input is left alone
    with pytest.raises(PatchError):
        apply_json_patch(doc, [{"op": "test", "path": "/a/b/0", "value": 5}])
    with pytest.raises(PatchError):
        apply_json_patch(doc, [{"op": "replace", "path": "/a/missing", "value": 5}])


def test_strategic_merge_directives():
    original = {"spec": {"containers": [
        {"name": "a", "image": "x", "ports": [{"containerPort": 80}, {"containerPort": 81}]},
        {"name": "b", "image": "y"}], "volumes": [{"name": "v"}]}}
    patch = {"spec": {"containers": [
        {"name": "a", "ports": [{"containerPort": 81, "$patch": "delete"}, {"containerPort": 82}]},
        {"name": "b", "$patch": "delete"}, {"name": "c", "image": "z"}], "volumes": None}}
    out = strategic_merge_patch(original, patch)
    assert out == {"spec": {"containers": [
        {"name": "a", "image": "x", "ports": [{"containerPort": 80}, {"containerPort": 82}]},
        {"name": "c", "image": "z"}]}}
    replaced = strategic_merge_patch({"m": {"a": 1, "b": 2}}, {"m": {"$patch": "replace", "c": 3}})
    assert replaced == {"m": {"c": 3}}
    listed = strategic_merge_patch({"f": ["a", "b"]}, {"$deleteFromPrimitiveList/f": ["a"]})
    assert listed == {"f": ["b"]}
