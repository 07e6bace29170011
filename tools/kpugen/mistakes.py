"""Clean collection → a copy with one planted mistake of each kind stewards make (shared DOMAIN.md,
"Mistakes stewards make"), and the manifest saying where each one is.

Each mistake touches its own file or folder, so a test can check that the copy differs from the
clean collection only where the manifest says. `row` is the data row as Frictionless counts it
(header = row 1, first data row = 2); `row` and `field` are None for file- and folder-level
mistakes.
"""

from __future__ import annotations

import csv
import io
import random
import struct
from collections.abc import Callable
from dataclasses import dataclass

import openpyxl

from kpugen import tables
from kpugen.collection import Files
from kpugen.tree import Result
from kpugen.writers import csv_bytes, id_number, scanned_pdf, xlsx_bytes

SB = "13_KPU_PROV_SUMATERA_BARAT"
SIJ = f"{SB}/1303_KPU_KAB_SIJUNJUNG"
PP = f"{SB}/1374_KPU_KOTA_PADANG_PANJANG"
MTW = f"{SB}/1309_KPU_KAB_KEPULAUAN_MENTAWAI"
KB = "61_KPU_PROV_KALIMANTAN_BARAT"
SKW = f"{KB}/6172_KPU_KOTA_SINGKAWANG"
KR = f"{KB}/6112_KPU_KAB_KUBU_RAYA"
DIY = "34_KPU_PROV_DI_YOGYAKARTA"
YK = f"{DIY}/3471_KPU_KOTA_YOGYAKARTA"


@dataclass
class Planter:
    files: Files
    result: Result
    manifest: list[dict[str, object]]

    def note(
        self,
        kind: str,
        path: str,
        description: str,
        *,
        row: int | None = None,
        field: str | None = None,
        changed: tuple[str, ...] = (),
    ) -> None:
        """`path`, `row`, `field`: where a checker should report the mistake; `changed`: the files
        or folders the planting wrote, when they are not `path` itself."""
        self.manifest.append(
            {
                "kind": kind,
                "path": path,
                "row": row,
                "field": field,
                "description": description,
                "changed": list(changed or (path,)),
            }
        )

    # --- CSV helpers: unchanged rows keep their exact bytes ---

    def rows(self, path: str) -> list[list[str]]:
        return list(csv.reader(io.StringIO(self.files[path].decode("utf-8"))))

    def put_rows(self, path: str, rows: list[list[str]]) -> None:
        self.files[path] = csv_bytes(rows[0], rows[1:])

    def change_cell(
        self, path: str, row: int, field: str, change: Callable[[str], str]
    ) -> tuple[str, str]:
        """One cell (row as Frictionless counts: header = 1) → change(cell); (old, new)."""
        rows = self.rows(path)
        col = rows[0].index(field)
        old = rows[row - 1][col]
        rows[row - 1][col] = new = change(old)
        self.put_rows(path, rows)
        return old, new

    def move(self, old_prefix: str, new_prefix: str) -> None:
        for path in [p for p in self.files if p.startswith(old_prefix + "/")]:
            self.files[new_prefix + path[len(old_prefix) :]] = self.files.pop(path)

    def text(self, path: str) -> str:
        return self.files[path].decode("utf-8")


def plant(files: Files, result: Result) -> tuple[Files, list[dict[str, object]]]:
    p = Planter(dict(files), result, [])
    for step in STEPS:
        step(p)
    return dict(sorted(p.files.items())), p.manifest


# --- text and encoding --------------------------------------------------------------------------


def locale_number(p: Planter) -> None:
    path = f"{YK}/PL.01.8/DA1-PPWP/da1-ppwp-umbulharjo.csv"
    old, new = p.change_cell(path, 3, "dpt_jumlah", lambda v: id_number(int(v)))
    p.note(
        "locale-number",
        path,
        f"dpt_jumlah written with a thousands dot ('{new}' for {old}).",
        row=3,
        field="dpt_jumlah",
    )


def semicolon(p: Planter) -> None:
    path = f"{YK}/PL.01.8/DA1-PPWP/da1-ppwp-kraton.csv"
    rows = p.rows(path)
    p.files[path] = csv_bytes(rows[0], rows[1:], delimiter=";")
    p.note(
        "semicolon-delimiter",
        path,
        "Fields separated by ';' (Excel in Indonesian locale), nothing declared.",
    )


def bom(p: Planter) -> None:
    path = f"{KR}/PL.01.8/C1-PPWP/c1-ppwp-kabupaten-kubu-raya.csv"
    p.files[path] = b"\xef\xbb\xbf" + p.files[path]
    p.note(
        "bom",
        path,
        "UTF-8 byte-order mark before the header (the first column name starts with U+FEFF).",
    )


def windows_1252(p: Planter) -> None:
    path = f"{SKW}/PL.01.8/C1-PPWP/NARASI_C1-PPWP.txt"
    text = p.text(path).replace("Ma'ruf", "Ma\u2019ruf").replace(" - Prof.", " \u2013 Prof.")
    p.files[path] = text.encode("cp1252")
    p.note(
        "windows-1252",
        path,
        "Narrative saved as Windows-1252: the curly apostrophe in Ma\u2019ruf and the dash are "
        "bytes 0x92 and 0x96, not UTF-8.",
    )


def crlf(p: Planter) -> None:
    path = f"{PP}/PL.01.8/C1-PPWP/c1-ppwp-kota-padang-panjang.csv"
    p.files[path] = p.files[path].replace(b"\n", b"\r\n")
    p.note("crlf", path, "Windows line ends (CR LF) on every line.")


# --- codes mangled by Excel ----------------------------------------------------------------------


def leading_zeros(p: Planter) -> None:
    path = f"{SIJ}/PL.01.8/C1-PPWP/c1-ppwp-kabupaten-sijunjung.csv"
    old, new = p.change_cell(path, 5, "no_tps", lambda v: str(int(v)))
    p.note(
        "leading-zeros-lost",
        path,
        f"no_tps '{old}' became '{new}' (Excel read it as a number).",
        row=5,
        field="no_tps",
    )


def scientific(p: Planter) -> None:
    path = f"{SIJ}/PL.01.8/DAA1-PPWP/daa1-ppwp-koto-baru.csv"
    # as Excel shows it: 1.30305E+09
    old, value = p.change_cell(path, 2, "kode_kelurahan", lambda v: f"{int(v):.5E}")
    p.note(
        "scientific-notation",
        path,
        f"kode_kelurahan {old} shown by Excel as '{value}'.",
        row=2,
        field="kode_kelurahan",
    )


def kpu_internal_id(p: Planter) -> None:
    path = f"{SB}/PL.01.8/DC1-PPWP/dc1-ppwp-sumatera-barat.csv"
    rows = p.rows(path)
    row = next(i for i, r in enumerate(rows, start=1) if r[0] == "1303")
    p.change_cell(path, row, "kode_wilayah", lambda _: "13099")
    p.note(
        "kpu-internal-id",
        path,
        "kode_wilayah of Kab. Sijunjung is KPU's 2019 internal id 13099, not the Kemendagri code "
        "1303.",
        row=row,
        field="kode_wilayah",
    )


# --- presentation-style XLSX ---------------------------------------------------------------------


def hidden_sheet(p: Planter) -> None:
    path = f"{KR}/PL.01.8/DB1-PPWP/rekap-db1-ppwp-kabupaten-kubu-raya.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(p.files[path]))
    ws = wb.create_sheet("Draf lama")
    ws.append(["kode_wilayah", "nama_wilayah", "suara_01", "suara_02"])
    for area in p.result.find("6112").children:
        ws.append([area.kode, area.nama, area.counts.suara_01 + 3, area.counts.suara_02 - 3])
    ws.sheet_state = "hidden"
    p.files[path] = _resave(wb)
    p.note(
        "hidden-sheet", path, "A hidden sheet 'Draf lama' holds an older draft with other numbers."
    )


def sheet_per_area(p: Planter) -> None:
    path = f"{SIJ}/PL.01.8/DAA1-PPWP/rekap-daa1-ppwp-koto-tuo.xlsx"
    kec = p.result.find("130305")
    sheets = []
    for desa in sorted(kec.children, key=lambda d: d.kode != "1303052005"):
        titles = [
            "REKAPITULASI HASIL PENGHITUNGAN SUARA PILPRES 2019",
            f"NAGARI {desa.nama.upper()}",
        ]
        sheets.append(tables.c1_sheet(p.result, desa, titles=titles, notes=[]))
    p.files[path] = xlsx_bytes(sheets)
    p.note(
        "sheet-per-area",
        path,
        f"One sheet per nagari ({len(sheets)} sheets of the same layout) instead of one table.",
    )


def _resave(wb: openpyxl.Workbook) -> bytes:
    from kpugen.writers import FIXED_TIME, _normalise_zip

    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    return _normalise_zip(buf.getvalue())


# --- totals and arithmetic -----------------------------------------------------------------------


def total_row(p: Planter) -> None:
    path = f"{SKW}/PL.01.8/DB1-PPWP/db1-ppwp-kota-singkawang.csv"
    rows = p.rows(path)
    sums = [sum(int(r[c]) for r in rows[1:]) for c in range(2, len(rows[0]))]
    col = rows[0].index("suara_01") - 2
    sums[col] += 100
    rows.append(["", "JUMLAH", *map(str, sums)])
    p.put_rows(path, rows)
    p.note(
        "total-row-wrong",
        path,
        "A JUMLAH row inside the data; its suara_01 is 100 more than the sum of the rows.",
        row=len(rows),
        field="suara_01",
    )


def row_arithmetic(p: Planter) -> None:
    path = f"{YK}/PL.01.8/C1-PPWP/c1-ppwp-kota-yogyakarta.csv"
    row = 12
    old, new = p.change_cell(path, row, "suara_02", lambda v: str(int(v) + 9))
    p.note(
        "row-arithmetic",
        path,
        f"suara_02 {old} → {new}: suara_01 + suara_02 no longer equals suara_sah (and the "
        "file's suara_02 total is 9 more than the recaps).",
        row=row,
        field="suara_02",
    )


def cross_level(p: Planter) -> None:
    path = f"{YK}/PL.01.8/DB1-PPWP/db1-ppwp-kota-yogyakarta.csv"
    row = 4
    p.change_cell(path, row, "suara_01", lambda v: str(int(v) + 150))
    p.change_cell(path, row, "suara_02", lambda v: str(int(v) - 150))
    p.note(
        "cross-level",
        path,
        "suara_01 +150 and suara_02 -150 for one kecamatan: the row still adds up, but it no "
        "longer matches that kecamatan's DA1 table, and the city total no longer matches the "
        "DC1 row.",
        row=row,
        field="suara_01",
    )


def name_drift(p: Planter) -> None:
    path = f"{SKW}/PL.01.8/C1-PPWP/c1-ppwp-kota-singkawang.csv"
    row = 7
    old, drifted = p.change_cell(
        path, row, "nama_kelurahan", lambda v: v[:-1] + v[-1] * 2 if len(v) > 3 else v + "h"
    )
    p.note(
        "name-drift",
        path,
        f"nama_kelurahan '{drifted}' is misspelt; the reference says '{old}'.",
        row=row,
        field="nama_kelurahan",
    )


# --- dates ---------------------------------------------------------------------------------------


def _replace_key(p: Planter, path: str, key: str, value: str) -> str:
    lines = p.text(path).split("\n")
    for i, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            old = line.split(":", 1)[1].strip()
            lines[i] = f"{key}: {value}"
            p.files[path] = "\n".join(lines).encode("utf-8")
            return old
    raise KeyError(f"{path}: no {key}")


def date_impossible(p: Planter) -> None:
    path = f"{MTW}/PL.01.8/DB1-DPR/narasi.md"
    _replace_key(p, path, "Tanggal Penetapan", '"31-02-2019"')
    p.note(
        "date-impossible",
        path,
        "Tanggal Penetapan '31-02-2019': there is no 31 February (and day-month-year order).",
        field="Tanggal Penetapan",
    )


def date_excel_serial(p: Planter) -> None:
    path = f"{KR}/PL.01.8/DB1-PPWP/NARASI_DB1-PPWP.txt"
    _replace_key(p, path, "Tanggal Penetapan", "43589")
    p.note(
        "date-excel-serial",
        path,
        "Tanggal Penetapan '43589' is an Excel date serial (2019-05-04) pasted as a number.",
        field="Tanggal Penetapan",
    )


# --- folders ------------------------------------------------------------------------------------


def misfiled(p: Planter) -> None:
    p.move(f"{MTW}/PL.01.2/DPT", f"{MTW}/PL.01.8/DPT")
    p.note("misfiled", f"{MTW}/PL.01.8/DPT", "A DPT recap (stage PL.01.2) filed under PL.01.8.")


def stage_misnamed(p: Planter) -> None:
    p.move("00_KPU_RI/PL.01.1", "00_KPU_RI/Tahapan Parpol")
    p.note(
        "stage-unknown",
        "00_KPU_RI/Tahapan Parpol",
        "Stage folder named 'Tahapan Parpol': no stage code or known alias.",
    )


def type_misnamed(p: Planter) -> None:
    p.move(f"{SKW}/PL.01.8/DA1-PPWP", f"{SKW}/PL.01.8/REKAP DA1")
    p.note(
        "type-unknown",
        f"{SKW}/PL.01.8/REKAP DA1",
        "Document-type folder named 'REKAP DA1': no type code or known alias.",
    )


def office_without_code(p: Planter) -> None:
    base = "KPU_KAB_SLEMAN/PL.01.8/DB1-PPWP"
    p.files[f"{base}/db1-ppwp-sleman.pdf"] = scanned_pdf(
        seed=base,
        heading=["MODEL DB1-PPWP", "KABUPATEN SLEMAN"],
        table=[],
        footer=["Sleman, 4 Mei 2019"],
    )
    p.files[f"{base}/NARASI_DB1-PPWP.txt"] = _small_narrative(
        "KPU Kabupaten Sleman", "DB1-PPWP", "Kecamatan", ["db1-ppwp-sleman.pdf"]
    )
    p.note(
        "office-without-code",
        "KPU_KAB_SLEMAN",
        "Office folder without its region code (should be 3404_KPU_KAB_SLEMAN), at the top level.",
    )


def loose_file(p: Planter) -> None:
    path = f"{KB}/rekap suara kalbar.xlsx"
    p.files[path] = p.files[f"{SKW}/PL.01.8/DB1-PPWP/rekap-db1-ppwp-kota-singkawang.xlsx"]
    p.note(
        "loose-file",
        path,
        "A workbook lying in the province folder, outside any stage and type folder.",
    )


def pdf_only(p: Planter) -> None:
    base = f"{KB}/PL.01.8/DC1-DPR"
    p.files[f"{base}/dc1-dpr-kalimantan-barat.pdf"] = scanned_pdf(
        seed=base,
        heading=["MODEL DC1-DPR", "PROVINSI KALIMANTAN BARAT"],
        table=[],
        footer=["Pontianak, 12 Mei 2019"],
    )
    p.files[f"{base}/NARASI_DC1-DPR.txt"] = _small_narrative(
        "KPU Provinsi Kalimantan Barat",
        "DC1-DPR",
        "Kabupaten/Kota",
        ["dc1-dpr-kalimantan-barat.pdf"],
    )
    p.note(
        "pdf-only",
        base,
        "A DC1-DPR folder (a type with a table schema) holding only a scanned PDF.",
    )


def _small_narrative(unit: str, jenis: str, tingkat: str, files: list[str]) -> bytes:
    lines = [
        f"Judul: {jenis} {unit} 2019", f"Unit Kerja: {unit}", "Kode Tahapan: PL.01.8",
        f"Jenis Dokumen: {jenis}", f"Tingkat Penyajian: {tingkat}", f"Cakupan Wilayah: {unit[4:]}",
        "Tahun: 2019", "Sumber: Pindaian dokumen", "Lisensi: CC-BY 4.0", f"Kontak: PPID {unit}",
        "Tag: pemilu 2019", "Berkas:", *(f"- {f}" for f in files), "Deskripsi:",
        "Pindaian dokumen hasil rekapitulasi.",
    ]  # fmt: skip
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- narratives ----------------------------------------------------------------------------------


def narrative_missing(p: Planter) -> None:
    folder = f"{YK}/PL.01.2/DPT"
    del p.files[f"{folder}/NARASI_DPT.txt"]
    p.note("narrative-missing", folder, "The DPT folder has no narrative (NARASI_DPT.txt deleted).")


def narrative_incomplete(p: Planter) -> None:
    path = f"{YK}/PL.01.8/DB1-DPR/NARASI_DB1-DPR.txt"
    lines = [line for line in p.text(path).split("\n") if not line.startswith("Lisensi:")]
    p.files[path] = "\n".join(lines).encode("utf-8")
    p.note("narrative-incomplete", path, "The narrative has no Lisensi key.", field="Lisensi")


def narrative_absent_file(p: Planter) -> None:
    path = f"{SB}/PL.01.8/DC1-PPWP/NARASI_DC1-PPWP.txt"
    text = p.text(path).replace(
        "Deskripsi:", "- dc1-ppwp-sumatera-barat-revisi.xlsx\nDeskripsi:", 1
    )
    p.files[path] = text.encode("utf-8")
    p.note(
        "narrative-lists-absent-file",
        path,
        "Berkas lists dc1-ppwp-sumatera-barat-revisi.xlsx, which is not in the folder.",
        field="Berkas",
    )


def narrative_omits_file(p: Planter) -> None:
    folder = f"{DIY}/PL.01.8/DC1-PPWP"
    p.files[f"{folder}/lampiran-dc1-ppwp.pdf"] = p.files[
        f"{folder}/dc1-ppwp-daerah-istimewa-yogyakarta.pdf"
    ]
    p.note(
        "narrative-omits-file",
        f"{folder}/NARASI_DC1-PPWP.txt",
        "lampiran-dc1-ppwp.pdf is in the folder but not listed under Berkas.",
        field="Berkas",
        changed=(f"{folder}/lampiran-dc1-ppwp.pdf",),
    )


def narrative_long_title(p: Planter) -> None:
    path = f"{SB}/PL.01.8/BERITA-ACARA/narasi.md"
    title = (
        "Berita Acara Rapat Pleno Terbuka Rekapitulasi Hasil Penghitungan Perolehan Suara "
        "Pemilihan "
        "Umum Presiden dan Wakil Presiden Tahun 2019 Tingkat Provinsi Sumatera Barat."
    )
    _replace_key(p, path, "Judul", f'"{title}"')
    p.note(
        "narrative-long-title",
        path,
        f"Judul is {len(title)} characters (limit 100) and ends with a period.",
        field="Judul",
    )


# --- files ---------------------------------------------------------------------------------------


def duplicate(p: Planter) -> None:
    src = f"{SIJ}/PL.01.8/DB1-PPWP/db1-ppwp-kabupaten-sijunjung.csv"
    path = f"{SIJ}/PL.01.8/DB1-PPWP/db1-ppwp-kabupaten-sijunjung final (1).csv"
    rows = p.rows(src)
    rows[2][rows[0].index("suara_tidak_sah")] = str(
        int(rows[2][rows[0].index("suara_tidak_sah")]) + 4
    )
    rows[2][rows[0].index("suara_jumlah")] = str(int(rows[2][rows[0].index("suara_jumlah")]) + 4)
    p.files[path] = csv_bytes(rows[0], rows[1:])
    p.note(
        "duplicate-file",
        path,
        "A second copy 'final (1)' of the DB1 table whose row 3 has 4 more invalid votes.",
    )


def legacy_xls(p: Planter) -> None:
    path = f"{PP}/PL.01.8/DB1-PPWP/rekap-db1-ppwp-kota-padang-panjang-lama.xls"
    area = p.result.find("1374")
    rows: list[list[object]] = [["KODE WILAYAH", "NAMA WILAYAH", "SUARA 01", "SUARA 02"]]
    rows += [[a.kode, a.nama, a.counts.suara_01, a.counts.suara_02] for a in area.children]
    p.files[path] = biff2(rows)
    p.note("legacy-xls", path, "A legacy Excel 2.x/97 '.xls' workbook (BIFF), not .xlsx.")


def biff2(rows: list[list[object]]) -> bytes:
    """A minimal BIFF2 worksheet (the oldest .xls format): BOF, LABEL/NUMBER cells, EOF."""
    out = [struct.pack("<HHHH", 0x0009, 4, 0x0002, 0x0010)]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, int | float) and not isinstance(value, bool):
                out.append(struct.pack("<HHHH3sd", 0x0003, 15, r, c, b"\0\0\0", float(value)))
            else:
                text = str(value).encode("cp1252")[:255]
                out.append(
                    struct.pack("<HHHH3sB", 0x0004, 8 + len(text), r, c, b"\0\0\0", len(text))
                    + text
                )
    out.append(struct.pack("<HH", 0x000A, 0))
    return b"".join(out)


FIRST = ("Siti", "Ahmad", "Nur", "Rahmat", "Dewi", "Budi", "Yusuf", "Fitri", "Rina", "Andi")
LAST = ("Hasanah", "Saputra", "Wahyuni", "Hidayat", "Lestari", "Putra", "Rahmawati", "Syahputra")


def personal_data(p: Planter) -> None:
    path = f"{SIJ}/PL.01.2/DPT/dpt-nagari-koto-tuo-tps-001.csv"
    rng = random.Random("nik")
    header = ["no", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "alamat", "tps"]
    rows: list[list[object]] = []
    for i in range(1, 21):
        woman = rng.random() < 0.5
        day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1950, 2000)
        born = f"{day + 40 if woman else day:02d}{month:02d}{year % 100:02d}"
        nik = f"130305{born}{rng.randint(1, 9999):04d}"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        rows.append(
            [
                i,
                nik,
                name,
                "P" if woman else "L",
                f"{year}-{month:02d}-{day:02d}",
                "Jorong Koto Tuo",
                "001",
            ]
        )
    p.files[path] = csv_bytes(header, [[str(v) for v in r] for r in rows])
    narrative = f"{SIJ}/PL.01.2/DPT/narasi.md"
    listed = '  - "rekap-dpt-kabupaten-sijunjung.xlsx"\n'
    p.files[narrative] = (
        p.text(narrative)
        .replace(listed, listed + '  - "dpt-nagari-koto-tuo-tps-001.csv"\n', 1)
        .encode("utf-8")
    )
    p.note(
        "personal-data",
        path,
        "A by-name voter list with 16-digit NIK numbers (synthetic people): must never be "
        "published. The folder's narrative lists it, as a steward would.",
        field="nik",
        changed=(path, narrative),
    )


def nik_in_xlsx(p: Planter) -> None:
    """A presentation workbook with an extra column of the PPK chairs' NIK, outside the schema:
    the clean CSV leaves it out, but the workbook itself would be published with it."""
    path = f"{PP}/PL.01.8/DB1-PPWP/rekap-db1-ppwp-kota-padang-panjang.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(p.files[path]))
    ws = wb.active
    header = next(
        r for r in range(1, 15) if str(ws.cell(r, 2).value or "").upper().startswith("KODE")
    )
    column = ws.max_column + 1
    ws.cell(header, column, "NIK KETUA PPK")
    rng = random.Random("nik-ppk")
    for r in range(header + 1, ws.max_row + 1):
        code = str(ws.cell(r, 2).value or "")
        if code.isdigit() and len(code) == 6:
            day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(55, 90)
            ws.cell(r, column, f"{code}{day:02d}{month:02d}{year:02d}{rng.randint(1, 9999):04d}")
    p.files[path] = _resave(wb)
    p.note(
        "nik-in-workbook",
        path,
        "An extra column 'NIK KETUA PPK' (16-digit NIK of each PPK chair, synthetic) beside the "
        "recap in the steward's workbook: outside the schema, so the clean CSV drops it, but the "
        "workbook itself must never be published.",
        field="NIK KETUA PPK",
    )


def voter_list_xlsx(p: Planter) -> None:
    """A by-name voter list as a TPS sends it, in a workbook with title rows and its own
    headings ('NOMOR INDUK', 'NAMA LENGKAP', 'TEMPAT/TGL LAHIR', 'L/P'): no column is called
    NIK, yet every row holds one."""
    folder = f"{KR}/PL.01.2/DPT"
    path = f"{folder}/daftar-pemilih-tps-003.xlsx"
    rng = random.Random("voter-list")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "TPS 003"
    ws.append(["DAFTAR PEMILIH TETAP PEMILU 2019"])
    ws.append(["TPS 003 - DESA KUALA DUA"])
    ws.append([])
    ws.append(["NO", "NOMOR INDUK", "NAMA LENGKAP", "TEMPAT/TGL LAHIR", "L/P", "KETERANGAN"])
    for i in range(1, 16):
        woman = rng.random() < 0.5
        day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1950, 2000)
        born = f"{day + 40 if woman else day:02d}{month:02d}{year % 100:02d}"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        nik = f"611204{born}{rng.randint(1, 9999):04d}"
        place = f"KUALA DUA, {day:02d}-{month:02d}-{year}"
        ws.append([i, nik, name, place, "P" if woman else "L", ""])
    p.files[path] = _resave(wb)
    narrative = f"{folder}/NARASI_DPT.txt"
    text = _small_narrative(
        "KPU Kabupaten Kubu Raya", "DPT", "Kecamatan", ["daftar-pemilih-tps-003.xlsx"]
    ).decode("utf-8")
    p.files[narrative] = text.replace("PL.01.8", "PL.01.2").encode("utf-8")
    p.note(
        "voter-list-xlsx",
        path,
        "A by-name voter list in a workbook (synthetic people), headed 'NOMOR INDUK', 'NAMA "
        "LENGKAP', 'TEMPAT/TGL LAHIR', 'L/P' under title rows: found by its content and its "
        "columns, not by a column called NIK; the package is blocked.",
        field="NOMOR INDUK",
        changed=(path, narrative),
    )


# --- the legislative and DPD ballots (issue 15): Kota Padang Panjang and Sumatera Barat ---------

PPL = f"{PP}/PL.01.8"


def _zero_row(p: Planter, path: str) -> int:
    """The first row (as Frictionless counts) with 0 votes: changing its party moves no vote."""
    rows = p.rows(path)
    col = rows[0].index("suara")
    return next(i for i, r in enumerate(rows[1:], start=2) if r[col] == "0")


def party_unknown(p: Planter) -> None:
    path = f"{PPL}/DAA1-DPR/daa1-dpr-ganting-rinci.csv"
    row = _zero_row(p, path)
    old, _ = p.change_cell(path, row, "no_urut_partai", lambda v: "21")
    p.note("party-unknown", path, f"Party number 21 (for {old}): no such party on the ballot "
           "(a row of 0 votes, so no total changes).", row=row, field="no_urut_partai")  # fmt: skip


def party_aceh(p: Planter) -> None:
    path = f"{PPL}/C1-DPRD-PROV/c1-dprd-prov-kota-padang-panjang-rinci.csv"
    row = _zero_row(p, path)
    p.change_cell(path, row, "no_urut_partai", lambda v: "15")
    p.change_cell(path, row, "nama_partai", lambda v: "Partai Aceh")
    p.note("party-aceh-outside-aceh", path, "Partai Aceh (15), a local party of Aceh, on a DPRD "
           "Provinsi table of Sumatera Barat (a row of 0 votes).", row=row,
           field="no_urut_partai")  # fmt: skip


def party_name(p: Planter) -> None:
    path = f"{PPL}/C1-DPRD-KAB-KOTA/c1-dprd-kab-kota-kota-padang-panjang-rinci.csv"
    row = 10  # party 3 (PDI-P)
    old, new = p.change_cell(path, row, "nama_partai", lambda v: "Partai NasDem")
    p.note("party-name", path, f"nama_partai '{new}' on a row of another party ({old}).",
           row=row, field="nama_partai")  # fmt: skip


def dapil_region(p: Planter) -> None:
    path = f"{PPL}/C1-DPR/c1-dpr-kota-padang-panjang-rinci.csv"
    row = 30
    p.change_cell(path, row, "dapil", lambda v: "SUMATERA BARAT II")
    p.note("candidate-other-dapil", path, "A candidate row of Kota Padang Panjang (DPR dapil "
           "SUMATERA BARAT I) under dapil SUMATERA BARAT II.", row=row, field="dapil")  # fmt: skip


def dapil_unknown(p: Planter) -> None:
    path = f"{PPL}/DA1-DPR/da1-dpr-padang-panjang-barat-rinci.csv"
    row = 5
    p.change_cell(path, row, "dapil", lambda v: "SUMBAR I")
    p.note("dapil-unknown", path, "dapil written 'SUMBAR I', not a name of the dapil list.",
           row=row, field="dapil")  # fmt: skip


def party_total(p: Planter) -> None:
    """A candidate's votes changed in the long table: the party's total in the wide one (of the
    same folder) no longer matches; reported there."""
    long = f"{SB}/PL.01.8/DC1-DPR/dc1-dpr-sumatera-barat-rinci.csv"
    wide = f"{SB}/PL.01.8/DC1-DPR/dc1-dpr-sumatera-barat.csv"
    rows = p.rows(long)
    head = rows[0]
    code, calon = head.index("kode_wilayah"), head.index("no_urut_calon")
    i = next(i for i, r in enumerate(rows[1:], start=2) if r[code] == "1302" and r[calon])
    party = int(rows[i - 1][head.index("no_urut_partai")])
    p.change_cell(long, i, "suara", lambda v: str(int(v) + 10))
    wide_row = next(j for j, r in enumerate(p.rows(wide)[1:], start=2) if r[0] == "1302")
    p.note("party-total-vs-candidates", wide, f"A candidate of party {party} in Kab. Solok has "
           f"10 votes more in the long table (row {i}) than its party's total allows.",
           row=wide_row, field=f"partai_{party:02d}", changed=(long,))  # fmt: skip


def party_outside(p: Planter) -> None:
    path = f"{PPL}/DAA1-DPRD-PROV/daa1-dprd-prov-ganting.csv"
    row = 3
    p.change_cell(path, row, "partai_01", lambda v: str(int(v) - 5))
    p.change_cell(path, row, "partai_16", lambda v: "5")
    p.note("aceh-column-outside-aceh", path, "5 votes of PKB typed in the column of Partai SIRA "
           "(an Aceh party) in Sumatera Barat.", row=row, field="partai_16")  # fmt: skip


def dpt_across_ballots(p: Planter) -> None:
    path = f"{PPL}/C1-DPRD-KAB-KOTA/c1-dprd-kab-kota-kota-padang-panjang.csv"
    row = 9
    p.change_cell(path, row, "dpt_p", lambda v: str(int(v) + 1))
    p.change_cell(path, row, "dpt_jumlah", lambda v: str(int(v) + 1))
    p.note("dpt-across-ballots", path, "One more woman on the DPT of a TPS in the DPRD Kota C1 "
           "than in the other four ballots' C1 at the same TPS.", row=row,
           field="dpt_p")  # fmt: skip


def dpd_other_province(p: Planter) -> None:
    path = f"{PPL}/C1-DPD/c1-dpd-kota-padang-panjang-rinci.csv"
    row = 4
    p.change_cell(path, row, "no_urut_calon", lambda v: "13")
    p.change_cell(path, row, "nama_calon", lambda v: "Calon DPD Kalimantan Barat Nomor Urut 13")
    p.note("dpd-candidate-other-province", path, "A DPD candidate of Kalimantan Barat (on its "
           "DCT, number 13) in a Sumatera Barat C1-DPD table.", row=row,
           field="no_urut_calon")  # fmt: skip


def candidate_unknown(p: Planter) -> None:
    path = f"{PPL}/DB1-DPR/db1-dpr-kota-padang-panjang-rinci.csv"
    row = 3  # party 1's candidate 1: becomes a candidate 3, whom the party does not have
    p.change_cell(path, row, "no_urut_calon", lambda v: "3")
    p.change_cell(path, row, "nama_calon", lambda v: "Calon Nomor Urut 3")
    p.note("candidate-not-on-list", path, "Candidate number 3 of PKB in dapil SUMATERA BARAT I, "
           "who is not on the DCT (2 candidates per party in the sample).", row=row,
           field="no_urut_calon")  # fmt: skip


STEPS: tuple[Callable[[Planter], None], ...] = (
    locale_number, semicolon, bom, windows_1252, crlf,
    leading_zeros, scientific, kpu_internal_id,
    hidden_sheet, sheet_per_area,
    total_row, row_arithmetic, cross_level, name_drift,
    date_impossible, date_excel_serial,
    misfiled, stage_misnamed, type_misnamed, office_without_code, loose_file, pdf_only,
    narrative_missing, narrative_incomplete, narrative_absent_file, narrative_omits_file,
    narrative_long_title,
    duplicate, legacy_xls, personal_data, nik_in_xlsx, voter_list_xlsx,
    party_unknown, party_aceh, party_name, dapil_region, dapil_unknown, party_total,
    party_outside, dpt_across_ballots, dpd_other_province, candidate_unknown,
)  # fmt: skip
