"""The MongoDB shell scripts AIOpsLab mounts into HotelReservation's mongodb-geo / mongodb-rate.

``mongo-<x>-script`` holds the init script run by the mongo image's entrypoint from
/docker-entrypoint-initdb.d (users admin/admin and root/root, userAdminAnyDatabase on admin,
readWrite on ``<x>-db``). ``failure-admin-<x>`` is mounted at /scripts and holds what the
revoke_auth and user_unregistered faults (and their recoveries) run with ``kubectl exec``.
The twin's mongo shell interprets the ``mongo ... --eval`` lines; the texts are written here.
"""

from __future__ import annotations

_LOGIN = "mongo admin -u {user} -p {pwd} --authenticationDatabase admin"


def _eval(login: str, js: str) -> str:
    return f'{login} \\\n     --eval "{js}"'


def _script(*body: str) -> str:
    return "#!/bin/bash\n\n" + "\n\n".join(body) + "\n"


def init_script(db: str) -> str:
    """Creates admin and root, then grants each readWrite on ``db`` (authenticating as itself)."""
    steps = [
        'echo "Waiting for MongoDB to start..."\n'
        "until mongo --eval \"print('waited for connection')\" > /dev/null 2>&1; do\n  sleep 1\ndone\n"
        'echo "MongoDB started"'
    ]
    for user in ("admin", "root"):
        steps.append(
            f'echo "Creating {user} user..."\n'
            f"mongo admin --eval \"db.createUser({{user: '{user}', pwd: '{user}', "
            "roles:[{role:'userAdminAnyDatabase',db:'admin'}]});\""
        )
        steps.append(
            f'echo "Granting readWrite role to {user} on {db} database..."\n'
            + _eval(_LOGIN.format(user=user, pwd=user),
                    f"db.grantRolesToUser('{user}', [{{role: 'readWrite', db: '{db}'}}]);")
        )
    steps.append('echo "Initialization script completed"')
    return _script(*steps)


def revoke_script(db: str) -> str:
    return _script(
        'echo "Downgrading admin user privileges..."',
        _eval(_LOGIN.format(user="admin", pwd="admin"),
              f"db.revokeRolesFromUser('admin', [{{role: 'readWrite', db: '{db}'}}]);"),
        'echo "Privileges downgraded"',
    )


def revoke_mitigate_script(db: str) -> str:
    return _script(
        f'echo "Restoring readWrite privilege to the admin user for the {db} database..."',
        _eval(_LOGIN.format(user="admin", pwd="admin"),
              f"db.grantRolesToUser('admin', [{{role: 'readWrite', db: '{db}'}}]);"),
        'echo "Privilege restored successfully"',
    )


def remove_admin_script() -> str:
    return _script(
        'echo "Removing admin user..."',
        _eval(_LOGIN.format(user="root", pwd="root"), "db.dropUser('admin');"),
        'echo "Admin user removed successfully"',
    )


def remove_mitigate_script(db: str) -> str:
    root = _LOGIN.format(user="root", pwd="root")
    return _script(
        'echo "Recreating admin user..."',
        _eval(root, "db.createUser({user: 'admin', pwd: 'admin', "
                    "roles:[{role:'userAdminAnyDatabase',db:'admin'}]});"),
        'echo "Admin user recreated"',
        f'echo "Granting readWrite role to admin on {db} database..."',
        _eval(root, f"db.grantRolesToUser('admin', [{{role: 'readWrite', db: '{db}'}}]);"),
        'echo "Privileges restored successfully"',
    )


def init_data(x: str) -> dict[str, str]:
    """Data of ConfigMap ``mongo-<x>-script``."""
    return {f"k8s-{x}-mongo.sh": init_script(f"{x}-db")}


def failure_data(x: str) -> dict[str, str]:
    """Data of ConfigMap ``failure-admin-<x>``."""
    db = f"{x}-db"
    return {
        f"revoke-admin-{x}-mongo.sh": revoke_script(db),
        f"revoke-mitigate-admin-{x}-mongo.sh": revoke_mitigate_script(db),
        "remove-admin-mongo.sh": remove_admin_script(),
        f"remove-mitigate-admin-{x}-mongo.sh": remove_mitigate_script(db),
    }
