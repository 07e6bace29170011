"""The sysadmin kpu_admin, its API token (checked against CKAN, issued again when refused) and
the files the publisher and the tests read: api-token, api-token.url and env (mode 600)."""

from __future__ import annotations

import contextlib

from .api import token_valid
from .postgres import Postgres
from .processes import write_private
from .server import ckan
from .settings import CKAN_URL, SYSADMIN, TOKEN_NAME, CannotRun, Layout


def read_token(lay: Layout) -> str:
    try:
        return lay.token.read_text().strip()
    except OSError:
        return ""


def ensure_token(lay: Layout, pg: Postgres, sec: dict[str, str]) -> str:
    token = read_token(lay)
    if token and token_valid(token):
        write_env(lay, token)
        return token
    _ensure_sysadmin(lay, pg, sec)
    out = ckan(
        lay,
        *("user", "token", "add", SYSADMIN, TOKEN_NAME, "--quiet"),
        what=f"ckan user token add {SYSADMIN}",
        log_stdout=False,
    )
    token = out.strip().splitlines()[-1].strip() if out.strip() else ""
    if not token or not token_valid(token):
        raise CannotRun("the new API token was not accepted by CKAN; see logs/ckan.log")
    write_private(lay.token, token + "\n")
    write_env(lay, token)
    return token


def _ensure_sysadmin(lay: Layout, pg: Postgres, sec: dict[str, str]) -> None:
    exists = pg.psql(
        f"SELECT sysadmin FROM \"user\" WHERE name = '{SYSADMIN}' AND state = 'active';",
        db="ckan_default",
        what="looking up the sysadmin",
    )
    if not exists:
        password = sec["sysadmin_password"]
        ckan(
            lay,
            *("user", "add", SYSADMIN, f"email={SYSADMIN}@localhost.invalid"),
            stdin=f"{password}\n{password}\n",
            what=f"ckan user add {SYSADMIN}",
        )
    if exists != "t":
        ckan(lay, "sysadmin", "add", SYSADMIN, what=f"ckan sysadmin add {SYSADMIN}")


def write_env(lay: Layout, token: str) -> None:
    if not lay.token_url.is_file() or lay.token_url.read_text() != CKAN_URL + "\n":
        write_private(lay.token_url, CKAN_URL + "\n")
    text = f"CKAN_URL={CKAN_URL}\nCKAN_API_TOKEN={token}\n"
    with contextlib.suppress(OSError):
        if lay.env.read_text() == text and (lay.env.stat().st_mode & 0o777) == 0o600:
            return
    write_private(lay.env, text)
