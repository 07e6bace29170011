"""The planted-mistakes copy of the collection through `scan`, `build` and `validate` (JSON, as CI
reads them): every mistake of DOMAIN.md's list is reported at its file, row and field, and nothing
is reported that the clean collection does not also report, except at a planted mistake.

The manifest (`tools/kpugen/mistakes.py`) says where each mistake is; nothing here is told what
the publisher should say about it. A finding is located at its `path`, `row` and `field`; a rule
finding (`rule-sum`, `rule-compare`) is about every cell of its rule; a `level-mismatch` is about
two places, the table (`path`, `field`) and the recap row it disagrees with (`other_path`,
`other_row`, same field).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from publisher.cli import cli

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

import generate_collection  # noqa: E402

STAGES = (("scan", "-v"), ("build", "-v"), ("validate",))


@dataclass(frozen=True)
class Finding:
    stage: str
    severity: str
    code: str
    path: str
    row: int | None
    field: str | None
    cells: frozenset[tuple[str, int | None, str | None]]  # (path, row, field) it is about

    def key(self) -> tuple[object, ...]:
        return (self.stage, self.severity, self.code, self.path, self.row, self.field)


def _problems(tree: Any) -> Iterator[dict[str, Any]]:
    if isinstance(tree, dict):
        if {"code", "severity", "path"} <= tree.keys():
            yield tree
        else:
            for value in tree.values():
                yield from _problems(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from _problems(value)


def _relative(path: str) -> str:
    return path.removeprefix("datapackages/")


def _finding(stage: str, p: dict[str, Any]) -> Finding:
    path, row, field = _relative(p["path"]), p["row"], p["field"]
    cells = {(path, row, field)}
    params = p.get("params") or {}
    if p["code"] in ("rule-sum", "rule-compare"):
        names = re.findall(r"([a-z_0-9]+) -?\d+", params.get("terms", ""))
        names += [params["right"]] if params.get("right") else []
        cells |= {(path, row, name) for name in names}
    if p["code"] == "level-mismatch":
        cells.add((_relative(params["other_path"]), int(params["other_row"]), field))
    return Finding(stage, p["severity"], p["code"], path, row, field, frozenset(cells))


@dataclass
class Run:
    findings: list[Finding]
    outputs: str  # every stage's JSON, as printed


def run_pipeline() -> Run:
    """scan, build, validate on ./datapackages, as a CI job would (JSON on stdout)."""
    runner = CliRunner()
    findings: list[Finding] = []
    outputs = ""
    for stage, *flags in STAGES:
        result = runner.invoke(
            cli,
            ["--config", str(REPO / "config"), stage, "datapackages", "--format", "json", *flags],
        )
        assert result.exit_code in (0, 1), (stage, result.output, result.exception)
        findings += [_finding(stage, p) for p in _problems(json.loads(result.stdout))]
        outputs += result.stdout
    return Run(findings, outputs)


@dataclass
class Runs:
    clean: Run
    planted: Run
    manifest: list[dict[str, Any]]
    files: dict[str, bytes]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    clean_dir = tmp_path_factory.mktemp("clean")
    shutil.copytree(REPO / "datapackages", clean_dir / "datapackages")
    planted_dir = tmp_path_factory.mktemp("planted")
    files, manifest = generate_collection.generate(mistakes=True)
    generate_collection.write_tree(files, planted_dir / "datapackages", clean=True)
    found = []
    with pytest.MonkeyPatch.context() as mp:
        for workdir in (clean_dir, planted_dir):
            mp.chdir(workdir)
            found.append(run_pipeline())
    return Runs(found[0], found[1], manifest, files)


def _inside(path: str, place: str) -> bool:
    return path == place or path.startswith(place + "/")


def hits(finding: Finding, mistake: dict[str, Any]) -> bool:
    """The finding points at the mistake: its place, and its row and field where it has them."""
    place, row, field = str(mistake["path"]), mistake["row"], mistake["field"]
    return any(
        _inside(path, place) and (row is None or r == row) and (field is None or f == field)
        for path, r, f in finding.cells
    )


def explained(finding: Finding, mistake: dict[str, Any]) -> bool:
    """The finding is about the mistake's place: a whole-file finding anywhere in it, a row
    finding only on the mistake's row when the mistake has one; or it is a verdict on the whole
    folder that holds the mistaken file (e.g. "this folder was not built")."""
    place, row = str(mistake["path"]), mistake["row"]
    folder = place.rpartition("/")[0]
    return any(
        (_inside(path, place) and (row is None or r is None or r == row))
        or (path == folder and r is None and f is None)
        for path, r, f in finding.cells
    )


def test_the_clean_collection_has_no_errors(
    runs: Runs,
) -> None:
    clean = runs.clean.findings
    errors = [f for f in clean if f.severity == "error"]
    assert errors == []
    # one deliberate warning: a CSV saved in Indonesian locale (docs/collection.md)
    assert {(f.code, f.path) for f in clean if f.severity == "warning"} == {
        (
            "csv-locale-numbers",
            "13_KPU_PROV_SUMATERA_BARAT/1374_KPU_KOTA_PADANG_PANJANG/PL.01.8/DB1-PPWP/"
            "db1-ppwp-kota-padang-panjang.csv",
        )
    }


def test_every_planted_mistake_is_reported_at_its_file_row_and_field(
    runs: Runs,
) -> None:
    planted, manifest = runs.planted.findings, runs.manifest
    assert len(manifest) == 42
    missed = [m for m in manifest if not any(hits(f, m) for f in planted)]
    assert missed == [], "\n".join(
        f"{m['kind']}: {m['path']} {m['row']} {m['field']}" for m in missed
    )


def test_each_mistake_kind_is_told_apart(
    runs: Runs,
) -> None:
    """Not one catch-all code: the mistakes are reported under at least 25 different codes."""
    planted, manifest = runs.planted.findings, runs.manifest
    codes = {m["kind"]: {f.code for f in planted if hits(f, m)} for m in manifest}
    assert all(codes.values()), codes
    assert len(set().union(*codes.values())) >= 25, codes


def test_nothing_else_is_reported(
    runs: Runs,
) -> None:
    clean, planted, manifest = runs.clean.findings, runs.planted.findings, runs.manifest
    baseline = {f.key() for f in clean}
    extra = [
        f for f in planted if f.key() not in baseline and not any(explained(f, m) for m in manifest)
    ]
    assert extra == [], "\n".join(f"{f.stage} {f.code} {f.path} {f.row} {f.field}" for f in extra)


def test_personal_data_values_never_reach_the_report(
    runs: Runs,
) -> None:
    """The voter list's file is blocked, and none of its cells is copied into any output."""
    [voters] = [m for m in runs.manifest if m["kind"] == "personal-data"]
    about = [f for f in runs.planted.findings if f.path == voters["path"] and f.stage == "validate"]
    assert about and {f.code for f in about} == {"personal-data"}
    rows = list(csv.DictReader(io.StringIO(runs.files[str(voters["path"])].decode("utf-8"))))
    assert len(rows) == 20
    for row in rows:
        for column in ("nik", "nama", "tanggal_lahir"):
            assert row[column] not in runs.planted.outputs, column


def test_a_nik_column_in_a_workbook_blocks_its_package(
    runs: Runs,
) -> None:
    """A NIK column outside the schema in an XLSX: the package is blocked (sync never uploads
    the workbook or its PDF), the finding names the column, and no NIK reaches any output."""
    [workbook] = [m for m in runs.manifest if m["kind"] == "nik-in-workbook"]
    about = [
        f for f in runs.planted.findings if f.path == workbook["path"] and f.stage == "validate"
    ]
    assert {f.code for f in about} == {"personal-data"} and {f.field for f in about} == {
        "NIK KETUA PPK"
    }
    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(runs.files[str(workbook["path"])])).active
    niks = [
        c.value
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and len(c.value) == 16
    ]
    assert len(niks) == 2  # one per kecamatan of Kota Padang Panjang
    assert not [n for n in niks if n in runs.planted.outputs]


def test_a_voter_list_in_a_workbook_blocks_whatever_its_headings(
    runs: Runs,
) -> None:
    """No column is called NIK: the numbers' shape (province code, birth date) and the columns of
    a list of persons give it away, in build and in validate, and no cell reaches any output."""
    [voters] = [m for m in runs.manifest if m["kind"] == "voter-list-xlsx"]
    for stage in ("build", "validate"):
        about = [f for f in runs.planted.findings if f.path == voters["path"] and f.stage == stage]
        assert {f.code for f in about} == {"personal-data"}, stage
        assert {f.field for f in about} == {"NOMOR INDUK", "NAMA LENGKAP"}, stage
    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(runs.files[str(voters["path"])])).active
    cells = [str(c.value) for row in ws.iter_rows(min_row=5) for c in row[1:4] if c.value]
    assert len(cells) == 45
    assert not [c for c in cells if c in runs.planted.outputs]
