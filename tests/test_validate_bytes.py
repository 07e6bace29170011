"""Never crash on bytes: an encoding problem anywhere in a file is an `encoding-error` at its
row, naming the file; `--format json` always prints a parsable answer, even when a run stops."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCHEMA = {"fields": [{"name": "kode", "type": "string"}, {"name": "nama", "type": "string"}]}


def package(folder: Path, data: bytes, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True)
    (folder / "t.csv").write_bytes(data)
    resource = {"name": "t", "path": "t.csv", "format": "csv", "schema": SCHEMA}
    if encoding:
        resource["encoding"] = encoding
    (folder / "datapackage.json").write_text(json.dumps({"name": "t", "resources": [resource]}))
    return folder


def validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "publisher", "validate", *args, "--no-cache"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("body", "row"),
    [
        ("kode,nama\n11,ACEH\n12,caf\xe9\n", 3),  # in the first block: the header never read
        ("kode,nama\n" + "".join(f"{i},NAMA\n" for i in range(30000)) + "x,caf\xe9\n", 30002),
    ],
    ids=["first-block", "far-down"],
)
@pytest.mark.parametrize("declared", ["utf-8", ""])
def test_latin1_bytes_are_an_encoding_error_at_their_row(
    tmp_path: Path, body: str, row: int, declared: str
) -> None:
    folder = package(tmp_path / "p", body.encode("latin-1"), declared)
    done = validate(str(folder), "--format", "json")
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    found = [p for p in report["packages"][0]["resources"][0]["problems"]]
    if declared == "" and row == 3:  # not declared: detected (cp1250, as frictionless), read
        assert not [p for p in found if p["code"] == "encoding-error"], found
        return
    [error] = [p for p in found if p["code"] == "encoding-error"]
    assert (
        error["row"] == row and "t.csv" in error["message"] and f"baris {row}" in error["message"]
    )
    assert done.returncode == 1


def test_json_is_printed_even_when_the_run_stops(tmp_path: Path) -> None:
    done = validate(str(tmp_path / "missing"), "--format", "json")
    assert done.returncode == 2
    answer = json.loads(done.stdout)
    assert answer["exit_code"] == 2 and answer["error"]["kind"] == "could-not-run"
    assert "missing" in answer["error"]["message"]
