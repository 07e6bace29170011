"""The dapil reference CSV (`config/dapil/`) → `Dapils`: per lembaga, the districts and regions.

A legislative table's `dapil` column names a district (by name or code, folded); its rows'
regions must lie inside it. The reference covers what offices entered: a province with no
district of a lembaga is not checked (`covers`). The file is checked when loaded: every error
names the line and the column (`ConfigError`).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from publisher.errors import ConfigError

LEMBAGA = ("DPR", "DPRD-PROV", "DPRD-KAB-KOTA")
COLUMNS = ("lembaga", "kode_dapil", "nama_dapil", "kursi", "wilayah")


@dataclass(frozen=True)
class Dapil:
    lembaga: str
    kode: str
    nama: str
    kursi: int
    wilayah: tuple[str, ...]

    def holds(self, region: str) -> bool:
        """The region is inside the district (or, a larger region, holds part of it)."""
        return any(region.startswith(w) or w.startswith(region) for w in self.wilayah)


def fold_dapil(text: str) -> str:
    return " ".join(text.replace("-", " ").replace(".", " ").upper().split())


@dataclass(frozen=True)
class Dapils:
    source: str
    items: tuple[Dapil, ...] = ()

    def covers(self, lembaga: str, region: str) -> bool:
        """Some district of the lembaga lies in the region's province."""
        return any(d.lembaga == lembaga and _in_province(d, region[:2]) for d in self.items)

    def find(self, lembaga: str, text: str) -> Dapil | None:
        folded = fold_dapil(text)
        for d in self.items:
            if d.lembaga == lembaga and folded in (fold_dapil(d.nama), fold_dapil(d.kode)):
                return d
        return None

    def of_region(self, lembaga: str, region: str) -> Dapil | None:
        """The district that holds the region (None: not listed, or a region across several)."""
        found = [d for d in self.items if d.lembaga == lembaga and d.holds(region)]
        return found[0] if len(found) == 1 else None


def _in_province(d: Dapil, province: str) -> bool:
    return any(w[:2] == province for w in d.wilayah)


def load_dapils(path: Path, shown: str) -> Dapils:
    """Read and check the reference; a missing file is an empty reference."""
    if not path.is_file():
        return Dapils(shown)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise _error(shown, 1, "", f"kolomnya harus {', '.join(COLUMNS)}",
                         f"the columns must be {', '.join(COLUMNS)}")  # fmt: skip
        items = [_row(shown, n, row) for n, row in enumerate(reader, start=2)]
    _no_repeats(shown, items)
    return Dapils(shown, tuple(items))


def _row(shown: str, line: int, row: Mapping[str, str]) -> Dapil:
    lembaga = (row["lembaga"] or "").strip()
    if lembaga not in LEMBAGA:
        raise _error(shown, line, "lembaga", f"harus salah satu dari {', '.join(LEMBAGA)}",
                     f"must be one of {', '.join(LEMBAGA)}")  # fmt: skip
    kursi = (row["kursi"] or "").strip()
    if not kursi.isdigit() or int(kursi) < 1:
        raise _error(shown, line, "kursi", "harus bilangan bulat ≥ 1", "must be a whole number ≥ 1")
    wilayah = tuple((row["wilayah"] or "").replace(".", "").split())
    # the shape here; that each is in the region reference a test of the shipped list checks
    # (a config with a smaller reference, as the tests use, keeps a valid list)
    odd = [w for w in wilayah if not (w.isdigit() and len(w) in (2, 4, 6))]
    if not wilayah or odd:
        listed = " ".join(odd)
        raise _error(shown, line, "wilayah",
                     f"bukan kode provinsi, kab/kota atau kecamatan: {listed or '(kosong)'}",
                     f"not a province, kab/kota or kecamatan code: {listed or '-'}")  # fmt: skip
    kode, nama = (row["kode_dapil"] or "").strip(), (row["nama_dapil"] or "").strip()
    if not kode or not nama:
        raise _error(shown, line, "kode_dapil" if not kode else "nama_dapil", "wajib diisi",
                     "is required")  # fmt: skip
    return Dapil(lembaga, kode, nama, int(kursi), wilayah)


def _no_repeats(shown: str, items: list[Dapil]) -> None:
    seen: dict[tuple[str, str], int] = {}
    regions: dict[tuple[str, str], str] = {}
    for line, d in enumerate(items, start=2):
        for key in ((d.lembaga, fold_dapil(d.kode)), (d.lembaga, fold_dapil(d.nama))):
            if key in seen:
                raise _error(shown, line, "nama_dapil",
                             f"kode atau nama dapil sudah dipakai di baris {seen[key]}",
                             f"dapil code or name already used on line {seen[key]}")  # fmt: skip
            seen[key] = line
        for w in d.wilayah:
            other = next((n for (lem, r), n in regions.items() if lem == d.lembaga and (
                r.startswith(w) or w.startswith(r))), None)  # fmt: skip
            if other is not None:
                raise _error(shown, line, "wilayah",
                             f"wilayah {w} juga ada di dapil {other}",
                             f"region {w} is also in dapil {other}")  # fmt: skip
            regions[(d.lembaga, w)] = d.nama


def _error(shown: str, line: int, column: str, text_id: str, text_en: str) -> ConfigError:
    return ConfigError(
        shown, f"[{line}] {column}".strip(), text_id,
        hint="perbaiki baris itu (format: config/dapil/README.md)",
        en=text_en, hint_en="correct that line (format: config/dapil/README.md)",
    )  # fmt: skip
