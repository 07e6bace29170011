"""A province's REKAP_DIGITALISASI_*.xlsx + the counts from the folders → their differences.

A province may keep its own count per office. Its header row is found by the PDF / XLSX / CSV
labels; an office is recognised by the 4-digit region code in its row, and title and JUMLAH rows
are skipped. Every difference is listed: office, column, the recap's number, the number counted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from publisher import layout
from publisher.report.types import Documents, ProvinceEntry, RecapDifference, RecapFile

_NUM = re.compile(r"^\d[\d.]*$")


def recap_differences(
    root: Path, inventory: layout.Layout, provinces: Sequence[ProvinceEntry]
) -> tuple[RecapFile, ...]:
    """Each REKAP_DIGITALISASI_*.xlsx compared with the counts from the folders."""
    offices = {office.kode: office for prov in provinces for office in prov.offices}
    out = []
    for unit in inventory.units:
        for recap in unit.recaps:
            rows = read_recap(root / unit.path / recap)
            differences = []
            for kode, values in sorted(rows.items()):
                office = offices.get(kode)
                mine = office.totals.documents if office else Documents()
                for column in COLUMNS:
                    if column in values and values[column] != getattr(mine, column):
                        name = office.nama if office else kode
                        differences.append(
                            RecapDifference(name, column, values[column], getattr(mine, column))
                        )
            prov = next((p.nama for p in provinces if p.kode == unit.kode), unit.kode)
            out.append(RecapFile(prov, f"{unit.path}/{recap}", tuple(differences)))
    return tuple(out)


COLUMNS: tuple[Literal["pdf", "xlsx", "csv"], ...] = ("pdf", "xlsx", "csv")


def read_recap(path: Path) -> dict[str, dict[str, int]]:
    """Office code → {pdf, xlsx, csv} from a province's recap sheet (header found by its labels).

    The office is recognised by a 4-digit region code in its row (a code column, or the folder
    name `1303_KPU_KAB_SIJUNJUNG`); rows without one (titles, JUMLAH) are skipped.
    """
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    out: dict[str, dict[str, int]] = {}
    try:
        for sheet in book.worksheets:
            columns: dict[str, int] = {}
            for row in sheet.iter_rows(values_only=True):
                cells = ["" if c is None else str(c).strip() for c in row]
                if not columns:
                    columns = _recap_header(cells)
                    continue
                kode = next(
                    (m.group(1) for c in cells if (m := re.match(r"^(\d{4})(?!\d)", c))), None
                )
                if kode is None:
                    continue
                out[kode] = {
                    key: int(float(cells[i].replace(".", ""))) if _NUM.match(cells[i]) else 0
                    for key, i in columns.items()
                    if i < len(cells)
                }
    finally:
        book.close()
    return out


def _recap_header(cells: Sequence[str]) -> dict[str, int]:
    found = {}
    for index, cell in enumerate(cells):
        label = cell.lower()
        for kind in ("pdf", "xlsx", "csv"):
            if kind in label and kind not in found:
                found[kind] = index
    return found if len(found) == 3 else {}
