"""The mongo 4.4 shell over a `MongoState`: banners, helpers, auth, stdin sessions and errors."""

from __future__ import annotations

import shlex

import pytest

from aoi.twin.cluster import Cluster
from aoi.twin.mongo.shell import make_mongo_program
from aoi.twin.mongo.state import mongo_state

NS = "test-hotel-reservation"
LOGIN = "mongo admin -u {u} -p {p} --authenticationDatabase admin"


@pytest.fixture
def cluster() -> Cluster:
    c = Cluster(seed=4)
    c.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NS}})
    return c


@pytest.fixture
def mongo(cluster):
    program = make_mongo_program(cluster, NS, "mongodb-geo")

    def run(command: str, stdin: str = ""):
        return program(shlex.split(command), stdin)

    return run


def _eval(login: str, js: str) -> str:
    return f'{login} --eval "{js}"'


def test_banner_and_silent_grant(mongo):
    result = mongo(_eval(LOGIN.format(u="admin", p="admin"),
                         "db.grantRolesToUser('admin', [{role: 'readWrite', db: 'geo-db'}]);"))
    lines = result.stdout.splitlines()
    assert lines[0] == "MongoDB shell version v4.4.6"
    assert lines[1] == ("connecting to: mongodb://127.0.0.1:27017/admin?authSource=admin&compressors=disabled"
                        "&gssapiServiceName=mongodb")
    assert lines[2].startswith('Implicit session: session { "id" : UUID("') and lines[3] == "MongoDB server version: 4.4.6"
    assert len(lines) == 4 and result.exit_code == 0


def test_revoke_then_grant_read_write(cluster, mongo):
    state = mongo_state(cluster, NS, "mongodb-geo")
    mongo(_eval(LOGIN.format(u="admin", p="admin"), "db.revokeRolesFromUser('admin', [{role: 'readWrite', db: 'geo-db'}])"))
    assert not state.has_read_write("admin", "geo-db")
    mongo(_eval(LOGIN.format(u="root", p="root"), "db.grantRolesToUser('admin', [{role: 'readWrite', db: 'geo-db'}])"))
    assert state.has_read_write("admin", "geo-db")


def test_drop_user_then_create_it_again(cluster, mongo):
    root = LOGIN.format(u="root", p="root")
    assert mongo(_eval(root, "db.dropUser('admin')") + " --quiet").stdout == "true\n"
    assert mongo(_eval(root, "db.dropUser('admin')") + " --quiet").stdout == "false\n"
    failed = mongo(_eval(LOGIN.format(u="admin", p="admin"), "db.getUsers()"))
    assert failed.exit_code == 1
    assert failed.stdout.endswith("Error: Authentication failed. :\nconnect@src/mongo/shell/mongo.js:374:17\n"
                                  "@(connect):2:6\nexception: connect failed\nexiting with code 1\n")
    created = mongo(_eval(root, "db.createUser({user: 'admin', pwd: 'admin', roles:[{role:'userAdminAnyDatabase',"
                                "db:'admin'}]})") + " --quiet")
    assert created.stdout == ('Successfully added user: {\n\t"user" : "admin",\n\t"roles" : [\n\t\t{\n'
                              '\t\t\t"role" : "userAdminAnyDatabase",\n\t\t\t"db" : "admin"\n\t\t}\n\t]\n}\n')
    assert mongo_state(cluster, NS, "mongodb-geo").authenticate("admin", "admin")
    again = mongo(_eval(root, "db.createUser({user: 'admin', pwd: 'x', roles: []})") + " --quiet")
    assert again.exit_code == 252
    assert again.stdout.startswith('uncaught exception: Error: couldn\'t add user: User "admin@admin" already exists :\n')
    assert again.stdout.endswith("@(shell eval):1:1\nexiting with code -4\n")


def test_get_user_prints_the_document(mongo):
    shown = mongo(_eval(LOGIN.format(u="root", p="root"), "db.getUser('root')") + " --quiet").stdout
    assert shown.startswith('{\n\t"_id" : "admin.root",\n\t"userId" : UUID("')
    assert '\t"mechanisms" : [\n\t\t"SCRAM-SHA-1",\n\t\t"SCRAM-SHA-256"\n\t]\n}\n' in shown


def test_unauthenticated_commands_need_authentication(mongo):
    result = mongo('mongo --quiet --eval "db.getSiblingDB(\'admin\').getUsers()"')
    assert result.stdout == ("uncaught exception: Error: command usersInfo requires authentication :\n"
                             "_getErrorWithCode@src/mongo/shell/utils.js:25:13\n"
                             "DB.prototype.getUsers@src/mongo/shell/db.js:1659:15\n"
                             "@(shell eval):1:1\nexiting with code -4\n")
    raw = mongo("mongo --quiet --eval 'db.runCommand({usersInfo: 1})'").stdout
    assert raw == ('{\n\t"ok" : 0,\n\t"errmsg" : "command usersInfo requires authentication",\n'
                   '\t"code" : 13,\n\t"codeName" : "Unauthorized"\n}\n')


def test_user_without_user_admin_role_is_not_authorized(cluster, mongo):
    mongo_state(cluster, NS, "mongodb-geo").create_user("app", "app", [("readWrite", "geo-db")])
    result = mongo(_eval(LOGIN.format(u="app", p="app"), "db.dropUser('root')") + " --quiet")
    assert "not authorized on admin to execute command { dropUser: \"root\"" in result.stdout
    assert mongo_state(cluster, NS, "mongodb-geo").find_user("root") is not None


def test_stdin_session(mongo):
    script = "show dbs\nuse geo-db\nshow collections\ndb.geo.find()\ndb.geo.count()\nfoo()\nprint('x', 1)\n"
    out = mongo("mongo -u root -p root --authenticationDatabase admin --quiet", script).stdout
    assert out == ("admin   0.000GB\nconfig  0.000GB\ngeo-db  0.000GB\nlocal   0.000GB\n"
                   "switched to db geo-db\ngeo\n0\n"
                   "uncaught exception: ReferenceError: foo is not defined :\n@(shell):1:1\n"
                   "x 1\nbye\n")


def test_auth_helper_and_connection_errors(mongo):
    session = mongo("mongo admin --quiet", "db.auth('admin', 'nope')\ndb.auth('admin', 'admin')\n").stdout
    assert session == "Error: Authentication failed.\n0\n1\nbye\n"
    unknown = mongo("mongo --host mongodb-nope --eval 'db.version()'")
    assert "couldn't connect to server mongodb-nope:27017" in unknown.stdout and unknown.exit_code == 1
    syntax = mongo("mongo --quiet --eval 'db.getUsers('")
    assert syntax.stdout.startswith("uncaught exception: SyntaxError: ") and syntax.exit_code == 252


def test_tls_required_refuses_plain_connections(cluster, mongo):
    mongo_state(cluster, NS, "mongodb-geo").tls_mode = "requireTLS"
    result = mongo("mongo --eval 'db.version()'")
    assert "network error while attempting to run command 'isMaster'" in result.stdout and result.exit_code == 1
