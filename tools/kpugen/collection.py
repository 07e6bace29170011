"""Result tree → the bundled collection: {relative path: bytes} for every file of every office."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kpugen import tables
from kpugen.legislative import Leg
from kpugen.model import Area
from kpugen.narrative import COUNTS_TEXT, SYNTHETIC_TEXT, Narrative, as_md, as_txt
from kpugen.tree import Result
from kpugen.writers import Cell, Sheet, csv_bytes, id_number, scanned_pdf, xlsx_bytes

Files = dict[str, bytes]
MONTHS = ("", "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")  # fmt: skip
DATES = {
    "C1-PPWP": "2019-04-17",
    "DAA1-PPWP": "2019-04-20",
    "DA1-PPWP": "2019-04-27",
    "DB1-PPWP": "2019-05-04",
    "DB1-DPR": "2019-05-04",
    "BERITA-ACARA": "2019-05-04",
    "DC1-PPWP": "2019-05-12",
    "DD1-PPWP": "2019-05-21",
    "SK": "2019-05-21",
    "DPT": "2018-12-15",
    "PARPOL": "2018-02-17",
    "DCT-DPR": "2018-09-20",
    "DCT-DPD": "2018-09-20",
    "DAPIL": "2018-04-30",
    "DANA-KAMPANYE": "2019-05-02",
    "PARTISIPASI": "2019-05-04",
    "LOGISTIK": "2019-04-16",
    "BADAN-ADHOC": "2019-03-01",
    "CALON-TERPILIH": "2019-08-31",
    "PHPU": "2019-08-09",
}
FORM_DATES = {"C1": "2019-04-17", "DAA1": "2019-04-20", "DA1": "2019-04-27", "DB1": "2019-05-04",
              "DC1": "2019-05-12", "DD1": "2019-05-21"}  # fmt: skip


def date_of(jenis: str) -> str:
    """The date a form was set: its own, else its form's (the same for every ballot)."""
    return DATES.get(jenis) or FORM_DATES[jenis.split("-")[0]]


# The one deliberate difference between a province's recap of digitised documents and its
# folders (docs/collection.md): Kab. Sijunjung reports one PDF more than its folders hold.
RECAP_DIFFERENCE = ("1303", "pdf", 1)  # office code, file kind, reported minus actual
DIGITISED = ("pdf", "xlsx", "csv")


@dataclass(frozen=True)
class Office:
    folder: str  # path from the collection root
    kode: str

    @property
    def name(self) -> str:
        return self.folder.rsplit("/", 1)[-1]


OFFICES = (
    Office("00_KPU_RI", "00"),
    Office("13_KPU_PROV_SUMATERA_BARAT", "13"),
    Office("13_KPU_PROV_SUMATERA_BARAT/1303_KPU_KAB_SIJUNJUNG", "1303"),
    Office("13_KPU_PROV_SUMATERA_BARAT/1374_KPU_KOTA_PADANG_PANJANG", "1374"),
    Office("13_KPU_PROV_SUMATERA_BARAT/1309_KPU_KAB_KEPULAUAN_MENTAWAI", "1309"),
    Office("61_KPU_PROV_KALIMANTAN_BARAT", "61"),
    Office("61_KPU_PROV_KALIMANTAN_BARAT/6172_KPU_KOTA_SINGKAWANG", "6172"),
    Office("61_KPU_PROV_KALIMANTAN_BARAT/6112_KPU_KAB_KUBU_RAYA", "6112"),
    Office("34_KPU_PROV_DI_YOGYAKARTA", "34"),
    Office("34_KPU_PROV_DI_YOGYAKARTA/3471_KPU_KOTA_YOGYAKARTA", "3471"),
)
BA_TITLE = "REKAPITULASI HASIL PENGHITUNGAN PEROLEHAN SUARA"


@dataclass
class Ctx:
    result: Result
    office: Office
    files: Files = field(default_factory=dict)
    legs: dict[str, Leg] = field(default_factory=dict)  # ballot → its result tree

    @property
    def area(self) -> Area:
        return self.result.find(self.office.kode)

    @property
    def wilayah(self) -> str:
        """'Kabupaten Sijunjung', 'Kota Yogyakarta', 'Provinsi Sumatera Barat', 'Indonesia'."""
        return display(self.result, self.office.kode)

    @property
    def unit(self) -> str:
        return "KPU RI" if self.office.kode == "00" else f"KPU {self.wilayah}"

    @property
    def slug(self) -> str:
        return self.wilayah.lower().replace("provinsi ", "").replace(" ", "-")

    def signature(self, jenis: str) -> list[str]:
        y, m, d = (int(p) for p in date_of(jenis).split("-"))
        place = "Jakarta" if self.office.kode == "00" else self.area.nama.split(". ")[-1].title()
        return [
            f"{place}, {d} {MONTHS[m]} {y}",
            self.unit.upper(),
            "Ketua,",
            "",
            "( ....................... )",
        ]

    def leaf(
        self, stage: str, jenis: str, files: Files, narrative: Narrative, *, md: bool = False
    ) -> None:
        base = f"{self.office.folder}/{stage}/{jenis}"
        name, body = (as_md if md else as_txt)(narrative, list(files))
        for fname, data in {**files, name: body}.items():
            self.files[f"{base}/{fname}"] = data

    def narrative(
        self, jenis: str, tingkat: str, judul: str, tags: Sequence[str], *paras: str
    ) -> Narrative:
        return Narrative(
            judul=judul,
            unit_kerja=self.unit,
            kode_tahapan="PL.01.2"
            if jenis == "DPT"
            else ("PL.01.1" if jenis == "PARPOL" else "PL.01.8"),
            jenis=jenis,
            tingkat=tingkat,
            cakupan="Indonesia" if self.office.kode == "00" else self.wilayah,
            tanggal=date_of(jenis),
            sumber=f"Model {jenis} {self.unit}" if jenis.split("-")[0] in FORM_DATES else self.unit,
            kontak="Pusat Data dan Informasi KPU <ppid@kpu.go.id>"
            if self.office.kode == "00"
            else f"PPID {self.unit}",
            tags=tags,
            paragraphs=[*paras, SYNTHETIC_TEXT],
        )


def display(result: Result, kode: str) -> str:
    if kode == "00":
        return "Indonesia"
    nama = result.regions[kode].nama
    if len(kode) == 2:
        return f"Provinsi {nama.title()}"
    if nama.startswith("KAB. "):
        return f"Kabupaten {nama[5:].title()}"
    return nama.title()


def pdf_of(
    ctx: Ctx, name: str, heading: Sequence[str], rows: Sequence[Sequence[Cell]], jenis: str
) -> bytes:
    table = [
        [("" if v is None else id_number(v) if isinstance(v, int) else str(v)) for v in r]
        for r in rows
    ]
    return scanned_pdf(
        seed=f"{ctx.office.folder}/{name}",
        heading=heading,
        table=table,
        footer=ctx.signature(jenis),
    )


# --- leaves by document type ------------------------------------------------------------------


def rekap_titles(jenis: str, ctx: Ctx, area: Area) -> list[str]:
    where = {
        "DA1-PPWP": f"DI TINGKAT KECAMATAN {area.nama.upper()}",
        "DB1-PPWP": f"DI TINGKAT {ctx.wilayah.upper()}",
        "DC1-PPWP": f"DI TINGKAT {ctx.wilayah.upper()}",
        "DD1-PPWP": "DI TINGKAT NASIONAL",
    }[jenis]
    return [
        "REKAPITULASI HASIL PENGHITUNGAN SUARA PEMILIHAN UMUM PRESIDEN DAN WAKIL PRESIDEN TAHUN "
        "2019",
        where,
        f"MODEL {jenis}",
    ]


REKAP_LEVEL = {
    "DA1-PPWP": ("Desa/Kelurahan", "desa/kelurahan"),
    "DB1-PPWP": ("Kecamatan", "kecamatan"),
    "DC1-PPWP": ("Kabupaten/Kota", "kabupaten/kota"),
    "DD1-PPWP": ("Provinsi", "provinsi"),
}
REKAP_TITLE = {
    "DA1-PPWP": "Rekapitulasi Suara Pilpres 2019 Tingkat Kecamatan {where}",
    "DB1-PPWP": "Rekapitulasi Suara Pilpres 2019 {where} per Kecamatan",
    "DC1-PPWP": "Rekapitulasi Suara Pilpres 2019 {where} per Kabupaten/Kota",
    "DD1-PPWP": "Rekapitulasi Suara Pilpres 2019 Tingkat Nasional per Provinsi",
}


def rekap_leaf(
    ctx: Ctx,
    jenis: str,
    *,
    xlsx: bool,
    csv: bool,
    pdf: bool,
    md: bool = False,
    locale: bool = False,
    areas: Sequence[Area] | None = None,
) -> None:
    """DA1 (one table per kecamatan in `areas`), DB1, DC1 or DD1 recap of the office's region."""
    level, _ = REKAP_LEVEL[jenis]
    files: Files = {}
    for area in areas or [ctx.area]:
        stem = f"{jenis.lower()}-{slug(area.nama) if areas else ctx.slug}"
        rows = tables.rekap_rows(area)
        if csv:
            if locale:
                shown = [[id_number(v) if isinstance(v, int) else v for v in r] for r in rows]
                files[f"{stem}.csv"] = csv_bytes(tables.REKAP_FIELDS, shown, delimiter=";")
            else:
                files[f"{stem}.csv"] = csv_bytes(tables.REKAP_FIELDS, rows)
        if xlsx:
            sheet = tables.rekap_sheet(
                area, titles=rekap_titles(jenis, ctx, area), notes=ctx.signature(jenis)
            )
            files[f"rekap-{stem}.xlsx"] = xlsx_bytes([sheet])
        if pdf:
            head = rekap_titles(jenis, ctx, area)
            short = [[r[1], r[2], r[10], r[11], r[12]] for r in rows]
            files[f"{stem}.pdf"] = pdf_of(
                ctx, stem, head, [["WILAYAH", "TPS", "01", "02", "SAH"], *short], jenis
            )
    judul = REKAP_TITLE[jenis].format(where=ctx.wilayah)
    n = ctx.narrative(
        jenis,
        level,
        judul,
        ["pemilu 2019", "pilpres", "rekapitulasi"],
        f"Rekapitulasi hasil penghitungan suara Pemilu Presiden dan Wakil Presiden 2019 "
        f"(Model {jenis}) {ctx.unit}, satu baris per {level.lower()}. Kolom kode_wilayah memuat "
        "kode wilayah Kemendagri tanpa titik dan nama_wilayah namanya; jumlah_tps adalah "
        "banyaknya TPS di wilayah itu.",
        COUNTS_TEXT,
        "Berkas XLSX adalah tampilan cetak (judul, kepala tabel bergabung, baris JUMLAH dan "
        "tanda tangan); berkas CSV memuat tabel yang sama dalam bentuk siap olah."
        if xlsx and csv
        else "Baris JUMLAH pada berkas XLSX adalah jumlah seluruh baris di atasnya.",
    )
    ctx.leaf("PL.01.8", jenis, files, n, md=md)


def slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def c1_leaf(ctx: Ctx, *, md: bool = False, pdf_desa: str | None = None) -> None:
    rows = tables.c1_rows(ctx.result, [ctx.area])
    files: Files = {f"c1-ppwp-{ctx.slug}.csv": csv_bytes(tables.C1_FIELDS, rows)}
    if pdf_desa:
        desa = ctx.result.find(pdf_desa)
        tps = desa.tps[0]
        c = tps.counts
        table: list[list[Cell]] = [
            ["URAIAN", "JUMLAH"],
            ["DPT LAKI-LAKI", c.dpt_l], ["DPT PEREMPUAN", c.dpt_p], ["DPT JUMLAH", c.dpt_jumlah],
            ["PENGGUNA HAK PILIH", c.pengguna_jumlah],
            ["SUARA PASLON 01", c.suara_01], ["SUARA PASLON 02", c.suara_02],
            ["SUARA SAH", c.suara_sah], ["SUARA TIDAK SAH", c.suara_tidak_sah],
            ["JUMLAH SUARA", c.suara_jumlah],
        ]  # fmt: skip
        head = [
            "SERTIFIKAT HASIL PENGHITUNGAN SUARA DI TPS",
            "PEMILU PRESIDEN DAN WAKIL PRESIDEN 2019 (MODEL C1-PPWP)",
            f"TPS {tps.no_tps} {desa.nama.upper()}, {ctx.wilayah.upper()}",
        ]
        name = f"c1-ppwp-{slug(desa.nama)}-tps-{tps.no_tps}"
        files[f"{name}.pdf"] = pdf_of(ctx, name, head, table, "C1-PPWP")
    n = ctx.narrative(
        "C1-PPWP",
        "TPS",
        f"Hasil Penghitungan Suara Pilpres 2019 per TPS {ctx.wilayah}",
        ["pemilu 2019", "pilpres", "tps"],
        f"Hasil penghitungan suara Pemilu Presiden dan Wakil Presiden 2019 di setiap TPS "
        f"{ctx.wilayah} ({len(rows)} TPS), dari sertifikat Model C1-PPWP. Satu baris per TPS; "
        "kolom kode_* dan nama_* memuat kode dan nama provinsi, kabupaten/kota, kecamatan dan "
        "desa/kelurahan, no_tps nomor TPS tiga digit.",
        COUNTS_TEXT,
    )
    ctx.leaf("PL.01.8", "C1-PPWP", files, n, md=md)


def daa1_leaf(ctx: Ctx, kec_code: str, xlsx_desa: str, *, md: bool = True) -> None:
    kec = ctx.result.find(kec_code)
    files: Files = {}
    for desa in kec.children:
        files[f"daa1-ppwp-{slug(desa.nama)}.csv"] = csv_bytes(
            tables.C1_FIELDS, tables.c1_rows(ctx.result, [desa])
        )
        if desa.kode == xlsx_desa:
            titles = [
                "REKAPITULASI HASIL PENGHITUNGAN SUARA PEMILU PRESIDEN DAN WAKIL PRESIDEN 2019",
                f"DI NAGARI {desa.nama.upper()} KECAMATAN {kec.nama.upper()}",
                f"{ctx.wilayah.upper()} - MODEL DAA1-PPWP",
            ]
            sheet = tables.c1_sheet(
                ctx.result, desa, titles=titles, notes=ctx.signature("DAA1-PPWP")
            )
            files[f"rekap-daa1-ppwp-{slug(desa.nama)}.xlsx"] = xlsx_bytes([sheet])
    n = ctx.narrative(
        "DAA1-PPWP",
        "TPS",
        f"Rekapitulasi Suara Pilpres 2019 Tingkat Nagari Kecamatan {kec.nama} {ctx.wilayah}",
        ["pemilu 2019", "pilpres", "nagari"],
        f"Rekapitulasi hasil penghitungan suara Pilpres 2019 di tingkat desa/kelurahan (nagari) "
        f"Kecamatan {kec.nama}, Model DAA1-PPWP: satu berkas per nagari, satu baris per TPS.",
        COUNTS_TEXT,
    )
    ctx.leaf("PL.01.8", "DAA1-PPWP", files, n, md=md)


def dpt_leaf(ctx: Ctx, *, pdf: bool, md: bool = False) -> None:
    kab = ctx.area
    titles = [
        "REKAPITULASI DAFTAR PEMILIH TETAP (DPT)",
        "PEMILIHAN UMUM TAHUN 2019",
        ctx.wilayah.upper(),
    ]
    sheet = tables.dpt_sheet(kab, titles=titles, notes=ctx.signature("DPT"))
    files: Files = {f"rekap-dpt-{ctx.slug}.xlsx": xlsx_bytes([sheet])}
    if pdf:
        rows = [[r[1], r[3], r[4], r[5], r[6]] for r in tables.dpt_rows(kab)]
        files[f"rekap-dpt-{ctx.slug}.pdf"] = pdf_of(
            ctx, "dpt", titles, [["KECAMATAN", "TPS", "L", "P", "L+P"], *rows], "DPT"
        )
    n = ctx.narrative(
        "DPT",
        "Kecamatan",
        f"Rekapitulasi Daftar Pemilih Tetap Pemilu 2019 {ctx.wilayah}",
        ["pemilu 2019", "dpt", "daftar pemilih"],
        f"Rekapitulasi Daftar Pemilih Tetap (DPT) Pemilu 2019 {ctx.wilayah} per kecamatan, dalam "
        "bentuk seperti berkas rekap DPT di portal KPU: judul, tiga baris kepala tabel yang "
        "bergabung, nama wilayah huruf kapital tanpa kode, dan baris JUMLAH TOTAL.",
        "Kolom: nomor urut, nama kecamatan, jumlah desa/kelurahan (nagari), jumlah TPS, dan "
        "jumlah pemilih laki-laki (L), perempuan (P) dan seluruhnya (L+P).",
    )
    ctx.leaf("PL.01.2", "DPT", files, n, md=md)


def document_leaf(
    ctx: Ctx,
    stage: str,
    jenis: str,
    name: str,
    heading: Sequence[str],
    judul: str,
    text: str,
    *,
    md: bool = False,
) -> None:
    """A folder of one scanned decision or minutes (PDF only: no table to publish)."""
    lines = [[f"{i}.", t] for i, t in enumerate(text.split(". "), start=1) if t]
    files: Files = {f"{name}.pdf": pdf_of(ctx, name, heading, lines, jenis)}
    # `tingkat: kantor` in config/jenis-dokumen.yaml: a decision or minutes has its office's level
    kode = ctx.office.kode
    tingkat = "Nasional" if kode == "00" else {2: "Provinsi", 4: "Kabupaten/Kota"}[len(kode)]
    n = ctx.narrative(jenis, tingkat, judul, ["pemilu 2019", jenis.lower().replace("-", " ")], text)
    n = Narrative(**{**n.__dict__, "kode_tahapan": stage})
    ctx.leaf(stage, jenis, files, n, md=md)


def parpol_leaf(ctx: Ctx) -> None:
    files: Files = {
        "partai-politik-peserta-pemilu-2019.csv": csv_bytes(
            tables.PARTAI_FIELDS, tables.partai_rows()
        )
    }
    n = ctx.narrative(
        "PARPOL",
        "Nasional",
        "Partai Politik Peserta Pemilu 2019",
        ["pemilu 2019", "partai politik"],
        "Daftar 20 partai politik peserta Pemilu 2019 dengan nomor urutnya: 16 partai nasional "
        "dan 4 partai politik lokal Aceh (nomor urut 15-18).",
        "Kolom: no_urut (1-20), nama_partai, singkatan, cakupan (nasional atau lokal).",
    )
    ctx.leaf("PL.01.1", "PARPOL", files, n, md=True)


def office_leaves(ctx: Ctx) -> None:
    """Which documents each office has (a mix of forms, as real offices hand them over)."""
    k = ctx.office.kode
    if k == "00":
        parpol_leaf(ctx)
        rekap_leaf(ctx, "DD1-PPWP", xlsx=True, csv=True, pdf=True)
        document_leaf(
            ctx, "PL.01.8", "SK", "sk-kpu-987-pl.01.8-kpt-06-kpu-v-2019",
            ["KEPUTUSAN KOMISI PEMILIHAN UMUM", "NOMOR 987/PL.01.8-Kpt/06/KPU/V/2019",
             "TENTANG PENETAPAN HASIL PEMILIHAN UMUM TAHUN 2019"],
            "Keputusan KPU Nomor 987/PL.01.8-Kpt/06/KPU/V/2019",
            "Keputusan KPU tentang penetapan hasil Pemilihan Umum Presiden dan Wakil Presiden, "
            "anggota DPR, DPD dan DPRD secara nasional dalam Pemilihan Umum Tahun 2019. Berkas "
            "ini adalah pindaian tiruan untuk koleksi contoh",
        )  # fmt: skip
    elif k == "13":
        rekap_leaf(ctx, "DC1-PPWP", xlsx=True, csv=True, pdf=True)
        document_leaf(
            ctx, "PL.01.8", "BERITA-ACARA", "berita-acara-rekapitulasi-provinsi-sumatera-barat",
            ["BERITA ACARA", BA_TITLE, "PROVINSI SUMATERA BARAT"],
            "Berita Acara Rekapitulasi Provinsi Sumatera Barat 2019",
            "Berita acara rapat pleno terbuka rekapitulasi hasil penghitungan perolehan suara "
            "Pemilu 2019 tingkat Provinsi Sumatera Barat. Berkas ini adalah pindaian tiruan untuk "
            "koleksi contoh",
            md=True,
        )  # fmt: skip
    elif k == "1303":
        c1_leaf(ctx, pdf_desa="1303052005")
        daa1_leaf(ctx, "130305", "1303052005")
        rekap_leaf(ctx, "DA1-PPWP", xlsx=False, csv=True, pdf=False, areas=ctx.area.children)
        rekap_leaf(ctx, "DB1-PPWP", xlsx=True, csv=True, pdf=True)
        dpt_leaf(ctx, pdf=False, md=True)
    elif k == "1374":
        c1_leaf(ctx, md=True)
        rekap_leaf(ctx, "DB1-PPWP", xlsx=True, csv=True, pdf=False, locale=True)
        document_leaf(
            ctx, "PL.01.8", "BERITA-ACARA", "berita-acara-rekapitulasi-kota-padang-panjang",
            ["BERITA ACARA", BA_TITLE, "KOTA PADANG PANJANG"],
            "Berita Acara Rekapitulasi Kota Padang Panjang 2019",
            "Berita acara rapat pleno terbuka rekapitulasi hasil penghitungan perolehan suara "
            "Pemilu 2019 tingkat Kota Padang Panjang. Berkas ini adalah pindaian tiruan untuk "
            "koleksi contoh",
        )  # fmt: skip
    elif k == "1309":
        dpt_leaf(ctx, pdf=True)
        document_leaf(
            ctx, "PL.01.9", "SK", "sk-penetapan-calon-terpilih-dprd-kab-kepulauan-mentawai",
            ["KEPUTUSAN KPU KABUPATEN KEPULAUAN MENTAWAI", "TENTANG PENETAPAN CALON TERPILIH",
             "ANGGOTA DPRD KABUPATEN KEPULAUAN MENTAWAI PEMILU 2019"],
            "Keputusan Penetapan Calon Terpilih DPRD Kabupaten Kepulauan Mentawai 2019",
            "Keputusan KPU Kabupaten Kepulauan Mentawai tentang penetapan calon terpilih anggota "
            "DPRD Kabupaten Kepulauan Mentawai dalam Pemilu 2019. Berkas ini adalah pindaian "
            "tiruan "
            "untuk koleksi contoh",
        )  # fmt: skip
    elif k == "61":
        rekap_leaf(ctx, "DC1-PPWP", xlsx=False, csv=True, pdf=False, md=True)
    elif k == "6172":
        c1_leaf(ctx)
        rekap_leaf(
            ctx, "DA1-PPWP", xlsx=False, csv=True, pdf=False, md=True, areas=ctx.area.children
        )
        rekap_leaf(ctx, "DB1-PPWP", xlsx=True, csv=True, pdf=True)
    elif k == "6112":
        c1_leaf(ctx, md=True)
        rekap_leaf(ctx, "DB1-PPWP", xlsx=True, csv=False, pdf=False)
    elif k == "34":
        rekap_leaf(ctx, "DC1-PPWP", xlsx=True, csv=True, pdf=True)
    elif k == "3471":
        c1_leaf(ctx)
        rekap_leaf(
            ctx, "DA1-PPWP", xlsx=False, csv=True, pdf=False, md=True, areas=ctx.area.children
        )
        rekap_leaf(ctx, "DB1-PPWP", xlsx=True, csv=True, pdf=False, md=True)
        dpt_leaf(ctx, pdf=False)


def collection(result: Result) -> Files:
    from kpugen.families import family_leaves  # these build on this module's Ctx
    from kpugen.legislative import legislative
    from kpugen.legleaves import ballot_leaves

    dpr = dpr_dapil()
    legs = legislative(result.national, dpr)
    files: Files = {}
    for office in OFFICES:
        ctx = Ctx(result, office, legs=legs)
        office_leaves(ctx)
        ballot_leaves(ctx, dpr)
        family_leaves(ctx)
        files.update(ctx.files)
    for office in OFFICES:
        if len(office.kode) == 2 and office.kode != "00":
            name, data = digitisation_recap(result, office, files)
            files[f"{office.folder}/{name}"] = data
    return dict(sorted(files.items()))


def dpr_dapil() -> dict[str, str]:
    """Region code → its DPR dapil, from the shipped dapil reference (config/dapil/)."""
    from pathlib import Path

    from publisher.dapil import load_dapils

    path = Path(__file__).resolve().parents[2] / "config" / "dapil" / "dapil-2019.csv"
    dapils = load_dapils(path, str(path))
    return {w: d.nama for d in dapils.items if d.lembaga == "DPR" for w in d.wilayah}


# --- the province's recap of documents digitised per office --------------------------------------


def document_counts(files: Files, office: Office) -> dict[str, int]:
    """PDF / XLSX / CSV files in the office's own leaves (not its sub-offices')."""
    depth = office.folder.count("/") + 3  # office/stage/jenis/file
    counts = dict.fromkeys(DIGITISED, 0)
    for path in files:
        if path.startswith(office.folder + "/") and path.count("/") == depth:
            ext = path.rsplit(".", 1)[-1].lower()
            if ext in counts:
                counts[ext] += 1
    return counts


def digitisation_recap(result: Result, province: Office, files: Files) -> tuple[str, bytes]:
    offices = [
        o
        for o in OFFICES
        if o.folder == province.folder or o.folder.startswith(province.folder + "/")
    ]
    rows: list[list[Cell]] = []
    for i, office in enumerate(offices, start=1):
        counts = document_counts(files, office)
        kode, kind, delta = RECAP_DIFFERENCE
        if office.kode == kode:
            counts[kind] += delta
        ctx = Ctx(result, office)
        rows.append([i, office.kode, ctx.unit.upper(), *counts.values(), sum(counts.values())])
    totals = [sum(int(r[c] or 0) for r in rows) for c in range(3, 7)]
    prov = Ctx(result, province)
    name = prov.wilayah.upper().replace("PROVINSI ", "")
    name = "DI YOGYAKARTA" if province.kode == "34" else name
    sheet = Sheet(
        title="Rekap Digitalisasi",
        titles=[
            "REKAPITULASI DIGITALISASI HASIL PEMILU 2019",
            f"KPU {prov.wilayah.upper()} DAN KPU KABUPATEN/KOTA",
        ],
        columns=(
            ("NO",),
            ("KODE",),
            ("UNIT KERJA",),
            ("JUMLAH DOKUMEN DIGITAL", "PDF"),
            ("JUMLAH DOKUMEN DIGITAL", "XLSX"),
            ("JUMLAH DOKUMEN DIGITAL", "CSV"),
            ("JUMLAH DOKUMEN DIGITAL", "JUMLAH"),
        ),
        rows=rows,
        total=["JUMLAH", None, None, *totals],
        total_span=3,
        notes=prov.signature("DC1-PPWP"),
        widths=(5, 8, 40, 10, 10, 10, 10),
        text_columns=(1,),
    )
    return f"REKAP_DIGITALISASI_{name.replace(' ', '_')}.xlsx", xlsx_bytes([sheet])


def recap_counts(data: bytes) -> dict[str, dict[str, int]]:
    """Read a REKAP_DIGITALISASI workbook back: office code → {pdf, xlsx, csv}."""
    import io

    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    out: dict[str, dict[str, int]] = {}
    for row in ws.iter_rows(values_only=True):
        if isinstance(row[0], int) and isinstance(row[1], str):
            out[row[1]] = {"pdf": row[3], "xlsx": row[4], "csv": row[5]}
    return out
