"""The region reference → a collection for every office of the country (or a share of them).

KPU RI, the 34 provinces (KIP in Aceh) and the 514 kab/kota, each in its folder under the
contract, with the presidential results at every level: C1-PPWP (one row per TPS), DA1-PPWP
(per kecamatan, one row per desa/kelurahan), DB1-PPWP (per kecamatan), DC1-PPWP (per kab/kota)
and DD1-PPWP (per province). Sizes follow the reference: every desa/kelurahan has its TPS
(lognormal, about 9.7 per desa: ~880,000 TPS for the country, as 2019's 809,500), each TPS
150-290 voters. Numbers are synthetic and made bottom-up, so every level sums exactly to the
one above; each kab/kota has its own seed, so a kab/kota's files are the same whatever share of
the country is written. The national recap needs every province's totals, so every kab/kota's
TPS are always counted (a few seconds), and only the chosen offices' files are written.

Shares (`select`): "all"; "10%" (kab/kota chosen by a stable hash of their code, with their
provinces and KPU RI); a province code ("33": that province and its kab/kota, with KPU RI); a
kab/kota code ("6571": it, its province and KPU RI); or "per-province:N" (the first N kab/kota
of every province: tests draw one office per province).

`ballots`: the other four ballots' forms too (`national_ballots.py`, `national_leaves.py`):
C1, DA1 and DB1 of the DPR, DPD, DPRD Provinsi and DPRD Kab/Kota per kab/kota, DC1 of the first
three per province, DD1-DPR for KPU RI; each a wide and a long table.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kpugen import national_ballots as nb
from kpugen.collection import slug
from kpugen.model import COUNT_FIELDS, SEED
from kpugen.narrative import COUNTS_TEXT, Narrative, as_txt
from kpugen.tables import C1_FIELDS, REKAP_FIELDS
from kpugen.writers import csv_bytes
from publisher import offices
from publisher.regions import Region, Regions

Files = dict[str, bytes]
Counts = tuple[int, ...]  # COUNT_FIELDS, jumlah_tps first
STAGE = "PL.01.8"
DATES = {"C1": "2019-04-17", "DA1": "2019-04-27", "DB1": "2019-05-04", "DC1": "2019-05-12",
         "DD1": "2019-05-21"}  # fmt: skip
ALL_BALLOTS = ("PPWP", *nb.BALLOTS)
WHAT = {"C1": "per TPS", "DA1": "per desa/kelurahan", "DB1": "per kecamatan",
        "DC1": "per kabupaten/kota", "DD1": "per provinsi"}  # fmt: skip
LEVEL = {"C1": "TPS", "DA1": "Desa/Kelurahan", "DB1": "Kecamatan", "DC1": "Kabupaten/Kota",
         "DD1": "Provinsi"}  # fmt: skip
BALLOT_NAME = {"PPWP": "Pilpres", "DPR": "DPR", "DPD": "DPD", "DPRD-PROV": "DPRD Provinsi",
               "DPRD-KAB-KOTA": "DPRD Kab/Kota"}  # fmt: skip
NOTE = (
    "Catatan: berkas ini bagian dari koleksi nasional sintetis kpu-publisher (untuk uji dan "
    "tolok ukur). Kode dan nama wilayah mengikuti Permendagri 137/2017; semua angka sintetis, "
    "dan setiap tingkat dijumlahkan tepat sama dengan tingkat di atasnya."
)


def tps_counts(rng: random.Random, share01: float) -> Counts:
    """One TPS: 150-290 on the list, every rule of the C1-PPWP schema holding."""
    dpt = rng.randint(150, 290)
    men = round(dpt * rng.uniform(0.48, 0.52))
    pengguna = round(dpt * rng.uniform(0.70, 0.90))
    dptb, dpk = rng.choice((0, 0, 1, 2, 3)), rng.choice((0, 0, 0, 1, 2))
    jumlah = pengguna - (1 if rng.random() < 0.08 else 0)
    invalid = round(jumlah * rng.uniform(0.008, 0.03))
    sah = jumlah - invalid
    s01 = min(sah, max(0, round(sah * share01 * rng.lognormvariate(0, 0.15))))
    return (1, men, dpt - men, dpt, pengguna - dptb - dpk, dptb, dpk, pengguna,
            s01, sah - s01, sah, invalid, jumlah)  # fmt: skip


def add(parts: Sequence[Counts]) -> Counts:
    return tuple(sum(col) for col in zip(*parts, strict=True)) if parts else (0,) * 13


@dataclass(frozen=True)
class Kab:
    """One kab/kota down to its TPS: desa code → [(no_tps, counts)], and the sums per level."""

    kode: str
    tps: dict[str, list[tuple[str, Counts]]]
    desa: dict[str, Counts]
    kec: dict[str, Counts]
    total: Counts


_KABS: dict[tuple[int, str], Kab] = {}  # (id of the reference, code): a reference is loaded once


def kab_detail(regions: Regions, kode: str) -> Kab:
    key = (id(regions), kode)
    if key not in _KABS:
        _KABS[key] = _kab(regions, kode)
    return _KABS[key]


def _kab(regions: Regions, kode: str) -> Kab:
    rng = random.Random(f"{SEED}-nasional-{kode}")
    share01 = rng.uniform(0.25, 0.8)
    tps: dict[str, list[tuple[str, Counts]]] = {}
    desa_sum: dict[str, Counts] = {}
    kec_sum: dict[str, Counts] = {}
    for kec in regions.children(kode):
        for desa in regions.children(kec.kode):
            n = max(1, round(rng.lognormvariate(math.log(8.6), 0.5)))
            rows = [(f"{i + 1:03d}", tps_counts(rng, share01)) for i in range(n)]
            tps[desa.kode] = rows
            desa_sum[desa.kode] = add([c for _, c in rows])
        kec_sum[kec.kode] = add([desa_sum[d.kode] for d in regions.children(kec.kode)])
    return Kab(kode, tps, desa_sum, kec_sum, add(list(kec_sum.values())))


def province_totals(regions: Regions, kode: str) -> dict[str, Counts]:
    """Each kab/kota of the province → its totals (every TPS counted)."""
    return {k.kode: kab_detail(regions, k.kode).total for k in regions.children(kode)}


def chosen_kabs(regions: Regions, select: str) -> list[str]:
    kabs = [r.kode for p in regions.children("") for r in regions.children(p.kode)]
    if select == "all":
        return kabs
    if select.endswith("%"):
        share = float(select[:-1])
        return [k for k in kabs if _bucket(k) < share * 100]
    if select.startswith("per-province:"):
        n = int(select.split(":", 1)[1])
        return [r.kode for p in regions.children("") for r in regions.children(p.kode)[:n]]
    if select in regions and len(select) == 2:
        return [r.kode for r in regions.children(select)]
    if select in regions and len(select) == 4:
        return [select]
    raise ValueError(
        f"unknown share {select!r}: all, N%, a province or kab/kota code, per-province:N"
    )


def _bucket(kode: str) -> int:
    """A stable 0-9999 bucket of a code (the same share picks the same offices every run)."""
    return int(hashlib.sha256(kode.encode()).hexdigest()[:8], 16) % 10_000


def national(regions: Regions, select: str = "all", ballots: Sequence[str] = ALL_BALLOTS) -> Files:
    """The chosen offices' folders, as {relative path: bytes}: the presidential forms and, of
    `ballots`, the other four ballots' (`national_ballots.py`)."""
    kabs = chosen_kabs(regions, select)
    provinces = sorted({k[:2] for k in kabs}) if select != "all" else None
    files: Files = {}
    for office in _offices(regions, kabs, provinces):
        files.update(office.files())
        files.update(office.ballot_files([b for b in ballots if b != "PPWP"]))
    return dict(sorted(files.items()))


_VOTES: dict[tuple[int, str, str], nb.Votes] = {}


def votes(regions: Regions, kab: str, ballot: str) -> nb.Votes:
    key = (id(regions), kab, ballot)
    if key not in _VOTES:
        _VOTES[key] = nb.draw(kab_detail(regions, kab), ballot)
    return _VOTES[key]


@dataclass(frozen=True)
class Office:
    regions: Regions
    kode: str  # "00", a province or a kab/kota

    @property
    def region(self) -> Region | None:
        return None if self.kode == "00" else self.regions[self.kode]

    @property
    def folder(self) -> str:
        return offices.folder(self.regions, self.kode)

    @property
    def institution(self) -> str:
        return offices.institution(self.kode)

    @property
    def wilayah(self) -> str:
        return "Indonesia" if self.kode == "00" else display(self.regions[self.kode])

    @property
    def unit(self) -> str:
        return "KPU RI" if self.kode == "00" else f"{self.institution} {self.wilayah}"

    def files(self) -> Files:
        if self.kode == "00":
            rows = [[p.kode, p.nama, *add(list(province_totals(self.regions, p.kode).values()))]
                    for p in self.regions.children("")]  # fmt: skip
            return self.leaf("DD1-PPWP", "Provinsi", {"dd1-ppwp-nasional.csv": _rekap(rows)})
        if len(self.kode) == 2:
            totals = province_totals(self.regions, self.kode)
            rows = [[k.kode, k.nama, *totals[k.kode]] for k in self.regions.children(self.kode)]
            name = f"dc1-ppwp-{slug(self.wilayah)}.csv"
            return self.leaf("DC1-PPWP", "Kabupaten/Kota", {name: _rekap(rows)})
        return self.kab_files()

    def kab_files(self) -> Files:
        kab = kab_detail(self.regions, self.kode)
        regions, me = self.regions, slug(self.wilayah)
        prov, own = regions[self.kode[:2]], regions[self.kode]
        c1: list[list[object]] = []
        da1: Files = {}
        db1 = []
        for kec in regions.children(self.kode):
            desas = regions.children(kec.kode)
            for desa in desas:
                for no, counts in kab.tps[desa.kode]:
                    names = [prov.kode, prov.nama, own.kode, own.nama, kec.kode, kec.nama]
                    c1.append([*names, desa.kode, desa.nama, no, *counts[1:]])
            rows = [[d.kode, d.nama, *kab.desa[d.kode]] for d in desas]
            da1[f"da1-ppwp-{slug(kec.nama)}-{kec.kode}.csv"] = _rekap(rows)
            db1.append([kec.kode, kec.nama, *kab.kec[kec.kode]])
        out = self.leaf("C1-PPWP", "TPS", {f"c1-ppwp-{me}.csv": csv_bytes(C1_FIELDS, c1)})
        out |= self.leaf("DA1-PPWP", "Desa/Kelurahan", da1)
        out |= self.leaf("DB1-PPWP", "Kecamatan", {f"db1-ppwp-{me}.csv": _rekap(db1)})
        return out

    def leaf(self, jenis: str, tingkat: str, files: Files) -> Files:
        form, _, ballot = jenis.partition("-")
        what = WHAT[form]
        if ballot != "PPWP":
            return self._ballot_leaf(jenis, files)
        narrative = Narrative(
            judul=f"Hasil Suara Pilpres 2019 {what} {self.wilayah} ({jenis})"[:100],
            unit_kerja=self.unit,
            kode_tahapan=STAGE,
            jenis=jenis,
            tingkat=tingkat,
            cakupan=self.wilayah,
            tanggal=DATES[form],
            sumber=f"Model {jenis} {self.unit}",
            kontak="Pusat Data dan Informasi KPU <ppid@kpu.go.id>"
            if self.kode == "00"
            else f"PPID {self.unit}",
            tags=["pemilu 2019", "pilpres", "rekapitulasi"],
            paragraphs=[
                f"Hasil penghitungan suara Pemilu Presiden dan Wakil Presiden 2019 {what}, "
                f"{self.wilayah}, dari formulir Model {jenis}.",
                COUNTS_TEXT,
                NOTE,
            ],
        )
        name, body = as_txt(narrative, list(files))
        base = f"{self.folder}/{STAGE}/{jenis}"
        return {f"{base}/{fname}": data for fname, data in {**files, name: body}.items()}

    def _ballot_leaf(self, jenis: str, files: Files) -> Files:
        form, _, ballot = jenis.partition("-")
        narrative = Narrative(
            judul=f"Perolehan Suara {BALLOT_NAME[ballot]} 2019 {WHAT[form]} {self.wilayah}"[:100],
            unit_kerja=self.unit, kode_tahapan=STAGE, jenis=jenis, tingkat=LEVEL[form],
            cakupan=self.wilayah, tanggal=DATES[form], sumber=f"Model {jenis} {self.unit}",
            kontak="Pusat Data dan Informasi KPU <ppid@kpu.go.id>"
            if self.kode == "00" else f"PPID {self.unit}",
            tags=["pemilu 2019", ballot.lower(), "rekapitulasi"],
            paragraphs=[
                f"Perolehan suara {BALLOT_NAME[ballot]} Pemilu 2019 {WHAT[form]}, {self.wilayah},"
                f" dari formulir Model {jenis}: tabel bentuk lebar (data pemilih, suara tiap "
                "partai atau calon, suara sah dan tidak sah) dan bentuk panjang (...-rinci.csv: "
                "satu baris per partai atau calon).",
                NOTE,
            ],
        )  # fmt: skip
        name, body = as_txt(narrative, list(files))
        base = f"{self.folder}/{STAGE}/{jenis}"
        return {f"{base}/{fname}": data for fname, data in {**files, name: body}.items()}

    def ballot_files(self, ballots: Sequence[str]) -> Files:
        from kpugen import national_leaves

        return national_leaves.files(self, ballots)


def _offices(
    regions: Regions, kabs: Sequence[str], provinces: Sequence[str] | None
) -> Iterator[Office]:
    yield Office(regions, "00")
    for p in provinces if provinces is not None else [r.kode for r in regions.children("")]:
        yield Office(regions, p)
    for k in kabs:
        yield Office(regions, k)


def _rekap(rows: Sequence[Sequence[object]]) -> bytes:
    assert all(len(r) == len(REKAP_FIELDS) for r in rows)
    return csv_bytes(REKAP_FIELDS, rows)  # type: ignore[arg-type]


display = offices.area  # 'KAB. BANYUMAS' → 'Kabupaten Banyumas'


assert len(COUNT_FIELDS) == 13
