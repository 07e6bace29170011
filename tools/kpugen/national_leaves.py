"""An office of the national tree → the folders of the DPR, DPD and DPRD forms it has.

A kab/kota: C1, DA1 (a table per kecamatan) and DB1 of each ballot; a province: the DC1 of the
ballots that reach it (DPR, DPD, DPRD Provinsi); KPU RI: DD1-DPR. Each folder holds the wide table
and the long one (`…-rinci.csv`), but DD1 (wide only). Long tables are written with polars: the
C1 of a big kab/kota has hundreds of thousands of rows per ballot.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
import polars as pl

from kpugen import national_ballots as nb
from kpugen.collection import dpr_dapil, slug
from kpugen.legrows import NAMES

LAST = {"C1": 0, "DA1": 1, "DB1": 2, "DC1": 3, "DD1": 4}


@cache
def _dpr_dapil() -> dict[str, str]:
    return dpr_dapil()


def _has(ballot: str, form: str) -> bool:
    return LAST[form] <= LAST[nb.FORMS[ballot]]


def files(office: Any, ballots: Sequence[str]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for ballot in ballots:
        if office.kode == "00":
            if _has(ballot, "DD1"):
                out |= _national(office, ballot)
        elif len(office.kode) == 2:
            if _has(ballot, "DC1"):
                out |= _province(office, ballot)
        else:
            out |= _kab(office, ballot)
    return out


def _schemas(ballot: str, *, tps: bool) -> tuple[str, str]:
    b = ballot.lower()
    return (
        (f"c1-{b}.json", f"suara-{b}-tps.json") if tps else (f"rekap-{b}.json", f"suara-{b}.json")
    )


def _long(schema: str, ballot: str, province: str, where: dict[str, list[Any]],
          detail: np.ndarray, dapil: list[str]) -> bytes:  # fmt: skip
    """Rows × the ballot's live columns (× party-only + candidates) in the schema's columns.
    `where`: the region columns, one value per row of `detail` (rows, columns[, 1 + C])."""
    cols = nb.columns(ballot, province)
    live = [j for j, c in enumerate(cols) if c in set(nb.on_ballot(ballot, province))]
    n = len(dapil)
    per = 1 if ballot == "DPD" else 1 + nb.CANDIDATES
    repeat = len(live) * per
    data: dict[str, Any] = {
        k: np.repeat(np.asarray(v, dtype=object), repeat) for k, v in where.items()
    }
    party = np.tile(np.repeat([cols[j] for j in live], per), n)
    sub = detail[:, live] if ballot == "DPD" else detail[:, live, :]
    data["suara"] = sub.reshape(-1)
    if ballot == "DPD":
        data["no_urut_calon"] = party
        data["nama_calon"] = [f"Calon DPD Nomor Urut {c}" for c in party]
    else:
        calon = np.tile(np.arange(per), n * len(live))
        data["dapil"] = np.repeat(np.asarray(dapil, dtype=object), repeat)
        data["no_urut_partai"] = party
        data["nama_partai"] = [NAMES[int(c)] for c in party]
        data["no_urut_calon"] = [int(c) if c else None for c in calon]
        data["nama_calon"] = [f"Calon Nomor Urut {c}" if c else None for c in calon]
    names = nb.header(schema)
    frame = pl.DataFrame({k: pl.Series(k, list(data[k])) for k in names})
    buf = io.BytesIO()
    frame.write_csv(buf, line_terminator="\n")
    return buf.getvalue()


def _kab(office: Any, ballot: str) -> dict[str, bytes]:
    regions, code = office.regions, office.kode
    from kpugen.national import kab_detail, votes

    kab, v = kab_detail(regions, code), votes(regions, code, ballot)
    prov, own = regions[code[:2]], regions[code]
    me = slug(office.wilayah)
    dapil = nb.dpr_dapil(_dpr_dapil(), code) if ballot == "DPR" else ""
    detail = v.votes if v.detail is None else v.detail
    c1_wide, where = [], {"kode_kelurahan": [], "nama_kelurahan": [], "no_tps": []}
    i = 0
    kec_of = {}
    for kec in regions.children(code):
        for desa in regions.children(kec.kode):
            kec_of[desa.kode] = kec
            for no, _ in kab.tps[desa.kode]:
                names = [prov.kode, prov.nama, own.kode, own.nama, kec.kode, kec.nama]
                row = nb.wide_row(v.voters[i, 1:], v.votes[i], v.jumlah[i], ballot)
                c1_wide.append([*names, desa.kode, desa.nama, no, *row])
                for k, val in zip(where, (desa.kode, desa.nama, no), strict=True):
                    where[k].append(val)
                i += 1
    wide_s, long_s = _schemas(ballot, tps=True)
    c1 = {f"c1-{ballot.lower()}-{me}.csv": nb.table(wide_s, c1_wide),
          f"c1-{ballot.lower()}-{me}-rinci.csv": _long(long_s, ballot, code[:2], where, detail,
                                                      [dapil] * i)}  # fmt: skip
    out = office.leaf(f"C1-{ballot}", "TPS", c1)
    out |= office.leaf(f"DA1-{ballot}", "Desa/Kelurahan", _da1(office, ballot, v, detail, dapil))
    out |= office.leaf(f"DB1-{ballot}", "Kecamatan", _db1(office, ballot, v, detail, dapil, me))
    return out


def _recap(schema_pair: tuple[str, str], ballot: str, province: str, areas: list[Any],
           voters: np.ndarray, vts: np.ndarray, jumlah: np.ndarray, detail: np.ndarray,
           dapil: str) -> tuple[bytes, bytes]:  # fmt: skip
    wide = [
        [a.kode, a.nama, *nb.wide_row(voters[j], vts[j], jumlah[j], ballot)]
        for j, a in enumerate(areas)
    ]
    where = {"kode_wilayah": [a.kode for a in areas], "nama_wilayah": [a.nama for a in areas]}
    long = _long(schema_pair[1], ballot, province, where, detail, [dapil] * len(areas))
    return nb.table(schema_pair[0], wide), long


def _da1(office: Any, ballot: str, v: nb.Votes, detail: np.ndarray, dapil: str) -> dict[str, bytes]:
    regions, code = office.regions, office.kode
    voters, vts, jumlah, det = (
        v.by_desa(v.voters),
        v.by_desa(v.votes),
        v.by_desa(v.jumlah),
        v.by_desa(detail),
    )
    out, at = {}, 0
    for kec in regions.children(code):
        desas = regions.children(kec.kode)
        part = slice(at, at + len(desas))
        wide, long = _recap(_schemas(ballot, tps=False), ballot, code[:2], desas, voters[part],
                            vts[part], jumlah[part], det[part], dapil)  # fmt: skip
        stem = f"da1-{ballot.lower()}-{slug(kec.nama)}-{kec.kode}"
        out[f"{stem}.csv"], out[f"{stem}-rinci.csv"] = wide, long
        at += len(desas)
    return out


def _db1(
    office: Any, ballot: str, v: nb.Votes, detail: np.ndarray, dapil: str, me: str
) -> dict[str, bytes]:
    kecs = office.regions.children(office.kode)
    wide, long = _recap(_schemas(ballot, tps=False), ballot, office.kode[:2], kecs,
                        v.by_kec(v.voters), v.by_kec(v.votes), v.by_kec(v.jumlah),
                        v.by_kec(detail), dapil)  # fmt: skip
    stem = f"db1-{ballot.lower()}-{me}"
    return {f"{stem}.csv": wide, f"{stem}-rinci.csv": long}


def _totals(office: Any, ballot: str, kabs: list[str]) -> tuple[np.ndarray, ...]:
    from kpugen.national import votes

    vs = [votes(office.regions, k, ballot) for k in kabs]
    det = [v.votes if v.detail is None else v.detail for v in vs]
    voters = np.stack([v.voters.sum(0) for v in vs])
    votes_ = np.stack([v.votes.sum(0) for v in vs])
    return (
        voters,
        votes_,
        np.asarray([v.jumlah.sum() for v in vs]),
        np.stack([d.sum(0) for d in det]),
    )


def _province(office: Any, ballot: str) -> dict[str, bytes]:
    kabs = office.regions.children(office.kode)
    voters, vts, jumlah, det = _totals(office, ballot, [k.kode for k in kabs])
    dapil = ""  # a province's recap crosses its dapil; each kab/kota row's own is in its DB1
    wide, long = _recap(_schemas(ballot, tps=False), ballot, office.kode, kabs, voters, vts,
                        jumlah, det, dapil)  # fmt: skip
    stem = f"dc1-{ballot.lower()}-{slug(office.wilayah)}"
    return office.leaf(f"DC1-{ballot}", "Kabupaten/Kota",
                       {f"{stem}.csv": wide, f"{stem}-rinci.csv": long})  # fmt: skip


def _national(office: Any, ballot: str) -> dict[str, bytes]:
    rows = []
    for prov in office.regions.children(""):
        kabs = [k.kode for k in office.regions.children(prov.kode)]
        voters, vts, jumlah, _ = _totals(office, ballot, kabs)
        row = nb.wide_row(voters.sum(0), vts.sum(0), jumlah.sum(), ballot)
        rows.append([prov.kode, prov.nama, *row])
    wide = nb.table(_schemas(ballot, tps=False)[0], rows)
    return office.leaf(f"DD1-{ballot}", "Provinsi", {f"dd1-{ballot.lower()}-nasional.csv": wide})
