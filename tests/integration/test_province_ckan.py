"""The province's job end to end, against the real local CKAN, through the command line:
two kab/kota offices → `bundle` → `collect` at the province → `report` → `sync` from the province
tree → `report` again; the dashboard made at each step shows that step's status.

The offices are Sumatera Barat's Kabupaten Sijunjung and Kota Padang Panjang from the bundled
collection, built with a config whose dataset, organisation and group names carry a run id; what
was published is purged afterwards. Each step's dashboard is kept in test-artifacts/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from portal_support import Portal, purge_run, run_config

from publisher.ckan import Ckan

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
PROV = "13_KPU_PROV_SUMATERA_BARAT"
OFFICES = {"1303": f"{PROV}/1303_KPU_KAB_SIJUNJUNG", "1374": f"{PROV}/1374_KPU_KOTA_PADANG_PANJANG"}


@pytest.fixture
def run_id() -> str:
    return "pv" + uuid.uuid4().hex[:8]


@pytest.fixture
def config_dir(tmp_path: Path, run_id: str) -> Path:
    return run_config(tmp_path / "config", run_id)


@pytest.fixture
def portal(ckan_portal: Portal, run_id: str) -> Iterator[Portal]:
    yield ckan_portal
    purge_run(ckan_portal.url, ckan_portal.token, run_id)


class Cli:
    """`publisher` in a subprocess, with the run's config and (when asked) the portal."""

    def __init__(self, config_dir: Path, portal: Portal) -> None:
        self.config_dir = config_dir
        self.base = {k: v for k, v in os.environ.items() if k not in ("CKAN_URL", "CKAN_API_TOKEN")}
        self.portal = {"CKAN_URL": portal.url, "CKAN_API_TOKEN": portal.token}

    def __call__(self, *args: str, portal: bool = False, ok: int = 0) -> str:
        env = {**self.base, **(self.portal if portal else {})}
        done = subprocess.run(
            [sys.executable, "-m", "publisher", "--config", str(self.config_dir), *args],
            capture_output=True, text=True, env=env, timeout=600, check=False,
        )  # fmt: skip
        assert done.returncode == ok, (args, done.stdout[-3000:], done.stderr[-3000:])
        assert "Traceback" not in done.stderr
        return done.stdout


def packages(status: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        p["path"]: p for prov in status["provinces"] for o in prov["offices"] for p in o["packages"]
    }


def dashboard_step(cli: Cli, tree: Path, step: str, *, portal: bool) -> tuple[dict[str, Any], str]:
    """The report as JSON and the dashboard, made the same way at one step."""
    offline = [] if portal else ["--offline"]
    data = json.loads(cli("report", str(tree), "--format", "json", *offline, portal=portal))
    page = ARTIFACTS / f"province-{step}.html"
    ARTIFACTS.mkdir(exist_ok=True)
    cli("report", str(tree), "--format", "html", "-o", str(page), *offline, portal=portal)
    html = page.read_text(encoding="utf-8")
    embedded = html.split('id="kpu-status">', 1)[1].split("</script>", 1)[0]
    assert json.loads(embedded)["totals"] == data["totals"]  # the page carries the same numbers
    return data, html


def test_offices_bundle_province_collects_reports_and_publishes(
    tmp_path: Path, config_dir: Path, portal: Portal
) -> None:
    cli = Cli(config_dir, portal)
    offices = tmp_path / "kantor" / "datapackages"
    for path in OFFICES.values():
        shutil.copytree(REPO / "datapackages" / path, offices / path)
    cli("build", str(offices), ok=0)

    # step 1, at the offices: every folder ready, nothing collected, nothing published
    data, html = dashboard_step(cli, offices, "1-offices", portal=False)
    assert {p["status"] for p in packages(data).values()} == {"ready"}
    assert data["totals"]["collected"] == 0 and 'data-testid="collected"' not in html

    bundles = []
    for kode, path in OFFICES.items():
        out = tmp_path / f"{kode}.kpu.tar.gz"
        cli("bundle", str(offices / path), "-o", str(out), "--by", f"operator {kode}")
        bundles.append(str(out))

    # step 2, at the province: both bundles collected into its own tree
    province = tmp_path / "provinsi"
    (province / PROV).mkdir(parents=True)
    got = json.loads(cli("collect", *bundles, "--into", str(province), "--format", "json"))
    assert [b["accepted"] for b in got["bundles"]] == [True, True]
    data, html = dashboard_step(cli, province, "2-collected", portal=True)
    found = packages(data)
    # every Jenis Dokumen folder of the two offices (however many the bundled collection has)
    expected = sum(
        1 for path in OFFICES.values() for d in (offices / path).glob("*/*") if d.is_dir()
    )
    assert len(found) == expected > 0 and {p["status"] for p in found.values()} == {"ready"}
    assert {p["portal"] for p in found.values()} == {"unpublished"}
    assert all(p["collected"]["bundle"].endswith(".kpu.tar.gz") for p in found.values())
    assert html.count('data-testid="collected"') == expected

    # step 3: the province publishes its tree (it holds the token; the offices do not)
    cli("sync", str(province), portal=True)
    data, html = dashboard_step(cli, province, "3-published", portal=True)
    found = packages(data)
    assert {p["status"] for p in found.values()} == {"published"}
    assert data["totals"]["published_current"] == expected
    with Ckan(portal.url, portal.token) as ckan:
        for p in found.values():
            assert ckan.call("package_show", {"id": p["name"]})["name"] == p["name"]
            assert p["url"] in html

    # a second sync changes nothing; the history says what came in from where
    again = cli("plan", str(province), portal=True)
    assert f"0 dibuat, 0 diperbarui, {expected} tetap, 0 konflik" in again, again
    history = json.loads(cli("history", str(province), "--format", "json"))["entries"]
    assert [(e["office"]["kode"], e["bundle"]["created_by"]) for e in history] == [
        ("1303", "operator 1303"),
        ("1374", "operator 1374"),
    ]
