"""An office's region code → how the collection names it: its Unit Kerja folder (under its
province's), the office's name and the area it covers, from the region reference.

    00    → 00_KPU_RI                                   KPU RI
    13    → 13_KPU_PROV_SUMATERA_BARAT                   KPU Provinsi Sumatera Barat
    1303  → 13_KPU_PROV_SUMATERA_BARAT/1303_KPU_KAB_SIJUNJUNG
    11    → 11_KIP_ACEH (the election commission of Aceh is the KIP)
"""

from __future__ import annotations

from publisher.regions import Region, Regions

NATIONAL = "00"


def institution(kode: str) -> str:
    return "KIP" if kode.startswith("11") else "KPU"


def folder(regions: Regions, kode: str) -> str:
    """The office's folder, relative to the collection root (raises KeyError for a code the
    reference does not have)."""
    if kode == NATIONAL:
        return "00_KPU_RI"
    own = f"{kode}_{institution(kode)}_{_words(regions[kode])}"
    return own if len(kode) == 2 else f"{folder(regions, kode[:2])}/{own}"


def area(region: Region) -> str:
    """'KAB. BANYUMAS' → 'Kabupaten Banyumas'; 'ACEH' → 'Provinsi Aceh'."""
    nama = region.nama.title()
    if len(region.kode) == 2:
        return f"Provinsi {nama}"
    if region.nama.startswith("KAB. "):
        return f"Kabupaten {region.nama[5:].title()}"
    return nama


def unit(regions: Regions, kode: str) -> str:
    """The office's name as a narrative's `Unit Kerja` gives it: 'KPU Kabupaten Sijunjung'."""
    return "KPU RI" if kode == NATIONAL else f"{institution(kode)} {area(regions[kode])}"


def _words(region: Region) -> str:
    words = "".join(c if c.isalnum() else " " for c in region.nama.upper()).split()
    return "_".join((["PROV"] if len(region.kode) == 2 and region.kode != "11" else []) + words)
