"""The dashboard page, no browser: self-contained, numbers from the status, JSON inside, languages.

`sample_status()` builds a realistic status (the shape of `publisher report --format json`) for the
offices in DOMAIN.md; the browser test and other tests may reuse it.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any, get_args

import pytest

from publisher import dashboard
from publisher.readiness import Readiness
from publisher.report import COUNTING_RULE, Status, ranking
from publisher.report.model import STATUSES, make_office, package_status, problem_kind
from publisher.report.types import (
    Collected,
    PackageEntry,
    PackageStatus,
    ProvinceEntry,
    Totals,
    load,
    to_json,
    total,
)

PORTAL = "http://127.0.0.1:5000"
KINDS = ("pdf", "xlsx", "csv", "narasi")

# (kode_tahapan, jenis_dokumen, (pdf, xlsx, csv, narasi), state, problems)
# state: current / outdated / unpublished (built, valid, ready), invalid, pending (not built).
Leaf = tuple[str, str, tuple[int, int, int, int], str, list[dict[str, str]]]


def _problem(
    code: str, message: str, path: str, severity: str = "error", **where: Any
) -> dict[str, Any]:
    return {
        "code": code,
        "kind": problem_kind(code),
        "severity": severity,
        "message": message,
        "fix": f"Perbaiki {path}.",
        "path": path,
        "row": where.get("row"),
        "field": where.get("field"),
        "sheet": where.get("sheet"),
    }


SB, KB = "13_KPU_PROV_SUMATERA_BARAT", "61_KPU_PROV_KALIMANTAN_BARAT"
OFFICES: dict[str, tuple[str, list[tuple[str, list[Leaf]]]]] = {
    "00": (
        "Nasional",
        [
            (
                "00_KPU_RI",
                [
                    ("PL.01.8", "DD1-PPWP", (1, 1, 1, 1), "current", []),
                    ("PL.01.9", "SK-PENETAPAN", (1, 0, 0, 1), "current", []),
                ],
            )
        ],
    ),
    "13": (
        "Sumatera Barat",
        [
            ("13_KPU_PROV_SUMATERA_BARAT", [("PL.01.8", "DC1-PPWP", (1, 1, 1, 1), "current", [])]),
            (
                "1303_KPU_KAB_SIJUNJUNG",
                [
                    ("PL.01.8", "C1-PPWP", (717, 1, 1, 1), "current", []),
                    ("PL.01.8", "DA1-PPWP", (8, 1, 1, 1), "current", []),
                    ("PL.01.8", "DB1-PPWP", (1, 1, 1, 1), "outdated", []),
                    (
                        "PL.01.2",
                        "DPT",
                        (1, 1, 0, 1),
                        "invalid",
                        [
                            _problem(
                                "rule-sum",
                                "Baris 7: dpt_l + dpt_p (9.912) tidak sama dengan dpt_jumlah "
                                "(9.921). (lembar 'Rekap', baris 7)",
                                f"{SB}/1303_KPU_KAB_SIJUNJUNG/PL.01.2/DPT/rekap_dpt.xlsx",
                                row=7,
                                field="dpt_jumlah",
                                sheet="Rekap",
                            ),
                            _problem(
                                "narrative-file-absent",
                                "Narasi menyebut berkas dpt_final (1).xlsx yang tidak "
                                "ada di folder.",
                                f"{SB}/1303_KPU_KAB_SIJUNJUNG/PL.01.2/DPT/NARASI_DPT.txt",
                                "warning",
                            ),
                        ],
                    ),
                ],
            ),
            (
                "1309_KPU_KAB_KEPULAUAN_MENTAWAI",
                [
                    (
                        "PL.01.8",
                        "DB1-PPWP",
                        (1, 0, 0, 0),
                        "failed",
                        [
                            _problem(
                                "xlsx-unreadable",
                                "Berkas rekap-db1.xlsx tidak dapat dibaca sebagai XLSX.",
                                f"{SB}/1309_KPU_KAB_KEPULAUAN_MENTAWAI/PL.01.8/DB1-PPWP/"
                                "rekap-db1.xlsx",
                            ),
                            _problem(
                                "narrative-missing-key",
                                "Narasi tidak memuat: Lisensi.",
                                f"{SB}/1309_KPU_KAB_KEPULAUAN_MENTAWAI/PL.01.8/DB1-PPWP/"
                                "NARASI_DB1-PPWP.txt",
                            ),
                        ],
                    ),
                ],
            ),
            (
                "1374_KPU_KOTA_PADANG_PANJANG",
                [
                    ("PL.01.8", "DB1-PPWP", (1, 1, 1, 1), "current", []),
                    ("PL.01.2", "DPT", (1, 1, 1, 1), "unpublished", []),
                ],
            ),
        ],
    ),
    "34": (
        "DI Yogyakarta",
        [
            (
                "3471_KPU_KOTA_YOGYAKARTA",
                [
                    ("PL.01.8", "C1-PPWP", (1373, 1, 1, 1), "current", []),
                    ("PL.01.8", "DA1-PPWP", (14, 1, 1, 1), "current", []),
                    ("PL.01.8", "DB1-PPWP", (1, 1, 1, 1), "current", []),
                    ("PL.01.2", "DPT", (1, 1, 1, 1), "current", []),
                ],
            )
        ],
    ),
    "61": (
        "Kalimantan Barat",
        [
            (
                "6112_KPU_KAB_KUBU_RAYA",
                [
                    (
                        "PL.01.8",
                        "DB1-PPWP",
                        (1, 1, 1, 1),
                        "invalid",
                        [
                            _problem(
                                "total-mismatch",
                                "Baris JUMLAH: suara_01 121.426 tidak sama dengan jumlah "
                                "baris 121.462.",
                                f"{KB}/6112_KPU_KAB_KUBU_RAYA/PL.01.8/DB1-PPWP/rekap_db1.csv",
                                row=12,
                                field="suara_01",
                            ),
                        ],
                    ),
                    (
                        "PL.01.2",
                        "DPT",
                        (0, 1, 0, 1),
                        "blocked",
                        [
                            _problem(
                                "personal-data",
                                "Berkas daftar-pemilih.xlsx memuat data pribadi (NIK).",
                                f"{KB}/6112_KPU_KAB_KUBU_RAYA/PL.01.2/DPT/daftar-pemilih.xlsx",
                            ),
                        ],
                    ),
                    ("PL.01.4", "DCT", (3, 0, 0, 0), "pending", []),
                ],
            ),
            (
                "6172_KPU_KOTA_SINGKAWANG",
                [
                    ("PL.01.8", "DB1-PPWP", (1, 1, 1, 1), "current", []),
                    ("PL.01.8", "DA1-PPWP", (5, 1, 1, 1), "unpublished", []),
                ],
            ),
        ],
    ),
}
NAMES = {
    "00_KPU_RI": "KPU RI",
    "13_KPU_PROV_SUMATERA_BARAT": "KPU Provinsi Sumatera Barat",
    "1303_KPU_KAB_SIJUNJUNG": "KPU Kabupaten Sijunjung",
    "1309_KPU_KAB_KEPULAUAN_MENTAWAI": "KPU Kabupaten Kepulauan Mentawai",
    "1374_KPU_KOTA_PADANG_PANJANG": "KPU Kota Padang Panjang",
    "3471_KPU_KOTA_YOGYAKARTA": "KPU Kota Yogyakarta",
    "6112_KPU_KAB_KUBU_RAYA": "KPU Kabupaten Kubu Raya",
    "6172_KPU_KOTA_SINGKAWANG": "KPU Kota Singkawang",
}
PROVINCE_FOLDERS = {
    "13": "13_KPU_PROV_SUMATERA_BARAT",
    "34": "34_KPU_PROV_DI_YOGYAKARTA",
    "61": "61_KPU_PROV_KALIMANTAN_BARAT",
}


REASONS = {
    "invalid": ["invalid"],
    "pending": ["not-built"],
    "blocked": ["invalid", "personal-data"],
    "failed": ["build-failed", "narrative-incomplete"],
}


def _package(unit: str, kode_prov: str, leaf: Leaf, portal: str | None) -> dict[str, Any]:
    tahapan, jenis, counts, state, problems = leaf
    kode = unit.split("_")[0]
    folder = unit if kode == kode_prov else f"{PROVINCE_FOLDERS[kode_prov]}/{unit}"
    name = f"{kode}-{jenis.lower()}-{tahapan.lower().replace('.', '-')}-2019"
    built = state not in ("pending", "failed")
    portal_state = {"pending": None, "invalid": "unpublished", "blocked": "unpublished"}.get(
        state, state
    )
    if portal is None or not built:
        portal_state = None
    reasons = REASONS.get(state, [])
    valid = None if not built else state not in ("invalid", "blocked")
    package: dict[str, Any] = {
        "name": name if built else "",
        "path": f"{folder}/{tahapan}/{jenis}",
        "kode_tahapan": tahapan,
        "jenis_dokumen": jenis,
        "documents": dict(zip(KINDS, counts, strict=True)),
        "built": built,
        "valid": valid,
        "ready": not reasons,
        "readiness": {
            "ready": not reasons,
            "checks": {
                "built": built,
                "valid": valid,
                "no_personal_data": None if not built else state != "blocked",
                "narrative_complete": state != "failed",
                "folder_complete": True,
            },
            "reasons": reasons,
        },
        "collected": None,
        "portal": portal_state,
        "url": f"{portal}/dataset/{name}" if portal_state in ("current", "outdated") else None,
        "errors": sum(1 for p in problems if p["severity"] == "error"),
        "warnings": sum(1 for p in problems if p["severity"] == "warning"),
        "problems": [dict(p) for p in problems],
    }
    readiness = Readiness.from_dict(package["readiness"])
    package["status"] = package_status(readiness, package["portal"])
    return package


def _collected(number: int) -> Collected:
    return Collected(
        seq=number,
        at="2026-11-22T09:00:00Z",
        by="operator@provinsi",
        bundle="padang-panjang.kpu.tar.gz",
        sha256="ab" * 32,
        made_by="operator@kantor",
        state="new",
    )


def render(status: Mapping[str, Any], *, lang: str = "id") -> str:
    """The page for a status in its JSON form (read back as a program's would be)."""
    return dashboard.render(Status.from_dict(status), lang=lang)


def sample_status(*, portal: str | None = PORTAL, lang: str = "id") -> dict[str, Any]:
    """A status as `publisher report --format json` gives it, for the DOMAIN.md offices."""
    provinces = []
    for kode_prov, (nama, units) in OFFICES.items():
        offices = []
        for unit, leaves in units:
            packages = [
                load(PackageEntry, _package(unit, kode_prov, leaf, portal)) for leaf in leaves
            ]
            if unit == "1374_KPU_KOTA_PADANG_PANJANG":  # collected by the province
                packages = [
                    replace(package, collected=_collected(number))
                    for number, package in enumerate(packages, start=1)
                ]
            code = unit.split("_")[0]
            offices.append(make_office(unit, code, NAMES[unit], unit, packages))
        provinces.append(ProvinceEntry(kode_prov, nama, total(o.totals for o in offices), offices))
    recap_file = "13_KPU_PROV_SUMATERA_BARAT/REKAP_DIGITALISASI_SUMATERA_BARAT.xlsx"
    return {
        "generated": "2026-11-23T10:00:00Z",
        "root": "datapackages",
        "portal": portal,
        "counting_rule": COUNTING_RULE[lang],
        "totals": to_json(total(p.totals for p in provinces)),
        "provinces": to_json(provinces),
        "problems": [
            _problem(
                "layout-unit-no-code",
                "Folder KPU_KAB_SLEMAN tidak diawali kode wilayah kantor.",
                "KPU_KAB_SLEMAN",
            )
        ],
        "ranking": to_json(ranking(provinces)),
        "recap": [
            {
                "provinsi": "Sumatera Barat",
                "file": recap_file,
                "differences": [
                    {
                        "unit_kerja": "1303_KPU_KAB_SIJUNJUNG",
                        "column": "pdf",
                        "recap": 730,
                        "counted": 728,
                    },
                    {
                        "unit_kerja": "1309_KPU_KAB_KEPULAUAN_MENTAWAI",
                        "column": "csv",
                        "recap": 0,
                        "counted": 1,
                    },
                ],
            },
            {
                "provinsi": "DI Yogyakarta",
                "file": "34_KPU_PROV_DI_YOGYAKARTA/REKAP_DIGITALISASI_DI_YOGYAKARTA.xlsx",
                "differences": [],
            },
        ],
    }


# --- reading the page back ----------------------------------------------------------------------

VOID = {"meta", "link", "input", "br", "img", "hr", "source", "wbr", "area", "col", "base"}


class Page(HTMLParser):
    """Tag balance, attributes, the text of every data-testid element and the script blocks."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.errors: list[str] = []
        self.attrs: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, list[str]] = {}
        self.scripts: dict[str, str] = {}
        self.testids: list[str] = []
        self.feed(html)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.attrs.append((tag, found))
        if tag in VOID:
            return
        testid = found.get("data-testid") or found.get("id")
        if testid and found.get("data-testid"):
            self.testids.append(testid)
        self.stack.append((tag, testid))
        self.texts.setdefault(testid or "", [])

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][0] == "script":
            self.scripts[self.stack[-1][1] or "code"] = data
        for _, testid in self.stack:
            if testid:
                self.texts[testid].append(data)

    def text(self, testid: str) -> str:
        return " ".join("".join(self.texts[testid]).split())

    def values(self, attr: str) -> list[str]:
        return [v for _, found in self.attrs if (v := found.get(attr)) is not None]


def page(status: Mapping[str, Any], lang: str = "id") -> Page:
    parsed = Page(render(status, lang=lang))
    assert parsed.errors == []
    return parsed


def dataset_urls(status: Mapping[str, Any]) -> set[str]:
    return {
        p["url"]
        for prov in status["provinces"]
        for office in prov["offices"]
        for p in office["packages"]
        if p["url"]
    }


def rows(status: Mapping[str, Any]) -> Iterable[tuple[str, Mapping[str, Any]]]:
    for prov in status["provinces"]:
        yield prov["kode"], prov


# --- tests --------------------------------------------------------------------------------------


def test_sample_is_consistent() -> None:
    status = sample_status()
    assert status["totals"]["packages"] == 19
    assert status["totals"]["documents"]["pdf"] == 2132
    ties = [(r["rank"], r["nama"]) for r in status["ranking"][6:]]
    assert ties == [(7, "KPU Kabupaten Kepulauan Mentawai"), (7, "KPU Kabupaten Kubu Raya")]
    assert status["ranking"][0]["unit_kerja"] == "3471_KPU_KOTA_YOGYAKARTA"
    # Kubu Raya has 7 documents, its NIK voter list among them: none is ready, so it scores 0
    kubu = next(r for r in status["ranking"] if r["unit_kerja"] == "6112_KPU_KAB_KUBU_RAYA")
    assert (kubu["documents"], kubu["all_documents"]) == (0, 7)


def test_self_contained_offline() -> None:
    status = sample_status()
    html = render(status)
    parsed = page(status)
    external = [
        v
        for attr in ("href", "src", "action")
        for v in parsed.values(attr)
        if re.match(r"\s*(https?:)?//", v)
    ]
    assert sorted(set(external)) == sorted(dataset_urls(status))
    assert len(dataset_urls(status)) == 12
    assert parsed.values("src") == []
    assert not any(tag == "link" and a.get("rel") == "stylesheet" for tag, a in parsed.attrs)
    for needle in ("@import", "@font-face", "url(http", "fetch(", "XMLHttpRequest", "//cdn"):
        assert needle not in html
    csp = [a["content"] for tag, a in parsed.attrs if a.get("http-equiv")]
    assert csp and "default-src 'none'" in str(csp[0])


def test_numbers_from_the_status() -> None:
    status = sample_status()
    parsed = page(status, "id")
    totals = status["totals"]
    docs = totals["documents"]
    assert parsed.text("total-documents") == "2.162"  # 2,132 PDF + 16 XLSX + 14 CSV
    assert docs["pdf"] + docs["xlsx"] + docs["csv"] == 2162
    assert parsed.text("total-pdf") == "2.132"
    assert parsed.text("total-ready") == str(totals["ready"]) == "14"
    assert parsed.text("total-published") == str(totals["published_current"]) == "11"
    assert parsed.text("total-invalid") == "4"  # 2 invalid, 1 personal data, 1 build failed
    assert parsed.text("problem-breakdown") == "2 tidak valid · 1 data pribadi · 1 gagal dibangun"
    assert (parsed.text("total-errors"), parsed.text("total-warnings")) == ("5", "1")
    for kode, prov in rows(status):
        assert parsed.text(f"prov-{kode}-ready") == str(prov["totals"]["ready"])
    assert parsed.text("prov-13-ready") == "6"
    ranked = parsed.text("ranking")
    assert ranked.index("KPU Kota Yogyakarta") < ranked.index("KPU Kabupaten Sijunjung")
    assert parsed.testids.count("rank-row") == 8
    assert parsed.testids.count("office-row") == 8
    assert parsed.text("shown") == "8 dari 8 kantor ditampilkan"
    states = {s: parsed.text(f"state-{s}") for s in dashboard.STATES}
    assert states == {
        "published": "11",
        "outdated": "1",
        "ready": "2",
        "invalid": "2",
        "incomplete": "1",
        "blocked": "1",
        "failed": "1",
    }
    assert parsed.testids.count("problem") == 7  # 6 in packages, 1 outside any office
    assert parsed.testids.count("collected") == 2
    assert "730" in parsed.text("recap-table") and "−2" in parsed.text("recap-table")


def test_english_numbers_and_words() -> None:
    status = sample_status(lang="en")
    parsed = page(status, "en")
    html = render(status, lang="en")
    assert '<html lang="en"' in html
    assert parsed.text("total-documents") == "2,162"
    assert parsed.text("title") == "Digitising the 2019 Election Results"
    assert parsed.text("shown") == "Showing 8 of 8 offices"
    assert COUNTING_RULE["en"] in parsed.text("counting-rule")


def test_embedded_json_round_trips() -> None:
    status = sample_status()
    parsed = page(status)
    assert json.loads(parsed.scripts["kpu-status"]) == status
    strings = json.loads(parsed.scripts["kpu-i18n"])
    assert strings == dashboard.strings()


def test_script_end_in_the_data_is_escaped() -> None:
    status = sample_status()
    evil = "</script><script>alert(1)</script><!-- & \u2028"
    office = status["provinces"][1]["offices"][1]
    office["nama"] = evil
    office["packages"][0]["problems"].append(_problem("x", evil, "a</SCRIPT>"))
    html = render(status)
    assert html.lower().count("</script>") == 3
    assert "<script>alert" not in html
    parsed = page(status)
    assert json.loads(parsed.scripts["kpu-status"]) == status
    assert " ".join(evil.split()) in parsed.text("offices-table")


def variants() -> list[dict[str, Any]]:
    """Statuses that between them show every part of the page (empty states, long ranking, ...)."""
    offline, empty, odd = sample_status(portal=None), sample_status(), sample_status()
    empty.update(provinces=[], ranking=[], recap=[], totals=to_json(Totals()), problems=[])
    odd["provinces"][0]["offices"][0]["packages"] = []
    odd["provinces"][1]["offices"][0]["packages"][0]["problems"] = [
        _problem("note", "m", "p", severity="warning")
    ]
    odd["ranking"] = odd["ranking"] * 2
    quiet = odd["provinces"][3]["offices"][1]  # Singkawang: one package left unvalidated
    quiet["status"] = "not-ready"
    quiet["packages"][0]["readiness"]["reasons"] = ["not-validated", "folder-incomplete"]
    return [sample_status(), offline, empty, odd]


def used_strings(html: str) -> set[str]:
    parsed = Page(html)
    used = set(parsed.values("data-i18n"))
    used |= {pair.split(":")[1] for v in parsed.values("data-i18n-attr") for pair in v.split()}
    return used | set(parsed.values("data-more")) | set(parsed.values("data-less"))


def test_every_string_in_both_languages_and_used() -> None:
    strings = dashboard.strings()
    for key, texts in strings.items():
        assert set(texts) == {"id", "en"} and all(texts.values()), key
        places = [sorted(re.findall(r"\{\d\}", texts[lang])) for lang in ("id", "en")]
        assert places[0] == places[1], key
    used: set[str] = set()
    for status in variants():
        used |= used_strings(render(status))
    assert used <= set(strings), "strings missing from i18n.json"
    assert set(strings) - used == set(), "strings never used"


def test_languages_differ_and_unknown_falls_back() -> None:
    status = sample_status()
    indonesian, english = render(status), render(status, lang="en")
    assert "Dokumen didigitalkan" in indonesian and "Documents digitised" in english
    assert "23 November 2026, 10.00 UTC" in indonesian
    assert "23 November 2026, 10:00 UTC" in english
    assert render(status, lang="fr") == indonesian


def test_deterministic() -> None:
    assert render(sample_status()) == render(copy.deepcopy(sample_status()))


def test_offline_status_has_no_portal_links() -> None:
    status = sample_status(portal=None)
    parsed = page(status)
    assert parsed.text("total-published") == "–"
    assert dataset_urls(status) == set()
    assert not [v for v in parsed.values("href") if v.startswith("http")]
    assert "tidak ditanya (luring)" in render(status)


def test_names_are_escaped() -> None:
    status = sample_status()
    status["provinces"][2]["nama"] = 'DI "Yogyakarta" <b>'
    html = render(status)
    assert "<b>" not in html.split('id="kpu-i18n"')[0]
    assert "DI &quot;Yogyakarta&quot; &lt;b&gt;" in html


def test_empty_collection() -> None:
    status = sample_status()
    status.update(provinces=[], ranking=[], recap=[], totals=to_json(Totals()))
    parsed = page(status)
    assert parsed.text("total-documents") == "0"
    assert parsed.text("shown") == "0 dari 0 kantor ditampilkan"
    assert "Tidak ada berkas rekap provinsi" in render(status)


def test_long_ranking_is_folded() -> None:
    status = sample_status()
    status["ranking"] = [
        {
            "rank": i,
            "unit_kerja": f"u{i}",
            "nama": f"Kantor {i}",
            "provinsi": "P",
            "documents": 30 - i,
            "all_documents": 31 - i,
            "pdf": 30 - i,
            "xlsx": 0,
            "csv": 0,
        }
        for i in range(1, 26)
    ]
    html = render(status)
    assert html.count('<tr class="more" hidden') == 15
    assert "Tampilkan semua 25 kantor" in html


@pytest.mark.parametrize(
    ("status", "state"),
    [
        ("blocked", "blocked"),
        ("build-failed", "failed"),
        ("invalid", "invalid"),
        ("not-built", "incomplete"),
        ("not-ready", "incomplete"),
        ("outdated", "outdated"),
        ("published", "published"),
        ("ready", "ready"),
    ],
)
def test_package_state(status: PackageStatus, state: str) -> None:
    """Every package status has its one state on the bars (and no other status exists)."""
    assert set(get_args(PackageStatus)) == set(STATUSES)
    package = load(PackageEntry, sample_status()["provinces"][0]["offices"][0]["packages"][0])
    assert dashboard.package_state(replace(package, status=status)) == state


def test_formats() -> None:
    assert dashboard.number(1234567, "id") == "1.234.567"
    assert dashboard.number(1234567, "en") == "1,234,567"
    assert dashboard.percent(1, 3) == "33%" and dashboard.percent(2, 3) == "67%"
    assert dashboard.percent(0, 0) == "0%"
    assert dashboard.script_json({"a": "</script>"}) == '{"a":"\\u003c/script\\u003e"}'
