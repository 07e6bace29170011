"""The ballots' result trees → the bundled collection's folders of the DPR, DPD and DPRD forms.

Each folder holds the wide table (`<form>-<ballot>-<area>.csv`: one row per TPS or area, a column
per party's total) and the long, published one (`…-rinci.csv`: a row per party-only count or
candidate; DPD: per candidate), except DD1-DPR (the national recap per province, wide only).
Kota Padang Panjang has every ballot from C1 to DB1, Sumatera Barat DC1 of the three ballots that
reach it, KPU RI DD1-DPR (the official national party totals); Kab. Kepulauan Mentawai and Kota
Yogyakarta a DB1-DPR.
"""

from __future__ import annotations

from collections.abc import Mapping

from kpugen import legrows
from kpugen.collection import Ctx, Files, slug
from kpugen.legislative import BALLOTS, CANDIDATES, DPD_CANDIDATES, Ballot, Leg, dapil_of
from kpugen.narrative import Narrative

BY_CODE = {b.code: b for b in BALLOTS}
WHO = {
    "DPR": "calon anggota DPR",
    "DPD": "calon anggota DPD",
    "DPRD-PROV": "calon anggota DPRD Provinsi Sumatera Barat",
    "DPRD-KAB-KOTA": "calon anggota DPRD Kota Padang Panjang",
}
SHORT = {"DPR": "DPR", "DPD": "DPD", "DPRD-PROV": "DPRD Provinsi", "DPRD-KAB-KOTA": "DPRD Kota"}
LEVEL = {"C1": "TPS", "DAA1": "TPS", "DA1": "Desa/Kelurahan", "DB1": "Kecamatan",
         "DC1": "Kabupaten/Kota", "DD1": "Provinsi"}  # fmt: skip


def ballot_leaves(ctx: Ctx, dpr: Mapping[str, str]) -> None:
    """The ballots' folders of one office (none for most)."""
    k = ctx.office.kode
    if k == "00":
        _leaf(ctx, "DD1", BY_CODE["DPR"], [ctx.legs["DPR"]], dpr, long=False)
        _dct_dpr(ctx, dpr)
    elif k == "13":
        for code in ("DPR", "DPD", "DPRD-PROV"):
            _leaf(ctx, "DC1", BY_CODE[code], [ctx.legs[code].find("13")], dpr)
        _dct_dpd(ctx, DPD_CANDIDATES, "Calon DPD Nomor Urut {}")
    elif k == "61":  # a second province's list: a candidate of it elsewhere is told apart
        _dct_dpd(ctx, 14, "Calon DPD Kalimantan Barat Nomor Urut {}")
    elif k == "1374":
        for ballot in BALLOTS:
            kab = ctx.legs[ballot.code].find(k)
            kel = kab.children[0].children[0]
            _leaf(ctx, "C1", ballot, [kab], dpr)
            _leaf(ctx, "DAA1", ballot, [kel], dpr)
            _leaf(ctx, "DA1", ballot, kab.children, dpr)
            _leaf(ctx, "DB1", ballot, [kab], dpr)
    elif k in ("1309", "3471"):
        _leaf(ctx, "DB1", BY_CODE["DPR"], [ctx.legs["DPR"].find(k)], dpr, md=k == "1309")


def _leaf(
    ctx: Ctx, form: str, ballot: Ballot, areas: list[Leg], dpr: Mapping[str, str], *,
    long: bool = True, md: bool = False,
) -> None:  # fmt: skip
    """One folder: per area, the wide table and (but for DD1) the long one."""
    jenis = f"{form}-{ballot.code}"
    tps = form in ("C1", "DAA1")
    wide_schema, long_schema = legrows.schema_names(ballot, tps=tps)
    files: Files = {}
    rows = 0
    for area in areas:
        stem = f"{jenis.lower()}-{ctx.slug if area.kode == ctx.office.kode else slug(area.nama)}"
        if tps:
            legs = legrows.tps_of(area)
            wide = legrows.tps_wide(legs, ballot, ctx.result.regions)
        else:
            legs = area.children
            wide = legrows.recap_wide(area, ballot)
        rows += len(wide)
        files[f"{stem}.csv"] = legrows.table(wide_schema, wide)
        if long:
            files[f"{stem}-rinci.csv"] = legrows.table(
                long_schema, legrows.long_rows(legs, ballot, dpr)
            )
    where = areas[0].nama.title() if form == "DAA1" else ctx.wilayah
    judul = f"Perolehan Suara {SHORT[ballot.code]} 2019 " + (
        f"per TPS {where}" if tps else f"{where} per {LEVEL[form]}"
    )
    tags = ["pemilu 2019", ballot.code.lower(), "rekapitulasi"]
    dapil = dapil_of(ballot, areas[0].kode, dpr)
    paras = _paragraphs(form, ballot, ctx, rows, dapil, long=long)
    n = ctx.narrative(jenis, LEVEL[form], judul, tags, *paras)
    ctx.leaf("PL.01.8", jenis, files, n, md=md)


def _dct_dpd(ctx: Ctx, n: int, name: str) -> None:
    region = ctx.result.regions[ctx.office.kode]
    where = {"kode_provinsi": region.kode, "nama_provinsi": region.nama}
    rows = [
        {**where, "no_urut_calon": i, "nama_calon": name.format(i), "jenis_kelamin": "LP"[i % 2]}
        for i in range(1, n + 1)
    ]
    _dct(ctx, "DPD", rows, f"{n} calon perseorangan anggota DPD dari {ctx.wilayah}")


def _dct_dpr(ctx: Ctx, dpr: Mapping[str, str]) -> None:
    rows = [
        {"dapil": dapil, "no_urut_partai": party, "nama_partai": legrows.NAMES[party],
         "no_urut_calon": i, "nama_calon": f"Calon Nomor Urut {i}", "jenis_kelamin": "LP"[i % 2]}
        for dapil in sorted(set(dpr.values())) for party in BY_CODE["DPR"].columns
        for i in range(1, CANDIDATES + 1)
    ]  # fmt: skip
    _dct(ctx, "DPR", rows, "calon anggota DPR dari setiap partai di dapil " + ", ".join(
        sorted(set(dpr.values()))))  # fmt: skip


def _dct(ctx: Ctx, ballot: str, rows: list[dict[str, object]], what: str) -> None:
    jenis = f"DCT-{ballot}"
    files = {f"{jenis.lower()}-{ctx.slug}.csv": legrows.table(f"dct-{ballot.lower()}.json", rows)}
    tingkat = "Nasional" if ctx.office.kode == "00" else "Provinsi"  # `tingkat: kantor`
    n = ctx.narrative(
        jenis, tingkat, f"Daftar Calon Tetap {SHORT[ballot]} Pemilu 2019 {ctx.wilayah}",
        ["pemilu 2019", ballot.lower(), "dct"],
        f"Daftar calon tetap (DCT) {what}: nomor urut, nama dan jenis kelamin calon"
        + (", dengan dapil, nomor urut dan nama partainya." if ballot != "DPD" else "."),
        "Hanya nama dan nomor urut: NIK, tanggal lahir atau alamat calon tidak pernah dimuat. "
        "Nama calon dalam koleksi contoh ini hanya penanda, bukan nama calon sebenarnya.",
    )  # fmt: skip
    n = Narrative(**{**n.__dict__, "kode_tahapan": "PL.01.5"})
    ctx.leaf("PL.01.5", jenis, files, n)


def _paragraphs(
    form: str, ballot: Ballot, ctx: Ctx, rows: int, dapil: str, *, long: bool
) -> list[str]:
    level = LEVEL[form].lower()
    first = (
        f"Perolehan suara sah {WHO[ballot.code]} Pemilu 2019 {ctx.unit} (Model {form}-"
        f"{ballot.code}), {rows} baris, satu baris per {level}"
        + (f", daerah pemilihan {dapil}" if dapil else "")
        + ". Tabel bentuk lebar memuat data pemilih dan pengguna hak pilih (sama dengan surat "
        "suara lainnya di TPS yang sama), "
        + (
            "jumlah suara tiap partai (partai_NN: suara partai saja ditambah suara semua "
            "calonnya), "
            if ballot.parties
            else ""
        )
        + "suara_sah, suara_tidak_sah dan suara_jumlah."
    )
    second = (
        "Berkas ...-rinci.csv adalah bentuk panjang yang diterbitkan: satu baris per "
        + (
            "partai (suara partai saja, no_urut_calon kosong) dan per calon: dapil, "
            "no_urut_partai, nama_partai, no_urut_calon, nama_calon, suara."
            if ballot.parties
            else "calon perseorangan: no_urut_calon, nama_calon, suara."
        )
        + " Nama calon dalam koleksi contoh ini hanya penanda, bukan nama calon sebenarnya."
        if long
        else "Jumlah suara tiap partai tingkat nasional sama dengan angka resmi Keputusan KPU "
        "Nomor 987/PL.01.8-Kpt/06/KPU/V/2019 (139.971.260 suara sah)."
    )
    return [first, second]
