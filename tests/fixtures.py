"""Small collections made on the fly: region list, narratives, presentation-style XLSX, leaves."""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl

REPO = Path(__file__).resolve().parents[1]

REGIONS = """kode,kode_dotted,nama,tingkat,kode_induk,kode_kpu_2019
13,13,SUMATERA BARAT,provinsi,,12920
1303,13.03,KAB. SIJUNJUNG,kabupaten/kota,13,13099
1374,13.74,KOTA PADANG PANJANG,kabupaten/kota,13,13886
130305,13.03.05,IV NAGARI,kecamatan,1303,
130306,13.03.06,KUPITAN,kecamatan,1303,
61,61,KALIMANTAN BARAT,provinsi,,58285
6172,61.72,KOTA SINGKAWANG,kabupaten/kota,61,60223
"""

UNIT = "13_KPU_PROV_SUMATERA_BARAT/1303_KPU_KAB_SIJUNJUNG"
LEAF = f"{UNIT}/PL.01.8/DB1-PPWP"

NARRATIVE_KEYS: dict[str, str] = {
    "Judul": "Rekapitulasi Suara Pilpres 2019 Tingkat Kabupaten Sijunjung",
    "Unit Kerja": "KPU Kabupaten Sijunjung",
    "Kode Tahapan": "PL.01.8",
    "Jenis Dokumen": "DB1-PPWP",
    "Tingkat Penyajian": "Kecamatan",
    "Cakupan Wilayah": "Kabupaten Sijunjung",
    "Tahun": "2019",
    "Tanggal Penetapan": "2019-05-04",
    "Sumber": "Model DB1-PPWP KPU Kabupaten Sijunjung",
    "Frekuensi": "Sekali",
    "Lisensi": "CC-BY 4.0",
    "Kontak": "PPID KPU Kabupaten Sijunjung <ppid@sijunjung.kpu.go.id>",
    "Tag": "pemilu 2019, pilpres, rekapitulasi",
    "Berkas": "rekap.csv",
}
DESCRIPTION = "Hasil rekapitulasi per kecamatan.\n\nKolom suara_01 dan suara_02 berisi suara sah."


def make_config(target: Path) -> Path:
    """A copy of the repository's config/ with a small region list of its own."""
    shutil.copytree(REPO / "config", target, ignore=shutil.ignore_patterns("wilayah"))
    (target / "wilayah").mkdir(exist_ok=True)
    (target / "wilayah" / "wilayah-2017.csv").write_text(REGIONS, encoding="utf-8")
    return target


def narrative_txt(drop: Sequence[str] = (), **changes: str) -> str:
    values = {**NARRATIVE_KEYS, **{k.replace("_", " "): v for k, v in changes.items()}}
    lines = [f"{k}: {v}" for k, v in values.items() if k not in drop]
    if "Deskripsi" not in drop:
        lines.append(f"Deskripsi:\n{DESCRIPTION}")
    return "\n".join(lines) + "\n"


def narrative_md(**changes: str) -> str:
    values = {**NARRATIVE_KEYS, **{k.replace("_", " "): v for k, v in changes.items()}}
    tags = [t.strip() for t in values.pop("Tag").split(",")]
    files = [b.strip() for b in values.pop("Berkas").split(",")]
    front = [f'{k}: "{v}"' for k, v in values.items()]
    front += ["Tag:", *(f"  - {t}" for t in tags), "Berkas:", *(f"  - {f}" for f in files)]
    return "---\n" + "\n".join(front) + "\n---\n\n" + DESCRIPTION + "\n"


RECAP_HEADER = (
    "kode_wilayah,nama_wilayah,jumlah_tps,dpt_l,dpt_p,dpt_jumlah,pengguna_dpt,pengguna_dptb,"
    "pengguna_dpk,pengguna_jumlah,suara_01,suara_02,suara_sah,suara_tidak_sah,suara_jumlah"
)
RECAP_ROWS = (
    "130305,IV NAGARI,30,4000,4100,8100,6000,20,5,6025,524,5287,5811,100,5911",
    "130306,KUPITAN,40,5000,5100,10100,7000,30,6,7036,700,6000,6700,120,6820",
)


def recap_csv() -> str:
    return "\n".join([RECAP_HEADER, *RECAP_ROWS]) + "\n"


def write_leaf(root: Path, rel: str, files: Mapping[str, str | bytes]) -> Path:
    folder = root / rel
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


def good_leaf(root: Path, rel: str = LEAF, **extra: str | bytes) -> Path:
    files: dict[str, str | bytes] = {
        "NARASI_DB1-PPWP.txt": narrative_txt(Berkas=", ".join(["rekap.csv", *extra])),
        "rekap.csv": recap_csv(),
        **extra,
    }
    return write_leaf(root, rel, files)


def presentation_xlsx(path: Path) -> None:
    """A DB1-style sheet as offices lay it out for print: title rows, three merged header rows,
    a column-number row, Indonesian number text, a JUMLAH row, a signature block, a hidden sheet."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "DB1"
    ws["A1"] = "REKAPITULASI HASIL PENGHITUNGAN SUARA PEMILU PRESIDEN DAN WAKIL PRESIDEN 2019"
    ws.merge_cells("A1:O1")
    ws["A2"] = "KABUPATEN SIJUNJUNG"
    ws.merge_cells("A2:O2")
    top = ["KODE", "KECAMATAN", "JUMLAH TPS", "DATA PEMILIH", None, None]
    top += ["PENGGUNA HAK PILIH", None, None, None, "PEROLEHAN SUARA", None, None, None, None]
    mid = [None, None, None, "DPT", None, None, "DPT", "DPTB", "DPK", "JML"]
    mid += ["01", "02", "SAH", "TIDAK SAH", "JML"]
    low = [None, None, None, "L", "P", "JML"] + [None] * 9
    for col, value in enumerate(top, start=1):
        ws.cell(row=4, column=col, value=value)
    for col, value in enumerate(mid, start=1):
        ws.cell(row=5, column=col, value=value)
    for col, value in enumerate(low, start=1):
        ws.cell(row=6, column=col, value=value)
    for rng in ("A4:A6", "B4:B6", "C4:C6", "D4:F4", "D5:F5", "G4:J4", "K4:O4"):
        ws.merge_cells(rng)
    for rng in ("G5:G6", "H5:H6", "I5:I6", "J5:J6", "K5:K6", "L5:L6", "M5:M6", "N5:N6", "O5:O6"):
        ws.merge_cells(rng)
    for col in range(1, 16):
        ws.cell(row=7, column=col, value=f"({col})")
    first = ["130305", "IV NAGARI", 30, "4.000", "4.100", "8.100", 6000, 20, 5, 6025]
    second = ["130306", "KUPITAN", 40, 5000, 5100, 10100, 7000, 30, 6, 7036]
    data = [[*first, 524, "5.287", 5811, 100, 5911], [*second, 700, 6000, 6700, 120, 6820]]
    for r, row in enumerate(data, start=8):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    total = ["JUMLAH", None, 70, 9000, 9200, 18200, 13000, 50, 11, 13061]
    total += [1224, 11287, 12511, 220, 12731]
    for c, value in enumerate(total, start=1):
        ws.cell(row=10, column=c, value=value)
    ws.merge_cells("A10:B10")
    ws["L12"] = "Muaro Sijunjung, 4 Mei 2019"
    ws["L13"] = "Ketua KPU Kabupaten Sijunjung"
    hidden = book.create_sheet("lama")
    hidden["A1"] = "draf"
    hidden.sheet_state = "hidden"
    book.save(path)


PRESENTATION_CSV = (
    RECAP_HEADER
    + "\n"
    + "130305,IV NAGARI,30,4000,4100,8100,6000,20,5,6025,524,5287,5811,100,5911\n"
    + "130306,KUPITAN,40,5000,5100,10100,7000,30,6,7036,700,6000,6700,120,6820\n"
)
