"""The Containers and Volumes sections, shared by ``describe pod`` and every pod template.

A pod passes its container statuses (State, Last State, Ready, Restart Count appear only then)
and itself for resolving ``fieldRef`` environment values; a template passes neither, and its
container names get one extra space of indent, as in kubectl.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .describe_common import Writer
from .quantity import canonical
from .timefmt import rfc1123z

__all__ = ["describe_containers", "describe_volumes"]


def _ports(ports: Sequence[Mapping], key: str) -> str:
    # kubectl 1.32 prints number/protocol only (port names came in a later release)
    return ", ".join(f"{port.get(key, 0)}/{port.get('protocol', '')}" for port in ports)


def _state(w: Writer, title: str, state: Mapping) -> None:
    if "running" in state:
        w.write(2, f"{title}:\tRunning\n")
        w.write(3, f"Started:\t{rfc1123z(state['running']['startedAt'])}\n")
    elif "terminated" in state:
        term = state["terminated"]
        w.write(2, f"{title}:\tTerminated\n")
        if term.get("reason"):
            w.write(3, f"Reason:\t{term['reason']}\n")
        if term.get("message"):
            w.write(3, f"Message:\t{term['message']}\n")
        w.write(3, f"Exit Code:\t{term.get('exitCode', 0)}\n")
        if term.get("signal"):
            w.write(3, f"Signal:\t{term['signal']}\n")
        for label, key in (("Started", "startedAt"), ("Finished", "finishedAt")):
            w.write(3, f"{label}:\t{rfc1123z(term[key]) if term.get(key) else 'Mon, 01 Jan 0001 00:00:00 +0000'}\n")
    else:
        w.write(2, f"{title}:\tWaiting\n")
        reason = (state.get("waiting") or {}).get("reason")
        if reason:
            w.write(3, f"Reason:\t{reason}\n")


def _probe(probe: Mapping) -> str:
    attrs = (f"delay={probe.get('initialDelaySeconds', 0)}s timeout={probe.get('timeoutSeconds', 1)}s "
             f"period={probe.get('periodSeconds', 10)}s #success={probe.get('successThreshold', 1)} "
             f"#failure={probe.get('failureThreshold', 3)}")
    if "exec" in probe:
        return f"exec [{' '.join(probe['exec'].get('command') or ())}] {attrs}"
    if "httpGet" in probe:
        get = probe["httpGet"]
        scheme = str(get.get("scheme", "HTTP")).lower()
        return f"http-get {scheme}://{get.get('host', '')}:{get.get('port', '')}{get.get('path', '')} {attrs}"
    if "tcpSocket" in probe:
        sock = probe["tcpSocket"]
        return f"tcp-socket {sock.get('host', '')}:{sock.get('port', '')} {attrs}"
    if "grpc" in probe:
        return f"grpc <pod>:{probe['grpc'].get('port')} {probe['grpc'].get('service', '')} {attrs}"
    return f"unknown {attrs}"


_FIELD_VALUES = {
    "metadata.name": lambda p: p["metadata"]["name"],
    "metadata.namespace": lambda p: p["metadata"].get("namespace", ""),
    "metadata.uid": lambda p: p["metadata"].get("uid", ""),
    "spec.nodeName": lambda p: p["spec"].get("nodeName", ""),
    "spec.serviceAccountName": lambda p: p["spec"].get("serviceAccountName", ""),
    "status.podIP": lambda p: (p.get("status") or {}).get("podIP", ""),
    "status.hostIP": lambda p: (p.get("status") or {}).get("hostIP", ""),
}


def _env(w: Writer, container: Mapping, pod: Mapping | None) -> None:
    env_from = container.get("envFrom") or ()
    if env_from:
        w.write(2, "Environment Variables from:\n")
    for source in env_from:
        kind, ref = ("ConfigMap", source["configMapRef"]) if "configMapRef" in source else \
            ("Secret", source.get("secretRef") or {})
        optional = "true" if ref.get("optional") else "false"
        prefix = f" with prefix '{source['prefix']}'" if source.get("prefix") else ""
        w.write(3, f"{ref.get('name', '')}\t{kind}{prefix}\tOptional: {optional}\n")
    env = container.get("env") or ()
    if not env:
        w.write(2, "Environment:\t<none>\n")
        return
    w.write(2, "Environment:\n")
    for var in env:
        name, source = var["name"], var.get("valueFrom")
        if source is None:
            for i, line in enumerate(str(var.get("value", "")).split("\n")):
                w.write(3, f"{name}:\t{line}\n" if i == 0 else f"\t{line}\n")
        elif "fieldRef" in source:
            ref = source["fieldRef"]
            path = ref.get("fieldPath", "")
            value = _FIELD_VALUES[path](pod) if pod is not None and path in _FIELD_VALUES else ""
            w.write(3, f"{name}:\t{value} ({ref.get('apiVersion', 'v1')}:{path})\n")
        elif "resourceFieldRef" in source:
            ref = source["resourceFieldRef"]
            w.write(3, f"{name}:\t{'node allocatable' if pod is not None else ''} ({ref.get('resource', '')})\n")
        elif "secretKeyRef" in source:
            ref = source["secretKeyRef"]
            optional = "true" if ref.get("optional") else "false"
            w.write(3, f"{name}:\t<set to the key '{ref.get('key')}' in secret '{ref.get('name')}'>\t"
                       f"Optional: {optional}\n")
        elif "configMapKeyRef" in source:
            ref = source["configMapKeyRef"]
            optional = "true" if ref.get("optional") else "false"
            w.write(3, f"{name}:\t<set to the key '{ref.get('key')}' of config map '{ref.get('name')}'>\t"
                       f"Optional: {optional}\n")


def _mounts(w: Writer, container: Mapping) -> None:
    mounts = container.get("volumeMounts") or ()
    w.write(2, "Mounts:\t<none>\n" if not mounts else "Mounts:\n")
    for mount in sorted(mounts, key=lambda m: m.get("mountPath", "")):
        flags = ["ro" if mount.get("readOnly") else "rw"]
        if mount.get("subPath"):
            flags.append(f'path="{mount["subPath"]}"')
        w.write(3, f"{mount.get('mountPath')} from {mount.get('name')} ({','.join(flags)})\n")


def describe_containers(w: Writer, label: str, containers: Sequence[Mapping], statuses: Sequence[Mapping] | None,
                        pod: Mapping | None, space: str = "") -> None:
    by_name = {s["name"]: s for s in statuses or ()}
    w.write(0, f"{space}{label}:{'' if containers else ' <none>'}\n")
    for container in containers:
        status = by_name.get(container["name"]) if statuses is not None else None
        w.write(1, f"{' ' if space else ''}{container['name']}:\n")
        if status is not None:
            w.write(2, f"Container ID:\t{status.get('containerID', '')}\n")
        w.write(2, f"Image:\t{container.get('image', '')}\n")
        if status is not None:
            w.write(2, f"Image ID:\t{status.get('imageID', '')}\n")
        ports = container.get("ports") or ()
        port_text, host_text = _ports(ports, "containerPort"), _ports(ports, "hostPort")
        w.write(2, f"{'Ports' if ',' in port_text else 'Port'}:\t{port_text or '<none>'}\n")
        w.write(2, f"{'Host Ports' if ',' in host_text else 'Host Port'}:\t{host_text or '<none>'}\n")
        for title, key in (("Command", "command"), ("Args", "args")):
            if container.get(key):
                w.write(2, f"{title}:\n")
                for item in container[key]:
                    for line in str(item).split("\n"):
                        w.write(3, line + "\n")
        if status is not None:
            _state(w, "State", status.get("state") or {})
            if (status.get("lastState") or {}).get("terminated"):
                _state(w, "Last State", status["lastState"])
            w.write(2, f"Ready:\t{'True' if status.get('ready') else 'False'}\n")
            w.write(2, f"Restart Count:\t{status.get('restartCount', 0)}\n")
        resources = container.get("resources") or {}
        for title, key in (("Limits", "limits"), ("Requests", "requests")):
            if resources.get(key):
                w.write(2, f"{title}:\n")
                for name in sorted(resources[key]):
                    w.write(3, f"{name}:\t{canonical(resources[key][name])}\n")
        for title, key in (("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"),
                           ("Startup", "startupProbe")):
            if container.get(key):
                w.write(2, f"{title}:\t{_probe(container[key])}\n")
        _env(w, container, pod)
        _mounts(w, container)


_VOLUME_TYPES = {
    "hostPath": ("HostPath (bare host directory volume)", (("Path", "path", ""), ("HostPathType", "type", ""))),
    "emptyDir": ("EmptyDir (a temporary directory that shares a pod's lifetime)",
                 (("Medium", "medium", ""), ("SizeLimit", "sizeLimit", "<unset>"))),
    "secret": ("Secret (a volume populated by a Secret)", (("SecretName", "secretName", ""),
                                                           ("Optional", "optional", False))),
    "configMap": ("ConfigMap (a volume populated by a ConfigMap)", (("Name", "name", ""),
                                                                     ("Optional", "optional", False))),
    "persistentVolumeClaim": ("PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same "
                              "namespace)", (("ClaimName", "claimName", ""), ("ReadOnly", "readOnly", False))),
}


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _pointer(value: object) -> str:
    return "<nil>" if value is None else _scalar(value)


def _projected(w: Writer, source: Mapping) -> None:
    w.write(0, "    Type:\tProjected (a volume that contains injected data from multiple sources)\n")
    for item in source.get("sources") or ():
        if "serviceAccountToken" in item:
            w.write(0, f"    TokenExpirationSeconds:\t{item['serviceAccountToken'].get('expirationSeconds', 3607)}\n")
        elif "configMap" in item:
            # kubectl 1.32 prints the *bool itself: <nil> when unset (an address otherwise)
            w.write(0, f"    ConfigMapName:\t{item['configMap'].get('name', '')}\n")
            w.write(0, f"    ConfigMapOptional:\t{_pointer(item['configMap'].get('optional'))}\n")
        elif "secret" in item:
            w.write(0, f"    SecretName:\t{item['secret'].get('name', '')}\n")
            w.write(0, f"    SecretOptionalName:\t{_pointer(item['secret'].get('optional'))}\n")
        elif "downwardAPI" in item:
            w.write(0, "    DownwardAPI:\ttrue\n")


def describe_volumes(w: Writer, volumes: Sequence[Mapping] | None, space: str = "") -> None:
    if not volumes:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    for volume in volumes:
        w.write(1, f"{' ' if space else ''}{volume['name']}:\n")
        if "projected" in volume:
            _projected(w, volume["projected"])
            continue
        for key, (title, fields) in _VOLUME_TYPES.items():
            if key in volume:
                source = volume[key] or {}
                w.write(0, f"    Type:\t{title}\n")
                for label, field, default in fields:
                    w.write(0, f"    {label}:\t{_scalar(source.get(field, default))}\n")
                break
        else:
            w.write(0, "    <unknown>\n")


def started(pod: Mapping) -> str | None:
    stamp = (pod.get("status") or {}).get("startTime")
    return rfc1123z(stamp) if stamp else None
