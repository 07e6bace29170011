"""Helpers for the integration tests: where the CKAN is, and purging what a test created."""

from __future__ import annotations

import contextlib
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import ckanapi
import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV_FILE = ROOT / ".local" / "ckan" / "env"
SCRIPT = ROOT / "localckan" / "ckan-local.sh"


def run_config(folder: Path, run: str) -> Path:
    """A copy of the repository's config at `folder` whose dataset, organisation and group names
    start with `run`: a test's objects on the shared CKAN are its own, and purged by prefix."""
    import shutil

    shutil.copytree(ROOT / "config", folder)
    path = folder / "publisher.yaml"
    text = path.read_text(encoding="utf-8")
    for key in ("dataset", "organization", "group"):
        start = text.index(f'  {key}: "') + len(f'  {key}: "')
        text = text[:start] + f"{run}-" + text[start:]
    path.write_text(text, encoding="utf-8")
    return folder


def purge_run(url: str, token: str, run: str) -> None:
    """Everything a `run_config` run made on the portal (its names start with `run-`), purged:
    datasets first, then organisations and groups."""
    from publisher.ckan import Ckan

    prefix = f"{run}-"
    with Ckan(url, token) as ckan:
        found = ckan.call(
            "package_search", {"q": f"name:{run}*", "rows": 1000, "include_private": True}
        )
        for name in {d["name"] for d in found["results"] if d["name"].startswith(prefix)}:
            ckan.call("dataset_purge", {"id": name})
        for kind in ("organization", "group"):
            for name in ckan.call(f"{kind}_list", {"limit": 1000}):
                if name.startswith(prefix):
                    ckan.call(f"{kind}_purge", {"id": name})


@dataclass(frozen=True)
class Portal:
    url: str
    token: str

    def client(self, token: str | None = None) -> ckanapi.RemoteCKAN:
        return ckanapi.RemoteCKAN(
            self.url, apikey=self.token if token is None else token, user_agent="kpu-tests/1"
        )


def read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.lstrip().startswith("#"):
            values[key.strip()] = value.strip()
    return values


def start_local_ckan() -> dict[str, str]:
    proc = subprocess.run(
        ["bash", str(SCRIPT), "up"],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(
            "could not start the local CKAN with `bash localckan/ckan-local.sh up` "
            f"(exit {proc.returncode}):\n{proc.stderr.strip()[-3000:]}\n"
            "Fix the problem above, or point the tests at a CKAN with CKAN_URL and CKAN_API_TOKEN.",
            pytrace=False,
        )
    if not ENV_FILE.exists():
        pytest.fail(f"ckan-local.sh succeeded but {ENV_FILE} is missing", pytrace=False)
    return read_env_file(ENV_FILE)


@dataclass
class Cleanup:
    """What a test created, purged afterwards (datasets before their groups and organisations)."""

    ckan: ckanapi.RemoteCKAN
    datasets: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)

    def purge(self) -> None:
        for action, ids in (
            ("dataset_purge", self.datasets),
            ("group_purge", self.groups),
            ("organization_purge", self.organizations),
        ):
            for ident in reversed(ids):
                with contextlib.suppress(ckanapi.NotFound):
                    self.ckan.call_action(action, {"id": ident})
