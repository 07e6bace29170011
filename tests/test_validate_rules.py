"""Election rules, total rows, region codes, cross-level totals and the personal-data guard."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from publisher.config import Config
from publisher.validate import Options, check_package, validate_paths
from tests.test_validate_equivalence import REGIONS, make_config, write_package

REPO = Path(__file__).resolve().parents[1]
RECAP = json.loads((REPO / "config" / "schemas" / "rekap-ppwp.json").read_text(encoding="utf-8"))
COUNTS = [
    "jumlah_tps", "dpt_l", "dpt_p", "dpt_jumlah", "pengguna_dpt", "pengguna_dptb",
    "pengguna_dpk", "pengguna_jumlah", "suara_01", "suara_02", "suara_sah",
    "suara_tidak_sah", "suara_jumlah",
]  # fmt: skip


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path / "config", REGIONS)


def recap_row(kode: str, nama: str, s01: int, s02: int, tps: int = 3) -> list[str]:
    """A consistent recap row: every rule holds."""
    sah = s01 + s02
    jumlah = sah + 4
    values = [tps, 300, 310, 610, jumlah, 0, 0, jumlah, s01, s02, sah, 4, jumlah]
    return [kode, nama, *map(str, values)]


def codes(report: Any) -> set[tuple[int | None, str | None, str]]:
    return {(p.row, p.field, p.code) for p in report.all_problems()}


def test_total_row_inside_the_table_must_equal_the_sum(config: Config, tmp_path: Path) -> None:
    header = ["kode_wilayah", "nama_wilayah", *COUNTS]
    rows = [
        header,
        recap_row("1303052005", "Koto Tuo", 55, 1045),
        recap_row("1303052004", "Muaro Bodi", 45, 955),
        ["", "JUMLAH", *map(str, [6, 600, 620, 1220, 2108, 0, 0, 2108, 100, 2001, 2100, 8, 2108])],
    ]
    descriptor = write_package(tmp_path / "p", {"r.csv": rows}, RECAP)
    found = codes(check_package(descriptor, config))
    assert (4, "suara_02", "total-mismatch") in found  # 1045 + 955 = 2000, not 2001
    assert (4, "suara_01", "total-mismatch") not in found
    assert (4, "kode_wilayah", "constraint-error") in found  # the total row has no code
    assert (4, None, "total-row") in found  # and is itself a warning: remove it from the data
    assert not any(c == "region-unknown" for _, _, c in found)


def test_totals_kept_apart_by_build_are_checked(config: Config, tmp_path: Path) -> None:
    header = ["kode_wilayah", "nama_wilayah", *COUNTS]
    rows = [header, recap_row("1303052005", "KOTO TUO", 55, 1045)]
    totals = [{"row": 9, "label": "JUMLAH", "values": {"suara_01": 56, "suara_02": 1045}}]
    extra = {"r.csv": {"x-kpu-totals": totals}}
    descriptor = write_package(tmp_path / "p", {"r.csv": rows}, RECAP, extra=extra)
    found = codes(check_package(descriptor, config))
    assert (9, "suara_01", "total-mismatch") in found
    assert (9, "suara_02", "total-mismatch") not in found
    assert not any(c == "total-row" for _, _, c in found)  # kept apart: nothing to remove


def test_region_codes_and_names(config: Config, tmp_path: Path) -> None:
    header = ["kode_wilayah", "nama_wilayah", *COUNTS]
    rows = [
        header,
        recap_row("1303052005", "Koto  Tuo", 55, 1045),  # case and spaces: same name
        recap_row("1303052004", "Koto Tuo", 45, 955),  # another region's name
        recap_row("1303059999", "Entah", 1, 1),  # no such code
        recap_row("13.03.05", "Kec. IV Nagari", 1, 1),  # dotted code: pattern error only
    ]
    descriptor = write_package(tmp_path / "p", {"r.csv": rows}, RECAP)
    found = codes(check_package(descriptor, config))
    assert (3, "nama_wilayah", "region-name") in found
    assert (4, "kode_wilayah", "region-unknown") in found
    assert (5, "kode_wilayah", "constraint-error") in found
    assert not any(r in (2, 5) and c.startswith("region") for r, _, c in found)


def test_level_totals_against_the_recap_one_level_up(config: Config, tmp_path: Path) -> None:
    header = ["kode_wilayah", "nama_wilayah", *COUNTS]
    kec = [
        header,
        recap_row("1303052005", "KOTO TUO", 55, 1045),
        recap_row("1303052004", "MUARO BODI", 45, 955),
    ]
    sums = [6, 600, 620, 1220, 2108, 0, 0, 2108, 100, 2001, 2100, 8, 2108]  # 02: 2001 ≠ 2000
    kab = [header, ["130305", "IV NAGARI", *map(str, sums)]]
    tree = tmp_path / "tree"
    write_package(tree / "kec", {"da1.csv": kec}, RECAP, xkpu={"jenis_dokumen": "DA1-PPWP"})
    write_package(tree / "kab", {"db1.csv": kab}, RECAP, xkpu={"jenis_dokumen": "DB1-PPWP"})
    report = validate_paths([tree], config)
    mismatches = [p for p in report.cross if p.code == "level-mismatch"]
    assert [(p.field, p.value) for p in mismatches] == [("suara_02", "2000")]
    assert "db1.csv" in dict(mismatches[0].params)["other_path"]
    assert report.exit_code == 1


def test_no_level_check_across_ballots(config: Config, tmp_path: Path) -> None:
    header = ["kode_wilayah", "nama_wilayah", *COUNTS]
    kec = [header, recap_row("1303052005", "KOTO TUO", 55, 1045)]
    kab = [header, recap_row("130305", "IV NAGARI", 1, 1)]
    tree = tmp_path / "tree"
    write_package(tree / "kec", {"da1.csv": kec}, RECAP, xkpu={"jenis_dokumen": "DA1-PPWP"})
    write_package(tree / "kab", {"db1.csv": kab}, RECAP, xkpu={"jenis_dokumen": "DB1-DPR"})
    assert validate_paths([tree], config).cross == []


DPT_SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "no", "type": "integer"},
        {"name": "nik", "type": "string"},
        {"name": "nama", "type": "string"},
        {"name": "tanggal_lahir", "type": "string"},
    ]
}


@pytest.mark.parametrize(
    ("header", "cells"),
    [
        (["no", "nik", "nama", "tanggal_lahir"], ["1", "1303054101900001", "SITI", "1990-01-01"]),
        (["no", "nomor", "nama_tps", "x"], ["1", "1303054101900001", "TPS 1", "-"]),
        (["no", "kode", "nama", "alamat"], ["1", "13", "SITI", "Jl. Raya 1"]),
    ],
)
def test_personal_data_blocks_the_package(
    config: Config, tmp_path: Path, header: list[str], cells: list[str]
) -> None:
    schema = {"fields": [{"name": h, "type": "string"} for h in header]}
    rows = [header] + [[str(i), *cells[1:]] for i in range(1, 6)]
    descriptor = write_package(tmp_path / "p", {"dpt.csv": rows}, schema)
    pkg = check_package(descriptor, config, Options())
    assert pkg.blocked
    assert any(p.code == "personal-data" for p in pkg.all_problems())


def test_a_recap_is_not_personal_data(config: Config, tmp_path: Path) -> None:
    header = ["kode_wilayah", "nama_wilayah", *COUNTS]
    rows = [header, recap_row("1303052005", "KOTO TUO", 55, 1045)]
    pkg = check_package(write_package(tmp_path / "p", {"r.csv": rows}, RECAP), config)
    assert not pkg.blocked
    assert pkg.valid
