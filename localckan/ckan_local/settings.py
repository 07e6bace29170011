"""The environment → what every step reads: CKAN's version and URL, the ports, the file layout."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

CKAN_VERSION = "2.12.0"
# A second instance (another checkout) may run beside the default one: CKAN_LOCAL_CKAN_PORT.
CKAN_HOST = "127.0.0.1"
_PORT_TEXT = os.environ.get("CKAN_LOCAL_CKAN_PORT", "") or "5000"
CKAN_PORT = int(_PORT_TEXT) if _PORT_TEXT.isdigit() else 5000
CKAN_URL = f"http://{CKAN_HOST}:{CKAN_PORT}"
SYSADMIN = "kpu_admin"
TOKEN_NAME = "kpu-publisher-local"
# localckan/: the Solr stand-in's package and ckanext-kpu live here; the checkout is its parent
LOCALCKAN = Path(__file__).resolve().parent.parent


class CannotRun(Exception):
    """Could not set the local CKAN up; the message says what to do (exit code 2)."""


def say(message: str) -> None:
    print(f"ckan-local: {message}", file=sys.stderr, flush=True)


def _env_port(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if not raw:
        return default
    if not raw.isdigit():
        raise CannotRun(f"{name}={raw!r} is not a port number")
    return int(raw)


class Layout:
    """Where everything lives: all under <checkout>/.local/ckan (git-ignored)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.state = state = root / ".local" / "ckan"
        self.venv = state / "venv"
        self.ckan_bin = self.venv / "bin" / "ckan"
        self.ini = state / "ckan.ini"
        self.storage = state / "storage"
        self.solr = state / "solr"
        self.redis = state / "redis"
        self.run = state / "run"
        self.logs = state / "logs"
        self.stamps = state / "stamps"
        self.token = state / "api-token"
        # the URL the token was issued for: the publisher sends it to no other host
        self.token_url = state / "api-token.url"
        self.env = state / "env"
        self.secrets = state / "secrets.json"
        self.lock = state / ".lock"
        self.pg_link = state / "postgres"  # the cluster's folder, or a link to it

    @property
    def server_marker(self) -> str:
        """What the CKAN server's command line holds: tells our server from any other."""
        return f"{self.ini} run"


@dataclass(frozen=True)
class Ports:
    postgres: int
    redis: int
    solr: int

    @classmethod
    def from_env(cls) -> Ports:
        return cls(
            postgres=_env_port("CKAN_LOCAL_PG_PORT", 5439),
            redis=_env_port("CKAN_LOCAL_REDIS_PORT", 6389),
            solr=_env_port("CKAN_LOCAL_SOLR_PORT", 8989),
        )
