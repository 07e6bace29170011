"""The checkout's own PostgreSQL cluster (initdb as the postgres user, its own port and socket
folder), started and stopped with pg_ctl; the roles and databases CKAN and the DataStore use."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from .processes import ensure_port_free, read_pid, run
from .settings import CannotRun, Layout, say


class Postgres:
    def __init__(self, lay: Layout, port: int) -> None:
        self.lay = lay
        self.port = port

    def base(self) -> Path:
        """The cluster's folder: in .local/ckan when the postgres user can reach it, else a
        folder under /var/lib/postgresql named after this checkout (linked from .local/ckan)."""
        if self.lay.pg_link.is_symlink():
            return self.lay.pg_link.resolve()
        if self.lay.pg_link.is_dir():
            return self.lay.pg_link
        candidate = self.lay.pg_link
        candidate.mkdir(parents=True, exist_ok=True)
        shutil.chown(candidate, "postgres", "postgres")
        socket_path = candidate / "run" / f".s.PGSQL.{self.port}"
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

    @staticmethod
    def bin(name: str) -> Path:
        versions = sorted(
            Path("/usr/lib/postgresql").glob("*/bin/initdb"),
            key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
        )
        if not versions:
            raise CannotRun("PostgreSQL server binaries not found under /usr/lib/postgresql")
        return versions[-1].parent / name

    def pid(self) -> int | None:
        base = self.lay.pg_link
        if not base.exists():
            return None
        return read_pid(base / "data" / "postmaster.pid", "postgres")

    def psql(self, sql: str, *, db: str = "postgres", what: str) -> str:
        base = self.base()
        return run(
            [
                *("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"),
                *("-h", base / "run", "-p", str(self.port), "-d", db, "-f", "-"),
            ],
            stdin=sql,
            user="postgres",
            what=what,
        ).strip()

    def ensure_running(self) -> None:
        base = self.base()
        data, sock = base / "data", base / "run"
        if not (data / "PG_VERSION").exists():
            self._initdb(base)
        if self.pid():
            return
        ensure_port_free(self.port, "PostgreSQL", "CKAN_LOCAL_PG_PORT")
        sock.mkdir(parents=True, exist_ok=True)
        shutil.chown(sock, "postgres", "postgres")
        options = f"-p {self.port} -k {sock} -c listen_addresses=127.0.0.1"
        run(
            [
                *("setsid", self.bin("pg_ctl"), "-D", data, "-l", base / "log" / "postgres.log"),
                *("-w", "-t", "60", "-o", options, "start"),
            ],
            user="postgres",
            what="starting PostgreSQL",
        )

    def _initdb(self, base: Path) -> None:
        say("creating the PostgreSQL cluster")
        data = base / "data"
        for folder in (data, base / "run", base / "log"):
            folder.mkdir(parents=True, exist_ok=True)
            shutil.chown(folder, "postgres", "postgres")
        data.chmod(0o700)
        run(
            [
                self.bin("initdb"),
                *("-D", data, "-U", "postgres", "--encoding=UTF8", "--no-locale"),
                *("--auth-local=peer", "--auth-host=scram-sha-256"),
            ],
            user="postgres",
            what="initdb",
            log=self.lay.logs / "postgres-init.log",
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

    def stop(self) -> bool:
        """Stop the cluster if it runs; whether it did."""
        if not self.pid():
            return False
        data = self.base() / "data"
        run(
            [self.bin("pg_ctl"), "-D", data, "-m", "fast", "-w", "-t", "60", "stop"],
            user="postgres",
            what="stopping PostgreSQL",
        )
        return True
