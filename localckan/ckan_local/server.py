"""CKAN itself: the `ckan` command, the database schema and migrations, the server (started
detached, restarted when ckan.ini or the profile changed) and the check of what it reports."""

from __future__ import annotations

import contextlib
import hashlib
import json
from typing import Any

from .api import status_show
from .postgres import Postgres
from .processes import (
    ensure_port_free,
    log_tail,
    port_open,
    read_pid,
    run,
    spawn,
    stop_pid,
    wait_until,
    write_private,
)
from .profile import profile_current, profile_digest, profile_name, profile_options
from .settings import CKAN_HOST, CKAN_PORT, CKAN_URL, CKAN_VERSION, CannotRun, Layout, say


def ckan(
    lay: Layout, *args: str, what: str, stdin: str | None = None, log_stdout: bool = True
) -> str:
    return run(
        [lay.ckan_bin, "-c", lay.ini, *args],
        what=what,
        stdin=stdin,
        log=lay.logs / "ckan-cli.log",
        cwd=lay.state,
        log_stdout=log_stdout,
    )


def server_pid(lay: Layout) -> int | None:
    return read_pid(lay.run / "ckan.pid", lay.server_marker)


def ensure_schema(lay: Layout, pg: Postgres) -> None:
    stamp = lay.stamps / f"db-{CKAN_VERSION}"
    if stamp.exists():
        return
    has_tables = pg.psql(
        "SELECT to_regclass('public.package') IS NOT NULL;", db="ckan_default", what="db check"
    )
    if has_tables != "t":
        say("creating CKAN's database tables (ckan db init)")
        ckan(lay, "db", "init", what="ckan db init")
    ckan(lay, "db", "pending-migrations", "--apply", what="ckan db pending-migrations --apply")
    sql = ckan(lay, "datastore", "set-permissions", what="ckan datastore set-permissions")
    pg.psql(sql, what="setting the DataStore permissions")
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text("done\n")


def ini_digest(lay: Layout) -> str:
    """ckan.ini and the profile's files: a change of either needs a restart."""
    try:
        ini = hashlib.sha256(lay.ini.read_bytes()).hexdigest()[:16]
    except OSError:
        return ""
    profile = "plain" if profile_name() == "plain" else profile_digest()
    # the options the profile sets: a new version of this package changes them in ckan.ini
    options = hashlib.sha256(json.dumps(profile_options()).encode()).hexdigest()[:8]
    return f"{ini}:{profile}:{options}"


def server_current(lay: Layout) -> bool:
    """The running server was started with today's ckan.ini and profile."""
    try:
        started = (lay.run / "ckan.ini-digest").read_text().strip()
    except OSError:
        return False
    return profile_current(lay) and started == ini_digest(lay)


def ensure_server(lay: Layout) -> None:
    if server_pid(lay) and status_show() and server_current(lay):
        return
    pid = server_pid(lay)
    if pid:  # ours but not answering, or started with another ckan.ini or profile: restart
        stop_pid(pid, name="CKAN")
        with contextlib.suppress(CannotRun):  # its socket may outlive it for a moment
            wait_until(lambda: not port_open(CKAN_PORT), what="CKAN's port", timeout=15)
    ensure_port_free(CKAN_PORT, "CKAN", None)
    say(f"starting CKAN on {CKAN_URL}")
    log = lay.logs / "ckan.log"
    cmd = [str(lay.ckan_bin), "-c", str(lay.ini), "run", "--host", CKAN_HOST]
    cmd += ["--port", str(CKAN_PORT), "--disable-reloader", "--disable-debugger", "--threaded"]
    proc = spawn(cmd, log=log, pidfile=lay.run / "ckan.pid", cwd=lay.state)
    write_private(lay.run / "ckan.ini-digest", ini_digest(lay) + "\n")
    try:
        wait_until(
            lambda: status_show() is not None,
            what="CKAN",
            timeout=120,
            proc_alive=lambda: proc.poll() is None,
        )
    except CannotRun as exc:
        raise CannotRun(f"{exc}; last lines of {log}:\n{log_tail(log)}") from exc


def verify() -> dict[str, Any]:
    """What CKAN's status_show reports: version 2.12.0 with the DataStore and the profile."""
    info = status_show()
    if not info:
        raise CannotRun(f"CKAN does not answer status_show on {CKAN_URL}")
    if info.get("ckan_version") != CKAN_VERSION:
        raise CannotRun(
            f"CKAN on {CKAN_URL} reports version {info.get('ckan_version')}, "
            f"expected {CKAN_VERSION}"
        )
    if "datastore" not in (info.get("extensions") or []):
        raise CannotRun(f"CKAN on {CKAN_URL} runs without the datastore plugin")
    wanted = set(profile_options()["ckan.plugins"].split())
    missing = wanted - set(info.get("extensions") or [])
    if missing:
        raise CannotRun(f"CKAN on {CKAN_URL} runs without {', '.join(sorted(missing))}")
    return info
