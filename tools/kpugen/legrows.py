"""A ballot's result tree → the rows of its wide and long tables, in the columns of their schemas.

Rows are made as {field: value} and written in the order of the Table Schema's fields
(`config/schemas/c1-<b>.json`, `suara-<b>-tps.json`, `rekap-<b>.json`, `suara-<b>.json`), so the
generated tables and the schemas cannot drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from kpugen.legislative import Ballot, Leg, dapil_of
from kpugen.tables import PARTIES
from kpugen.tree import Regions
from kpugen.writers import csv_bytes

SCHEMAS = Path(__file__).resolve().parents[2] / "config" / "schemas"
NAMES = {no: nama for no, nama, _, _ in PARTIES}
VOTER_FIELDS = ("dpt_l", "dpt_p", "dpt_jumlah", "pengguna_dpt", "pengguna_dptb", "pengguna_dpk",
                "pengguna_jumlah")  # fmt: skip
Row = dict[str, Any]


@cache
def fields(schema: str) -> tuple[str, ...]:
    data = json.loads((SCHEMAS / schema).read_text(encoding="utf-8"))
    return tuple(f["name"] for f in data["fields"])


def table(schema: str, rows: Iterable[Row]) -> bytes:
    names = fields(schema)
    return csv_bytes(names, [[row.get(n) for n in names] for row in rows])


def schema_names(ballot: Ballot, *, tps: bool) -> tuple[str, str]:
    b = ballot.code.lower()
    return (
        (f"c1-{b}.json", f"suara-{b}-tps.json") if tps else (f"rekap-{b}.json", f"suara-{b}.json")
    )


def _counts(leg: Leg, ballot: Ballot) -> Row:
    row: Row = {f: getattr(leg.counts, f) for f in VOTER_FIELDS}
    row["jumlah_tps"] = leg.counts.jumlah_tps
    for party in ballot.columns:
        row[f"partai_{party:02d}"] = leg.totals.get(party, 0)
    row.update(
        suara_sah=leg.sah, suara_tidak_sah=leg.tidak_sah, suara_jumlah=leg.counts.suara_jumlah
    )
    return row


def recap_wide(parent: Leg, ballot: Ballot) -> list[Row]:
    """One row per child area (DA1, DB1, DC1, DD1)."""
    return [
        {"kode_wilayah": c.kode, "nama_wilayah": c.nama, **_counts(c, ballot)}
        for c in parent.children
    ]


def tps_wide(tps: Iterable[Leg], ballot: Ballot, regions: Regions) -> list[Row]:
    """One row per TPS (C1, DAA1), the region columns of Model C1."""
    out = []
    for t in tps:
        desa = regions[t.kode]
        kec = regions[desa.kode_induk]
        kab = regions[kec.kode_induk]
        prov = regions[kab.kode_induk]
        out.append({
            "kode_provinsi": prov.kode, "nama_provinsi": prov.nama,
            "kode_kabupaten_kota": kab.kode, "nama_kabupaten_kota": kab.nama,
            "kode_kecamatan": kec.kode, "nama_kecamatan": kec.nama,
            "kode_kelurahan": desa.kode, "nama_kelurahan": desa.nama, "no_tps": t.no_tps,
            **_counts(t, ballot),
        })  # fmt: skip
    return out


def long_rows(legs: Iterable[Leg], ballot: Ballot, dpr: Mapping[str, str]) -> list[Row]:
    """Per area or TPS: each party's party-only votes (no candidate) and each candidate's; DPD:
    each candidate's. Parties not on the area's ballot (Aceh's outside Aceh) have no rows."""
    out: list[Row] = []
    for leg in legs:
        where = (
            {"kode_kelurahan": leg.kode, "nama_kelurahan": leg.nama, "no_tps": leg.no_tps}
            if leg.no_tps
            else {"kode_wilayah": leg.kode, "nama_wilayah": leg.nama}
        )
        if not ballot.parties:
            out += [{**where, "no_urut_calon": c, "nama_calon": f"Calon DPD Nomor Urut {c}",
                     "suara": v[0]} for c, v in sorted(leg.detail.items())]  # fmt: skip
            continue
        dapil = dapil_of(ballot, leg.kode, dpr)
        for party in ballot.on_ballot(leg.kode):
            votes = leg.detail[party]
            base = {**where, "dapil": dapil, "no_urut_partai": party, "nama_partai": NAMES[party]}
            out.append({**base, "suara": votes[0]})
            out += [{**base, "no_urut_calon": i, "nama_calon": f"Calon Nomor Urut {i}", "suara": v}
                    for i, v in enumerate(votes[1:], start=1)]  # fmt: skip
    return out


def tps_of(leg: Leg) -> list[Leg]:
    if leg.no_tps:
        return [leg]
    return [t for c in leg.children for t in tps_of(c)]
