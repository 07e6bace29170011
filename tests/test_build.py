"""build.build_tree: packages written in place, deterministic, skipped when unchanged, and bad input
reported per folder without stopping the others."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from frictionless import Package, Resource

from publisher.build import BuildResult, LeafResult, build_tree
from publisher.config import Config
from tests.fixtures import (
    LEAF,
    PRESENTATION_CSV,
    UNIT,
    good_leaf,
    narrative_md,
    narrative_txt,
    presentation_xlsx,
    recap_csv,
    write_leaf,
)

XLSX_LEAF = f"{UNIT}/PL.01.8/DA1 PPWP"


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def outcome(result: BuildResult, path: str) -> LeafResult:
    return next(leaf for leaf in result.leaves if leaf.path == path)


def collection(root: Path) -> None:
    good_leaf(root)
    leaf = write_leaf(
        root,
        XLSX_LEAF,
        {
            "narasi.md": narrative_md(
                Jenis_Dokumen="DA1-PPWP",
                Tingkat_Penyajian="Desa/Kelurahan",
                Berkas="rekap.xlsx, scan.pdf",
            ),
            "scan.pdf": b"%PDF-1.4 stand-in",
        },
    )
    presentation_xlsx(leaf / "rekap.xlsx")


def test_build_writes_packages_in_place(root: Path, config: Config) -> None:
    collection(root)
    result = build_tree(root, config)
    assert (result.count("built"), result.count("failed"), result.exit_code) == (2, 0, 0)
    package = json.loads((root / LEAF / "datapackage.json").read_text(encoding="utf-8"))
    assert package["name"] == "1303-db1-ppwp-pl-01-8-2019"
    assert package["licenses"] == [{"name": "cc-by", "title": "CC-BY 4.0"}]
    assert package["keywords"] == ["pemilu 2019", "pilpres", "rekapitulasi"]
    xkpu = package["x-kpu"]
    assert {k: xkpu[k] for k in ("kode_wilayah", "kode_tahapan", "jenis_dokumen", "tahun")} == {
        "kode_wilayah": "1303",
        "kode_tahapan": "PL.01.8",
        "jenis_dokumen": "DB1-PPWP",
        "tahun": 2019,
    }
    assert xkpu["tingkat"] == "kecamatan" and xkpu["fingerprint"].startswith("sha256:")
    [csv] = package["resources"]
    assert csv["schema"] == config.schema("rekap-ppwp.json")
    assert csv["type"] == "table" and csv["mediatype"] == "text/csv"
    assert csv["bytes"] == len(recap_csv().encode()) and csv["hash"].startswith("sha256:")


def test_xlsx_becomes_a_clean_csv_beside_the_original(root: Path, config: Config) -> None:
    collection(root)
    build_tree(root, config)
    folder = root / XLSX_LEAF
    assert (folder / "_build" / "rekap.csv").read_text(encoding="utf-8") == PRESENTATION_CSV
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    by_path = {r["path"]: r for r in package["resources"]}
    assert list(by_path) == ["rekap.xlsx", "_build/rekap.csv", "scan.pdf"]
    assert by_path["rekap.xlsx"]["type"] == "file"
    assert by_path["scan.pdf"]["mediatype"] == "application/pdf"
    table = by_path["_build/rekap.csv"]
    source = table["x-kpu-source"]
    # where each cell came from: the sheet's rows 8 and 9 (under the 3-row header ending on 6)
    assert {k: source[k] for k in ("path", "sheet", "header_row", "rows")} == {
        "path": "rekap.xlsx", "sheet": "DB1", "header_row": 6, "rows": [[2, 8, 2]],
    }  # fmt: skip
    assert source["columns"]["kode_wilayah"] == "A" and source["columns"]["suara_jumlah"] == "O"
    assert table["x-kpu-totals"][0]["values"]["suara_01"] == 1224
    assert len(table["x-kpu-notes"]) == 2


def test_second_build_changes_no_byte_and_skips(root: Path, config: Config) -> None:
    collection(root)
    build_tree(root, config)
    before = snapshot(root)
    mtimes = {p: os.stat(root / p).st_mtime_ns for p in before}
    second = build_tree(root, config)
    assert (second.count("built"), second.count("skipped")) == (0, 2)
    assert outcome(second, LEAF).name == "1303-db1-ppwp-pl-01-8-2019"
    mode = (root / LEAF / "datapackage.json").stat().st_mode & 0o777
    assert mode == 0o666 & ~current_umask()  # not mkstemp's 0600
    assert snapshot(root) == before
    assert {p: os.stat(root / p).st_mtime_ns for p in before} == mtimes
    forced = build_tree(root, config, force=True)
    assert forced.count("built") == 2 and snapshot(root) == before


def test_only_the_changed_folder_is_rebuilt(root: Path, config: Config) -> None:
    collection(root)
    build_tree(root, config)
    (root / LEAF / "rekap.csv").write_text(recap_csv().replace("524", "525"), encoding="utf-8")
    result = build_tree(root, config)
    assert outcome(result, LEAF).outcome == "built"
    assert outcome(result, XLSX_LEAF).outcome == "skipped"


def test_a_damaged_build_output_is_rebuilt_and_stale_ones_removed(
    root: Path, config: Config
) -> None:
    collection(root)
    build_tree(root, config)
    out = root / XLSX_LEAF / "_build" / "rekap.csv"
    out.write_text("diubah tangan\n", encoding="utf-8")
    assert outcome(build_tree(root, config), XLSX_LEAF).outcome == "built"
    assert out.read_text(encoding="utf-8") == PRESENTATION_CSV
    (root / XLSX_LEAF / "rekap.xlsx").unlink()
    narr = narrative_md(
        Jenis_Dokumen="DA1-PPWP", Tingkat_Penyajian="Desa/Kelurahan", Berkas="scan.pdf"
    )
    (root / XLSX_LEAF / "narasi.md").write_text(narr, encoding="utf-8")
    [leaf] = [r for r in build_tree(root, config).leaves if r.path == XLSX_LEAF]
    assert leaf.outcome == "built"
    assert [p.code for p in leaf.problems if p.severity != "info"] == ["layout-no-table"]
    assert not (root / XLSX_LEAF / "_build").exists()


def test_declared_dialect_and_encoding_read_right_in_frictionless(
    root: Path, config: Config
) -> None:
    text = narrative_txt(Jenis_Dokumen="DB1-PPWP", Berkas="rekap.csv")
    data = recap_csv().replace(",", ";").replace("IV NAGARI", "IV NAGARI – Sijunjung")
    write_leaf(root, LEAF, {"NARASI.txt": text, "rekap.csv": data.encode("cp1252")})
    result = build_tree(root, config)
    assert result.count("built") == 1
    codes = {p.code for p in result.leaves[0].problems}
    assert {"csv-encoding", "csv-delimiter"} <= codes
    descriptor = root / LEAF / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    [res] = package["resources"]
    assert (res["encoding"], res["dialect"]) == ("cp1252", {"delimiter": ";"})
    resource = Resource(res, basepath=str(descriptor.parent))
    rows = resource.read_rows()
    assert rows[0]["nama_wilayah"] == "IV NAGARI – Sijunjung" and rows[1]["suara_02"] == 6000


def test_every_package_is_a_valid_frictionless_package(root: Path, config: Config) -> None:
    collection(root)
    build_tree(root, config)
    descriptors = sorted(root.rglob("datapackage.json"))
    assert len(descriptors) == 2
    for descriptor in descriptors:
        report = Package.validate_descriptor(str(descriptor))
        assert report.valid, [e.message for e in report.errors]
        package = Package(str(descriptor))
        full = package.validate()
        assert full.valid, full.flatten(["type", "note"])


BAD_INPUTS = {
    # folder name → (files, problem code expected, file the message must name)
    "DA1-PPWP": ({"rekap.xlsx": b"bukan zip"}, "xlsx-unreadable", "rekap.xlsx"),
    "DC1-PPWP": ({"rekap.csv": b"kode\n\x81\x8d\n"}, "csv-encoding-unknown", "rekap.csv"),
    "DD1-PPWP": ({"rekap.csv": b""}, "layout-empty-file", "rekap.csv"),
}


@pytest.mark.parametrize("jenis", sorted(BAD_INPUTS))
def test_bad_input_fails_its_folder_only(root: Path, config: Config, jenis: str) -> None:
    good_leaf(root)
    files, code, named = BAD_INPUTS[jenis]
    berkas = ", ".join(files)
    text = narrative_txt(Jenis_Dokumen=jenis, Berkas=berkas)
    bad = f"{UNIT}/PL.01.8/{jenis}"
    write_leaf(root, bad, {"NARASI.txt": text, **files})
    result = build_tree(root, config)
    assert outcome(result, LEAF).outcome == "built"
    failed = outcome(result, bad)
    assert failed.outcome == "failed" and result.exit_code == 1
    [problem] = [p for p in failed.problems if p.code == code]
    assert problem.path == f"{bad}/{named}" and named in problem.message("id")
    assert problem.fix("id") and problem.fix("en")
    assert not (root / bad / "datapackage.json").exists()


def test_narrative_missing_keys_fails_its_folder(root: Path, config: Config) -> None:
    good_leaf(root)
    bad = f"{UNIT}/PL.01.8/DC1-PPWP"
    write_leaf(root, bad, {"NARASI.txt": narrative_txt(drop=("Judul",)), "r.csv": recap_csv()})
    result = build_tree(root, config)
    failed = outcome(result, bad)
    assert failed.outcome == "failed"
    [problem] = [p for p in failed.problems if p.code == "narrative-missing-key"]
    assert problem.path == f"{bad}/NARASI.txt" and "Judul" in problem.message("en")
    assert outcome(result, LEAF).outcome == "built"


def test_unknown_stage_and_symlink_outside(root: Path, config: Config) -> None:
    good_leaf(root)
    good_leaf(root, f"{UNIT}/Tahap Lain/DB1-PPWP")
    secret = root.parent / "luar.csv"
    secret.write_text(recap_csv(), encoding="utf-8")
    linked = good_leaf(root, f"{UNIT}/PL.01.8/DC1-PPWP")
    os.symlink(secret, linked / "tautan.csv")
    result = build_tree(root, config)
    unknown = outcome(result, f"{UNIT}/Tahap Lain/DB1-PPWP")
    assert unknown.outcome == "failed"
    assert "layout-stage-unknown" in {p.code for p in unknown.problems}
    link = outcome(result, f"{UNIT}/PL.01.8/DC1-PPWP")
    [problem] = [p for p in link.problems if p.code == "layout-symlink-outside"]
    assert problem.path.endswith("tautan.csv") and link.outcome == "failed"
    assert outcome(result, LEAF).outcome == "built"


def test_warnings_do_not_fail_a_folder(root: Path, config: Config) -> None:
    text = narrative_txt(Tag="a, pilpres", Berkas="rekap.csv, hilang.pdf")
    write_leaf(root, LEAF, {"NARASI.txt": text, "rekap.csv": recap_csv()})
    [leaf] = build_tree(root, config).leaves
    assert leaf.outcome == "built"
    assert {"narrative-bad-tag", "narrative-file-absent"} <= {p.code for p in leaf.problems}


def test_bad_name_pattern_fails_with_the_config_key(root: Path, config: Config) -> None:
    import dataclasses

    long_naming = dataclasses.replace(config.naming, dataset="{unit_kerja}-" + "x" * 100)
    good_leaf(root)
    [leaf] = build_tree(root, dataclasses.replace(config, naming=long_naming)).leaves
    assert leaf.outcome == "failed"
    [problem] = [p for p in leaf.problems if p.code == "build-name"]
    assert "naming.dataset" in problem.message("en")


def test_one_sheet_per_area_gives_one_csv_per_sheet(root: Path, config: Config) -> None:
    import openpyxl

    from tests.fixtures import RECAP_HEADER, RECAP_ROWS

    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "IV Nagari"
    second = book.create_sheet("Kupitan")
    for ws, row in ((first, RECAP_ROWS[0]), (second, RECAP_ROWS[1])):
        ws.append([h.upper().replace("_", " ") for h in RECAP_HEADER.split(",")])
        ws.append(row.split(","))
    text = narrative_txt(Berkas="per-kecamatan.xlsx")
    leaf = write_leaf(root, LEAF, {"NARASI.txt": text})
    book.save(leaf / "per-kecamatan.xlsx")
    result = build_tree(root, config)
    assert result.count("built") == 1, result.leaves[0].problems
    built = sorted(p.name for p in (leaf / "_build").glob("*.csv"))
    assert built == ["per-kecamatan__iv_nagari.csv", "per-kecamatan__kupitan.csv"]
    [note] = [p for p in result.leaves[0].problems if p.code == "xlsx-sheet-per-area"]
    assert note.severity == "info" and "'IV Nagari', 'Kupitan'" in note.message("en")
    kupitan = (leaf / "_build" / "per-kecamatan__kupitan.csv").read_text(encoding="utf-8")
    assert kupitan == f"{RECAP_HEADER}\n{RECAP_ROWS[1]}\n"


def test_a_program_error_fails_only_its_folder(
    root: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    collection(root)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("publisher.build.resources.read_xlsx", broken)
    result = build_tree(root, config)
    failed = outcome(result, XLSX_LEAF)
    assert failed.outcome == "failed"
    [problem] = [p for p in failed.problems if p.code == "build-internal"]
    assert "RuntimeError: boom" in problem.message("en") and "--debug" in problem.fix("en")
    assert outcome(result, LEAF).outcome == "built"
    with pytest.raises(RuntimeError):
        build_tree(root, config, debug=True)


def test_a_pdf_that_is_no_pdf_is_a_warning(root: Path, config: Config) -> None:
    good_leaf(root, **{"scan.pdf": b"<html>not a pdf</html>"})
    [leaf] = build_tree(root, config).leaves
    assert leaf.outcome == "built"
    [problem] = [p for p in leaf.problems if p.code == "build-not-pdf"]
    assert problem.path == f"{LEAF}/scan.pdf"


def test_indonesian_numbers_get_a_clean_copy(root: Path, config: Config) -> None:
    text = narrative_txt(Jenis_Dokumen="DB1-PPWP", Berkas="rekap.csv")
    data = recap_csv().replace(",", ";").replace(";5287;", ";5.287;").replace(";10100;", ";10.100;")
    write_leaf(root, LEAF, {"NARASI.txt": text, "rekap.csv": data})
    result = build_tree(root, config)
    assert result.count("built") == 1
    assert "csv-locale-numbers" in {p.code for p in result.leaves[0].problems}
    descriptor = root / LEAF / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    original, clean = package["resources"]
    assert (original["path"], original["type"]) == ("rekap.csv", "file")
    assert (clean["path"], clean["type"]) == ("_build/rekap.csv", "table")
    assert clean["x-kpu-source"] == {"path": "rekap.csv"}
    assert (root / LEAF / "_build" / "rekap.csv").read_text(encoding="utf-8") == recap_csv()
    report = Package(str(descriptor)).validate()  # type: ignore[no-untyped-call]
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])


def test_a_csv_and_an_xlsx_of_one_name_keep_their_clean_copies_apart(
    root: Path, config: Config
) -> None:
    data = recap_csv().replace(",5287,", ',"5.287",')
    text = narrative_txt(Berkas="rekap.csv, rekap.xlsx")
    leaf = write_leaf(root, LEAF, {"NARASI.txt": text, "rekap.csv": data})
    presentation_xlsx(leaf / "rekap.xlsx")
    [result] = build_tree(root, config).leaves
    assert result.outcome == "built", result.problems
    assert sorted(p.name for p in (leaf / "_build").glob("*.csv")) == [
        "rekap.csv",
        "rekap__csv.csv",
    ]
    assert (leaf / "_build" / "rekap__csv.csv").read_text(encoding="utf-8") == recap_csv()
    assert (leaf / "_build" / "rekap.csv").read_text(encoding="utf-8") == PRESENTATION_CSV
    package = json.loads((leaf / "datapackage.json").read_text(encoding="utf-8"))
    sources = {r["path"]: r.get("x-kpu-source", {}).get("path") for r in package["resources"]}
    assert sources["_build/rekap__csv.csv"] == "rekap.csv"
    assert sources["_build/rekap.csv"] == "rekap.xlsx"


def test_a_skipped_folder_still_reports_what_its_build_found(root: Path, config: Config) -> None:
    text = narrative_txt(Tag="a, pilpres", Tanggal_Penetapan="43589")
    write_leaf(root, LEAF, {"NARASI.txt": text, "rekap.csv": recap_csv()})
    first = build_tree(root, config).leaves[0]
    second = build_tree(root, config).leaves[0]
    assert (first.outcome, second.outcome) == ("built", "skipped")
    codes = {p.code for p in first.problems}
    assert {"narrative-bad-tag", "narrative-date-serial"} <= codes
    assert set(first.problems) == set(second.problems)
    assert "_build/problems.json" not in (root / LEAF / "datapackage.json").read_text("utf-8")
