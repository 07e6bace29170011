"""Collection tree (+ validation, + the portal) → progress per office and province, and the ranking.

The status model joins what `scan` finds (documents per type), what `build` made (a
`datapackage.json`), what `validate` says, and — when a portal answers — whether each dataset is
published and current, by comparing fingerprints and hashes with the portal (no downloads).
`status()` returns plain data in the documented JSON shape (docs/report.md); `render_text` and
`render_csv` show it; `publisher.dashboard` turns it into the HTML page.

Ranking rule (as the provinces' awards count it): an office's score is the number of documents it
has digitised — its PDF, XLSX and CSV files, each counted once; narratives, generated files and
duplicates ("final (1)") do not count. Equal scores share a rank (1, 2, 2, 4), listed by name.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from publisher import layout
from publisher.config import Config
from publisher.mapping import office_title, read_package
from publisher.plan import RemoteState, plan_dataset
from publisher.problems import Problem

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
KINDS = ("pdf", "xlsx", "csv", "narasi")


def _totals() -> dict[str, Any]:
    return {
        "documents": dict.fromkeys(KINDS, 0),
        "packages": 0,
        "built": 0,
        "valid": 0,
        "invalid": 0,
        "ready": 0,
        "published_current": 0,
        "published_outdated": 0,
        "unpublished": 0,
    }


def _add(total: dict[str, Any], part: Mapping[str, Any]) -> None:
    for kind in KINDS:
        total["documents"][kind] += part["documents"][kind]
    for key in total:
        if key != "documents":
            total[key] += part[key]


def status(
    root: Path,
    config: Config,
    *,
    validation: Mapping[str, Mapping[str, Any]] | None = None,
    remote: RemoteState | None = None,
    portal_url: str | None = None,
    lang: str = "id",
    inventory: layout.Layout | None = None,
) -> dict[str, Any]:
    """The whole picture. `validation`: package folder (relative to root) → {valid, problems}.

    `inventory`: the tree already walked, when the caller has it.
    """
    inventory = inventory or layout.walk(root, config)
    validation = validation or {}
    provinces: dict[str, dict[str, Any]] = {}
    for unit in inventory.units:
        prov = provinces.setdefault(unit.provinsi, _province(unit.provinsi, config))
        office = _office(unit, inventory.leaves, root, config, validation, remote, portal_url)
        prov["offices"].append(office)
        _add(prov["totals"], office["totals"])
    totals = _totals()
    for prov in provinces.values():
        _add(totals, prov["totals"])
    ordered = [provinces[k] for k in sorted(provinces)]
    return {
        "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "root": str(root),
        "portal": portal_url,
        "counting_rule": COUNTING_RULE["en" if lang == "en" else "id"],
        "totals": totals,
        "provinces": ordered,
        "ranking": ranking(ordered),
        "recap": recap_differences(root, inventory, ordered),
    }


def _province(kode: str, config: Config) -> dict[str, Any]:
    region = config.regions.get(kode)
    nama = "Nasional" if kode == layout.NATIONAL else _title(region.nama if region else kode)
    return {"kode": kode, "nama": nama, "totals": _totals(), "offices": []}


def _title(name: str) -> str:
    small = {"DI": "DI", "DKI": "DKI", "KAB.": "Kab.", "KAB": "Kab."}
    return " ".join(small.get(w, w.capitalize()) for w in name.split())


def _office(
    unit: layout.Unit,
    leaves: Iterable[layout.Leaf],
    root: Path,
    config: Config,
    validation: Mapping[str, Mapping[str, Any]],
    remote: RemoteState | None,
    portal_url: str | None,
) -> dict[str, Any]:
    totals = _totals()
    packages = []
    for leaf in leaves:
        if leaf.unit.path != unit.path:
            continue
        package = _package(leaf, root, config, validation.get(leaf.path), remote, portal_url)
        packages.append(package)
        _add(totals, _package_totals(package))
    return {
        "unit_kerja": unit.folder,
        "kode": unit.kode,
        "nama": office_title(unit.folder),
        "totals": totals,
        "packages": packages,
    }


def _package(
    leaf: layout.Leaf,
    root: Path,
    config: Config,
    verdict: Mapping[str, Any] | None,
    remote: RemoteState | None,
    portal_url: str | None,
) -> dict[str, Any]:
    folder = root / leaf.path
    built = (folder / "datapackage.json").is_file()
    name = ""
    portal_state: str | None = None
    if built:
        try:
            local = read_package(folder, config)
            name = local.name
            if remote is not None:
                found = remote.datasets.get(name)
                state = plan_dataset(local, found).status if found else "create"
                portal_state = {"unchanged": "current", "create": "unpublished"}.get(
                    state, "outdated"
                )
        except (ValueError, KeyError, OSError):
            built = False
    valid = None if verdict is None else bool(verdict.get("valid"))
    problems = [dict(p) for p in (verdict or {}).get("problems", [])][:20]
    problems += [_problem_view(p) for p in leaf.problems if p.severity != "info"]
    counts = leaf.counts
    return {
        "name": name,
        "path": leaf.path,
        "kode_tahapan": leaf.tahapan or "",
        "jenis_dokumen": leaf.jenis or "",
        "documents": {
            "pdf": counts.pdf,
            "xlsx": counts.xlsx,
            "csv": counts.csv,
            "narasi": counts.narrative,
        },
        "built": built,
        "valid": valid,
        "ready": bool(built and valid and leaf.status == "complete"),
        "portal": portal_state,
        "url": f"{portal_url}/dataset/{name}"
        if portal_url and portal_state not in (None, "unpublished")
        else None,
        "problems": problems,
    }


def _package_totals(package: Mapping[str, Any]) -> dict[str, Any]:
    state = package["portal"]
    return {
        "documents": dict(package["documents"]),
        "packages": 1,
        "built": int(package["built"]),
        "valid": int(package["valid"] is True),
        "invalid": int(package["valid"] is False),
        "ready": int(package["ready"]),
        "published_current": int(state == "current"),
        "published_outdated": int(state == "outdated"),
        "unpublished": int(state == "unpublished"),
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


# --- the provinces' own recap spreadsheets ----------------------------------------------------

_NUM = re.compile(r"^\d[\d.]*$")


def recap_differences(
    root: Path, inventory: layout.Layout, provinces: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Each REKAP_DIGITALISASI_*.xlsx compared with the counts from the folders."""
    counted = {
        office["kode"]: office["totals"]["documents"]
        for prov in provinces
        for office in prov["offices"]
    }
    names = {office["kode"]: office["nama"] for prov in provinces for office in prov["offices"]}
    out = []
    for unit in inventory.units:
        for recap in unit.recaps:
            path = root / unit.path / recap
            rows = read_recap(path)
            differences = []
            for kode, values in sorted(rows.items()):
                mine = counted.get(kode, dict.fromkeys(KINDS, 0))
                for column in ("pdf", "xlsx", "csv"):
                    if column in values and values[column] != mine[column]:
                        differences.append(
                            {
                                "unit_kerja": names.get(kode, kode),
                                "column": column,
                                "recap": values[column],
                                "counted": mine[column],
                            }
                        )
            prov = next((p["nama"] for p in provinces if p["kode"] == unit.kode), unit.kode)
            out.append(
                {"provinsi": prov, "file": f"{unit.path}/{recap}", "differences": differences}
            )
    return out


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


# --- rendering ----------------------------------------------------------------------------------

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
    },
}


def _row(name: str, totals: Mapping[str, Any], portal: bool) -> list[str]:
    docs = totals["documents"]
    cells = [
        name,
        f"{docs['pdf']}/{docs['xlsx']}/{docs['csv']}/{docs['narasi']}",
        str(totals["packages"]),
        str(totals["built"]),
        str(totals["valid"]),
        str(totals["ready"]),
    ]
    if portal:
        cells += [
            str(totals["published_current"]),
            str(totals["published_outdated"]),
            str(totals["unpublished"]),
        ]
    return cells


def render_text(data: Mapping[str, Any], lang: str = "id") -> str:
    t = TEXT["en" if lang == "en" else "id"]
    portal = data["portal"] is not None
    head = [
        t["office"],
        f"{t['docs']} PDF/XLSX/CSV/narasi",
        t["pkgs"],
        t["built"],
        t["valid"],
        t["ready"],
    ]
    if portal:
        head += [t["current"], t["outdated"], t["unpub"]]
    rows: list[list[str]] = []
    for prov in data["provinces"]:
        rows.append(_row(f"{prov['kode']} {prov['nama']}".upper(), prov["totals"], portal))
        rows += [_row(f"  {o['nama']}", o["totals"], portal) for o in prov["offices"]]
    rows.append(_row(t["total"], data["totals"], portal))
    lines = _table(head, rows)
    lines += ["", f"{t['ranking']}:"]
    lines += [
        f"  {r['rank']:>3}. {r['nama']} ({r['provinsi']}): {r['documents']}"
        for r in data["ranking"]
    ]
    lines.append(f"  {data['counting_rule']}")
    for recap in data["recap"]:
        lines += ["", f"{t['recap']} ({recap['file']}):"]
        lines += [
            f"  {d['unit_kerja']}: {d['column']} {d['recap']} ≠ {d['counted']}"
            for d in recap["differences"]
        ] or [f"  {t['none']}"]
    return "\n".join(lines)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def fmt(row: list[str]) -> str:
        pairs = enumerate(zip(row, widths, strict=True))
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs)

    return [fmt(head), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows)]


def render_csv(data: Mapping[str, Any]) -> str:
    """One row per package, with its office and province: for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
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
            "portal",
            "url",
        ]
    )
    for prov in data["provinces"]:
        for office in prov["offices"]:
            for p in office["packages"]:
                d = p["documents"]
                writer.writerow(
                    [
                        prov["nama"],
                        office["unit_kerja"],
                        office["kode"],
                        p["name"],
                        p["kode_tahapan"],
                        p["jenis_dokumen"],
                        d["pdf"],
                        d["xlsx"],
                        d["csv"],
                        d["narasi"],
                        p["built"],
                        p["valid"],
                        p["ready"],
                        p["portal"] or "",
                        p["url"] or "",
                    ]
                )
    return out.getvalue()


def render_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _problem_view(problem: Problem) -> dict[str, Any]:
    """A problem as the status model shows it (the dashboard's `problems` entries)."""
    return {
        "code": problem.code,
        "severity": problem.severity,
        "message": problem.message(),
        "path": problem.path,
    }


def verdicts(packages: Iterable[Any], leaves: Iterable[layout.Leaf]) -> dict[str, dict[str, Any]]:
    """validate's package reports → {leaf path: {valid, problems}} for `status`."""
    by_suffix = {f"{leaf.path}/datapackage.json": leaf.path for leaf in leaves}
    out: dict[str, dict[str, Any]] = {}
    for pkg in packages:
        shown = str(pkg.path)
        leaf = next((v for k, v in by_suffix.items() if shown.endswith(k)), None)
        if leaf is None:
            continue
        problems = [_problem_view(p) for p in pkg.all_problems() if p.severity == "error"]
        out[leaf] = {"valid": pkg.valid, "problems": problems}
    return out


def build_status(root: Path, config: Config, *, offline: bool, lang: str) -> dict[str, Any]:
    """scan + validate + (the portal, when it answers) → `status`. Raises InputError on no root."""
    from publisher import validate
    from publisher.ckan import connect
    from publisher.errors import PortalError
    from publisher.sync import find_packages, load_local, read_remote

    inventory = layout.walk(root, config)
    built = bool(find_packages(root))
    judged: dict[str, dict[str, Any]] = {}
    if built:
        checked = validate.validate_paths([root], config)
        judged = verdicts(checked.packages, inventory.leaves)
    remote, url = None, None
    if not offline and built:
        try:
            with connect(config.portal, need_token=False) as ckan:
                remote = read_remote(ckan, load_local(root, config))
                url = ckan.url
        except PortalError as exc:
            import sys

            print(f"warning: portal not asked ({exc}); use --offline to skip", file=sys.stderr)
    return status(
        root,
        config,
        validation=judged,
        remote=remote,
        portal_url=url,
        lang=lang,
        inventory=inventory,
    )


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
