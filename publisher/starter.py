"""A new office's working folder (`publisher init DIR --office KODE`): an editable copy of the
default config and its Unit Kerja folder, with one Jenis Dokumen folder holding a narrative to
fill in, ready for the office's files.

    DIR/config/                                        the default config, to edit
    DIR/datapackages/<office folder>/PL.01.8/<form>/NARASI_<form>.txt
    DIR/BACA-SAYA.txt                                  what to do next (Bahasa Indonesia)

Nothing that exists is overwritten: an existing `DIR/config` or narrative stops the run.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from publisher import offices
from publisher.config import DEFAULTS, Config
from publisher.errors import InputError

FORM_BY_LEVEL = {0: ("DD1-PPWP", "Provinsi"), 2: ("DC1-PPWP", "Kabupaten/Kota")}
"""The recap an office of each level makes: KPU RI the national DD1, a province the DC1, a
kab/kota the DB1 (per kecamatan)."""


@dataclass(frozen=True)
class Started:
    config: Path
    narrative: Path
    readme: Path


def init_office(target: Path, kode: str, config: Config) -> Started:
    """Write the working folder for office `kode` (00, a province or a kab/kota code)."""
    if kode != offices.NATIONAL and (kode not in config.regions or len(kode) not in (2, 4)):
        raise InputError(
            f"{kode}: bukan kode KPU RI (00), provinsi (2 angka) atau kabupaten/kota (4 angka)",
            hint="pakai kode wilayah Kemendagri tanpa titik, mis. 1303 untuk Kab. Sijunjung",
            en=f"{kode}: not the code of KPU RI (00), a province (2 digits) or a kab/kota "
            "(4 digits)",
            hint_en="give the Kemendagri region code without dots, e.g. 1303 for Kab. Sijunjung",
        )
    form, level = FORM_BY_LEVEL.get(0 if kode == offices.NATIONAL else len(kode), ("", ""))
    if not form:
        form, level = "DB1-PPWP", "Kecamatan"
    leaf = target / "datapackages" / offices.folder(config.regions, kode) / "PL.01.8" / form
    narrative = leaf / f"NARASI_{form}.txt"
    for taken in (target / "config", narrative):
        if taken.exists():
            raise InputError(
                f"{taken}: sudah ada; tidak ditimpa",
                hint="pilih folder lain, atau hapus dulu yang lama",
                en=f"{taken}: already exists; not overwritten",
                hint_en="choose another folder, or remove the old one first",
            )
    shutil.copytree(DEFAULTS if DEFAULTS.is_dir() else config.directory, target / "config")
    leaf.mkdir(parents=True, exist_ok=True)
    narrative.write_text(_narrative(config, kode, form, level), encoding="utf-8")
    readme = target / "BACA-SAYA.txt"
    readme.write_text(_readme(leaf.relative_to(target), narrative.name), encoding="utf-8")
    return Started(target / "config", narrative, readme)


def _narrative(config: Config, kode: str, form: str, level: str) -> str:
    unit = offices.unit(config.regions, kode)
    area = "Indonesia" if kode == offices.NATIONAL else offices.area(config.regions[kode])
    return "\n".join(
        [
            f"Judul: Rekapitulasi Suara Pilpres 2019 {area} per {level}",
            f"Unit Kerja: {unit}",
            "Kode Tahapan: PL.01.8",
            f"Jenis Dokumen: {form}",
            f"Tingkat Penyajian: {level}",
            f"Cakupan Wilayah: {area}",
            "Tahun: 2019",
            "Tanggal Penetapan: 2019-05-04",
            f"Sumber: Model {form} {unit}",
            "Frekuensi: Sekali (tidak diperbarui)",
            "Lisensi: CC-BY 4.0",
            f"Kontak: PPID {unit}",
            "Tag: pemilu 2019, pilpres, rekapitulasi",
            "Berkas:",
            "Deskripsi:",
            f"Tuliskan di sini isi tabel {form} {unit}: apa yang dihitung, tingkat wilayahnya, "
            "dan arti setiap kolom. Lalu daftarkan berkas PDF, XLSX atau CSV-nya di bawah "
            "'Berkas:', satu per baris diawali '- '.",
            "",
        ]
    )


def _readme(leaf: Path, narrative: str) -> str:
    return f"""Folder kerja kpu-publisher

1. Letakkan berkas hasil digitalisasi (PDF, XLSX atau CSV) di folder
   {leaf.as_posix()}
2. Lengkapi {narrative} di folder itu: Judul, Tanggal Penetapan, Deskripsi, dan
   daftar 'Berkas:' (satu berkas per baris, diawali '- ').
3. Dari folder ini jalankan:
     publisher --config config scan datapackages
     publisher --config config build datapackages
     publisher --config config validate datapackages
   Setiap pesan menyebut berkas, baris dan kolom yang perlu diperbaiki.
4. Ubah config/ bila perlu (alamat portal, lisensi, skema tabel); lihat docs/configuration.md
   di repositori kpu-publisher.
"""
