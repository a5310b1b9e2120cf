"""Redaction on the way to a model: the one place that decides whether a chat client redacts.

`redacting` wraps a client in `aoi.llm.FilteredClient` with `aoi.safety.redact`'s redactor when
the `RedactionPolicy` applies to its endpoint. The default policy redacts for every model whose
text leaves this machine (served at a non-loopback address, `aoi.llm.is_local_endpoint`) and
keeps in-process (``hf:PATH``) and loopback models unredacted, where pod IPs and the rest of
the evidence are more use than risk. Both clients builders (the LLM Observer's factory and the
baseline) call it, so no model client is made without passing here.
"""

from __future__ import annotations

from functools import lru_cache

from aoi.llm import ChatClient, FilteredClient, is_local_endpoint, is_local_model
from aoi.safety.redact import RedactionPolicy, Redactor

__all__ = ["redacting"]


@lru_cache(maxsize=8)
def _redactor(policy: RedactionPolicy) -> Redactor:
    # One per policy: loading an extra-patterns file once, not once per client.
    return policy.redactor()


def redacting(
    client: ChatClient, *, model: str, base_url: str | None, policy: RedactionPolicy | None = None
) -> ChatClient:
    """``client`` itself, or ``client`` behind a redactor when ``policy`` (default
    `RedactionPolicy()`) applies to ``model`` at ``base_url``."""
    policy = policy or RedactionPolicy()
    local = is_local_model(model) or is_local_endpoint(base_url)
    if not policy.applies(local=local):
        return client
    return FilteredClient(client, _redactor(policy).redact)
