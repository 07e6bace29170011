"""Every command gives the same result wherever it is run from: the repository, another folder,
or inside a package folder of the tree it is given (paths are shown relative to the folder that
holds the collection, never to the working directory)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from publisher.cli import main

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "13_KPU_PROV_SUMATERA_BARAT/1303_KPU_KAB_SIJUNJUNG/PL.01.8/DB1-PPWP"
COMMANDS = (
    ("scan", "--format", "json"),
    ("build", "--format", "json"),
    ("validate", "--no-cache", "--format", "json"),
    ("report", "--format", "json", "--no-fail"),
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    try:
        main(list(args))
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    out, _ = capsys.readouterr()
    return (code if isinstance(code, int) else 1), out


@pytest.fixture
def tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "datapackages"
    shutil.copytree(REPO / "datapackages", root)
    assert run(capsys, "--config", str(REPO / "config"), "build", str(root))[0] == 0
    return root


def _stable(text: str) -> Any:
    """The JSON with what changes from run to run (timings, dates) taken out."""
    found = json.loads(text)

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: strip(v)
                for k, v in value.items()
                if k not in ("seconds", "generated", "generated_at", "skipped")
            }
        if isinstance(value, list):
            return [strip(v) for v in value]
        if isinstance(value, str):
            return re.sub(r"\d+\.\d+ s\b", "", value)
        return value

    return strip(found)


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_same_result_from_any_working_directory(
    command: tuple[str, ...],
    tree: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    results = []
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for where in (REPO, elsewhere, tree / PACKAGE):
        monkeypatch.chdir(where)
        code, out = run(
            capsys, "--config", str(REPO / "config"), command[0], str(tree), *command[1:]
        )
        results.append((code, _stable(out)))
    assert results[0] == results[1] == results[2]
    assert results[0][0] == 0  # the bundled collection is valid from everywhere


def test_a_package_validated_from_inside_or_from_above_names_its_workbook_alike(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`validate .` inside a package folder, or the package given from its province's folder,
    finds the collection the package is in (not only from the path as typed): the workbook its
    build read is named within the package, as for its other files."""
    config = str(REPO / "config")
    shown = []
    for where, target in (
        (tree / PACKAGE, "."),
        (tree / PACKAGE.split("/")[0], PACKAGE.split("/", 1)[1]),
        (tree, PACKAGE),
    ):
        monkeypatch.chdir(where)
        code, out = run(
            capsys, "--config", config, "validate", target, "--no-cache", "--format", "json"
        )
        assert code == 0
        paths = {p["path"] for r in json.loads(out)["packages"] for p in r["problems"]}
        assert paths and not any(p.startswith("13_KPU_PROV") for p in paths), paths
        shown.append({p.rsplit("/", 1)[-1] for p in paths})
    assert shown[0] == shown[1] == shown[2] == {"rekap-db1-ppwp-kabupaten-sijunjung.xlsx"}


def test_a_package_copied_out_of_its_collection_names_its_files_once(
    tree: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A built package on its own (copied out of the tree): what its build recorded is named
    within the package, not with the collection's path doubled after the package's name."""
    lone = tmp_path / "lone" / "DB1-PPWP"
    shutil.copytree(tree / PACKAGE, lone)
    code, out = run(
        capsys, "--config", str(REPO / "config"), "validate", str(lone), "--format", "json"
    )
    paths = {p["path"] for r in json.loads(out)["packages"] for p in r["problems"]}
    assert code == 0 and paths, out[-500:]
    assert all(p.count("DB1-PPWP") <= 1 and "13_KPU_PROV" not in p for p in paths), paths
