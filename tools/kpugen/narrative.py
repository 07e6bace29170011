"""Leaf metadata → a narrative in Bahasa Indonesia, key–value (NARASI_<JENIS>.txt) or Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LICENSE = "CC-BY 4.0"
FREQUENCY = "Sekali (tidak diperbarui)"


@dataclass(frozen=True)
class Narrative:
    judul: str
    unit_kerja: str
    kode_tahapan: str
    jenis: str
    tingkat: str
    cakupan: str
    tanggal: str
    sumber: str
    kontak: str
    tags: Sequence[str]
    paragraphs: Sequence[str]
    tahun: str = "2019"

    def keys(self, files: Sequence[str]) -> list[tuple[str, str | list[str]]]:
        return [
            ("Judul", self.judul),
            ("Unit Kerja", self.unit_kerja),
            ("Kode Tahapan", self.kode_tahapan),
            ("Jenis Dokumen", self.jenis),
            ("Tingkat Penyajian", self.tingkat),
            ("Cakupan Wilayah", self.cakupan),
            ("Tahun", self.tahun),
            ("Tanggal Penetapan", self.tanggal),
            ("Sumber", self.sumber),
            ("Frekuensi", FREQUENCY),
            ("Lisensi", LICENSE),
            ("Kontak", self.kontak),
            ("Tag", list(self.tags)),
            ("Berkas", sorted(files)),
        ]


def as_txt(n: Narrative, files: Sequence[str]) -> tuple[str, bytes]:
    lines = []
    for key, value in n.keys(files):
        if key == "Berkas":
            lines.append("Berkas:")
            lines.extend(f"- {f}" for f in value)
        else:
            lines.append(f"{key}: {', '.join(value) if isinstance(value, list) else value}")
    lines.append("Deskripsi:")
    lines.append("\n\n".join(n.paragraphs))
    return f"NARASI_{n.jenis}.txt", ("\n".join(lines) + "\n").encode("utf-8")


def as_md(n: Narrative, files: Sequence[str]) -> tuple[str, bytes]:
    lines = ["---"]
    for key, value in n.keys(files):
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {_quote(v)}" for v in value)
        else:
            lines.append(f"{key}: {_quote(value)}")
    lines.append("---")
    body = f"# {n.judul}\n\n" + "\n\n".join(n.paragraphs)
    return "narasi.md", ("\n".join(lines) + "\n\n" + body + "\n").encode("utf-8")


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- column explanations used in the descriptions ----------------------------------------------

COUNTS_TEXT = (
    "Kolom dpt_l, dpt_p dan dpt_jumlah memuat jumlah pemilih dalam Daftar Pemilih Tetap "
    "(laki-laki, "
    "perempuan, jumlah). Kolom pengguna_dpt, pengguna_dptb, pengguna_dpk dan pengguna_jumlah "
    "memuat "
    "pemilih yang menggunakan hak pilihnya menurut asal daftarnya (DPT, DPTb untuk pemilih "
    "pindahan, "
    "DPK untuk pemilih dengan KTP-el yang tidak terdaftar). Kolom suara_01 dan suara_02 memuat "
    "suara "
    "sah pasangan calon nomor urut 01 (Ir. H. Joko Widodo - Prof. Dr. (H.C) KH. Ma'ruf Amin) dan "
    "02 (H. Prabowo Subianto - H. Sandiaga Salahuddin Uno); suara_sah = suara_01 + suara_02, dan "
    "suara_jumlah = suara_sah + suara_tidak_sah."
)
SYNTHETIC_TEXT = (
    "Catatan: berkas ini bagian dari koleksi contoh kpu-publisher. Kode dan nama wilayah mengikuti "
    "Permendagri 137/2017; angka di bawah tingkat yang tercantum dalam Keputusan KPU Nomor "
    "987/PL.01.8-Kpt/06/KPU/V/2019 adalah sintetis, tetapi dijumlahkan tepat sama dengan angka "
    "resmi."
)
