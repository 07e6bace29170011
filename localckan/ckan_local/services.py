"""The services CKAN needs beside PostgreSQL: Redis (no persistence) and the Solr stand-in
(localckan/solrstandin/), each a daemon of this checkout on its own port, found by its PID file."""

from __future__ import annotations

import os
import shutil
import socket
import sys
import urllib.error
import urllib.request

from .processes import ensure_port_free, read_pid, run, spawn, wait_until
from .settings import LOCALCKAN, Layout, Ports


def redis_pid(lay: Layout) -> int | None:
    return read_pid(lay.run / "redis.pid", "redis-server")


def solr_pid(lay: Layout) -> int | None:
    return read_pid(lay.run / "solr.pid", "solrstandin")


def ensure_redis(lay: Layout, ports: Ports) -> None:
    pidfile = lay.run / "redis.pid"
    if redis_pid(lay):
        return
    ensure_port_free(ports.redis, "Redis", "CKAN_LOCAL_REDIS_PORT")
    for folder in (lay.redis, lay.run, lay.logs):
        folder.mkdir(parents=True, exist_ok=True)
    redis = shutil.which("redis-server") or "/usr/bin/redis-server"
    run(
        [
            *("setsid", redis, "--port", str(ports.redis), "--bind", "127.0.0.1"),
            *("--dir", lay.redis, "--save", "", "--appendonly", "no"),
            *("--daemonize", "yes", "--pidfile", pidfile),
            *("--logfile", lay.logs / "redis.log"),
        ],
        what="starting Redis",
    )
    wait_until(lambda: _redis_ping(ports.redis), what="Redis", timeout=15)
    wait_until(lambda: redis_pid(lay), what="Redis pid file", timeout=5)


def _redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def ensure_solr(lay: Layout, ports: Ports) -> None:
    pidfile = lay.run / "solr.pid"
    if solr_pid(lay):
        return
    ensure_port_free(ports.solr, "Solr stand-in", "CKAN_LOCAL_SOLR_PORT")
    cmd = [sys.executable, "-m", "solrstandin", "--port", str(ports.solr)]
    cmd += ["--data-dir", str(lay.solr)]
    env = dict(os.environ, PYTHONPATH=str(LOCALCKAN))
    proc = spawn(cmd, log=lay.logs / "solr.log", pidfile=pidfile, cwd=lay.state, env=env)
    url = f"http://127.0.0.1:{ports.solr}/solr/ckan/admin/ping"
    wait_until(
        lambda: _http_ok(url),
        what="the Solr stand-in",
        timeout=15,
        proc_alive=lambda: proc.poll() is None,
    )


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return bool(resp.status == 200)
    except (urllib.error.URLError, OSError):
        return False
