"""tables: encodings, delimiters, Indonesian numbers, and schemas that keep codes as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.config import Config
from publisher.tables import infer_fields, inspect_csv, normalise_number, sniff_encoding
from tests.fixtures import recap_csv


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("kode,nama\n01,Ā\n".encode(), "utf-8"),
        (b"\xef\xbb\xbfkode,nama\n01,A\n", "utf-8-sig"),
        ("kode;nama\n01;Jalan – Raya\n".encode("cp1252"), "cp1252"),
        (b"kode\n\x81\x8d\n", None),  # bytes that Windows-1252 leaves undefined
    ],
)
def test_sniff_encoding(tmp_path: Path, data: bytes, expected: str | None) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    assert sniff_encoding(path)[0] == expected


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("2.488.733", "integer", "2488733"),
        ("1.234,5", "number", "1234.5"),
        ("12,5", "number", "12.5"),
        ("2 488 733", "integer", "2488733"),
        ("2,488,733", "integer", "2488733"),
        ("1.234,00", "integer", "1234"),
        ("+15", "integer", "15"),
        ("-", "integer", "-"),
        ("n/a", "number", "n/a"),
    ],
)
def test_normalise_number(text: str, kind: str, expected: str) -> None:
    assert normalise_number(text, kind) == expected


def test_inferred_schema_keeps_codes_as_text() -> None:
    header = ["kode_wilayah", "no", "nomor_hp", "nama", "suara", "persen"]
    rows = [
        ["1303", "1", "0812", "A", "2.488.733", "12,5"],
        ["1374", "2", "0813", "B", "15", "3"],
    ]
    types = {f["name"]: f["type"] for f in infer_fields(header, rows)}
    assert types == {
        "kode_wilayah": "string",
        "no": "integer",
        "nomor_hp": "string",
        "nama": "string",
        "suara": "integer",
        "persen": "number",
    }


def test_semicolon_cp1252_csv_is_declared_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    original = "kode;nama;suara;sah\n0101;Jalan – Raya;1.234;2.000\n".encode("cp1252")
    path.write_bytes(original)
    info = inspect_csv(path, shown="x.csv", schema=None)
    assert info.encoding == "cp1252" and info.dialect == {"delimiter": ";"}
    assert info.header == ("kode", "nama", "suara", "sah")
    assert info.schema is not None
    assert [f["type"] for f in info.schema["fields"]] == ["string", "string", "integer", "integer"]
    assert sorted(p.code for p in info.problems) == [
        "csv-delimiter",
        "csv-encoding",
        "csv-locale-numbers",  # one warning naming both columns
    ]
    [locale] = [p for p in info.problems if p.code == "csv-locale-numbers"]
    assert "suara, sah" in locale.message("en") and "1.234" in locale.message("en")
    assert path.read_bytes() == original


def test_configured_schema_and_header_mismatch(tmp_path: Path, config: Config) -> None:
    schema = config.schema("rekap-ppwp.json")
    good = tmp_path / "good.csv"
    good.write_text(recap_csv(), encoding="utf-8")
    info = inspect_csv(good, shown="good.csv", schema=schema, schema_name="rekap-ppwp.json")
    assert info.problems == () and info.encoding is None and info.dialect is None
    assert info.schema == schema
    bad = tmp_path / "bad.csv"
    bad.write_text(recap_csv().replace("suara_01", "paslon_01"), encoding="utf-8")
    info = inspect_csv(bad, shown="bad.csv", schema=schema, schema_name="rekap-ppwp.json")
    [problem] = info.problems
    assert problem.code == "csv-header-mismatch" and "suara_01" in problem.message("en")
    # what differs is said in the reader's language, not in both at once
    indonesian, english = problem.message("id"), problem.message("en")
    assert "tidak ada: suara_01" in indonesian and "lebih: paslon_01" in indonesian
    assert "missing: suara_01" in english and "extra: paslon_01" in english
    assert "missing" not in indonesian and "tidak ada" not in english


def test_empty_and_undecodable_csv(tmp_path: Path) -> None:
    empty = tmp_path / "e.csv"
    empty.write_text("\n\n", encoding="utf-8")
    assert [p.code for p in inspect_csv(empty, shown="e.csv", schema=None).problems] == [
        "csv-empty"
    ]
    bad = tmp_path / "b.csv"
    bad.write_bytes(b"a,b\n\x81,\x8d\n")
    [problem] = inspect_csv(bad, shown="b.csv", schema=None).problems
    assert problem.code == "csv-encoding-unknown" and problem.severity == "error"
    assert dict(problem.params)["offset"] == "4"


def test_clean_number_keeps_plain_decimals_in_number_columns() -> None:
    from publisher.tables import clean_number

    assert clean_number("1.234", "number") == "1.234"
    assert clean_number("1.234", "integer") == "1234"
    assert clean_number("1.234,5", "number") == "1234.5"
    assert clean_number(" 2.488.733 ", "integer") == "2488733"


def test_datastore_records_are_typed_with_the_same_rule(tmp_path: Path) -> None:
    from publisher.datastore import fields, records

    path = tmp_path / "t.csv"
    path.write_text("kode;suara;rasio\n1303;2.488.733;1.5\n1374;;12,5\n", encoding="utf-8")
    columns = fields(
        {
            "fields": [
                {"name": "kode", "type": "string"},
                {"name": "suara", "type": "integer"},
                {"name": "rasio", "type": "number"},
            ]
        }
    )
    assert list(records(path, columns)) == [
        [
            {"kode": "1303", "suara": 2488733, "rasio": 1.5},
            {"kode": "1374", "suara": None, "rasio": 12.5},
        ]
    ]
