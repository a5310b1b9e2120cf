"""The built-in redaction patterns: what a secret, an e-mail or an address looks like in text.

Each `Pattern` is one compiled regular expression plus the kind its matches are masked as. When
the expression has a group named ``secret``, only that group is masked (``--password <...>``
keeps the flag, ``user:<...>@host`` keeps the user and host); otherwise the whole match is.
``needle`` is a cheap substring test that must hold for the pattern to be tried at all: most
texts (kubectl tables, logs) hold no ``-----BEGIN`` or ``eyJ``, so most patterns cost one
``in`` check on them. The order of `BUILTIN` matters: earlier patterns mask first, and later ones
never look inside a placeholder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ADDRESS_KINDS", "BUILTIN", "SECRET_KEY_NAME", "Pattern"]


@dataclass(frozen=True)
class Pattern:
    """A named regular expression whose matches (or ``secret`` group) are masked as ``kind``."""

    kind: str
    regex: re.Pattern[str]
    needle: str | tuple[str, ...] = ""  # the pattern is tried only when one of these occurs
    check: str = ""  # an extra test by name, for what a regex cannot say (see `_valid`)

    def wanted(self, text: str, lowered: str) -> bool:
        needles = (self.needle,) if isinstance(self.needle, str) else self.needle
        return any(n in (lowered if n.islower() else text) for n in needles)


# A value: a quoted string, or a run of characters that cannot end a token in YAML, env files,
# URLs' query strings, JSON or shell. '<' may not start one, so placeholders and kubectl's
# "<set to the key 'password' in secret 'x'>" / "<none>" are left alone.
_VALUE = r"""(?:"(?P<dq>[^"\n\\]{1,512})"|'(?P<sq>[^'\n]{1,512})'|(?P<bare>[^\s"'<,;&{}\[\])\\][^\s"',;&}\])\\]{0,511}))"""
# Key names whose value is a secret: *_PASSWORD, dbPassword, pwd, api_key, client_secret, ...
# The keyword must start a word, follow a separator, or start a camelCase part, so "bypass",
# "tokens_in" or "max_tokens" are not keys of secrets.
_SECRET_WORD = (
    r"(?i:pass(?:word|wd|phrase)?|pwd|secret(?:[_-]?key)?|token|api[_-]?key|access[_-]?key(?:[_-]?id)?"
    r"|private[_-]?key|client[_-]?secret|auth[_-]?token|credentials?)"
)
# The leading class (the keywords' first letters) lets the engine skip most positions at once:
# without it this pattern alone cost ~15 ms per 100 kB.
_SECRET_KEY = rf"(?=[PpSsTtAaCc])(?:(?<![A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z])){_SECRET_WORD}(?![A-Za-z0-9])"
SECRET_KEY_NAME = rf"[\w.-]*?{_SECRET_KEY}"

BUILTIN: tuple[Pattern, ...] = (
    # PEM blocks: certificates, private keys, in plain text or inside a JSON string (escaped
    # newlines). Without an END line within 16 kB (output cut short) the base64 body is masked.
    Pattern("pem", re.compile(
        r"-----BEGIN (?P<label>[A-Z0-9 ]{1,40})-----(?:.{0,16384}?-----END (?P=label)-----|[A-Za-z0-9+/=\s\\]*)",
        re.DOTALL), "-----BEGIN"),
    # A PEM block base64-encoded again: Secret data, kubeconfig *-data fields.
    Pattern("pem-base64", re.compile(r"LS0tLS1CRUdJT[A-Za-z0-9+/]*={0,2}"), "LS0tLS1CRUdJT"),
    # JSON Web Tokens: service-account tokens, OIDC id tokens.
    Pattern("jwt", re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"), "eyJ"),
    # Well-known API key shapes.
    Pattern("aws-access-key", re.compile(r"\b(?:AKIA|ASIA|AROA|AIDA)[0-9A-Z]{16}\b"), ("AKIA", "ASIA", "AROA", "AIDA")),
    Pattern("api-token", re.compile(
        r"\b(?:sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}"
        r"|xox[abposr]-[A-Za-z0-9-]{10,}|hf_[A-Za-z0-9]{30,}|glpat-[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{35})"),
        ("sk-", "gh", "xox", "hf_", "glpat-", "AIza")),
    # Authorization headers: "Authorization: Bearer x", "Basic x", curl -H, logs.
    # A token has a digit; "bearer authentication" in prose is not one.
    Pattern("token", re.compile(
        r"(?i:\bbearer\s+|\bauthorization:\s*basic\s+)(?P<secret>(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,})"),
        ("bearer", "basic")),
    # scheme://user:password@host (mongodb://, postgres://, redis://, amqp://, https://).
    Pattern("password", re.compile(r"\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@'\"<>]{0,128}:(?P<secret>[^\s@/'\"<>]{1,256})@"),
            "://"),
    # Database clients' password flags: mongo -p x, mysql -px, redis-cli -a x, --password x.
    # (psql's and redis-cli's -p is a port, so each client names its own flag.)
    Pattern("password", re.compile(
        r"\b(?:(?:mongo|mongosh|mysql|mysqladmin|mysqldump|mariadb)\b[^\n|;&]{0,200}?[ \t]-p"
        r"|redis-cli\b[^\n|;&]{0,200}?[ \t]-a)"
        r"(?:[ \t]+|=)?(?![-$])(?P<secret>[^\s'\";|&\\]+|'[^'\n]*'|\"[^\"\n]*\")"),
        ("mongo", "mysql", "mariadb", "redis-cli")),
    Pattern("password", re.compile(r"--password(?:=|[ \t]+)(?!-)(?P<secret>[^\s'\";|&\\]+|'[^'\n]*'|\"[^\"\n]*\")"),
            "--password"),
    # A Pod spec's env entry: "- name: DB_PASSWORD\n  value: x" (YAML) or "name": ..., "value": (JSON).
    Pattern("password", re.compile(
        rf"""["']?name["']?:[ \t]*["']?(?P<key>{SECRET_KEY_NAME})["']?,?\s{{0,40}}["']?value["']?:[ \t]*{_VALUE}"""),
        "name", check="key-value"),
    # key: value, KEY=value, "key": "value", key=value in libpq/ADO connection strings.
    # The expression starts at the keyword (trying a key's every prefix was most of the cost);
    # the full key, MONGO_PASSWORD or PWD, is read back from the text by the redactor.
    Pattern("password", re.compile(rf"""(?P<key>{_SECRET_KEY})["']?[ \t]*(?:=|:)[ \t]*{_VALUE}"""),
            ("pass", "pwd", "secret", "token", "key", "credential"), check="key-value"),
    # e-mail addresses.
    Pattern("email", re.compile(r"\b[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}\b"),
            "@"),
    # Addresses: IPv4 (optionally with a CIDR suffix, kept), then IPv6, checked by `ipaddress`.
    Pattern("ipv4", re.compile(
        r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\.\d|\d)"),
        "."),
    Pattern("ipv6", re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|:)?(?![\w:])"), ":",
            check="ipv6"),
)

# The kinds `Redactor(addresses=False)` leaves out.
ADDRESS_KINDS = frozenset({"ipv4", "ipv6"})
