"""One checkout's local CKAN: `up` runs every step in order (each checks before it acts),
`stop` ends its daemons by recorded PID, `reset` throws its data away, `status` shows it."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from .api import status_show, token_valid
from .config import ensure_ini, ensure_secrets
from .install import ensure_packages, ensure_venv
from .postgres import Postgres
from .processes import ensure_port_free, read_pid, stop_pid
from .profile import ensure_profile
from .server import ensure_schema, ensure_server, server_current, server_pid, verify
from .services import ensure_redis, ensure_solr, redis_pid, solr_pid
from .settings import CKAN_PORT, CKAN_URL, CKAN_VERSION, Layout, Ports, say
from .sysadmin import ensure_token, read_token


class LocalCkan:
    def __init__(self, root: Path) -> None:
        self.lay = Layout(root)
        self.ports = Ports.from_env()
        self.pg = Postgres(self.lay, self.ports.postgres)

    def running_and_ready(self) -> bool:
        """True when every daemon we recorded is alive, CKAN answers and the token works."""
        pids = [self.pg.pid(), redis_pid(self.lay), solr_pid(self.lay), server_pid(self.lay)]
        if not all(pids) or not self.lay.env.exists():
            return False
        info = status_show()
        if not info or info.get("ckan_version") != CKAN_VERSION:
            return False
        token = read_token(self.lay)
        return bool(token) and token_valid(token) and server_current(self.lay)

    def up(self) -> None:
        started = time.monotonic()
        if self.running_and_ready():
            say(f"CKAN {CKAN_VERSION} already running on {CKAN_URL} (env: {self.lay.env})")
            return
        if not server_pid(self.lay):
            ensure_port_free(CKAN_PORT, "CKAN", None)  # fail before minutes of installing
        self.lay.state.mkdir(parents=True, exist_ok=True)
        ensure_packages(self.lay)
        ensure_venv(self.lay)
        ensure_profile(self.lay)
        sec = ensure_secrets(self.lay)
        self.pg.ensure_running()
        self.pg.ensure_databases(sec)
        ensure_redis(self.lay, self.ports)
        ensure_solr(self.lay, self.ports)
        ensure_ini(self.lay, self.ports, sec)
        ensure_schema(self.lay, self.pg)
        ensure_server(self.lay)
        ensure_token(self.lay, self.pg, sec)
        info = verify()
        plugins = " ".join(info.get("extensions") or [])
        say(
            f"CKAN {info['ckan_version']} ready on {CKAN_URL} (plugins: {plugins}) "
            f"in {time.monotonic() - started:.1f} s; URL and token in {self.lay.env}"
        )

    def stop(self) -> None:
        stopped = []
        for name, pidfile, marker in (
            ("CKAN", self.lay.run / "ckan.pid", self.lay.server_marker),
            ("Solr stand-in", self.lay.run / "solr.pid", "solrstandin"),
            ("Redis", self.lay.run / "redis.pid", "redis-server"),
        ):
            pid = read_pid(pidfile, marker)
            if pid:
                stop_pid(pid, name=name)
                stopped.append(name)
            pidfile.unlink(missing_ok=True)
        if self.pg.stop():
            stopped.append("PostgreSQL")
        say(f"stopped: {', '.join(stopped)}" if stopped else "nothing was running")

    def reset(self) -> None:
        self.stop()
        base = self.pg.base() if self.lay.pg_link.exists() else None
        for path in (
            self.lay.storage,
            self.lay.solr,
            self.lay.redis,
            self.lay.stamps,
            self.lay.run,
            self.lay.token,
            self.lay.token_url,
            self.lay.env,
        ):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        if base is not None and base.exists():
            shutil.rmtree(base / "data", ignore_errors=True)
        say("local CKAN data removed (kept: venv, ckan.ini, secrets); starting a clean instance")
        self.up()

    def status(self) -> int:
        rows = [
            ("PostgreSQL", self.pg.pid(), self.ports.postgres),
            ("Redis", redis_pid(self.lay), self.ports.redis),
            ("Solr stand-in", solr_pid(self.lay), self.ports.solr),
            ("CKAN", server_pid(self.lay), CKAN_PORT),
        ]
        for name, pid, port in rows:
            state = f"running, pid {pid}" if pid else "not running"
            print(f"{name:14} 127.0.0.1:{port:<6} {state}")
        info = status_show()
        version = info.get("ckan_version") if info else None
        print(f"{'status_show':14} {CKAN_URL:16} {version or 'no answer'}")
        print(f"{'env file':14} {self.lay.env if self.lay.env.exists() else 'missing'}")
        return 0 if all(pid for _, pid, _ in rows) and info else 1
