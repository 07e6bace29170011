"""`publisher validate --portal` against the real local CKAN: licences are checked against the
portal's own licence list; a portal that cannot be asked stops the run only when it was asked for.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from portal_support import Portal

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]
PUBLISHER = REPO / ".venv" / "bin" / "publisher"
PACKAGE = "34_KPU_PROV_DI_YOGYAKARTA/PL.01.8/DC1-PPWP"


def run(args: list[str], cwd: Path, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KPU_PUBLISHER_CONFIG": str(cwd / "config"), "CKAN_URL": url}
    env.pop("CKAN_API_TOKEN", None)  # the licence list needs no token
    return subprocess.run(
        [str(PUBLISHER), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "config", tmp_path / "config")
    text = (tmp_path / "config" / "publisher.yaml").read_text(encoding="utf-8")
    # a licence this configuration knows and the portal does not
    text = text.replace("licenses:\n", 'licenses:\n  kpu-khusus: ["Lisensi Khusus KPU"]\n', 1)
    (tmp_path / "config" / "publisher.yaml").write_text(text, encoding="utf-8")
    folder = tmp_path / "datapackages" / PACKAGE
    shutil.copytree(REPO / "datapackages" / PACKAGE, folder)
    built = run(["build", "datapackages"], tmp_path, "http://127.0.0.1:9")
    assert built.returncode == 0, built.stderr
    return tmp_path


def test_licences_are_checked_against_the_portal(ckan_portal: Portal, work: Path) -> None:
    ok = run(["validate", "datapackages", "--portal", "--format", "json"], work, ckan_portal.url)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    descriptor = work / "datapackages" / PACKAGE / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    package["licenses"] = [{"name": "kpu-khusus"}]
    descriptor.write_text(json.dumps(package), encoding="utf-8")
    bad = run(["validate", "datapackages", "--format", "json"], work, ckan_portal.url)
    assert bad.returncode == 1, bad.stderr
    codes = {p["code"] for pkg in json.loads(bad.stdout)["packages"] for p in pkg["problems"]}
    assert "package-license-portal" in codes and "package-license" not in codes
    offline = run(["validate", "datapackages", "--no-portal"], work, ckan_portal.url)
    assert offline.returncode == 0, offline.stdout


def test_a_portal_that_does_not_answer(work: Path) -> None:
    dead = "http://127.0.0.1:9"  # nothing listens on the discard port
    asked = run(["validate", "datapackages", "--portal"], work, dead)
    assert asked.returncode == 2 and "Traceback" not in asked.stderr, asked.stderr
    implied = run(["validate", "datapackages"], work, dead)
    assert implied.returncode == 0, implied.stderr
    assert "peringatan: lisensi portal tidak diperiksa (CKAN" in implied.stderr, implied.stderr
    assert "tidak dapat terhubung ke" in implied.stderr and "cannot connect" not in implied.stderr
    english = run(["--lang", "en", "validate", "datapackages"], work, dead)
    assert english.returncode == 0, english.stderr
    assert "warning: portal licences not checked (CKAN" in english.stderr, english.stderr
    assert "cannot connect to" in english.stderr
