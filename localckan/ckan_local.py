"""Local CKAN: `up` / `stop` / `reset` / `status` → a real CKAN 2.12.0 on 127.0.0.1:5000.

Installs (first run) and starts, natively and without systemd: a per-checkout PostgreSQL cluster,
Redis, the Solr stand-in (localckan/solrstandin/) and CKAN 2.12.0 in its own virtual
environment; creates the databases, roles, ``ckan.ini`` (file uploads, DataStore), applies all
migrations, creates a sysadmin and an API token, and writes ``.local/ckan/env``
(``CKAN_URL``, ``CKAN_API_TOKEN``). Every step checks first, so a re-run on a running instance
returns in well under a second. Daemons are stopped by their recorded PID, never by name.

Standard library only; run it with the system ``python3`` (``bash localckan/ckan-local.sh up``).
Exit codes: 0 done, 2 could not run (the message says why and what to do).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CKAN_VERSION = "2.12.0"
# A second instance (another checkout) may run beside the default one: CKAN_LOCAL_CKAN_PORT.
CKAN_HOST = "127.0.0.1"
_PORT_TEXT = os.environ.get("CKAN_LOCAL_CKAN_PORT", "") or "5000"
CKAN_PORT = int(_PORT_TEXT) if _PORT_TEXT.isdigit() else 5000
CKAN_URL = f"http://{CKAN_HOST}:{CKAN_PORT}"
# The KPU portal profile (docs/portal.md): extensions pinned to exact versions, and ours.
# CKAN_LOCAL_PROFILE=plain gives a CKAN with only activity and datastore.
PROFILE_PACKAGES = ("ckanext-scheming==3.1.0", "ckanext-dcat==2.4.4")
PROFILE_PLUGINS = (
    "activity datastore datatables_view webpage_view kpu scheming_datasets dcat structured_data"
)
PLAIN_PLUGINS = "activity datastore"
SYSADMIN = "kpu_admin"
TOKEN_NAME = "kpu-publisher-local"
APT_PACKAGES = {
    # package: a file that shows it is installed (dpkg is the fallback check)
    "postgresql": None,
    "redis-server": "/usr/bin/redis-server",
    "build-essential": "/usr/bin/gcc",
    "libpq-dev": "/usr/bin/pg_config",
    "libmagic1": None,
    "python3-venv": None,
    "python3-dev": None,
}


class CannotRun(Exception):
    """Could not set the local CKAN up; the message says what to do (exit code 2)."""


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


def say(message: str) -> None:
    print(f"ckan-local: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Small helpers: files, processes, ports, HTTP
# ---------------------------------------------------------------------------------------------


def write_private(path: Path, text: str) -> None:
    """Write a file with mode 600 atomically (temp file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def run(
    cmd: Sequence[str | Path],
    *,
    what: str,
    log: Path | None = None,
    stdin: str | None = None,
    user: str | None = None,
    cwd: Path | None = None,
    log_stdout: bool = True,
) -> str:
    """Run a command to completion; on failure raise CannotRun naming the step and the log."""
    argv = [str(c) for c in cmd]
    if user is not None and os.geteuid() == 0:
        argv = ["runuser", "-u", user, "--", *argv]
    proc = subprocess.run(
        argv,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        start_new_session=True,  # no controlling terminal: CKAN's prompts read stdin, never hang
        check=False,
    )
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as fh:
            shown = proc.stdout if log_stdout else "(output not logged: it holds a secret)\n"
            fh.write(f"$ {what}\n{shown}{proc.stderr}\n")
    if proc.returncode != 0:
        output = proc.stderr if (proc.stderr.strip() or not log_stdout) else proc.stdout
        tail = "\n".join(output.strip().splitlines()[-15:])
        where = f" (full output in {log})" if log else ""
        raise CannotRun(f"{what} failed with exit code {proc.returncode}{where}:\n{tail}")
    return proc.stdout


def pid_cmdline(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode("utf-8", "replace")


def read_pid(path: Path, marker: str) -> int | None:
    """The PID recorded in `path` if that process is alive and is what we started."""
    try:
        pid = int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    if marker in pid_cmdline(pid) and "State:\tZ" not in _proc_status(pid):
        return pid
    return None


def stop_pid(pid: int, *, name: str, timeout: float = 15.0) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not Path(f"/proc/{pid}").exists() or "State:\tZ" in _proc_status(pid):
            return
        time.sleep(0.1)
    say(f"{name} (pid {pid}) did not stop within {timeout:.0f} s; sending SIGKILL")
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _proc_status(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return ""


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def port_owner(port: int) -> str:
    """Who listens on a port, as `ss` tells it (best effort, for error messages)."""
    if not shutil.which("ss"):
        return "unknown process"
    out = subprocess.run(
        ["ss", "-Htlnp", f"sport = :{port}"], capture_output=True, text=True, check=False
    ).stdout.strip()
    found = re.findall(r'\("([^"]+)",pid=(\d+)', out)
    return ", ".join(f"{name} pid {pid}" for name, pid in found) or "unknown process"


def ensure_port_free(port: int, service: str, env_name: str | None) -> None:
    if port_open(port):
        hint = f", or choose another port with {env_name}=<port>" if env_name else ""
        raise CannotRun(
            f"port {port} on 127.0.0.1 is already in use by another program ({port_owner(port)}),"
            f" not by this checkout's {service}. Stop that program{hint}, then run again."
        )


def http_json(
    path: str, *, token: str | None = None, data: dict[str, Any] | None = None, timeout: float = 5
) -> tuple[int, Any]:
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(CKAN_URL + path, data=body, method="POST" if body else "GET")
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as err:
        try:
            return err.code, json.loads(err.read() or b"null")
        except ValueError:
            return err.code, None
    except (urllib.error.URLError, OSError, ValueError):
        return 0, None


def status_show() -> dict[str, Any] | None:
    code, payload = http_json("/api/action/status_show", timeout=3)
    if code == 200 and isinstance(payload, dict) and payload.get("success"):
        result = payload.get("result")
        return result if isinstance(result, dict) else None
    return None


def token_valid(token: str) -> bool:
    # A bad token on a read is treated as anonymous, so ask for something only a user may see.
    code, _ = http_json("/api/action/api_token_list", token=token, data={"user_id": SYSADMIN})
    return code == 200


def wait_until(check: Any, *, what: str, timeout: float, proc_alive: Any = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if proc_alive is not None and not proc_alive():
            raise CannotRun(f"{what} stopped while starting")
        time.sleep(0.25)
    raise CannotRun(f"{what} was not ready after {timeout:.0f} s")


def log_tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# ---------------------------------------------------------------------------------------------
# The setup steps
# ---------------------------------------------------------------------------------------------


class LocalCkan:
    def __init__(self, root: Path) -> None:
        self.lay = Layout(root)
        self.ports = Ports.from_env()
        self.ckan_bin = self.lay.venv / "bin" / "ckan"

    # -- fast path ------------------------------------------------------------------------------

    def running_and_ready(self) -> bool:
        """True when every daemon we recorded is alive, CKAN answers and the token works."""
        pids = [
            self.postgres_pid(),
            read_pid(self.lay.run / "redis.pid", "redis-server"),
            read_pid(self.lay.run / "solr.pid", "solrstandin"),
            read_pid(self.lay.run / "ckan.pid", self.server_marker),
        ]
        if not all(pids) or not self.lay.env.exists():
            return False
        info = status_show()
        if not info or info.get("ckan_version") != CKAN_VERSION:
            return False
        token = self.read_token()
        return bool(token) and token_valid(token) and self.server_current()

    def server_current(self) -> bool:
        """The running server was started with today's ckan.ini and profile."""
        try:
            started = (self.lay.run / "ckan.ini-digest").read_text().strip()
        except OSError:
            return False
        return self.profile_current() and started == self.ini_digest()

    def ini_digest(self) -> str:
        """ckan.ini and the profile's files: a change of either needs a restart."""
        try:
            ini = hashlib.sha256(self.lay.ini.read_bytes()).hexdigest()[:16]
        except OSError:
            return ""
        profile = "plain" if self.profile == "plain" else self.profile_digest()
        # the options the profile sets: a new version of this script changes them in ckan.ini
        options = hashlib.sha256(json.dumps(self.profile_options()).encode()).hexdigest()[:8]
        return f"{ini}:{profile}:{options}"

    def read_token(self) -> str:
        try:
            return self.lay.token.read_text().strip()
        except OSError:
            return ""

    # -- system packages and the CKAN virtual environment ----------------------------------------

    def ensure_packages(self) -> None:
        missing = [pkg for pkg, probe in APT_PACKAGES.items() if not _installed(pkg, probe)]
        if not missing:
            return
        if os.geteuid() != 0:
            raise CannotRun(
                f"missing system packages: {' '.join(missing)}. Run as root (make ckan-local "
                f"installs them) or install them: apt-get install {' '.join(missing)}"
            )
        say(f"installing system packages: {' '.join(missing)}")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        log = self.lay.logs / "apt.log"
        for cmd in (
            ["apt-get", "update", "-qq"],
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        ):
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a") as fh:
                proc = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env)
            if proc.returncode != 0:
                raise CannotRun(f"`{' '.join(cmd)}` failed; see {log}:\n{log_tail(log, 10)}")

    def ensure_venv(self) -> None:
        marker = self.lay.venv / f".kpu-ckan-{CKAN_VERSION}"
        if marker.exists() and self.ckan_bin.exists():
            return
        say(f"installing CKAN {CKAN_VERSION} and its pinned requirements (about a minute)")
        log = self.lay.logs / "pip.log"
        if not (self.lay.venv / "bin" / "python").exists():
            run([sys.executable, "-m", "venv", self.lay.venv], what="creating the CKAN venv")
        pip: list[str | Path] = [self.lay.venv / "bin" / "python", "-m", "pip"]
        run(
            [*pip, "install", "--disable-pip-version-check", f"ckan[requirements]=={CKAN_VERSION}"],
            what=f"pip install ckan[requirements]=={CKAN_VERSION}",
            log=log,
        )
        marker.write_text("installed\n")

    # -- the KPU portal profile ----------------------------------------------------------------

    @property
    def profile(self) -> str:
        name = os.environ.get("CKAN_LOCAL_PROFILE", "") or "kpu"
        if name not in ("kpu", "plain"):
            raise CannotRun(f"CKAN_LOCAL_PROFILE={name!r}: use kpu (the default) or plain")
        return name

    def profile_digest(self) -> str:
        """What the profile installs: the pinned extensions and our plugin's files."""
        digest = hashlib.sha256(" ".join(PROFILE_PACKAGES).encode())
        plugin = Path(__file__).resolve().parent / "ckanext-kpu"
        for path in sorted(plugin.rglob("*")):
            skip = {"__pycache__", "build"} & set(path.parts) or ".egg-info" in str(path)
            if path.is_file() and not skip:
                digest.update(str(path.relative_to(plugin)).encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()[:16]

    def profile_current(self) -> bool:
        if self.profile == "plain":
            return True
        return (self.lay.venv / f".kpu-profile-{self.profile_digest()}").exists()

    def ensure_profile(self) -> None:
        """ckanext-scheming, ckanext-dcat (exact versions) and ckanext-kpu (ours) in CKAN's venv."""
        if self.profile_current():
            return
        say("installing the KPU portal profile (ckanext-scheming, ckanext-dcat, ckanext-kpu)")
        plugin = Path(__file__).resolve().parent / "ckanext-kpu"
        pip: list[str | Path] = [self.lay.venv / "bin" / "python", "-m", "pip"]
        run(
            [*pip, "install", "--disable-pip-version-check", *PROFILE_PACKAGES],
            what="pip install " + " ".join(PROFILE_PACKAGES),
            log=self.lay.logs / "pip.log",
        )
        with tempfile.TemporaryDirectory(prefix="ckanext-kpu-") as folder:
            copy = Path(folder) / "ckanext-kpu"  # built outside the checkout: no build/ left
            shutil.copytree(plugin, copy, ignore=shutil.ignore_patterns("build", "*.egg-info"))
            i18n = copy / "ckanext" / "kpu" / "i18n"
            run(  # the translations, compiled with CKAN's own Babel
                [self.lay.venv / "bin" / "pybabel", "compile", "-D", "ckanext-kpu", "-d", i18n],
                what="pybabel compile (ckanext-kpu)",
                log=self.lay.logs / "pip.log",
            )
            flags = ["--disable-pip-version-check", "--force-reinstall", "--no-deps"]
            run(
                [*pip, "install", *flags, str(copy)],
                what="pip install localckan/ckanext-kpu",
                log=self.lay.logs / "pip.log",
            )
        for old in self.lay.venv.glob(".kpu-profile-*"):
            old.unlink()
        (self.lay.venv / f".kpu-profile-{self.profile_digest()}").write_text("installed\n")

    def profile_options(self) -> dict[str, str]:
        if self.profile == "plain":
            return {"ckan.plugins": PLAIN_PLUGINS, "ckan.locale_default": "en"}
        return {
            "ckan.plugins": PROFILE_PLUGINS,
            "scheming.dataset_schemas": "ckanext.kpu:schemas/dataset.yaml",
            "scheming.presets": "ckanext.scheming:presets.json ckanext.kpu:schemas/presets.yaml",
            "scheming.dataset_fallback": "false",
            "ckan.locale_default": "id",
            "ckan.locales_offered": "id en",
            "ckan.site_title": "Portal Data Terbuka KPU (lokal)",
            "ckanext.dcat.rdf.profiles": "euro_dcat_ap_3 kpu_dcat_ap",
            "ckanext.dcat.enable_content_negotiation": "false",
        }

    def ensure_secrets(self) -> dict[str, str]:
        """Passwords and SECRET_KEY, generated once and kept (API tokens are signed with it)."""
        data: dict[str, str] = {}
        try:
            loaded = json.loads(self.lay.secrets.read_text())
            if isinstance(loaded, dict):
                data = {str(k): str(v) for k, v in loaded.items()}
        except (OSError, ValueError):
            pass
        wanted = ("secret_key", "pg_password", "ds_password", "sysadmin_password")
        if not all(data.get(k) for k in wanted):
            for key in wanted:
                data.setdefault(key, secrets.token_urlsafe(24))
            write_private(self.lay.secrets, json.dumps(data, indent=2) + "\n")
        return data

    # -- PostgreSQL ------------------------------------------------------------------------------

    def pg_base(self) -> Path:
        """The cluster's folder: in .local/ckan when the postgres user can reach it, else a
        folder under /var/lib/postgresql named after this checkout (linked from .local/ckan)."""
        if self.lay.pg_link.is_symlink():
            return self.lay.pg_link.resolve()
        if self.lay.pg_link.is_dir():
            return self.lay.pg_link
        candidate = self.lay.pg_link
        candidate.mkdir(parents=True, exist_ok=True)
        shutil.chown(candidate, "postgres", "postgres")
        socket_path = candidate / "run" / f".s.PGSQL.{self.ports.postgres}"
        reachable = (
            subprocess.run(
                ["runuser", "-u", "postgres", "--", "test", "-w", str(candidate)], check=False
            ).returncode
            == 0
        )
        if reachable and len(str(socket_path)) < 100:
            return candidate
        candidate.rmdir()
        digest = hashlib.sha1(str(self.lay.root).encode()).hexdigest()[:12]
        base = Path("/var/lib/postgresql") / f"kpu-publisher-{digest}"
        base.mkdir(parents=True, exist_ok=True)
        shutil.chown(base, "postgres", "postgres")
        candidate.symlink_to(base)
        return base

    def pg_bin(self, name: str) -> Path:
        versions = sorted(
            Path("/usr/lib/postgresql").glob("*/bin/initdb"),
            key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
        )
        if not versions:
            raise CannotRun("PostgreSQL server binaries not found under /usr/lib/postgresql")
        return versions[-1].parent / name

    def postgres_pid(self) -> int | None:
        base = self.lay.pg_link
        if not base.exists():
            return None
        return read_pid(base / "data" / "postmaster.pid", "postgres")

    def psql(self, sql: str, *, db: str = "postgres", what: str) -> str:
        base = self.pg_base()
        return run(
            [
                *("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"),
                *("-h", base / "run", "-p", str(self.ports.postgres), "-d", db, "-f", "-"),
            ],
            stdin=sql,
            user="postgres",
            what=what,
        ).strip()

    def ensure_postgres(self) -> None:
        base = self.pg_base()
        data, sock = base / "data", base / "run"
        if not (data / "PG_VERSION").exists():
            say("creating the PostgreSQL cluster")
            for folder in (data, sock, base / "log"):
                folder.mkdir(parents=True, exist_ok=True)
                shutil.chown(folder, "postgres", "postgres")
            data.chmod(0o700)
            run(
                [
                    self.pg_bin("initdb"),
                    *("-D", data, "-U", "postgres", "--encoding=UTF8", "--no-locale"),
                    *("--auth-local=peer", "--auth-host=scram-sha-256"),
                ],
                user="postgres",
                what="initdb",
                log=self.lay.logs / "postgres-init.log",
            )
        if self.postgres_pid():
            return
        ensure_port_free(self.ports.postgres, "PostgreSQL", "CKAN_LOCAL_PG_PORT")
        sock.mkdir(parents=True, exist_ok=True)
        shutil.chown(sock, "postgres", "postgres")
        options = f"-p {self.ports.postgres} -k {sock} -c listen_addresses=127.0.0.1"
        run(
            [
                *("setsid", self.pg_bin("pg_ctl"), "-D", data, "-l", base / "log" / "postgres.log"),
                *("-w", "-t", "60", "-o", options, "start"),
            ],
            user="postgres",
            what="starting PostgreSQL",
        )

    def ensure_databases(self, sec: dict[str, str]) -> None:
        roles = {"ckan_default": sec["pg_password"], "datastore_default": sec["ds_password"]}
        sql = []
        for role, password in roles.items():
            literal = password.replace("'", "''")
            sql.append(
                f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') "
                f"THEN CREATE ROLE {role} LOGIN; END IF; END $$;\n"
                f"ALTER ROLE {role} LOGIN PASSWORD '{literal}';\n"
            )
        self.psql("".join(sql), what="creating the database roles")
        existing = self.psql("SELECT datname FROM pg_database;", what="listing databases")
        for db in ("ckan_default", "datastore_default"):
            if db not in existing.split():
                self.psql(
                    f"CREATE DATABASE {db} OWNER ckan_default ENCODING 'UTF8' TEMPLATE template0;",
                    what=f"creating database {db}",
                )

    # -- Redis and the Solr stand-in -----------------------------------------------------------

    def ensure_redis(self) -> None:
        pidfile = self.lay.run / "redis.pid"
        if read_pid(pidfile, "redis-server"):
            return
        ensure_port_free(self.ports.redis, "Redis", "CKAN_LOCAL_REDIS_PORT")
        for folder in (self.lay.redis, self.lay.run, self.lay.logs):
            folder.mkdir(parents=True, exist_ok=True)
        redis = shutil.which("redis-server") or "/usr/bin/redis-server"
        run(
            [
                *("setsid", redis, "--port", str(self.ports.redis), "--bind", "127.0.0.1"),
                *("--dir", self.lay.redis, "--save", "", "--appendonly", "no"),
                *("--daemonize", "yes", "--pidfile", pidfile),
                *("--logfile", self.lay.logs / "redis.log"),
            ],
            what="starting Redis",
        )
        wait_until(lambda: _redis_ping(self.ports.redis), what="Redis", timeout=15)
        wait_until(lambda: read_pid(pidfile, "redis-server"), what="Redis pid file", timeout=5)

    def ensure_solr(self) -> None:
        pidfile = self.lay.run / "solr.pid"
        if read_pid(pidfile, "solrstandin"):
            return
        ensure_port_free(self.ports.solr, "Solr stand-in", "CKAN_LOCAL_SOLR_PORT")
        cmd = [sys.executable, "-m", "solrstandin", "--port", str(self.ports.solr)]
        cmd += ["--data-dir", str(self.lay.solr)]
        env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent))
        proc = self._spawn(cmd, log=self.lay.logs / "solr.log", pidfile=pidfile, env=env)
        url = f"http://127.0.0.1:{self.ports.solr}/solr/ckan/admin/ping"
        wait_until(
            lambda: _http_ok(url),
            what="the Solr stand-in",
            timeout=15,
            proc_alive=lambda: proc.poll() is None,
        )

    def _spawn(
        self, cmd: list[str], *, log: Path, pidfile: Path, env: dict[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        """Start a daemon in its own session (it outlives `make`) and record its PID."""
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as out:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.lay.state,
                start_new_session=True,
                close_fds=True,
                env=env,
            )
        write_private(pidfile, f"{proc.pid}\n")
        return proc

    # -- CKAN ------------------------------------------------------------------------------------

    def ensure_ini(self, sec: dict[str, str]) -> None:
        if not self.lay.ini.exists():
            run([self.ckan_bin, "generate", "config", self.lay.ini], what="ckan generate config")
        pg = f"127.0.0.1:{self.ports.postgres}"
        options = {
            "SECRET_KEY": sec["secret_key"],
            "sqlalchemy.url": f"postgresql://ckan_default:{sec['pg_password']}@{pg}/ckan_default",
            "ckan.site_url": CKAN_URL,
            "ckan.site_id": "default",
            "solr_url": f"http://127.0.0.1:{self.ports.solr}/solr/ckan",
            "solr_timeout": "10",
            "ckan.storage_path": str(self.lay.storage),
            "ckan.max_resource_size": "2048",  # MB: room for the 1 GB upload benchmark
            "ckan.datastore.write_url": (
                f"postgresql://ckan_default:{sec['pg_password']}@{pg}/datastore_default"
            ),
            "ckan.datastore.read_url": (
                f"postgresql://datastore_default:{sec['ds_password']}@{pg}/datastore_default"
            ),
            "ckan.redis.url": f"redis://127.0.0.1:{self.ports.redis}/0",
            "ckan.views.default_views": "",
            "debug": "false",
            **self.profile_options(),
        }
        text = self.lay.ini.read_text()
        updated = set_ini_options(text, "app:main", options)
        if updated != text or (self.lay.ini.stat().st_mode & 0o777) != 0o600:
            write_private(self.lay.ini, updated)  # it holds passwords: mode 600
        self.lay.storage.mkdir(parents=True, exist_ok=True)

    def ckan(self, *args: str, what: str, stdin: str | None = None, log_stdout: bool = True) -> str:
        return run(
            [self.ckan_bin, "-c", self.lay.ini, *args],
            what=what,
            stdin=stdin,
            log=self.lay.logs / "ckan-cli.log",
            cwd=self.lay.state,
            log_stdout=log_stdout,
        )

    @property
    def server_marker(self) -> str:
        return f"{self.lay.ini} run"

    def ensure_schema(self) -> None:
        stamp = self.lay.stamps / f"db-{CKAN_VERSION}"
        if stamp.exists():
            return
        has_tables = self.psql(
            "SELECT to_regclass('public.package') IS NOT NULL;", db="ckan_default", what="db check"
        )
        if has_tables != "t":
            say("creating CKAN's database tables (ckan db init)")
            self.ckan("db", "init", what="ckan db init")
        self.ckan("db", "pending-migrations", "--apply", what="ckan db pending-migrations --apply")
        sql = self.ckan("datastore", "set-permissions", what="ckan datastore set-permissions")
        self.psql(sql, what="setting the DataStore permissions")
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text("done\n")

    def ensure_server(self) -> None:
        pidfile = self.lay.run / "ckan.pid"
        if read_pid(pidfile, self.server_marker) and status_show() and self.server_current():
            return
        pid = read_pid(pidfile, self.server_marker)
        if pid:  # ours but not answering, or started with another ckan.ini or profile: restart
            stop_pid(pid, name="CKAN")
            with contextlib.suppress(CannotRun):  # its socket may outlive it for a moment
                wait_until(lambda: not port_open(CKAN_PORT), what="CKAN's port", timeout=15)
        ensure_port_free(CKAN_PORT, "CKAN", None)
        say(f"starting CKAN on {CKAN_URL}")
        log = self.lay.logs / "ckan.log"
        cmd = [str(self.ckan_bin), "-c", str(self.lay.ini), "run", "--host", CKAN_HOST]
        cmd += ["--port", str(CKAN_PORT), "--disable-reloader", "--disable-debugger", "--threaded"]
        proc = self._spawn(cmd, log=log, pidfile=pidfile)
        write_private(self.lay.run / "ckan.ini-digest", self.ini_digest() + "\n")
        try:
            wait_until(
                lambda: status_show() is not None,
                what="CKAN",
                timeout=120,
                proc_alive=lambda: proc.poll() is None,
            )
        except CannotRun as exc:
            raise CannotRun(f"{exc}; last lines of {log}:\n{log_tail(log)}") from exc

    def ensure_token(self, sec: dict[str, str]) -> str:
        token = self.read_token()
        if token and token_valid(token):
            self.write_env(token)
            return token
        exists = self.psql(
            f"SELECT sysadmin FROM \"user\" WHERE name = '{SYSADMIN}' AND state = 'active';",
            db="ckan_default",
            what="looking up the sysadmin",
        )
        if not exists:
            password = sec["sysadmin_password"]
            self.ckan(
                *("user", "add", SYSADMIN, f"email={SYSADMIN}@localhost.invalid"),
                stdin=f"{password}\n{password}\n",
                what=f"ckan user add {SYSADMIN}",
            )
        if exists != "t":
            self.ckan("sysadmin", "add", SYSADMIN, what=f"ckan sysadmin add {SYSADMIN}")
        out = self.ckan(
            *("user", "token", "add", SYSADMIN, TOKEN_NAME, "--quiet"),
            what=f"ckan user token add {SYSADMIN}",
            log_stdout=False,
        )
        token = out.strip().splitlines()[-1].strip() if out.strip() else ""
        if not token or not token_valid(token):
            raise CannotRun("the new API token was not accepted by CKAN; see logs/ckan.log")
        write_private(self.lay.token, token + "\n")
        self.write_env(token)
        return token

    def write_env(self, token: str) -> None:
        if not self.lay.token_url.is_file() or self.lay.token_url.read_text() != CKAN_URL + "\n":
            write_private(self.lay.token_url, CKAN_URL + "\n")
        text = f"CKAN_URL={CKAN_URL}\nCKAN_API_TOKEN={token}\n"
        with contextlib.suppress(OSError):
            if self.lay.env.read_text() == text and (self.lay.env.stat().st_mode & 0o777) == 0o600:
                return
        write_private(self.lay.env, text)

    def verify(self) -> dict[str, Any]:
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
        wanted = set(self.profile_options()["ckan.plugins"].split())
        missing = wanted - set(info.get("extensions") or [])
        if missing:
            raise CannotRun(f"CKAN on {CKAN_URL} runs without {', '.join(sorted(missing))}")
        return info

    # -- commands --------------------------------------------------------------------------------

    def up(self) -> None:
        started = time.monotonic()
        if self.running_and_ready():
            say(f"CKAN {CKAN_VERSION} already running on {CKAN_URL} (env: {self.lay.env})")
            return
        if not read_pid(self.lay.run / "ckan.pid", self.server_marker):
            ensure_port_free(CKAN_PORT, "CKAN", None)  # fail before minutes of installing
        self.lay.state.mkdir(parents=True, exist_ok=True)
        self.ensure_packages()
        self.ensure_venv()
        self.ensure_profile()
        sec = self.ensure_secrets()
        self.ensure_postgres()
        self.ensure_databases(sec)
        self.ensure_redis()
        self.ensure_solr()
        self.ensure_ini(sec)
        self.ensure_schema()
        self.ensure_server()
        self.ensure_token(sec)
        info = self.verify()
        plugins = " ".join(info.get("extensions") or [])
        say(
            f"CKAN {info['ckan_version']} ready on {CKAN_URL} (plugins: {plugins}) "
            f"in {time.monotonic() - started:.1f} s; URL and token in {self.lay.env}"
        )

    def stop(self) -> None:
        stopped = []
        for name, pidfile, marker in (
            ("CKAN", self.lay.run / "ckan.pid", self.server_marker),
            ("Solr stand-in", self.lay.run / "solr.pid", "solrstandin"),
            ("Redis", self.lay.run / "redis.pid", "redis-server"),
        ):
            pid = read_pid(pidfile, marker)
            if pid:
                stop_pid(pid, name=name)
                stopped.append(name)
            pidfile.unlink(missing_ok=True)
        pg_pid = self.postgres_pid()
        if pg_pid:
            data = self.pg_base() / "data"
            run(
                [self.pg_bin("pg_ctl"), "-D", data, "-m", "fast", "-w", "-t", "60", "stop"],
                user="postgres",
                what="stopping PostgreSQL",
            )
            stopped.append("PostgreSQL")
        say(f"stopped: {', '.join(stopped)}" if stopped else "nothing was running")

    def reset(self) -> None:
        self.stop()
        base = self.pg_base() if self.lay.pg_link.exists() else None
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
            ("PostgreSQL", self.postgres_pid(), self.ports.postgres),
            ("Redis", read_pid(self.lay.run / "redis.pid", "redis-server"), self.ports.redis),
            ("Solr stand-in", read_pid(self.lay.run / "solr.pid", "solrstandin"), self.ports.solr),
            ("CKAN", read_pid(self.lay.run / "ckan.pid", self.server_marker), CKAN_PORT),
        ]
        for name, pid, port in rows:
            state = f"running, pid {pid}" if pid else "not running"
            print(f"{name:14} 127.0.0.1:{port:<6} {state}")
        info = status_show()
        version = info.get("ckan_version") if info else None
        print(f"{'status_show':14} {CKAN_URL:16} {version or 'no answer'}")
        print(f"{'env file':14} {self.lay.env if self.lay.env.exists() else 'missing'}")
        return 0 if all(pid for _, pid, _ in rows) and info else 1


def set_ini_options(text: str, section: str, options: dict[str, str]) -> str:
    """Set `key = value` lines in one section of an ini file, keeping everything else."""
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines) if ln.strip() == f"[{section}]"), None)
    if start is None:
        lines += ["", f"[{section}]"]
        start = len(lines) - 1
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines)
    )
    pending = dict(options)
    for i in range(start + 1, end):
        key = lines[i].split("=", 1)[0].strip() if "=" in lines[i] else None
        if key in pending and not lines[i].lstrip().startswith(("#", ";")):
            value = pending.pop(key)
            lines[i] = f"{key} = {value}".rstrip()
    insert = [f"{k} = {v}".rstrip() for k, v in pending.items()]
    lines[end:end] = insert
    return "\n".join(lines) + "\n"


def _installed(pkg: str, probe: str | None) -> bool:
    if probe is not None and Path(probe).exists():
        return True
    proc = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True, text=True, check=False
    )
    return proc.returncode == 0 and "install ok installed" in proc.stdout


def _redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return bool(resp.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """One ckan-local command at a time per checkout."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    commands = ("up", "stop", "reset", "status")
    if len(args) != 1 or args[0] not in commands:
        print(f"usage: ckan-local.sh {{{'|'.join(commands)}}}", file=sys.stderr)
        return 2
    root = Path(__file__).resolve().parent.parent
    try:
        local = LocalCkan(root)
        if args[0] == "status":
            return local.status()
        if args[0] == "up" and local.running_and_ready():  # needs no root: just a check
            say(f"CKAN {CKAN_VERSION} already running on {CKAN_URL} (env: {local.lay.env})")
            return 0
        if os.geteuid() != 0:
            raise CannotRun("run this as root: it manages PostgreSQL as the postgres user")
        with locked(local.lay.lock):
            getattr(local, args[0])()
    except CannotRun as exc:
        say(f"error: {exc}")
        return 2
    except KeyboardInterrupt:
        say("interrupted")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
