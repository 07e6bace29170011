"""The report's "siap unggah" status on real trees: every problem with its fix at the file the
steward edits, real warning counts, build failures, personal data, the ranking, collects."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher import dashboard, validate
from publisher.build import build_tree
from publisher.cli import cli
from publisher.config import Config, load_config
from publisher.province import bundle, collect
from publisher.report import Status, build_status, render_csv, render_json, render_text
from publisher.report.types import PackageEntry, ProblemView

REPO = Path(__file__).resolve().parents[1]
KUBU_DB1 = "61_KPU_PROV_KALIMANTAN_BARAT/6112_KPU_KAB_KUBU_RAYA/PL.01.8/DB1-PPWP"
SIJ = "13_KPU_PROV_SUMATERA_BARAT/1303_KPU_KAB_SIJUNJUNG"
NIK = "1303054107850001"


@pytest.fixture(scope="module")
def real_config() -> Config:
    return load_config(REPO / "config")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, real_config: Config) -> Path:
    root = tmp_path_factory.mktemp("clean") / "datapackages"
    shutil.copytree(REPO / "datapackages", root)
    build_tree(root, real_config)
    return root


@pytest.fixture(scope="module")
def troubled(tmp_path_factory: pytest.TempPathFactory, built: Path, real_config: Config) -> Path:
    """The collection with a corrupt workbook (Kubu Raya DB1) and a by-name voter list with NIK
    (Sijunjung DPT), built again as a steward would."""
    root = tmp_path_factory.mktemp("troubled") / "datapackages"
    shutil.copytree(built, root)
    (root / KUBU_DB1 / "rekap-db1-ppwp-kabupaten-kubu-raya.xlsx").write_bytes(b"PK\x03\x04 no")
    dpt = root / SIJ / "PL.01.2" / "DPT"
    (dpt / "dpt-tps-001.csv").write_text(
        f"nik,nama,tanggal_lahir,alamat\n{NIK},SITI AMINAH,1985-07-01,JORONG KOTO\n",
        encoding="utf-8",
    )
    narasi = dpt / "narasi.md"
    text = narasi.read_text(encoding="utf-8")
    narasi.write_text(text.replace("Berkas:\n", 'Berkas:\n  - "dpt-tps-001.csv"\n', 1), "utf-8")
    build_tree(root, real_config)
    return root


def packages(data: Status) -> dict[str, PackageEntry]:
    return {p.path: p for _, o in data.offices() for p in o.packages}


def all_problems(data: Status) -> list[ProblemView]:
    found = list(data.problems)
    for _, office in data.offices():
        found += office.problems
        found += [x for p in office.packages for x in p.problems]
    return found


def test_the_bundled_collection_is_ready_and_its_one_warning_is_counted(
    built: Path, real_config: Config
) -> None:
    data = build_status(built, real_config, offline=True, lang="id")
    checked = validate.validate_paths([built], real_config)
    warnings = checked.to_dict("id")["summary"]["warnings"]
    assert warnings == 1  # the Indonesian-style numbers in Padang Panjang's DB1 CSV
    assert (data.totals.warnings, data.totals.errors) == (warnings, 0)
    assert {p.status for p in packages(data).values()} == {"ready"}
    assert data.totals.ready == data.totals.packages == 58
    [warning] = all_problems(data)
    assert warning.code == "csv-locale-numbers" and warning.fix
    assert warning.path.startswith("13_KPU_PROV_SUMATERA_BARAT/1374_KPU_KOTA_PADANG_PANJANG/")
    result = CliRunner().invoke(cli, ["report", str(built), "--offline"])
    assert result.exit_code == 0, result.output


def test_a_corrupt_workbook_is_a_build_failure_with_its_fix(
    troubled: Path, real_config: Config
) -> None:
    data = build_status(troubled, real_config, offline=True, lang="id")
    kubu = packages(data)[KUBU_DB1]
    assert kubu.status == "build-failed" and kubu.readiness.reasons == ("build-failed",)
    [problem] = [x for x in kubu.problems if x.code == "xlsx-unreadable"]
    assert problem.path == f"{KUBU_DB1}/rekap-db1-ppwp-kabupaten-kubu-raya.xlsx"
    assert problem.kind == "file" and "simpan ulang" in problem.fix
    office = next(o for _, o in data.offices() if o.kode == "6112")
    assert office.status == "problems" and office.totals.build_failed == 1
    assert data.totals.build_failed == 1


def test_a_voter_list_with_nik_blocks_its_folder_and_is_never_shown(
    troubled: Path, real_config: Config
) -> None:
    data = build_status(troubled, real_config, offline=True, lang="en")
    dpt = packages(data)[f"{SIJ}/PL.01.2/DPT"]
    assert dpt.status == "blocked" and "personal-data" in dpt.readiness.reasons
    assert dpt.readiness.no_personal_data is False
    assert any(x.kind == "personal-data" for x in dpt.problems)
    assert NIK not in render_json(data) and "SITI AMINAH" not in render_json(data)
    assert data.totals.blocked == 1


def test_problems_are_at_the_files_stewards_edit_relative_to_the_root(
    troubled: Path, real_config: Config
) -> None:
    data = build_status(troubled, real_config, offline=True, lang="id")
    for problem in all_problems(data):
        assert "/_build/" not in problem.path, problem
        assert not problem.path.startswith("datapackages/"), problem
        assert (troubled / problem.path).exists(), problem


def test_the_ranking_counts_only_documents_that_are_ready(
    built: Path, troubled: Path, real_config: Config
) -> None:
    before = build_status(built, real_config, offline=True, lang="id")
    after = build_status(troubled, real_config, offline=True, lang="id")
    score = {r.unit_kerja: r.documents for r in before.ranking}
    now = {r.unit_kerja: (r.documents, r.all_documents) for r in after.ranking}
    # Sijunjung's DPT folder (1 XLSX + the new CSV) no longer counts; it has one more file
    assert now["1303_KPU_KAB_SIJUNJUNG"] == (score["1303_KPU_KAB_SIJUNJUNG"] - 1, 21)
    # Kubu Raya's DB1 folder (its XLSX) no longer counts
    assert now["6112_KPU_KAB_KUBU_RAYA"] == (score["6112_KPU_KAB_KUBU_RAYA"] - 1, 2)
    assert "siap unggah" in after.counting_rule


def test_text_csv_and_exit_code_say_the_same(troubled: Path, real_config: Config) -> None:
    data = build_status(troubled, real_config, offline=True, lang="id")
    text = render_text(data, "id")
    assert f"{KUBU_DB1}: gagal dibangun" in text and "→ Buka di Excel" in text
    rows = {
        r["dataset"] or r["unit_kerja"]: r for r in csv.DictReader(io.StringIO(render_csv(data)))
    }
    statuses = sorted(r["status"] for r in rows.values())
    assert statuses.count("build-failed") == 1 and statuses.count("blocked") == 1
    blocked = next(r for r in rows.values() if r["status"] == "blocked")
    assert "personal-data" in blocked["reasons"].split()
    runner = CliRunner()
    assert runner.invoke(cli, ["report", str(troubled), "--offline"]).exit_code == 1
    quiet = runner.invoke(cli, ["report", str(troubled), "--offline", "--no-fail"])
    assert quiet.exit_code == 0


def test_the_dashboard_lists_every_problem_with_its_fix(
    troubled: Path, real_config: Config
) -> None:
    data = build_status(troubled, real_config, offline=True, lang="id")
    html = dashboard.render(data)
    for problem in all_problems(data):
        assert problem.fix == "" or html.count(problem.code) >= 1
    assert f"{KUBU_DB1}/rekap-db1-ppwp-kabupaten-kubu-raya.xlsx" in html
    assert "→ Buka di Excel/LibreOffice" in html
    assert html.count('data-testid="problem"') == len(all_problems(data))


def test_collected_packages_say_when_and_from_which_bundle(
    built: Path, real_config: Config, tmp_path: Path
) -> None:
    archive = bundle(built / SIJ, real_config, out=tmp_path / "sijunjung.kpu.tar.gz").archive
    assert archive is not None
    province = tmp_path / "provinsi"
    (province / "13_KPU_PROV_SUMATERA_BARAT").mkdir(parents=True)
    assert collect([archive], province, real_config).exit_code == 0
    data = build_status(province, real_config, offline=True, lang="id")
    found = packages(data)
    assert len(found) == 5 and all(p.collected for p in found.values())
    got = found[f"{SIJ}/PL.01.8/C1-PPWP"].collected
    assert (got.seq, got.bundle, got.state) == (1, "sijunjung.kpu.tar.gz", "new")
    assert data.totals.collected == 5 and data.totals.ready == 5
    assert "dikumpulkan #1" in render_text(data, "id")
    assert 'data-testid="collected"' in dashboard.render(data)


def test_a_workbook_mistake_is_placed_at_its_sheet_and_row(
    built: Path, real_config: Config, tmp_path: Path
) -> None:
    """A DPT count changed in Sijunjung's DB1 workbook: the row's rule and the JUMLAH row (kept
    apart by the build) are both reported at the workbook, its sheet and the sheet's rows."""
    from openpyxl import load_workbook

    root = tmp_path / "datapackages"
    shutil.copytree(built, root)
    book = root / SIJ / "PL.01.8" / "DB1-PPWP" / "rekap-db1-ppwp-kabupaten-sijunjung.xlsx"
    workbook = load_workbook(book)
    sheet = workbook.worksheets[0]
    assert sheet.cell(row=11, column=5).value == 6339  # IV Nagari, DPT L
    sheet.cell(row=11, column=5).value = 6340
    workbook.save(book)
    build_tree(root, real_config)
    data = build_status(root, real_config, offline=True, lang="id")
    errors = [
        x for x in packages(data)[f"{SIJ}/PL.01.8/DB1-PPWP"].problems if x.severity == "error"
    ]
    where = sorted((x.code, x.path, x.sheet, x.row, x.field) for x in errors)
    rel = book.relative_to(root).as_posix()
    assert where == [
        ("rule-sum", rel, "Rekap", 11, "dpt_jumlah"),
        ("total-mismatch", rel, "Rekap", 17, "dpt_l"),
    ]
    assert all("lembar 'Rekap'" in x.message for x in errors)
