"""Provinces with their offices → the offices ranked by documents digitised, and the rule.

Ranking rule (as the provinces' awards count it): an office's score is the number of documents it
has digitised that are ready to upload — the PDF, XLSX and CSV files of its siap-unggah folders,
each counted once; folders not ready (a by-name voter list with NIK among them), narratives,
generated files and duplicates ("final (1)") do not count. Equal scores share a rank (1, 2, 2,
4), listed by name.
`COUNTING_RULE` says so in Bahasa Indonesia and English, printed with the ranking in every output.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

COUNTING_RULE = {
    "id": (
        "Skor sebuah kantor = jumlah dokumen yang sudah didigitalkan dan siap unggah: berkas PDF, "
        "XLSX dan CSV di folder yang siap unggah (dibangun, valid, tanpa data pribadi, narasi dan "
        "folder lengkap), masing-masing dihitung sekali. Folder yang belum siap, narasi, berkas "
        'hasil build dan duplikat (mis. "final (1)") tidak dihitung. Skor sama berbagi peringkat '
        "(1, 2, 2, 4), diurutkan menurut nama."
    ),
    "en": (
        "An office's score is the number of documents digitised and ready to upload: the PDF, "
        "XLSX and CSV files of its folders that are ready (built, valid, no personal data, "
        "narrative and folder complete), each counted once. Folders not ready, narratives, "
        "generated files and "
        'duplicates (e.g. "final (1)") do not count. Equal scores share a rank (1, 2, 2, 4), '
        "listed by name."
    ),
}


def ranking(provinces: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Offices by documents digitised (see the module docstring for the rule)."""
    rows = []
    for prov in provinces:
        for office in prov["offices"]:
            docs = office["totals"]["documents"]
            ready = office["totals"]["ready_documents"]
            rows.append(
                {
                    "unit_kerja": office["unit_kerja"],
                    "nama": office["nama"],
                    "provinsi": prov["nama"],
                    "documents": ready["pdf"] + ready["xlsx"] + ready["csv"],
                    "all_documents": docs["pdf"] + docs["xlsx"] + docs["csv"],
                    "pdf": ready["pdf"],
                    "xlsx": ready["xlsx"],
                    "csv": ready["csv"],
                }
            )
    rows.sort(key=lambda r: (-r["documents"], r["nama"], r["unit_kerja"]))
    previous, rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row["documents"] != previous:
            rank, previous = position, row["documents"]
        row["rank"] = rank
    return [{"rank": r.pop("rank"), **r} for r in rows]
