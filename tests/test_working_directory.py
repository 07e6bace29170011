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
