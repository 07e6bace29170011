"""Provinces with their offices → the offices ranked by documents digitised, and the rule.

Ranking rule (as the provinces' awards count it): an office's score is the number of documents it
has digitised — its PDF, XLSX and CSV files, each counted once; narratives, generated files and
duplicates ("final (1)") do not count. Equal scores share a rank (1, 2, 2, 4), listed by name.
`COUNTING_RULE` says so in Bahasa Indonesia and English, printed with the ranking in every output.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

COUNTING_RULE = {
    "id": (
        "Skor sebuah kantor = jumlah dokumen yang sudah didigitalkan: berkas PDF, XLSX dan CSV, "
        'masing-masing dihitung sekali. Narasi, berkas hasil build dan duplikat (mis. "final (1)") '
        "tidak dihitung. Skor sama berbagi peringkat (1, 2, 2, 4), diurutkan menurut nama."
    ),
    "en": (
        "An office's score is the number of documents digitised: its PDF, XLSX and CSV files, each "
        'counted once. Narratives, generated files and duplicates (e.g. "final (1)") do not count. '
        "Equal scores share a rank (1, 2, 2, 4), listed by name."
    ),
}


def ranking(provinces: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Offices by documents digitised (see the module docstring for the rule)."""
    rows = []
    for prov in provinces:
        for office in prov["offices"]:
            docs = office["totals"]["documents"]
            rows.append(
                {
                    "unit_kerja": office["unit_kerja"],
                    "nama": office["nama"],
                    "provinsi": prov["nama"],
                    "documents": docs["pdf"] + docs["xlsx"] + docs["csv"],
                    "pdf": docs["pdf"],
                    "xlsx": docs["xlsx"],
                    "csv": docs["csv"],
                }
            )
    rows.sort(key=lambda r: (-r["documents"], r["nama"], r["unit_kerja"]))
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row["documents"] != previous:
            rank, previous = position, row["documents"]
        row["rank"] = rank
    return [{"rank": r.pop("rank"), **r} for r in rows]
