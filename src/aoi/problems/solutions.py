"""Reference solutions: the AIOpsLab actions an expert would send to solve each problem.

They are plain kubectl/shell commands, valid on a real cluster as on the twin, and exist to
check the emulation and the oracles end to end (``aoi problems verify``): every reference
solution must pass, and for mitigation problems submitting without a fix, or after a plausible
wrong fix, must fail. They are never shown to an agent.
"""

from __future__ import annotations

import json

from .models import Problem, TaskType

__all__ = ["exec_shell", "reference_actions", "wrong_fix_actions"]


def exec_shell(command: str) -> str:
    """The AIOpsLab action running ``command``; double quotes are escaped as its parser expects."""
    return 'exec_shell("' + command.replace('"', '\\"') + '")'


def _submit(value: object = None) -> str:
    return "submit()" if value is None else f"submit({json.dumps(value)})"


def _look(problem: Problem) -> str:
    return exec_shell(f"kubectl get pods -n {problem.namespace}")


def _mongo_script(problem: Problem, script: str) -> str:
    return exec_shell(f"kubectl exec deploy/{problem.fault.target} -n {problem.namespace} -- bash {script}")


def _restart_app_pods(problem: Problem) -> str:
    app = problem.fault.params["app_pods"]
    return exec_shell(f"kubectl delete pods -l io.kompose.service={app} -n {problem.namespace}")


def _wait(seconds: int = 20) -> str:
    return exec_shell(f"sleep {seconds}")


def _fix(problem: Problem) -> list[str]:
    fault, ns = problem.fault, problem.namespace
    kind = fault.fault_type
    if kind == "misconfig_k8s":
        patch = json.dumps([{"op": "replace", "path": "/spec/ports/0/targetPort",
                             "value": fault.params["from_target_port"]}])
        return [exec_shell(f"kubectl patch service {fault.target} -n {ns} --type=json -p '{patch}'")]
    if kind == "scale_pods_to_zero":
        return [exec_shell(f"kubectl scale deployment {fault.target} -n {ns} "
                           f"--replicas={fault.params['recovery_replicas']}"), _wait()]
    if kind == "assign_to_non_existent_node":
        patch = json.dumps([{"op": "remove", "path": "/spec/template/spec/nodeSelector"}])
        return [exec_shell(f"kubectl patch deployment {fault.target} -n {ns} --type=json -p '{patch}'"), _wait()]
    if kind == "wrong_bin_usage":
        patch = json.dumps([{"op": "replace", "path": "/spec/template/spec/containers/0/command",
                             "value": fault.params["from_command"]}])
        return [exec_shell(f"kubectl patch deployment {fault.params['deployment']} -n {ns} --type=json "
                           f"-p '{patch}'"), _wait()]
    if kind == "misconfig_app":
        return [exec_shell(f"kubectl set image deployment/{fault.params['deployment']} "
                           f"{fault.params['container']}={fault.params['recovery_image']} -n {ns}"), _wait()]
    if kind == "revoke_auth":
        script = fault.params["script"].replace("revoke-admin", "revoke-mitigate-admin")
        return [_mongo_script(problem, script), _restart_app_pods(problem), _wait()]
    if kind == "storage_user_unregistered":
        script = f"/scripts/remove-mitigate-admin-{fault.params['app_pods']}-mongo.sh"
        return [_mongo_script(problem, script), _restart_app_pods(problem), _wait()]
    if kind == "redeploy_without_pv":
        volumes = ("geo", "profile", "rate", "recommendation", "reservation", "user")
        patch = json.dumps({"spec": {"claimRef": None}})
        release = " && ".join(f"kubectl patch pv {v}-pv -p '{patch}'" for v in volumes)
        return [exec_shell(release), _wait(), exec_shell(f"kubectl delete pods --all -n {ns}"), _wait(30)]
    if kind == "auth_miss_mongodb":
        conf = "net:\\n  tls:\\n    mode: disabled\\n"
        patch = '{"data":{"mongod.conf":"' + conf + '"}}'
        return [
            exec_shell(f"kubectl patch configmap {fault.target} -n {ns} --type merge -p '{patch}'"),
            exec_shell(f"kubectl rollout restart deployment {fault.params['restarted_deployment']} -n {ns}"),
            _wait(),
            exec_shell(f"kubectl delete pods -l service={fault.params['deleted_pods']} -n {ns}"),
            _wait(),
        ]
    if str(fault.injector) == "flagd":
        params = fault.params
        flags = f'.data["{params["key"]}"]'
        edit = f'.flags.{params["flag"]}.defaultVariant = "{params["recovery_variant"]}"'
        patch = f"{{data: {{\"{params['key']}\": ({flags} | fromjson | {edit} | tojson)}}}}"
        return [
            # The command must not end in a quote: AIOpsLab's parser strips trailing quotes.
            exec_shell(
                f"kubectl patch configmap {params['configmap']} -n {ns} -p "
                f"\"$(kubectl get configmap {params['configmap']} -n {ns} -o json | jq -c '{patch}')\" "
                "--type merge"
            ),
            exec_shell(f"kubectl rollout restart deployment {params['restart_deployment']} -n {ns}"),
            _wait(),
        ]
    raise LookupError(f"no reference fix for fault type {kind!r} ({problem.id})")


def reference_actions(problem: Problem) -> list[str]:
    """An investigation step, the fix (mitigation only), and the correct submission."""
    answer = problem.answer
    if problem.task is TaskType.DETECTION:
        return [_look(problem), _submit(answer.has_anomaly)]
    if problem.task is TaskType.LOCALIZATION:
        return [_look(problem), _submit([answer.services[0]])]
    if problem.task is TaskType.ANALYSIS:
        return [_look(problem), _submit({"system_level": answer.system_level, "fault_type": answer.fault_type})]
    return [_look(problem), *_fix(problem), _submit()]


def wrong_fix_actions(problem: Problem) -> list[str]:
    """A plausible but wrong remedy for a mitigation problem: restart the frontend and submit."""
    if problem.task is not TaskType.MITIGATION:
        raise ValueError(f"{problem.id} is a {problem.task.value} problem; only mitigation has fixes")
    frontend = {"test-social-network": "nginx-thrift", "test-hotel-reservation": "frontend",
                "astronomy-shop": "frontend-proxy"}[problem.namespace]
    return [
        _look(problem),
        exec_shell(f"kubectl rollout restart deployment {frontend} -n {problem.namespace}"),
        _wait(),
        _submit(),
    ]
