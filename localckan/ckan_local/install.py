"""The system packages (apt) and CKAN's own virtual environment with the release's pins."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .processes import log_tail, run
from .settings import CKAN_VERSION, CannotRun, Layout, say

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


def ensure_packages(lay: Layout) -> None:
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
    log = lay.logs / "apt.log"
    for cmd in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
    ):
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a") as fh:
            proc = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env)
        if proc.returncode != 0:
            raise CannotRun(f"`{' '.join(cmd)}` failed; see {log}:\n{log_tail(log, 10)}")


def _installed(pkg: str, probe: str | None) -> bool:
    if probe is not None and Path(probe).exists():
        return True
    proc = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", pkg], capture_output=True, text=True, check=False
    )
    return proc.returncode == 0 and "install ok installed" in proc.stdout


def ensure_venv(lay: Layout) -> None:
    marker = lay.venv / f".kpu-ckan-{CKAN_VERSION}"
    if marker.exists() and lay.ckan_bin.exists():
        return
    say(f"installing CKAN {CKAN_VERSION} and its pinned requirements (about a minute)")
    log = lay.logs / "pip.log"
    if not (lay.venv / "bin" / "python").exists():
        run([sys.executable, "-m", "venv", lay.venv], what="creating the CKAN venv")
    pip: list[str | Path] = [lay.venv / "bin" / "python", "-m", "pip"]
    run(
        [*pip, "install", "--disable-pip-version-check", f"ckan[requirements]=={CKAN_VERSION}"],
        what=f"pip install ckan[requirements]=={CKAN_VERSION}",
        log=log,
    )
    marker.write_text("installed\n")
