"""Result tree → table rows (per the Table Schemas in config/schemas/) and their print layouts."""

from __future__ import annotations

from collections.abc import Sequence

from kpugen.model import COUNT_FIELDS, Area, Counts
from kpugen.tree import Result
from kpugen.writers import Cell, Sheet

C1_FIELDS = (
    "kode_provinsi",
    "nama_provinsi",
    "kode_kabupaten_kota",
    "nama_kabupaten_kota",
    "kode_kecamatan",
    "nama_kecamatan",
    "kode_kelurahan",
    "nama_kelurahan",
    "no_tps",
    *(f for f in COUNT_FIELDS if f != "jumlah_tps"),  # one row is one TPS
)
REKAP_FIELDS = ("kode_wilayah", "nama_wilayah", *COUNT_FIELDS)
DPT_FIELDS = (
    "no",
    "nama_wilayah",
    "jumlah_kelurahan",
    "jumlah_tps",
    "dpt_l",
    "dpt_p",
    "dpt_jumlah",
)
PARTAI_FIELDS = ("no_urut", "nama_partai", "singkatan", "cakupan")

# The 2019 ballot order (shared DOMAIN.md); 15-18 are Aceh's local parties.
PARTIES = (
    (1, "Partai Kebangkitan Bangsa", "PKB", "nasional"),
    (2, "Partai Gerakan Indonesia Raya", "GERINDRA", "nasional"),
    (3, "Partai Demokrasi Indonesia Perjuangan", "PDI-P", "nasional"),
    (4, "Partai Golongan Karya", "GOLKAR", "nasional"),
    (5, "Partai NasDem", "NASDEM", "nasional"),
    (6, "Partai Gerakan Perubahan Indonesia", "GARUDA", "nasional"),
    (7, "Partai Berkarya", "BERKARYA", "nasional"),
    (8, "Partai Keadilan Sejahtera", "PKS", "nasional"),
    (9, "Partai Persatuan Indonesia", "PERINDO", "nasional"),
    (10, "Partai Persatuan Pembangunan", "PPP", "nasional"),
    (11, "Partai Solidaritas Indonesia", "PSI", "nasional"),
    (12, "Partai Amanat Nasional", "PAN", "nasional"),
    (13, "Partai Hati Nurani Rakyat", "HANURA", "nasional"),
    (14, "Partai Demokrat", "DEMOKRAT", "nasional"),
    (15, "Partai Aceh", "PA", "lokal"),
    (16, "Partai SIRA", "SIRA", "lokal"),
    (17, "Partai Daerah Aceh", "PDA", "lokal"),
    (18, "Partai Nanggroe Aceh", "PNA", "lokal"),
    (19, "Partai Bulan Bintang", "PBB", "nasional"),
    (20, "Partai Keadilan dan Persatuan Indonesia", "PKPI", "nasional"),
)

LEVEL_HEADER = {2: "PROVINSI", 4: "KABUPATEN/KOTA", 6: "KECAMATAN", 10: "DESA/KELURAHAN"}
COUNT_HEADERS: tuple[tuple[str, ...], ...] = (
    ("JUMLAH TPS",),
    ("DATA PEMILIH", "DPT", "L"),
    ("DATA PEMILIH", "DPT", "P"),
    ("DATA PEMILIH", "DPT", "JML"),
    ("PENGGUNA HAK PILIH", "DPT"),
    ("PENGGUNA HAK PILIH", "DPTB"),
    ("PENGGUNA HAK PILIH", "DPK"),
    ("PENGGUNA HAK PILIH", "JML"),
    ("PEROLEHAN SUARA", "01"),
    ("PEROLEHAN SUARA", "02"),
    ("PEROLEHAN SUARA", "SAH"),
    ("PEROLEHAN SUARA", "TIDAK SAH"),
    ("PEROLEHAN SUARA", "JML"),
)


def c1_rows(result: Result, areas: Sequence[Area]) -> list[list[Cell]]:
    """Per-TPS rows (Model C1-PPWP) of the desa/kelurahan in `areas` (any level)."""
    regions = result.regions
    out: list[list[Cell]] = []
    for desa in _desas(areas):
        kec = regions[regions[desa.kode].kode_induk]
        kab = regions[kec.kode_induk]
        prov = regions[kab.kode_induk]
        for tps in desa.tps:
            names = [prov.kode, prov.nama, kab.kode, kab.nama, kec.kode, kec.nama]
            out.append([*names, desa.kode, desa.nama, tps.no_tps, *tps.counts.values()[1:]])
    return out


def _desas(areas: Sequence[Area]) -> list[Area]:
    out: list[Area] = []
    for a in areas:
        out.extend([a] if a.tps else _desas(a.children))
    return out


def rekap_rows(parent: Area) -> list[list[Cell]]:
    """One row per child region (Model DA1/DB1/DC1/DD1-PPWP)."""
    return [[c.kode, c.nama, *c.counts.values()] for c in parent.children]


def rekap_sheet(parent: Area, *, titles: Sequence[str], notes: Sequence[str]) -> Sheet:
    level = LEVEL_HEADER[len(parent.children[0].kode)]
    if parent.kode.startswith("13") and level == "DESA/KELURAHAN":
        level = "NAGARI"
    columns = (("NO",), ("KODE WILAYAH",), (level,), *COUNT_HEADERS)
    rows = [[i + 1, *row] for i, row in enumerate(rekap_rows(parent))]
    return Sheet(
        title="Rekap",
        titles=titles,
        columns=columns,
        rows=rows,
        total=["JUMLAH", None, None, *parent.counts.values()],
        total_span=3,
        numbering=True,
        notes=notes,
        widths=(5, 13, 26, *([11] * 13)),
        text_columns=(1,),
    )


def c1_sheet(result: Result, desa: Area, *, titles: Sequence[str], notes: Sequence[str]) -> Sheet:
    name = "NAGARI" if desa.kode.startswith("13") else "DESA/KELURAHAN"
    columns = (
        ("KODE PROVINSI",),
        ("PROVINSI",),
        ("KODE KAB/KOTA",),
        ("KABUPATEN/KOTA",),
        ("KODE KECAMATAN",),
        ("KECAMATAN",),
        ("KODE DESA/KELURAHAN",),
        (name,),
        ("NO TPS",),
        *COUNT_HEADERS[1:],
    )
    rows = c1_rows(result, [desa])
    total: list[Cell] = ["JUMLAH", *([None] * 8), *desa.counts.values()[1:]]
    return Sheet(
        title=desa.nama[:31],
        titles=titles,
        columns=columns,
        rows=rows,
        total=total,
        total_span=9,
        notes=notes,
        widths=(8, 16, 9, 16, 10, 14, 13, 14, 6, *([9] * 12)),
        text_columns=(0, 2, 4, 6, 8),
    )


def dpt_rows(kab: Area) -> list[list[Cell]]:
    return [
        [i + 1, k.nama.upper(), len(k.children), k.counts.jumlah_tps, *_dpt(k.counts)]
        for i, k in enumerate(kab.children)
    ]


def _dpt(c: Counts) -> list[Cell]:
    return [c.dpt_l, c.dpt_p, c.dpt_jumlah]


def dpt_sheet(kab: Area, *, titles: Sequence[str], notes: Sequence[str]) -> Sheet:
    desa = "NAGARI" if kab.kode.startswith("13") else "DESA/KEL"
    columns = (
        ("NO",),
        ("KECAMATAN",),
        ("JUMLAH", desa),
        ("JUMLAH", "TPS"),
        ("JUMLAH PEMILIH", "LAKI-LAKI", "L"),
        ("JUMLAH PEMILIH", "PEREMPUAN", "P"),
        ("JUMLAH PEMILIH", "TOTAL", "L+P"),
    )
    n_desa = sum(len(k.children) for k in kab.children)
    total = ["JUMLAH TOTAL", None, n_desa, kab.counts.jumlah_tps, *_dpt(kab.counts)]
    return Sheet(
        title="DPT",
        titles=titles,
        columns=columns,
        rows=dpt_rows(kab),
        total=total,
        total_span=2,
        notes=notes,
        widths=(6, 28, 10, 10, 14, 14, 14),
    )


def partai_rows() -> list[list[Cell]]:
    return [list(p) for p in PARTIES]
