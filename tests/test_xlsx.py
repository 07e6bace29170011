"""xlsx.read_xlsx: a presentation-style workbook → the expected clean CSV, byte for byte."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from publisher.config import Config
from publisher.xlsx import read_xlsx
from tests.fixtures import PRESENTATION_CSV, presentation_xlsx


def test_presentation_workbook_to_clean_csv(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "rekap.xlsx"
    presentation_xlsx(path)
    book = read_xlsx(path, shown="rekap.xlsx", schema=config.schema("rekap-ppwp.json"))
    [table] = book.tables
    assert table.csv_bytes() == PRESENTATION_CSV.encode("utf-8")
    [total] = table.totals
    assert total["row"] == 10 and total["label"] == "JUMLAH"
    assert total["values"]["suara_02"] == 11287 and "kode_wilayah" not in total["values"]
    assert [n["text"] for n in table.notes] == [
        "Muaro Sijunjung, 4 Mei 2019",
        "Ketua KPU Kabupaten Sijunjung",
    ]
    codes = {p.code: p for p in book.problems}
    assert codes["xlsx-hidden-sheet"].severity == "warning"
    assert dict(codes["xlsx-hidden-sheet"].params)["sheet"] == "lama"
    assert codes["xlsx-separated"].severity == "info"


def test_a_workbook_without_the_schemas_columns(tmp_path: Path, config: Config) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["KODE", "NAMA WILAYAH", "CATATAN"])
    ws.append(["1303", "SIJUNJUNG", "x"])
    path = tmp_path / "x.xlsx"
    book.save(path)
    result = read_xlsx(
        path, shown="x.xlsx", schema=config.schema("rekap-ppwp.json"), schema_name="rekap-ppwp"
    )
    assert result.tables == ()
    [problem] = result.problems
    assert problem.code == "xlsx-header" and problem.severity == "error"
    assert "suara_01" in problem.message("en") and "x.xlsx" in problem.message("en")


def test_without_a_schema_the_header_is_guessed(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["DAFTAR PARTAI"])
    ws.append([])
    ws.append(["No Urut", "Nama Partai", "Kode"])
    ws.append([1, "PKB", "001"])
    ws.append([2, "Gerindra", "002"])
    path = tmp_path / "p.xlsx"
    book.save(path)
    [table] = read_xlsx(path, shown="p.xlsx", schema=None).tables
    assert table.csv_bytes() == b"no_urut,nama_partai,kode\n1,PKB,001\n2,Gerindra,002\n"
    assert [f["type"] for f in table.schema["fields"]] == ["integer", "string", "string"]


def test_a_broken_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"not a zip")
    result = read_xlsx(path, shown="a/rusak.xlsx", schema=None)
    [problem] = result.problems
    assert problem.code == "xlsx-unreadable" and problem.path == "a/rusak.xlsx"
