"""Redaction: secrets, e-mails and addresses masked before text leaves the machine or is exported.

    redactor = Redactor()                              # every built-in pattern
    redactor.redact("mongodb://admin:s3cret@geo:27017")  # 'mongodb://admin:<redacted:password>@geo:27017'
    Redactor(addresses=False, extra=load_patterns("patterns.yaml")).redact(text)

What is masked (the table is `aoi.safety._redact_patterns.BUILTIN`, in the order applied):
PEM blocks (certificates, private keys; also base64-encoded again), JWTs (service-account
tokens), AWS access key ids and well-known API token shapes, bearer/basic tokens, passwords in
URIs (``scheme://user:PASSWORD@``), database clients' password flags (``mongo -p``, ``mysql -p``,
``redis-cli -a``, ``--password``), Pod env entries and ``key: value`` / ``KEY=value`` /
``"key": "value"`` pairs whose key names a secret (``*_PASSWORD``, ``pwd``, ``api_key``,
``client_secret``, ``token``...), the values of a Secret's ``data``/``stringData`` in ``kubectl get
secret -o yaml|json`` output, e-mail addresses, and IPv4/IPv6 addresses (``addresses=False``
keeps them: pod IPs help a local model correlate endpoints and pods).

Each distinct value becomes a placeholder naming its kind, the same one wherever that value
recurs in the text: ``<redacted:password>``, then ``<redacted:password-2>`` for a second distinct
password, so a model can still tell that two places hold the same secret. Numbering restarts
with every `Redactor.redact` call, which keeps a `Redactor` stateless and thread-safe.

`RedactionPolicy` says when the LLM path redacts (endpoints that are remote, all, or none) and
with which options; `EXPORT_REDACTOR` is what exports of trajectories and training samples use.
Errors: `RedactionError` (a bad extra-pattern file or expression), a one-line `ValueError`.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from ._redact_patterns import ADDRESS_KINDS, BUILTIN, SECRET_KEY_NAME, Pattern

__all__ = ["EXPORT_REDACTOR", "Pattern", "RedactionError", "RedactionPolicy", "Redactor", "load_patterns"]


class RedactionError(ValueError):
    """An extra pattern that cannot be used: a bad file, a bad entry, or an invalid expression."""


# Values that a secret-named key may hold without holding a secret: booleans, YAML block
# indicators (the value is on the next lines), empties, and shell variable references.
_NOT_SECRETS = frozenset({"true", "false", "null", "none", "~", "|", "|-", "|+", ">", ">-", "*", "''", '""'})
# The shell's working directory variables end in PWD but are paths, not passwords.
_NOT_SECRET_KEYS = frozenset({"PWD", "OLDPWD"})
_SECRET_KEY = re.compile(SECRET_KEY_NAME)
_VALUE_GROUPS = ("secret", "dq", "sq", "bare")

# A Secret object in the text: only then are ``data:`` blocks' values masked (a ConfigMap's
# data is configuration an agent needs, and its values are not base64).
_SECRET_OBJECT = re.compile(r"""kind:[ \t]*["']?Secret\b|"kind":\s*"Secret\"""")
_YAML_DATA = re.compile(
    r"^(?P<indent>[ \t]*)(?:- )?(?:data|stringData):[ \t]*\n(?P<body>(?:(?P=indent)[ \t]+[^\n]*(?:\n|\Z))+)", re.M)
_YAML_ENTRY = re.compile(r"^(?P<lead>[ \t]+[\w.-]+:[ \t]*)(?P<value>[^\n]*)$|^(?P<more>[ \t]+)(?P<line>\S[^\n]*)$", re.M)
_JSON_DATA = re.compile(r'"(?:data|stringData)":\s*\{(?P<body>[^{}]*)\}')
_JSON_ENTRY = re.compile(r'("[^"\n]+":\s*)"(?P<value>[^"\n]*)"')


class _Masker:
    """Placeholders for one text: the same value of a kind always gets the same placeholder."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], str] = {}
        self._count: dict[str, int] = {}

    def placeholder(self, kind: str, value: str) -> str:
        key = (kind, value)
        if key not in self._seen:
            n = self._count[kind] = self._count.get(kind, 0) + 1
            self._seen[key] = f"<redacted:{kind}>" if n == 1 else f"<redacted:{kind}-{n}>"
        return self._seen[key]


def _pem_kind(label: str) -> str:
    if "CERTIFICATE" in label:
        return "certificate"
    return "private-key" if "KEY" in label else "pem"


def _full_key(match: re.Match[str]) -> str:
    """The whole key ending at the match's ``key`` group: ``MONGO_PASSWORD`` for ``PASSWORD``."""
    text, start = match.string, match.start("key")
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_.-"):
        start -= 1
    return text[start : match.end("key")]


def _key_kind(key: str) -> str:
    lowered = key.lower()
    if "pass" in lowered or "pwd" in lowered:
        return "password"
    return "token" if "token" in lowered else "secret"


def _keep(pattern: Pattern, match: re.Match[str], value: str) -> bool:
    """True when a match must be left as it is, by the pattern's extra check."""
    if pattern.check == "key-value":
        key = _full_key(match).lstrip("-")
        return key in _NOT_SECRET_KEYS or value.lower() in _NOT_SECRETS or value.startswith("$")
    if pattern.check == "ipv6":
        if "::" not in value and value.count(":") != 7:
            return True
        try:
            ipaddress.IPv6Address(value)
        except ValueError:
            return True
    return False


def _substitute(pattern: Pattern, text: str, masker: _Masker) -> str:
    groups = [g for g in _VALUE_GROUPS if g in pattern.regex.groupindex]

    def replace(match: re.Match[str]) -> str:
        group = next((g for g in groups if match.group(g) is not None), 0)
        value = match.group(group)
        if _keep(pattern, match, value):
            return match.group(0)
        kind = pattern.kind
        if pattern.kind == "pem":
            kind = _pem_kind(match.group("label"))
        elif pattern.check == "key-value":
            kind = _key_kind(_full_key(match))
        start, end = match.span(group)
        return text[match.start():start] + masker.placeholder(kind, value) + text[end:match.end()]

    return pattern.regex.sub(replace, text)


def _mask_secret_data(text: str, masker: _Masker) -> str:
    """Mask every value of a ``data:``/``stringData:`` block (YAML or JSON) in a text with a Secret."""

    def yaml_entry(entry: re.Match[str]) -> str:
        if entry.group("lead") is not None:
            value = entry.group("value").strip()
            if not value or value in _NOT_SECRETS:
                return entry.group(0)
            return entry.group("lead") + masker.placeholder("secret-data", value)
        return entry.group("more") + masker.placeholder("secret-data", entry.group("line"))

    def yaml_block(block: re.Match[str]) -> str:
        body = _YAML_ENTRY.sub(yaml_entry, block.group("body"))
        return block.group(0)[: block.start("body") - block.start()] + body

    def json_entry(entry: re.Match[str]) -> str:
        return f'{entry.group(1)}"{masker.placeholder("secret-data", entry.group("value"))}"'

    def json_block(block: re.Match[str]) -> str:
        body = _JSON_ENTRY.sub(json_entry, block.group("body"))
        return block.group(0)[: block.start("body") - block.start()] + body + "}"

    return _JSON_DATA.sub(json_block, _YAML_DATA.sub(yaml_block, text))


class Redactor:
    """Masks secrets (and, by choice, e-mails and addresses) in text; see the module docstring.

    ``patterns`` replaces the built-in table (default: all of `BUILTIN`); ``extra`` adds
    patterns after it (`Pattern`s, or ``(name, regex)`` pairs: the match, or its group named
    ``secret``, is masked as ``name``). ``addresses=False`` keeps IPv4/IPv6 addresses,
    ``emails=False`` e-mail addresses; ``secret_data=False`` leaves Secret ``data:`` blocks alone.
    """

    def __init__(
        self,
        patterns: Iterable[Pattern] | None = None,
        extra: Iterable[Pattern | tuple[str, str]] = (),
        *,
        addresses: bool = True,
        emails: bool = True,
        secret_data: bool = True,
    ) -> None:
        dropped = (set() if addresses else ADDRESS_KINDS) | (set() if emails else {"email"})
        chosen = [p for p in (BUILTIN if patterns is None else patterns) if p.kind not in dropped]
        self.patterns: tuple[Pattern, ...] = (*chosen, *(_as_pattern(p) for p in extra))
        self.secret_data = secret_data

    def redact(self, text: str) -> str:
        """``text`` with every match masked by a placeholder (the same value, the same placeholder)."""
        if not text:
            return text
        masker = _Masker()
        lowered = text.lower()
        if self.secret_data and _SECRET_OBJECT.search(text):
            text = _mask_secret_data(text, masker)
        for pattern in self.patterns:
            if pattern.needle and not pattern.wanted(text, lowered):
                continue
            text = _substitute(pattern, text, masker)
        return text

    __call__ = redact

    def redact_data(self, value: Any) -> Any:
        """JSON-like data with every string redacted, and the scalar value of every key that names
        a secret (``{"password": 1234}``) masked whole; keys and other types stay as they are."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, Mapping):
            return {k: self._item(k, v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.redact_data(v) for v in value]
        return value

    def _item(self, key: Any, value: Any) -> Any:
        secret = isinstance(key, str) and _SECRET_KEY.fullmatch(key) and key not in _NOT_SECRET_KEYS
        scalar = isinstance(value, str | int | float) and not isinstance(value, bool)
        if secret and scalar and str(value).lower() not in _NOT_SECRETS:
            return "<redacted:password>"
        return self.redact_data(value)


def _as_pattern(entry: Pattern | tuple[str, str]) -> Pattern:
    if isinstance(entry, Pattern):
        return entry
    name, regex = entry
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise RedactionError(f"pattern name {name!r}: expected lowercase letters, digits and '-', e.g. 'ticket-id'")
    try:
        return Pattern(name, re.compile(regex))
    except re.error as exc:
        raise RedactionError(f"pattern {name!r}: not a valid regular expression: {exc}") from exc


def load_patterns(path: Path | str) -> tuple[Pattern, ...]:
    """Extra patterns from a YAML or JSON file: a mapping ``name: regex``, or a list of
    ``{name, pattern}`` objects. A bad file or entry is a one-line `RedactionError`."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))  # YAML reads JSON too
    except OSError as exc:
        raise RedactionError(f"cannot read redaction patterns {path}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise RedactionError(f"{path}: not YAML or JSON: {str(exc).splitlines()[0]}") from exc
    if isinstance(data, Mapping):
        pairs = list(data.items())
    elif isinstance(data, list) and all(isinstance(e, Mapping) and {"name", "pattern"} <= set(e) for e in data):
        pairs = [(e["name"], e["pattern"]) for e in data]
    else:
        raise RedactionError(f"{path}: expected a mapping name -> regex, or a list of {{name, pattern}} objects")
    if not all(isinstance(n, str) and isinstance(r, str) for n, r in pairs):
        raise RedactionError(f"{path}: every pattern name and regex must be a string")
    try:
        return tuple(_as_pattern(pair) for pair in pairs)
    except RedactionError as exc:
        raise RedactionError(f"{path}: {exc}") from None


class RedactionPolicy(BaseModel):
    """When text sent to a model is redacted, and what is masked then."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    endpoints: Literal["remote", "all", "none"] = Field(
        default="remote",
        description="Which model clients redact: 'remote' (served at a non-loopback address), 'all' "
                    "(in-process and loopback models too), or 'none'.",
    )
    addresses: bool = Field(default=True, description="Mask IPv4/IPv6 addresses (pod IPs) too.")
    emails: bool = Field(default=True, description="Mask e-mail addresses too.")
    extra_patterns: Path | None = Field(
        default=None, description="A YAML/JSON file of extra patterns (`load_patterns`)."
    )

    def applies(self, *, local: bool) -> bool:
        """Whether a client whose endpoint is ``local`` (in-process or loopback) redacts."""
        return self.endpoints == "all" or (self.endpoints == "remote" and not local)

    def redactor(self) -> Redactor:
        extra = load_patterns(self.extra_patterns) if self.extra_patterns is not None else ()
        return Redactor(extra=extra, addresses=self.addresses, emails=self.emails)


# Exports (trajectories, training samples) keep addresses: pod IPs are no secret, and a model
# trained on them learns to correlate endpoints with pods. Everything else is masked.
EXPORT_REDACTOR = Redactor(addresses=False)
