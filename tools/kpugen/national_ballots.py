"""A kab/kota's presidential TPS (`national.Kab`) → its four other ballots at every TPS, and their
wide and long tables (C1, DA1, DB1; DC1 and DD1 from the kab/kota totals).

Bottom-up like the presidential tables of `national.py`, and vectorised (numpy): at each TPS a
ballot's valid votes are a share of the ballots counted there (the voters are the presidential
ones: all five ballots are cast at the same TPS from one list), shared among the parties (DPD:
the province's candidates) by a multinomial draw with the kab/kota's party weights, and each
party's total among party-only votes and two candidates. Every level is the sum of the one below,
every wide row keeps its schema's rules, every long table adds up to its wide one. Seeds per
kab/kota and ballot (DPD candidates per province): a kab/kota's files do not depend on the share.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from kpugen.legislative import ACEH, ACEH_PARTIES, DPR_NATIONAL
from kpugen.legrows import NAMES, fields
from kpugen.model import SEED
from kpugen.writers import csv_bytes

BALLOTS = ("DPR", "DPD", "DPRD-PROV", "DPRD-KAB-KOTA")
FORMS = {"DPR": "DD1", "DPD": "DC1", "DPRD-PROV": "DC1", "DPRD-KAB-KOTA": "DB1"}
"""The last form of each ballot (the national tree has C1, DA1, DB1, DC1, DD1; no DAA1)."""
CANDIDATES = 2
DPD_CANDIDATES = 12
VOTERS = slice(0, 8)  # jumlah_tps, dpt_l, dpt_p, dpt_jumlah, pengguna_dpt, _dptb, _dpk, _jumlah
JUMLAH = 12  # suara_jumlah in the presidential counts


def columns(ballot: str, province: str) -> tuple[int, ...]:
    """The wide table's party columns (DPD: its candidates)."""
    if ballot == "DPD":
        return tuple(range(1, DPD_CANDIDATES + 1))
    if ballot == "DPR":
        return tuple(DPR_NATIONAL)
    return tuple(range(1, 21))


def on_ballot(ballot: str, province: str) -> tuple[int, ...]:
    """The columns that can hold votes: Aceh's parties only on a DPRD ballot in Aceh."""
    cols = columns(ballot, province)
    return tuple(c for c in cols if c not in ACEH_PARTIES or province == ACEH)


def _rng(*parts: object) -> np.random.Generator:
    digest = hashlib.sha256(":".join(map(str, (SEED, *parts))).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


@dataclass(frozen=True)
class Votes:
    """One ballot of one kab/kota: per TPS the voters (8 columns), the columns' votes and, for
    parties, [party-only, candidate 1, candidate 2]; sums per desa, kecamatan and the kab/kota."""

    voters: np.ndarray  # (tps, 8)
    jumlah: np.ndarray  # (tps,) ballots counted (the presidential suara_jumlah)
    votes: np.ndarray  # (tps, columns)
    detail: np.ndarray | None  # (tps, columns, 1 + CANDIDATES); None for DPD
    desa_at: np.ndarray  # first TPS of each desa, in order
    kec_at: np.ndarray  # first desa of each kecamatan, in order

    def by_desa(self, a: np.ndarray) -> np.ndarray:
        return np.add.reduceat(a, self.desa_at, axis=0)

    def by_kec(self, a: np.ndarray) -> np.ndarray:
        return np.add.reduceat(self.by_desa(a), self.kec_at, axis=0)


def draw(kab: object, ballot: str) -> Votes:
    """`kab`: a `national.Kab` (TPS in kecamatan → desa order)."""
    tps_rows = [c for rows in kab.tps.values() for _, c in rows]  # type: ignore[attr-defined]
    counts = np.asarray(tps_rows, dtype=np.int64)
    sizes = [len(rows) for rows in kab.tps.values()]  # type: ignore[attr-defined]
    desa_at = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    kec_sizes = _kec_sizes(kab)
    kec_at = np.concatenate(([0], np.cumsum(kec_sizes)[:-1]))
    code: str = kab.kode  # type: ignore[attr-defined]
    rng = _rng("nasional", ballot, code)
    jumlah = counts[:, JUMLAH]
    valid = np.floor(jumlah * rng.uniform(0.86, 0.93, size=len(jumlah))).astype(np.int64)
    cols = columns(ballot, code[:2])
    live = on_ballot(ballot, code[:2])
    weights = _weights(ballot, code, cols, live)
    votes = rng.multinomial(valid, weights)
    detail = None
    if ballot != "DPD":
        split = rng.uniform(0.1, 0.3, size=(len(cols), 1 + CANDIDATES))
        split[:, 1:] = rng.lognormal(0, 0.8, size=(len(cols), CANDIDATES))
        split /= split.sum(axis=1, keepdims=True)
        detail = np.stack([rng.multinomial(votes[:, j], split[j]) for j in range(len(cols))], 1)
    return Votes(counts[:, VOTERS], jumlah, votes, detail, desa_at, kec_at)


def _kec_sizes(kab: object) -> list[int]:
    """Desa per kecamatan, in the order of `kab.tps` (kecamatan → desa)."""
    sizes: dict[str, int] = {}
    for desa in kab.tps:  # type: ignore[attr-defined]
        sizes[desa[:6]] = sizes.get(desa[:6], 0) + 1
    return list(sizes.values())


def _weights(ballot: str, kab: str, cols: Sequence[int], live: Sequence[int]) -> np.ndarray:
    if ballot == "DPD":
        base = _rng("nasional", "dpd-calon", kab[:2]).lognormal(0, 0.7, size=len(cols))
    else:
        share = np.asarray([DPR_NATIONAL.get(c, 1_500_000) for c in cols], dtype=float)
        base = share * _rng("nasional", "partai", ballot, kab).lognormal(0, 0.5, size=len(cols))
    base[[i for i, c in enumerate(cols) if c not in live]] = 0.0
    return base / base.sum()


# --- rows ---------------------------------------------------------------------------------------


def wide_row(voters: Sequence[int], votes: Sequence[int], jumlah: int, ballot: str) -> list[int]:
    """Voters, the parties' totals (DPD: none, its wide table has the valid votes only), valid,
    invalid and all ballots counted."""
    sah = int(sum(votes))
    shown = [] if ballot == "DPD" else [int(x) for x in votes]
    return [*map(int, voters), *shown, sah, int(jumlah) - sah, int(jumlah)]


def long_rows(
    where: Sequence[object], ballot: str, province: str, votes: np.ndarray,
    detail: np.ndarray | None, dapil: str,
) -> list[list[object]]:  # fmt: skip
    """One area or TPS's long rows (`where`: its region cells, and no_tps for a TPS)."""
    cols = columns(ballot, province)
    live = set(on_ballot(ballot, province))
    out: list[list[object]] = []
    for j, col in enumerate(cols):
        if col not in live:
            continue
        if detail is None:
            out.append([*where, col, f"Calon DPD Nomor Urut {col}", int(votes[j])])
            continue
        base = [*where, dapil, col, NAMES[col]]
        out.append([*base, None, None, int(detail[j, 0])])
        out += [[*base, i, f"Calon Nomor Urut {i}", int(detail[j, i])]
                for i in range(1, 1 + CANDIDATES)]  # fmt: skip
    return out


@cache
def header(schema: str) -> tuple[str, ...]:
    return fields(schema)


def table(schema: str, rows: Sequence[Sequence[object]]) -> bytes:
    names = header(schema)
    assert all(len(r) == len(names) for r in rows[:1]), schema
    return csv_bytes(names, rows)  # type: ignore[arg-type]


def dpr_dapil(dapil: Mapping[str, str], kode: str) -> str:
    return next((name for code, name in dapil.items() if kode.startswith(code)), "")
