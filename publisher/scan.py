"""Collection tree → `ScanResult`: offices → stages → leaves with counts and status, per province.

The inventory a province monitors: for each Unit Kerja, Kode Tahapan and Jenis Dokumen, how many
PDF, XLSX, CSV and narratives there are, whether the folder is complete and, if not, why. Reads
names and sizes only (see `layout.walk`); never writes.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher import render
from publisher.config import Config
from publisher.layout import NATIONAL, STATUSES, Counts, Leaf, Status, Unit, walk
from publisher.problems import Lang, Problem

STATUS_LABEL: dict[Status, tuple[str, str]] = {
    "complete": ("lengkap", "complete"),
    "incomplete": ("belum lengkap", "incomplete"),
    "blocked": ("terhambat", "blocked"),
    "empty": ("kosong", "empty"),
}
# Short reasons for the table (the full message and fix follow under it).
REASON_LABEL: dict[str, tuple[str, str]] = {
    "layout-no-narrative": ("tanpa narasi", "no narrative"),
    "layout-several-narratives": ("narasi ganda", "several narratives"),
    "layout-no-table": ("tanpa tabel", "no table"),
    "layout-no-data": ("tanpa data", "no data"),
    "layout-stage-unknown": ("tahapan tak dikenal", "unknown stage"),
    "layout-type-unknown": ("jenis tak dikenal", "unknown type"),
    "layout-type-misfiled": ("salah tahapan", "misfiled"),
    "layout-unit-misfiled": ("salah provinsi", "misfiled office"),
    "layout-duplicate-file": ("berkas ganda", "duplicate files"),
    "layout-duplicate-folder": ("folder ganda", "duplicate folder"),
    "layout-legacy-xls": (".xls lama", "legacy .xls"),
    "layout-unsupported-file": ("berkas lain", "other files"),
    "layout-empty-file": ("berkas kosong", "empty file"),
    "layout-empty-folder": ("folder kosong", "empty folder"),
    "layout-symlink-outside": ("tautan ke luar", "link outside"),
    "layout-nested-folder": ("subfolder", "sub-folder"),
    "layout-hidden-file": ("berkas sementara", "temporary file"),
    "layout-unreadable": ("tak terbaca", "unreadable"),
}


@dataclass(frozen=True)
class Stage:
    """A Kode Tahapan folder of an office; `tahapan` None when its name could not be placed."""

    path: str
    tahapan: str | None
    leaves: tuple[Leaf, ...]

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Office:
    unit: Unit
    nama: str
    stages: tuple[Stage, ...]
    problems: tuple[Problem, ...]  # about the office folder itself and files loose in it


@dataclass(frozen=True)
class Rollup:
    """Totals for a province ("00": KPU RI; "" for the whole collection)."""

    kode: str
    nama: str
    offices: int
    statuses: dict[Status, int]
    counts: Counts
    severities: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kode": self.kode,
            "nama": self.nama,
            "offices": self.offices,
            "leaves": sum(self.statuses.values()),
            "statuses": dict(self.statuses),
            "counts": self.counts.to_dict(),
            "problems": dict(self.severities),
        }


@dataclass(frozen=True)
class ScanResult:
    root: Path
    offices: tuple[Office, ...]
    provinces: tuple[Rollup, ...]
    total: Rollup
    problems: tuple[Problem, ...]  # every problem once, leaf problems included

    @property
    def leaves(self) -> tuple[Leaf, ...]:
        return tuple(leaf for o in self.offices for s in o.stages for leaf in s.leaves)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "root": str(self.root),
            "offices": [_office_dict(o, lang) for o in self.offices],
            "provinces": [r.to_dict() for r in self.provinces],
            "total": self.total.to_dict(),
            "problems": [p.to_dict(lang) for p in self.problems],
        }


def scan(root: str | os.PathLike[str], config: Config) -> ScanResult:
    """Inventory of the tree under root; InputError only when root is not a folder."""
    layout = walk(root, config)
    by_unit: dict[str, list[Leaf]] = defaultdict(list)
    for leaf in layout.leaves:
        by_unit[leaf.unit.path].append(leaf)
    owned: dict[str, list[Problem]] = defaultdict(list)
    unit_paths = [u.path for u in layout.units]
    for problem in layout.outside_leaves():
        owner = _owner(problem.path, unit_paths)
        if owner is not None:
            owned[owner].append(problem)
    offices = tuple(
        Office(
            unit=unit,
            nama=_office_name(unit, config),
            stages=_stages(by_unit[unit.path]),
            problems=tuple(owned[unit.path]),
        )
        for unit in layout.units
    )
    provinces = tuple(
        _rollup(prov, _office_name_of(prov, config), offices, layout.problems)
        for prov in sorted({o.unit.provinsi for o in offices})
    )
    return ScanResult(
        root=layout.root,
        offices=offices,
        provinces=provinces,
        total=_rollup(None, "", offices, layout.problems),
        problems=layout.problems,
    )


def _office_name(unit: Unit, config: Config) -> str:
    return _office_name_of(unit.kode, config)


def _office_name_of(kode: str, config: Config) -> str:
    if kode == NATIONAL:
        return "KPU RI"
    region = config.regions.get(kode)
    return region.nama if region else ""


def _owner(path: str, unit_paths: list[str]) -> str | None:
    """The innermost office folder that holds `path` (or is it)."""
    holders = [u for u in unit_paths if path == u or path.startswith(u + "/")]
    return max(holders, key=len) if holders else None


def _stages(leaves: list[Leaf]) -> tuple[Stage, ...]:
    grouped: dict[str, list[Leaf]] = defaultdict(list)
    for leaf in leaves:
        grouped[leaf.stage_path].append(leaf)
    return tuple(
        Stage(path=path, tahapan=items[0].tahapan, leaves=tuple(items))
        for path, items in sorted(grouped.items())
    )


def _rollup(
    prov: str | None, nama: str, offices: tuple[Office, ...], problems: tuple[Problem, ...]
) -> Rollup:
    mine = [o for o in offices if prov is None or o.unit.provinsi == prov]
    statuses: dict[Status, int] = dict.fromkeys(STATUSES, 0)
    counts = Counts()
    for office in mine:
        for stage in office.stages:
            for leaf in stage.leaves:
                statuses[leaf.status] += 1
                counts = counts + leaf.counts
    prefixes = tuple(o.unit.path + "/" for o in mine)
    chosen = [p for p in problems if prov is None or (p.path + "/").startswith(prefixes)]
    return Rollup(
        kode=prov or "",
        nama=nama,
        offices=len(mine),
        statuses=statuses,
        counts=counts,
        severities=render.severity_counts(chosen),
    )


def _office_dict(office: Office, lang: Lang) -> dict[str, Any]:
    return {
        "unit_kerja": office.unit.folder,
        "kode_wilayah": office.unit.kode,
        "nama": office.nama,
        "path": office.unit.path,
        "provinsi": office.unit.provinsi,
        "recaps": list(office.unit.recaps),
        "problems": [p.to_dict(lang) for p in office.problems],
        "stages": [
            {
                "path": stage.path,
                "folder": stage.folder,
                "kode_tahapan": stage.tahapan,
                "leaves": [_leaf_dict(leaf, lang) for leaf in stage.leaves],
            }
            for stage in office.stages
        ],
    }


def _leaf_dict(leaf: Leaf, lang: Lang) -> dict[str, Any]:
    return {
        "path": leaf.path,
        "folder": leaf.path.rsplit("/", 1)[-1],
        "jenis_dokumen": leaf.jenis,
        "counts": leaf.counts.to_dict(),
        "narrative": leaf.narrative,
        "files": list(leaf.files),
        "status": leaf.status,
        "reasons": list(leaf.reasons),
        "problems": [p.to_dict(lang) for p in leaf.problems],
    }


# --- text for people -------------------------------------------------------------------------


def status_label(status: Status, lang: Lang) -> str:
    pair = STATUS_LABEL[status]
    return pair[1] if lang == "en" else pair[0]


def reason_label(code: str, lang: Lang) -> str:
    pair = REASON_LABEL.get(code)
    return (pair[1] if lang == "en" else pair[0]) if pair else code


def render_text(result: ScanResult, lang: Lang, *, verbose: bool = False) -> str:
    """The per-leaf table, the per-province roll-up, the problems, and a summary line."""
    en = lang == "en"
    head = ("Office", "Stage", "Type") if en else ("Unit Kerja", "Tahapan", "Jenis")
    headers: tuple[str, ...] = (*head, "PDF", "XLSX", "CSV", "Narrative" if en else "Narasi")
    headers += ("Status", "Reasons" if en else "Alasan")
    rows = [
        (
            office.unit.folder,
            stage.tahapan or f"? {stage.folder}",
            leaf.jenis or f"? {leaf.path.rsplit('/', 1)[-1]}",
            leaf.counts.pdf,
            leaf.counts.xlsx,
            leaf.counts.csv,
            leaf.counts.narrative,
            status_label(leaf.status, lang),
            ", ".join(reason_label(code, lang) for code in leaf.reasons),
        )
        for office in result.offices
        for stage in office.stages
        for leaf in stage.leaves
    ]
    parts = [render.table(headers, rows) if rows else ("(no folders)" if en else "(tidak ada)")]
    parts += ["", ("Per province:" if en else "Per provinsi:"), _rollup_table(result, lang)]
    lines = render.problems(result.problems, lang, verbose=verbose)
    if lines:
        parts += ["", ("Problems:" if en else "Masalah:"), *lines]
    parts += ["", summary_line(result, lang)]
    return "\n".join(parts)


def _rollup_table(result: ScanResult, lang: Lang) -> str:
    en = lang == "en"
    headers: tuple[str, ...] = ("Province", "Offices") if en else ("Provinsi", "Unit Kerja")
    headers += tuple(status_label(s, lang) for s in STATUSES)
    headers += ("PDF", "XLSX", "CSV", "Narrative" if en else "Narasi")
    rows = [
        (
            f"{r.kode} {r.nama}".strip() if r.kode else ("Total" if en else "Jumlah"),
            r.offices,
            *(r.statuses[s] for s in STATUSES),
            r.counts.pdf,
            r.counts.xlsx,
            r.counts.csv,
            r.counts.narrative,
        )
        for r in (*result.provinces, result.total)
    ]
    return render.table(headers, rows)


def summary_line(result: ScanResult, lang: Lang) -> str:
    t = result.total
    statuses = ", ".join(f"{t.statuses[s]} {status_label(s, lang)}" for s in STATUSES)
    errors, warnings = t.severities["error"], t.severities["warning"]
    if lang == "en":
        return (
            f"{sum(t.statuses.values())} folders in {t.offices} offices: {statuses}; "
            f"{errors} errors, {warnings} warnings"
        )
    return (
        f"{sum(t.statuses.values())} folder di {t.offices} Unit Kerja: {statuses}; "
        f"{errors} error, {warnings} peringatan"
    )
