"""The portal's other families of documents → one example each in the bundled collection.

Sumatera Barat: its DPR dapil and seats (DAPIL, from `config/dapil/`), its elected DPR members
(CALON-TERPILIH: seats by Sainte-Laguë on the DC1-DPR party totals, then the party's candidates
by votes), its parties' DPRD Provinsi campaign-finance reports (DANA-KAMPANYE); Kota Padang
Panjang: participation, logistics and its ad hoc bodies per kecamatan (PARTISIPASI, LOGISTIK,
BADAN-ADHOC); KPU RI: a dispute decision as a scan (PHPU). All synthetic but the dapil and the
voters; aggregates only, no person's data beyond a candidate's name.
"""

from __future__ import annotations

from typing import Any

from kpugen import legrows
from kpugen.collection import Ctx, Files, dpr_dapil, pdf_of
from kpugen.legislative import BALLOTS, Leg, dapil_of
from kpugen.model import rng_for
from kpugen.narrative import Narrative

DPR = next(b for b in BALLOTS if b.code == "DPR")
SEATS = {"SUMATERA BARAT I": 8, "SUMATERA BARAT II": 6}


def family_leaves(ctx: Ctx) -> None:
    k = ctx.office.kode
    if k == "13":
        _dapil(ctx)
        _elected(ctx)
        _finance(ctx)
    elif k == "1374":
        kecs = ctx.legs["DPR"].find(k).children
        _participation(ctx, kecs)
        _logistics(ctx, kecs)
        _adhoc(ctx, kecs)
    elif k == "00":
        _dispute(ctx)


def _leaf(ctx: Ctx, stage: str, jenis: str, tingkat: str, files: Files, judul: str,
          *paras: str) -> None:  # fmt: skip
    n = ctx.narrative(jenis, tingkat, judul, ["pemilu 2019", jenis.lower().replace("-", " ")],
                      *paras)  # fmt: skip
    ctx.leaf(stage, jenis, files, Narrative(**{**n.__dict__, "kode_tahapan": stage}))


def _dapil(ctx: Ctx) -> None:
    from pathlib import Path

    from publisher.dapil import load_dapils

    path = Path(__file__).resolve().parents[2] / "config" / "dapil" / "dapil-2019.csv"
    found = load_dapils(path, str(path)).items
    mine = [d for d in found if d.lembaga == "DPR" and d.wilayah[0].startswith("13")]
    rows = [{"lembaga": d.lembaga, "kode_dapil": d.kode, "nama_dapil": d.nama, "kursi": d.kursi,
             "wilayah": " ".join(d.wilayah)} for d in mine]  # fmt: skip
    files = {f"dapil-dpr-{ctx.slug}.csv": legrows.table("dapil-kursi.json", rows)}
    _leaf(ctx, "PL.01.3", "DAPIL", "Provinsi", files,
          f"Daerah Pemilihan dan Alokasi Kursi DPR 2019 {ctx.wilayah}",
          f"Daerah pemilihan (dapil) anggota DPR di {ctx.wilayah} dan alokasi kursinya: lembaga, "
          "kode dan nama dapil, jumlah kursi, dan kode kabupaten/kota penyusunnya (dipisah spasi).",
          "Format kolomnya sama dengan daftar dapil di config/dapil/, yang dipakai untuk memeriksa "
          "kolom dapil tabel hasil.")  # fmt: skip


def _elected(ctx: Ctx) -> None:
    """Seats per dapil by Sainte-Laguë (divisors 1, 3, 5 …) on the party totals, then the
    party's candidates in order of their votes."""
    dapil = dpr_dapil()
    rows: list[dict[str, Any]] = []
    kabs = ctx.legs["DPR"].find("13").children
    for name, seats in SEATS.items():
        mine = [k for k in kabs if dapil_of(DPR, k.kode, dapil) == name]
        rows += _winners(name, seats, mine)
    files = {f"calon-terpilih-dpr-{ctx.slug}.csv": legrows.table("calon-terpilih.json", rows)}
    _leaf(ctx, "PL.01.9", "CALON-TERPILIH", "Provinsi", files,
          f"Calon Terpilih Anggota DPR 2019 {ctx.wilayah}",
          f"Calon terpilih anggota DPR dari dapil di {ctx.wilayah}: lembaga, dapil, nomor urut "
          "dan nama partai, nomor urut dan nama calon, perolehan suara sah.",
          "Kursi dibagi dengan metode Sainte-Laguë (pembagi 1, 3, 5, …) atas suara partai "
          "(tabel DC1-DPR), lalu kepada calon partai itu menurut suaranya. Nama calon dalam "
          "koleksi contoh ini hanya penanda.")  # fmt: skip


def _winners(dapil: str, seats: int, kabs: list[Leg]) -> list[dict[str, Any]]:
    parties: dict[int, int] = {}
    candidates: dict[int, list[int]] = {}
    for kab in kabs:
        for party, votes in kab.totals.items():
            parties[party] = parties.get(party, 0) + votes
            have = candidates.setdefault(party, [0] * (len(kab.detail[party]) - 1))
            for i, v in enumerate(kab.detail[party][1:]):
                have[i] += v
    won: dict[int, int] = {}
    for _ in range(seats):
        best = max(parties, key=lambda p: (parties[p] / (2 * won.get(p, 0) + 1), -p))
        won[best] = won.get(best, 0) + 1
    out = []
    for party, n in sorted(won.items()):
        ranked = sorted(range(len(candidates[party])), key=lambda i: -candidates[party][i])
        out += [{"lembaga": "DPR", "dapil": dapil, "no_urut_partai": party,
                 "nama_partai": legrows.NAMES[party], "no_urut_calon": i + 1,
                 "nama_calon": f"Calon Nomor Urut {i + 1}", "suara": candidates[party][i]}
                for i in ranked[:n]]  # fmt: skip
    return out


def _finance(ctx: Ctx) -> None:
    rng = rng_for("dana-kampanye", ctx.office.kode)
    rows = []
    for party in (p for p in range(1, 21) if p not in (15, 16, 17, 18)):
        received = rng.randint(150, 2_500) * 1_000_000
        spent = round(received * rng.uniform(0.85, 1.0))
        rows.append({"lembaga": "DPRD-PROV", "no_urut_partai": party,
                     "nama_partai": legrows.NAMES[party], "penerimaan": received,
                     "pengeluaran": spent, "saldo": received - spent})  # fmt: skip
    files = {f"dana-kampanye-dprd-{ctx.slug}.csv": legrows.table("dana-kampanye.json", rows)}
    _leaf(ctx, "PL.01.7", "DANA-KAMPANYE", "Provinsi", files,
          f"Laporan Dana Kampanye Partai DPRD Provinsi 2019 {ctx.wilayah}",
          "Ringkasan laporan penerimaan dan pengeluaran dana kampanye (LPPDK) partai politik "
          f"peserta pemilu anggota DPRD {ctx.wilayah}: penerimaan, pengeluaran dan saldo, dalam "
          "rupiah; saldo = penerimaan - pengeluaran.",
          "Angka dalam koleksi contoh ini sintetis.")  # fmt: skip


def _participation(ctx: Ctx, kecs: list[Leg]) -> None:
    rows = [{"kode_wilayah": k.kode, "nama_wilayah": k.nama, "dpt_jumlah": k.counts.dpt_jumlah,
             "pengguna_jumlah": k.counts.pengguna_jumlah,
             "partisipasi_persen": round(100 * k.counts.pengguna_jumlah / k.counts.dpt_jumlah, 2)}
            for k in kecs]  # fmt: skip
    files = {f"partisipasi-{ctx.slug}.csv": legrows.table("partisipasi.json", rows)}
    _leaf(ctx, "PL.01.8", "PARTISIPASI", "Kecamatan", files,
          f"Partisipasi Pemilih Pemilu 2019 {ctx.wilayah} per Kecamatan",
          f"Tingkat partisipasi pemilih Pemilu 2019 {ctx.wilayah} per kecamatan: jumlah pemilih "
          "dalam DPT, pengguna hak pilih (DPT, DPTb, DPK) dan partisipasi dalam persen.",
          "Angka pemilih sama dengan formulir C1 dan DA1 di folder PL.01.8 kantor "
          "ini.")  # fmt: skip


def _logistics(ctx: Ctx, kecs: list[Leg]) -> None:
    rng = rng_for("logistik", ctx.office.kode)
    per_tps = {"KOTAK SUARA": 5, "BILIK SUARA": 4, "TINTA": 2, "SEGEL": 24}
    rows = []
    for k in kecs:
        ballots = ("PPWP", "DPR", "DPD", "DPRD PROVINSI", "DPRD KAB/KOTA")
        for kind in (*(f"SURAT SUARA {b}" for b in ballots), *per_tps):
            need = (
                k.counts.jumlah_tps * per_tps[kind]
                if kind in per_tps
                else round(k.counts.dpt_jumlah * 1.02)  # DPT + 2 % reserve
            )
            broken = rng.randint(0, max(1, need // 500))
            rows.append({"kode_wilayah": k.kode, "nama_wilayah": k.nama, "jenis_logistik": kind,
                         "kebutuhan": need, "diterima": need, "rusak": broken,
                         "baik": need - broken})  # fmt: skip
    files = {f"logistik-{ctx.slug}.csv": legrows.table("logistik.json", rows)}
    _leaf(ctx, "PL.01.8", "LOGISTIK", "Kecamatan", files,
          f"Logistik Pemungutan Suara Pemilu 2019 {ctx.wilayah} per Kecamatan",
          f"Logistik pemungutan suara {ctx.wilayah} per kecamatan dan jenis: kebutuhan, yang "
          "diterima, yang rusak dan yang baik (baik + rusak = diterima).",
          "Kebutuhan surat suara: DPT ditambah 2 % cadangan; kotak, bilik, tinta dan segel per "
          "TPS. Angka dalam koleksi contoh ini sintetis.")  # fmt: skip


def _adhoc(ctx: Ctx, kecs: list[Leg]) -> None:
    rows = [{"kode_wilayah": k.kode, "nama_wilayah": k.nama, "jumlah_ppk": 5,
             "jumlah_pps": 3 * len(k.children), "jumlah_tps": k.counts.jumlah_tps,
             "jumlah_kpps": 7 * k.counts.jumlah_tps} for k in kecs]  # fmt: skip
    files = {f"badan-adhoc-{ctx.slug}.csv": legrows.table("badan-adhoc.json", rows)}
    _leaf(ctx, "PL.01.8", "BADAN-ADHOC", "Kecamatan", files,
          f"Badan Ad Hoc PPK, PPS dan KPPS Pemilu 2019 {ctx.wilayah}",
          f"Jumlah anggota badan penyelenggara ad hoc Pemilu 2019 {ctx.wilayah} per kecamatan: "
          "PPK (5 per kecamatan), PPS (3 per desa/kelurahan), KPPS (7 per TPS) dan jumlah TPS.",
          "Hanya jumlah: daftar nama petugas beserta NIK-nya tidak diterbitkan.")  # fmt: skip


def _dispute(ctx: Ctx) -> None:
    name = "ringkasan-putusan-phpu-dpr-dprd-2019"
    lines: list[list[Any]] = [
        ["1.", "Ringkasan perkara perselisihan hasil pemilu anggota DPR dan DPRD 2019."],
        ["2.", "Berkas ini adalah pindaian tiruan untuk koleksi contoh."],
    ]
    files = {f"{name}.pdf": pdf_of(ctx, name, ["RINGKASAN PUTUSAN", "PERSELISIHAN HASIL PEMILU",
                                               "TAHUN 2019"], lines, "SK")}  # fmt: skip
    _leaf(ctx, "PY.01.1", "PHPU", "Nasional", files,
          "Ringkasan Putusan Perselisihan Hasil Pemilu DPR dan DPRD 2019",
          "Ringkasan putusan Mahkamah Konstitusi atas perselisihan hasil pemilihan umum anggota "
          "DPR dan DPRD 2019 yang melibatkan KPU. Berkas ini adalah pindaian tiruan untuk koleksi "
          "contoh.")  # fmt: skip
