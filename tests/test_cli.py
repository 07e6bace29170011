"""`publisher scan` and `publisher build` through the real entry point: output, JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from publisher.cli import main
from tests.fixtures import LEAF, UNIT, good_leaf, write_leaf


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Exit code (0 when the command returns without exiting), stdout, stderr."""
    try:
        main([str(a) for a in args])
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return (code if isinstance(code, int) else 1), out, err


@pytest.fixture
def tree(root: Path) -> Path:
    good_leaf(root)
    write_leaf(root, f"{UNIT}/PL.01.8/DA1-PPWP", {"scan.pdf": b"%PDF"})
    (root / "13_KPU_PROV_SUMATERA_BARAT" / "catatan.docx").write_bytes(b"x")
    return root


def test_scan_text(tree: Path, config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--config", config_dir, "scan", tree)
    assert code == 0
    header = out.splitlines()[0].split()
    assert header[:3] == ["Unit", "Kerja", "Tahapan"] and header[-2:] == ["Status", "Alasan"]
    assert "tanpa narasi" in out and "13 SUMATERA BARAT" in out
    assert "catatan.docx" in out
    assert out.rstrip().endswith("1 error, 2 peringatan")
    strict, _, _ = run(capsys, "--config", config_dir, "scan", "--strict", tree)
    assert strict == 1


def test_scan_json(tree: Path, config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "--config", config_dir, "--lang", "en", "scan", tree, "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"root", "offices", "provinces", "total", "problems"}
    [prov, kab] = data["offices"]
    assert prov["unit_kerja"] == "13_KPU_PROV_SUMATERA_BARAT" and prov["problems"]
    [stage] = kab["stages"]
    leaves = {leaf["jenis_dokumen"]: leaf for leaf in stage["leaves"]}
    assert leaves["DB1-PPWP"]["status"] == "complete"
    assert leaves["DA1-PPWP"]["reasons"] == ["layout-no-narrative", "layout-no-table"]
    assert leaves["DA1-PPWP"]["counts"]["pdf"] == 1
    assert data["provinces"][0]["statuses"] == {
        "complete": 1,
        "incomplete": 0,
        "blocked": 1,
        "empty": 0,
    }


def test_build_summary_and_exit_codes(
    tree: Path, config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--config", config_dir, "build", tree)
    assert code == 1 and "Traceback" not in out + err
    assert out.rstrip().endswith("1 paket dibangun, 0 dilewati (tidak berubah), 1 gagal")
    assert f"{UNIT}/PL.01.8/DA1-PPWP" in out
    (tree / UNIT / "PL.01.8" / "DA1-PPWP" / "scan.pdf").unlink()
    (tree / UNIT / "PL.01.8" / "DA1-PPWP").rmdir()
    code, out, _ = run(capsys, "--config", config_dir, "--lang", "en", "build", tree)
    assert code == 0
    assert out.rstrip().endswith("0 packages built, 1 skipped (unchanged), 0 failed")
    code, out, _ = run(capsys, "--config", config_dir, "build", tree, "--format", "json")
    data = json.loads(out)
    assert data["summary"] == {"built": 0, "skipped": 1, "failed": 0}
    assert data["leaves"][0]["path"] == LEAF


def test_could_not_run(
    tmp_path: Path, config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--config", config_dir, "build", tmp_path / "tidak-ada")
    assert code == 2 and "tidak-ada" in err and "Traceback" not in err
    (config_dir / "wilayah" / "wilayah-2017.csv").unlink()
    code, _, err = run(capsys, "--config", config_dir, "scan", tmp_path)
    assert code == 2 and "wilayah-2017.csv" in err and "Traceback" not in err


def test_help_documents_both_commands(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("scan", "build"):
        code, out, _ = run(capsys, command, "--help")
        assert code == 0 and "ROOT" in out and "--format" in out
