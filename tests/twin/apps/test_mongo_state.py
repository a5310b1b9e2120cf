"""MongoDB state: seeded users, authentication, role checks, user and role commands."""

from __future__ import annotations

import pytest

from aoi.twin.cluster import Cluster
from aoi.twin.mongo import MongoCommandError, mongo_state


@pytest.fixture
def cluster() -> Cluster:
    return Cluster(seed=3)


def test_geo_and_rate_start_with_the_init_script_users(cluster):
    for service, db in (("mongodb-geo", "geo-db"), ("mongodb-rate", "rate-db")):
        state = mongo_state(cluster, "test-hotel-reservation", service)
        assert state.auth_enabled
        assert state.authenticate("admin", "admin") and state.authenticate("root", "root")
        assert not state.authenticate("admin", "wrong")
        assert state.has_read_write("admin", db) and not state.has_read_write("admin", "other-db")
        assert [u["user"] for u in state.users_info()] == ["admin", "root"]


def test_other_mongodbs_start_empty_without_auth(cluster):
    state = mongo_state(cluster, "test-social-network", "url-shorten-mongodb")
    assert state.users == {} and not state.auth_enabled and state.tls_mode == "disabled"
    assert state.can_read_write(None, "url-shorten")


def test_state_is_shared_per_namespace_and_service(cluster):
    first = mongo_state(cluster, "test-hotel-reservation", "mongodb-geo")
    first.drop_user("admin")
    assert mongo_state(cluster, "test-hotel-reservation", "mongodb-geo").find_user("admin") is None
    assert cluster.app_state["mongo/test-hotel-reservation/mongodb-geo"] is first
    assert mongo_state(cluster, "other", "mongodb-geo").find_user("admin") is not None


def test_revoke_and_grant_read_write(cluster):
    state = mongo_state(cluster, "test-hotel-reservation", "mongodb-geo")
    state.revoke_roles("admin", [("readWrite", "geo-db")])
    assert not state.has_read_write("admin", "geo-db")
    assert not state.can_read_write("admin", "geo-db")
    assert state.authenticate("admin", "admin")
    state.grant_roles("admin", [("readWrite", "geo-db")])
    assert state.has_read_write("admin", "geo-db")


@pytest.mark.parametrize("role", [("readWriteAnyDatabase", "admin"), ("root", "admin"), ("dbOwner", "geo-db")])
def test_broader_roles_grant_read_write(cluster, role):
    state = mongo_state(cluster, "ns", "mongodb-x")
    state.create_user("u", "p", [role])
    assert state.has_read_write("u", "geo-db")


def test_user_admin_any_database_does_not_grant_read_write(cluster):
    state = mongo_state(cluster, "ns", "mongodb-x")
    state.create_user("u", "p", [("userAdminAnyDatabase", "admin")])
    assert not state.has_read_write("u", "geo-db")


def test_drop_and_recreate_user(cluster):
    state = mongo_state(cluster, "test-hotel-reservation", "mongodb-rate")
    old_id = state.find_user("admin").user_id
    assert state.drop_user("admin") is True
    assert state.drop_user("admin") is False
    assert not state.authenticate("admin", "admin")
    state.create_user("admin", "admin", [("userAdminAnyDatabase", "admin")])
    assert state.authenticate("admin", "admin") and not state.has_read_write("admin", "rate-db")
    assert state.find_user("admin").user_id != old_id


def test_command_errors_carry_mongo_messages(cluster):
    state = mongo_state(cluster, "test-hotel-reservation", "mongodb-geo")
    with pytest.raises(MongoCommandError, match='User "admin@admin" already exists'):
        state.create_user("admin", "x", [])
    with pytest.raises(MongoCommandError, match='Could not find user "ghost@admin"'):
        state.grant_roles("ghost", [("readWrite", "geo-db")])


def test_users_info_has_get_users_shape(cluster):
    info = mongo_state(cluster, "test-hotel-reservation", "mongodb-geo").users_info()[0]
    assert info["_id"] == "admin.admin" and info["db"] == "admin"
    assert info["roles"] == [{"role": "userAdminAnyDatabase", "db": "admin"}, {"role": "readWrite", "db": "geo-db"}]
    assert info["userId"].startswith('UUID("') and info["mechanisms"] == ["SCRAM-SHA-1", "SCRAM-SHA-256"]
