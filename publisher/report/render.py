"""The status → an aligned text table for people, CSV for spreadsheets, JSON for programs.

The text shows provinces and their offices (the portal's columns only when it was asked), the
ranking with its counting rule and the recap differences, in Bahasa Indonesia or English; the CSV
has one row per package; the JSON is the status itself. `unread_text` is the warning for a portal
that did not answer. `write_atomic` writes a rendering whole or not at all.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from publisher.errors import PortalError
from publisher.problems import Lang
from publisher.report.types import (
    OfficeEntry,
    PackageEntry,
    ProvinceEntry,
    Status,
    Totals,
    to_json,
)

TEXT = {
    "id": {
        "office": "Unit Kerja",
        "docs": "Dokumen",
        "pkgs": "Paket",
        "built": "Dibangun",
        "valid": "Valid",
        "ready": "Siap unggah",
        "current": "Terbit (mutakhir)",
        "outdated": "Terbit (usang)",
        "unpub": "Belum terbit",
        "ranking": "Peringkat digitalisasi",
        "recap": "Selisih dengan rekap provinsi",
        "none": "tidak ada selisih",
        "total": "JUMLAH",
        "issues": "Galat/peringatan",
        "not_ready": "Belum siap unggah",
        "all_ready": "semua folder siap unggah",
        "collected": "dikumpulkan #{seq} {at} dari {bundle}",
        "outside": "Masalah di luar folder paket",
    },
    "en": {
        "office": "Office",
        "docs": "Documents",
        "pkgs": "Packages",
        "built": "Built",
        "valid": "Valid",
        "ready": "Ready",
        "current": "Published (current)",
        "outdated": "Published (outdated)",
        "unpub": "Not published",
        "ranking": "Digitisation ranking",
        "recap": "Differences with the province's recap",
        "none": "no differences",
        "total": "TOTAL",
        "issues": "Errors/warnings",
        "not_ready": "Not ready to upload",
        "all_ready": "every folder is ready to upload",
        "collected": "collected #{seq} {at} from {bundle}",
        "outside": "Problems outside package folders",
    },
}


def _row(name: str, totals: Totals, portal: bool) -> list[str]:
    docs = totals.documents
    cells = [
        name,
        f"{docs.pdf}/{docs.xlsx}/{docs.csv}/{docs.narasi}",
        str(totals.packages),
        str(totals.built),
        str(totals.valid),
        str(totals.ready),
        f"{totals.errors}/{totals.warnings}",
    ]
    if portal:
        cells += [
            str(totals.published_current),
            str(totals.published_outdated),
            str(totals.unpublished),
        ]
    return cells


def render_text(data: Status, lang: str = "id") -> str:
    t = TEXT["en" if lang == "en" else "id"]
    portal = data.portal is not None
    head = [
        t["office"],
        f"{t['docs']} PDF/XLSX/CSV/narasi",
        t["pkgs"],
        t["built"],
        t["valid"],
        t["ready"],
        t["issues"],
    ]
    if portal:
        head += [t["current"], t["outdated"], t["unpub"]]
    rows: list[list[str]] = []
    for prov in data.provinces:
        rows.append(_row(f"{prov.kode} {prov.nama}".upper(), prov.totals, portal))
        rows += [_row(f"  {o.nama}", o.totals, portal) for o in prov.offices]
    rows.append(_row(t["total"], data.totals, portal))
    lines = _table(head, rows)
    lines += _not_ready(data, t, lang)
    lines += ["", f"{t['ranking']}:"]
    lines += [f"  {r.rank:>3}. {r.nama} ({r.provinsi}): {r.documents}" for r in data.ranking]
    lines.append(f"  {data.counting_rule}")
    for recap in data.recap:
        lines += ["", f"{t['recap']} ({recap.file}):"]
        lines += [
            f"  {d.unit_kerja}: {d.column} {d.recap} ≠ {d.counted}" for d in recap.differences
        ] or [f"  {t['none']}"]
    return "\n".join(lines)


def _not_ready(data: Status, t: Mapping[str, str], lang: str) -> list[str]:
    """Each folder that is not siap unggah, with its reasons and its first problem and fix."""
    from publisher.readiness import reason_text

    language: Lang = "en" if lang == "en" else "id"
    lines = ["", f"{t['not_ready']}:"]
    for _, office in data.offices():
        for p in office.packages:
            got = p.collected
            if got and p.ready:
                lines.append(f"  {p.path}: " + t["collected"].format(**to_json(got)))
            if p.ready:
                continue
            reasons = ", ".join(reason_text(r, language) for r in p.readiness.reasons)
            lines.append(f"  {p.path}: {reasons} ({p.errors}/{p.warnings})")
            lines += [f"      {x.message}\n        → {x.fix}" for x in p.problems[:1]]
    if len(lines) == 2:
        lines.append(f"  {t['all_ready']}")
    outside = [x for _, o in data.offices() for x in o.problems] + list(data.problems)
    if outside:
        lines += ["", f"{t['outside']}:"] + [f"  {x.path}: {x.message}" for x in outside]
    return lines


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def fmt(row: list[str]) -> str:
        pairs = enumerate(zip(row, widths, strict=True))
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs)

    return [fmt(head), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows)]


CSV_COLUMNS = [
    "provinsi",
    "unit_kerja",
    "kode",
    "dataset",
    "kode_tahapan",
    "jenis_dokumen",
    "pdf",
    "xlsx",
    "csv",
    "narasi",
    "built",
    "valid",
    "ready",
    "status",
    "reasons",
    "errors",
    "warnings",
    "collected",
    "collected_from",
    "portal",
    "url",
]


def render_csv(data: Status) -> str:
    """One row per package, with its office and province: for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for prov, office in data.offices():
        for p in office.packages:
            writer.writerow(_csv_row(prov, office, p))
    return out.getvalue()


def _csv_row(prov: ProvinceEntry, office: OfficeEntry, p: PackageEntry) -> list[Any]:
    d, got = p.documents, p.collected
    return [
        prov.nama,
        office.unit_kerja,
        office.kode,
        p.name,
        p.kode_tahapan,
        p.jenis_dokumen,
        d.pdf,
        d.xlsx,
        d.csv,
        d.narasi,
        p.built,
        p.valid,
        p.ready,
        p.status,
        " ".join(p.readiness.reasons),
        p.errors,
        p.warnings,
        (got.at or "") if got else "",
        got.bundle if got else "",
        p.portal or "",
        p.url or "",
    ]


def render_json(data: Status) -> str:
    return json.dumps(data.to_dict(), indent=2, ensure_ascii=False) + "\n"


def unread_text(exc: PortalError, lang: str) -> str:
    """The warning for a portal that did not answer, in the report's language."""
    if lang == "en":
        return f"warning: the portal was not read ({exc.text('en')}); --offline leaves it out"
    return (
        f"peringatan: portal tidak dapat dibaca ({exc.text('id')}); "
        "--offline untuk tidak menanyakannya"
    )


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
