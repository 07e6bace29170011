"""A new office's working folder (`publisher init DIR --office KODE [--ballot B]…`): an editable
copy of the default config and its Unit Kerja folder, with one Jenis Dokumen folder per ballot
the office recaps (DB1 at a kab/kota: all five; DC1 at a province: four; DD1 at KPU RI: PPWP and
DPR), each holding a narrative to fill in, ready for the office's files.

    DIR/config/                                        the default config, to edit
    DIR/datapackages/<office folder>/PL.01.8/<form>/NARASI_<form>.txt   one per ballot
    DIR/BACA-SAYA.txt                                  what to do next (Bahasa Indonesia)

Nothing that exists is overwritten: an existing `DIR/config` or narrative stops the run.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from publisher import offices
from publisher.config import DEFAULTS, Config
from publisher.errors import InputError

BALLOTS = {
    "PPWP": ("Pilpres", "pilpres"),
    "DPR": ("DPR", "pileg, dpr"),
    "DPD": ("DPD", "dpd"),
    "DPRD-PROV": ("DPRD Provinsi", "pileg, dprd provinsi"),
    "DPRD-KAB-KOTA": ("DPRD Kabupaten/Kota", "pileg, dprd kabupaten kota"),
}
"""The five 2019 ballots: (name in a narrative, its tags)."""
RECAP_BY_LEVEL = {0: "DD1", 2: "DC1", 4: "DB1"}
"""The recap an office of each level makes: KPU RI the national DD1 (per province), a province
the DC1 (per kab/kota), a kab/kota the DB1 (per kecamatan; the rows' level is the type's
`tingkat` in config/jenis-dokumen.yaml)."""


@dataclass(frozen=True)
class Started:
    config: Path
    narratives: tuple[Path, ...]
    readme: Path


def init_office(target: Path, kode: str, config: Config, ballots: Sequence[str] = ()) -> Started:
    """Write the working folder for office `kode` (00, a province or a kab/kota code): one
    Jenis Dokumen folder per ballot (`ballots`, default: each one the office recaps)."""
    _check_office(kode, config)
    forms = _forms(kode, config, ballots)
    office = target / "datapackages" / offices.folder(config.regions, kode) / "PL.01.8"
    narratives = tuple(office / form / f"NARASI_{form}.txt" for form in forms)
    for taken in (target / "config", *narratives):
        if taken.exists():
            raise InputError(
                f"{taken}: sudah ada; tidak ditimpa",
                hint="pilih folder lain, atau hapus dulu yang lama",
                en=f"{taken}: already exists; not overwritten",
                hint_en="choose another folder, or remove the old one first",
            )
    shutil.copytree(DEFAULTS if DEFAULTS.is_dir() else config.directory, target / "config")
    for form, narrative in zip(forms, narratives, strict=True):
        narrative.parent.mkdir(parents=True, exist_ok=True)
        narrative.write_text(_narrative(config, kode, form), encoding="utf-8")
    readme = target / "BACA-SAYA.txt"
    leaves = [n.parent.relative_to(target) for n in narratives]
    readme.write_text(_readme(leaves), encoding="utf-8")
    return Started(target / "config", narratives, readme)


def _check_office(kode: str, config: Config) -> None:
    if kode != offices.NATIONAL and (kode not in config.regions or len(kode) not in (2, 4)):
        raise InputError(
            f"{kode}: bukan kode KPU RI (00), provinsi (2 angka) atau kabupaten/kota (4 angka)",
            hint="pakai kode wilayah Kemendagri tanpa titik, mis. 1303 untuk Kab. Sijunjung",
            en=f"{kode}: not the code of KPU RI (00), a province (2 digits) or a kab/kota "
            "(4 digits)",
            hint_en="give the Kemendagri region code without dots, e.g. 1303 for Kab. Sijunjung",
        )


def _recap(kode: str) -> str:
    return RECAP_BY_LEVEL[0 if kode == offices.NATIONAL else len(kode)]


def _forms(kode: str, config: Config, ballots: Sequence[str]) -> list[str]:
    """The recap forms of the chosen ballots at this office's level, as the config knows them;
    a ballot that has none here (DPRD Kab/Kota at a province) is an InputError."""
    recap = _recap(kode)
    here = [b for b in BALLOTS if f"{recap}-{b}" in config.jenis]
    wanted = [b.upper() for b in ballots] or here
    missing = [b for b in wanted if b not in here]
    if missing:
        raise InputError(
            f"{', '.join(missing)}: surat suara ini tidak direkap dengan {recap} di kantor {kode}",
            hint=f"pilih dari: {', '.join(here)}",
            en=f"{', '.join(missing)}: no {recap} recap of that ballot at office {kode}",
            hint_en=f"choose from: {', '.join(here)}",
        )
    return [f"{recap}-{b}" for b in dict.fromkeys(wanted)]


def _narrative(config: Config, kode: str, form: str) -> str:
    unit = offices.unit(config.regions, kode)
    area = "Indonesia" if kode == offices.NATIONAL else offices.area(config.regions[kode])
    level = config.jenis[form].level(kode).title()  # "kabupaten/kota" → "Kabupaten/Kota"
    ballot, tags = BALLOTS[form.split("-", 1)[1]]
    judul = config.jenis[form].judul.format(
        tahun=2019, wilayah=area, nama=config.jenis[form].nama, unit_kerja=unit
    )
    return "\n".join(
        [
            f"Judul: {' '.join(judul.split())}",
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
            f"Tag: pemilu 2019, {tags}, rekapitulasi",
            "Berkas:",
            "Deskripsi:",
            f"Tuliskan di sini isi tabel {form} ({ballot}) {unit}: apa yang dihitung, tingkat "
            "wilayahnya, dan arti setiap kolom. Lalu daftarkan berkas PDF, XLSX atau CSV-nya "
            "di bawah 'Berkas:', satu per baris diawali '- '.",
            "",
        ]
    )


def _readme(leaves: Sequence[Path]) -> str:
    folders = "\n".join(f"   {leaf.as_posix()}" for leaf in leaves)
    return f"""Folder kerja kpu-publisher

1. Letakkan berkas hasil digitalisasi (PDF, XLSX atau CSV) di folder surat suaranya:
{folders}
2. Lengkapi NARASI_*.txt di setiap folder itu: Judul, Tanggal Penetapan, Deskripsi, dan
   daftar 'Berkas:' (satu berkas per baris, diawali '- '). Folder surat suara yang tidak
   dipakai boleh dihapus.
3. Dari folder ini jalankan:
     publisher --config config scan datapackages
     publisher --config config build datapackages
     publisher --config config validate datapackages
   Setiap pesan menyebut berkas, baris dan kolom yang perlu diperbaiki.
4. Ubah config/ bila perlu (alamat portal, lisensi, skema tabel); lihat docs/configuration.md
   di repositori kpu-publisher.
"""
