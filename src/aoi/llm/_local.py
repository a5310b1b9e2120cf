"""Which model endpoints keep text on this machine: `is_local_endpoint`, `remote_models`.

Local means the request never leaves this host: an in-process model (``hf:PATH``) or an
endpoint whose host is loopback (``localhost``, ``*.localhost``, 127.0.0.0/8, ``::1``). Private
addresses (10/8, 172.16/12, 192.168/16, fc00::/7) and ``0.0.0.0`` are *not* local: a vLLM box on
the LAN is another machine, and ``aoi run --local-only`` promises that nothing leaves this one.
A name other than ``localhost`` is not resolved (DNS could say anything); it counts as remote.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from ._factory import is_local_model

__all__ = ["is_local_endpoint", "remote_models"]


def is_local_endpoint(base_url: str | None) -> bool:
    """True when ``base_url``'s host is loopback (module docstring); False for anything else,
    including a missing or unparsable URL."""
    if not base_url:
        return False
    try:
        host = urlsplit(base_url if "//" in base_url else f"//{base_url}").hostname
    except ValueError:
        return False
    if not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def remote_models(models: Iterable[str | None], base_url: str | None) -> list[str]:
    """The models of ``models`` whose text would leave this machine: every served model (not
    ``hf:PATH``) when ``base_url`` is not a loopback endpoint. None entries are skipped."""
    if is_local_endpoint(base_url):
        return []
    return [m for m in models if m is not None and not is_local_model(m)]
