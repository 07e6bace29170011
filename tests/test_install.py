"""The tool installs as a package and runs anywhere: a fresh virtual environment gets the project
(built as a wheel, not the editable checkout), then `publisher` builds and validates a tree
outside the repository from a folder with no config of its own — the default config travels
inside the package — and `publisher init` starts an office's folder.

No network: the project is built with the setuptools and wheel of the test's environment
(`--no-build-isolation --no-index`) and its dependencies are those already installed (a `.pth`
file points the fresh environment at them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("KPU_PUBLISHER_CONFIG", "CKAN_URL")}
    env["PYTHONNOUSERSITE"] = "1"
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the project installed from a copy of its sources."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(REPO / "publisher", source / "publisher", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copytree(REPO / "config", source / "config")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                   cwd=base).stdout.strip()  # fmt: skip
    Path(purelib, "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = _run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                "--no-index", str(source), cwd=base)  # fmt: skip
    assert done.returncode == 0, done.stderr
    where = _run(python, "-c", "import publisher; print(publisher.__file__)", cwd=base)
    assert Path(where.stdout.strip()).is_relative_to(purelib), where.stdout  # not the checkout
    return venv


def test_an_installed_tool_builds_and_validates_a_tree_anywhere(
    installed: Path, tmp_path: Path
) -> None:
    tree = tmp_path / "kantor" / "datapackages"
    shutil.copytree(REPO / "datapackages", tree, ignore=shutil.ignore_patterns("_build"))
    for descriptor in tree.rglob("datapackage.json"):
        descriptor.unlink()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    publisher = installed / "bin" / "publisher"
    built = _run(publisher, "build", tree, cwd=elsewhere)
    assert built.returncode == 0, built.stdout + built.stderr
    assert len(list(tree.rglob("datapackage.json"))) == 58
    checked = _run(publisher, "validate", tree, "--format", "json", cwd=elsewhere)
    assert checked.returncode == 0, checked.stdout[-2000:] + checked.stderr
    assert '"valid": true' in checked.stdout


def test_init_starts_an_office_folder_that_the_installed_tool_reads(
    installed: Path, tmp_path: Path
) -> None:
    publisher = installed / "bin" / "publisher"
    started = _run(publisher, "init", tmp_path / "kantor", "--office", "3471", cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    office = tmp_path / "kantor" / "datapackages" / "34_KPU_PROV_DAERAH_ISTIMEWA_YOGYAKARTA"
    narrative = office / "3471_KPU_KOTA_YOGYAKARTA" / "PL.01.8" / "DB1-PPWP" / "NARASI_DB1-PPWP.txt"
    assert "Unit Kerja: KPU Kota Yogyakarta" in narrative.read_text(encoding="utf-8")
    assert (tmp_path / "kantor" / "config" / "publisher.yaml").is_file()
    scanned = _run(publisher, "--config", "config", "scan", "datapackages", "--format", "json",
                   cwd=tmp_path / "kantor")  # fmt: skip
    assert scanned.returncode == 0, scanned.stderr
    again = _run(publisher, "init", tmp_path / "kantor", "--office", "3471", cwd=tmp_path)
    assert again.returncode == 2 and "sudah ada" in again.stderr
