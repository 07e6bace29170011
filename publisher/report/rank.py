"""Provinces with their offices → the offices ranked by documents digitised, and the rule.

Ranking rule (as the provinces' awards count it): an office's score is the number of documents it
has digitised that are ready to upload — the PDF, XLSX and CSV files of its siap-unggah folders,
each counted once; folders not ready (a by-name voter list with NIK among them), narratives,
generated files and duplicates ("final (1)") do not count. Equal scores share a rank (1, 2, 2,
4), listed by name.
`COUNTING_RULE` says so in Bahasa Indonesia and English, printed with the ranking in every output.
"""

from __future__ import annotations

from collections.abc import Sequence

from publisher.report.types import ProvinceEntry, RankRow

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


def ranking(provinces: Sequence[ProvinceEntry]) -> tuple[RankRow, ...]:
    """Offices by documents digitised (see the module docstring for the rule)."""
    scored = sorted(
        ((prov, office) for prov in provinces for office in prov.offices),
        key=lambda po: (-po[1].totals.ready_documents.total, po[1].nama, po[1].unit_kerja),
    )
    rows, previous, rank = [], None, 0
    for position, (prov, office) in enumerate(scored, start=1):
        ready = office.totals.ready_documents
        if ready.total != previous:
            rank, previous = position, ready.total
        rows.append(
            RankRow(
                rank=rank,
                unit_kerja=office.unit_kerja,
                nama=office.nama,
                provinsi=prov.nama,
                documents=ready.total,
                all_documents=office.totals.documents.total,
                pdf=ready.pdf,
                xlsx=ready.xlsx,
                csv=ready.csv,
            )
        )
    return tuple(rows)
