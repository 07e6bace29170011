"""Config + environment (+ a --portal-url flag) → the portal's address, checked, and the token
that may be sent to it.

The address: the flag, else `$CKAN_URL`, else `portal.url`; it must be `http(s)://host[:port]`
with no path, query, fragment or user name (a config error, exit 2, at once, naming where the
address came from). The token is bound to its host:

- the environment variable (`portal.token_env`) goes to the address in use, which the same
  environment (or the flag) chose;
- the token file (`portal.token_file`) goes only to the address it was issued for: the URL in
  the file beside it (`<token_file>.url`, which `make ckan-local` writes), else `portal.url`.
  Any other address is refused, so a local CKAN's token never travels to another portal.

Tokens are never printed: messages name the variable or the file, never the value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

from publisher.config import Portal
from publisher.errors import ConfigError, PortalError

URL_ENV = "CKAN_URL"


def env_url(environ: Mapping[str, str] | None = None) -> str | None:
    """The portal address the environment names (`$CKAN_URL`), if any."""
    return (os.environ if environ is None else environ).get(URL_ENV) or None


@dataclass(frozen=True)
class Access:
    """Where to go and with what. `token` is None for anonymous use; `refused` says why a
    token that exists was not used for this address (bound to another host)."""

    url: str
    token: str | None
    source: str
    refused: tuple[str, str] | None = None  # (the host the file's token is for, this one)


def check_url(url: str, source: str) -> str:
    """`http(s)://host[:port]`, normalised (lowercase scheme and host, no trailing slash)."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        _bad(source, text, "tidak diawali http:// atau https://", "has no http:// or https://")
    if parts.username or parts.password:
        raise ConfigError(
            source,
            "",
            "alamat portal memuat nama pengguna atau sandi",
            hint="token API diberikan lewat variabel lingkungan atau berkas, bukan di URL",
            en="the portal address holds a user name or password",
            hint_en="the API token goes in its environment variable or file, not in the URL",
        )
    if parts.path.strip("/") or parts.query or parts.fragment:
        _bad(
            source,
            text,
            "memuat path; yang dipakai hanya alamat dasar portal",
            "has a path; only the portal's base address is used (the API is under /api/3)",
        )
    try:
        port = parts.port
    except ValueError:
        _bad(source, text, "memuat port yang tidak sah", "has an invalid port")
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port else "")


def _bad(source: str, text: str, problem_id: str, problem_en: str) -> NoReturn:
    raise ConfigError(
        source,
        "",
        f"alamat portal {text!r} {problem_id}",
        hint="tulis alamat dasar portal, mis. https://opendata.kpu.go.id",
        en=f"the portal address {text!r} {problem_en}",
        hint_en="write the portal's base address, e.g. https://opendata.kpu.go.id",
    )


def resolve(
    portal: Portal,
    *,
    url: str | None = None,
    environ: Mapping[str, str] | None = None,
    config_file: str = "config/publisher.yaml",
) -> Access:
    """The address in use (flag > $CKAN_URL > portal.url) and the token bound to it."""
    env = os.environ if environ is None else environ
    if url:
        chosen, source = url, "--portal-url"
    elif env.get(URL_ENV):
        chosen, source = env[URL_ENV], f"${URL_ENV}"
    else:
        chosen, source = portal.url, f"{config_file}: portal.url"
    address = check_url(chosen, source)
    if portal.token_env and env.get(portal.token_env, "").strip():
        return Access(address, env[portal.token_env].strip(), f"${portal.token_env}")
    if portal.token_file and portal.token_file.is_file():
        token = portal.token_file.read_text(encoding="utf-8").strip() or None
        if token is None:
            return Access(address, None, "")
        issued = _issued_for(portal, config_file)
        if issued != address:
            return Access(address, None, "", refused=(issued, address))
        return Access(address, token, str(portal.token_file))
    return Access(address, None, "")


def _issued_for(portal: Portal, config_file: str) -> str:
    assert portal.token_file is not None
    beside = Path(f"{portal.token_file}.url")
    if beside.is_file():
        return check_url(beside.read_text(encoding="utf-8"), str(beside))
    return check_url(portal.url, f"{config_file}: portal.url")


def require(access: Access, portal: Portal) -> str:
    """The token, or a could-not-run error saying where to put one (never what it is)."""
    if access.token:
        return access.token
    where = [f"${portal.token_env}" if portal.token_env else "", str(portal.token_file or "")]
    env = f"${portal.token_env or 'CKAN_API_TOKEN'}"
    if access.refused:
        issued, _here = access.refused
        raise PortalError(
            f"token API tidak dikirim ke {access.url}: token di {portal.token_file}"
            f" diterbitkan untuk {issued}",
            hint=f"isi {env} dengan token portal {access.url}",
            en=f"the API token is not sent to {access.url}: the token in {portal.token_file}"
            f" was issued for {issued}",
            hint_en=f"set {env} to a token of {access.url}",
        )
    places = [w for w in where if w]
    raise PortalError(
        f"tidak ada token API untuk portal {access.url}",
        hint=f"isi {' atau '.join(places)} (jangan di baris perintah);"
        " `make ckan-local` menulis token untuk CKAN lokal",
        en=f"no API token for the portal {access.url}",
        hint_en=f"set it in {' or '.join(places)} (never on the command line);"
        " `make ckan-local` writes one for the local CKAN",
    )
