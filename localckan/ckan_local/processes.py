"""Commands, daemons and ports: run a step, start a daemon and record its PID, find it again by
that PID (checked against its command line), stop it, tell who holds a port; private files."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .settings import CannotRun, say


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


def spawn(
    cmd: list[str], *, log: Path, pidfile: Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start a daemon in its own session (it outlives `make`) and record its PID."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
            env=env,
        )
    write_private(pidfile, f"{proc.pid}\n")
    return proc


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


def wait_until(
    check: Callable[[], object],
    *,
    what: str,
    timeout: float,
    proc_alive: Callable[[], bool] | None = None,
) -> None:
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
