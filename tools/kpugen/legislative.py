"""Presidential result tree + the official DPR party totals → the four other ballots' results.

All five ballots are cast at the same TPS by the same voters, so a legislative (or DPD) result
takes its voters (DPT, who voted, ballots counted) from the presidential tree and shares its own
valid votes top-down: among the children of an area by integer apportionment capped at their
ballots counted (so `suara_jumlah ≤ pengguna_jumlah` holds everywhere), then among the parties
(DPD: candidates) with every row and every column summing exactly (`split_matrix`). The DPR's
national party totals are the official ones of KPU decision 987 (shared DOMAIN.md, 139,971,260
valid votes); everything below them, and the other ballots, is synthetic. At the lowest level
drawn a party's total is split into party-only votes and its candidates'; above it, those are
the sums of the level below, so every long table adds up to the wide one.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from kpugen.model import Area, Counts, apportion, rng_for

# KPU decision 987/PL.01.8-Kpt/06/KPU/V/2019: national DPR votes per party (shared DOMAIN.md).
DPR_NATIONAL = {
    1: 13_570_097, 2: 17_594_839, 3: 27_053_961, 4: 17_229_789, 5: 12_661_792, 6: 702_536,
    7: 2_929_495, 8: 11_493_663, 9: 3_738_320, 10: 6_323_147, 11: 2_650_361, 12: 9_572_623,
    13: 2_161_507, 14: 10_876_507, 19: 1_099_848, 20: 312_775,
}  # fmt: skip
DPR_VALID = 139_971_260
assert sum(DPR_NATIONAL.values()) == DPR_VALID
ACEH = "11"
ACEH_PARTIES = (15, 16, 17, 18)
CANDIDATES = 2  # per party and dapil in the sample (names are placeholders; kept small)
DPD_CANDIDATES = 12


@dataclass(frozen=True)
class Ballot:
    code: str  # the suffix of its forms: DPR, DPD, DPRD-PROV, DPRD-KAB-KOTA
    columns: tuple[int, ...]  # party numbers of its wide table (DPD: none)
    top: str  # the region its results are drawn from ("00": the whole country)
    ratio: float  # valid votes / presidential valid votes at `top` (DPR: the official totals)

    @property
    def parties(self) -> bool:
        return bool(self.columns)

    def on_ballot(self, kode: str) -> tuple[int, ...]:
        """The columns that can hold votes in a region: Aceh's parties only in Aceh."""
        if not self.parties:
            return tuple(range(1, DPD_CANDIDATES + 1))
        return tuple(c for c in self.columns if c not in ACEH_PARTIES or kode.startswith(ACEH))


ALL_PARTIES = tuple(range(1, 21))
BALLOTS = (
    Ballot("DPR", tuple(DPR_NATIONAL), "00", 0.0),
    Ballot("DPD", (), "13", 0.88),
    Ballot("DPRD-PROV", ALL_PARTIES, "13", 0.90),
    Ballot("DPRD-KAB-KOTA", ALL_PARTIES, "1374", 0.91),
)
EXPAND = frozenset({"00", "13", "34", "1309", "3471"})
"""Areas whose children are drawn one level down (the recaps of the bundled offices)."""
FULL = frozenset({"1374"})
"""Areas drawn down to every TPS (Kota Padang Panjang: C1 → DB1 of every ballot)."""


@dataclass
class Leg:
    """One ballot's result in an area or at a TPS: its voters are the presidential ones."""

    kode: str
    nama: str
    counts: Counts
    totals: dict[int, int]  # party (DPD: candidate) → votes
    no_tps: str | None = None
    detail: dict[int, list[int]] = field(default_factory=dict)
    """party → [party-only votes, candidate 1, 2, ...]; DPD: candidate → [votes]."""
    children: list[Leg] = field(default_factory=list)

    @property
    def sah(self) -> int:
        return sum(self.totals.values())

    @property
    def tidak_sah(self) -> int:
        return self.counts.suara_jumlah - self.sah

    def find(self, kode: str) -> Leg:
        if self.kode == kode:
            return self
        for child in self.children:
            if kode.startswith(child.kode) and child.no_tps is None:
                return child.find(kode)
        raise KeyError(kode)


def legislative(national: Area, dapil: Mapping[str, str]) -> dict[str, Leg]:
    """Ballot code → its result tree from its top region. `dapil`: the DPR dapil of an area."""
    out = {}
    for ballot in BALLOTS:
        top = _area(national, ballot.top)
        rng = rng_for("legislatif", ballot.code)
        leg = Leg(top.kode, top.nama, top.counts, _top_totals(ballot, top, rng))
        _grow(leg, top, ballot, rng, full=top.kode in FULL, dapil=dapil)
        out[ballot.code] = leg
    return out


def _area(area: Area, kode: str) -> Area:
    if area.kode == kode:
        return area
    for child in area.children:
        if kode.startswith(child.kode):
            return _area(child, kode)
    raise KeyError(kode)


def _top_totals(ballot: Ballot, top: Area, rng: random.Random) -> dict[int, int]:
    if ballot.code == "DPR":
        return dict(DPR_NATIONAL)
    columns = ballot.on_ballot(top.kode)
    total = round(top.counts.suara_sah * ballot.ratio)
    if ballot.parties:
        weights = [DPR_NATIONAL.get(c, 400_000) * rng.lognormvariate(0, 0.35) for c in columns]
    else:
        weights = [rng.lognormvariate(0, 0.7) for _ in columns]
    return dict(zip(columns, apportion(total, weights), strict=True))


def _grow(
    leg: Leg, area: Area, ballot: Ballot, rng: random.Random, *, full: bool,
    dapil: Mapping[str, str],
) -> None:  # fmt: skip
    """Draw the children of an area (or its TPS), then its detail: drawn at the lowest level
    drawn, the children's sums above it."""
    kids: Sequence[Area | object] = []
    if area.tps and full:
        kids = area.tps
    elif area.children and (full or area.kode in EXPAND):
        kids = area.children
    if not kids:
        leg.detail = _split(leg, ballot, dapil)
        return
    counts = [k.counts for k in kids]  # type: ignore[attr-defined]
    caps = [c.suara_jumlah for c in counts]
    shares = apportion(leg.sah, [c.suara_sah * rng.uniform(0.97, 1.03) for c in counts], hi=caps)
    matrix = split_matrix(leg.totals, shares, rng)
    for kid, totals in zip(kids, matrix, strict=True):
        if isinstance(kid, Area):
            child = Leg(kid.kode, kid.nama, kid.counts, totals)
            _grow(child, kid, ballot, rng, full=full or kid.kode in FULL, dapil=dapil)
        else:
            tps = kid  # a kpugen.model.Tps
            child = Leg(tps.kode_kelurahan, area.nama, tps.counts, totals, no_tps=tps.no_tps)  # type: ignore[attr-defined]
            child.detail = _split(child, ballot, dapil)
        leg.children.append(child)
    leg.detail = _sum_detail([c.detail for c in leg.children])


def split_matrix(
    columns: Mapping[int, int], rows: Sequence[int], rng: random.Random
) -> list[dict[int, int]]:
    """Row totals × column totals (the same sum) → integers with every row and column exact.

    Columns are shared one at a time among the rows' remaining room (the biggest last: it takes
    what is left, so every row comes out exact)."""
    remaining = list(rows)
    out: list[dict[int, int]] = [{} for _ in rows]
    order = sorted(columns, key=lambda c: (columns[c], c))
    for j, col in enumerate(order):
        if j == len(order) - 1:
            values = list(remaining)
        else:
            weights = [r * rng.lognormvariate(0, 0.25) for r in remaining]
            values = apportion(columns[col], weights, hi=remaining)
        for i, v in enumerate(values):
            out[i][col] = v
            remaining[i] -= v
    return [{c: row[c] for c in columns} for row in out]


def _split(leg: Leg, ballot: Ballot, dapil: Mapping[str, str]) -> dict[int, list[int]]:
    """A party's total → party-only votes and its candidates' (DPD: the candidate's own)."""
    if not ballot.parties:
        return {c: [v] for c, v in leg.totals.items()}
    where = dapil_of(ballot, leg.kode, dapil) or leg.kode[:4]
    rng = rng_for("calon", ballot.code, leg.kode, leg.no_tps or "")
    out = {}
    for party, total in leg.totals.items():
        fame = rng_for("calon", ballot.code, where, party)
        weights = [rng.uniform(0.1, 0.3)] + [
            fame.lognormvariate(0, 0.8) * rng.uniform(0.8, 1.2) for _ in range(CANDIDATES)
        ]
        out[party] = apportion(total, weights)
    return out


def _sum_detail(parts: Sequence[dict[int, list[int]]]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for part in parts:
        for key, values in part.items():
            have = out.setdefault(key, [0] * len(values))
            for i, v in enumerate(values):
                have[i] += v
    return out


def dapil_of(ballot: Ballot, kode: str, dpr: Mapping[str, str]) -> str:
    """The dapil of an area for a ballot ('' for an area across dapil, or DPD).

    DPR and DPRD Provinsi: from the dapil reference (`config/dapil/`). DPRD Kab/Kota: the
    reference lists none yet, so the sample uses placeholder names (docs/collection.md): a
    kecamatan of Kota Padang Panjang each."""
    if ballot.code == "DPR":
        return next((name for code, name in dpr.items() if kode.startswith(code)), "")
    if ballot.code == "DPRD-PROV" and len(kode) >= 4:
        return next(
            (name for code, name in reference("DPRD-PROV").items() if kode.startswith(code)), ""
        )
    if ballot.code == "DPRD-KAB-KOTA" and len(kode) >= 6:
        return f"PADANG PANJANG {int(kode[4:6])}"
    return ""


@cache
def reference(lembaga: str) -> dict[str, str]:
    """Region code → its dapil of `lembaga`, from the shipped dapil reference (config/dapil/)."""
    from pathlib import Path

    from publisher.dapil import load_dapils

    path = Path(__file__).resolve().parents[2] / "config" / "dapil" / "dapil-2019.csv"
    dapils = load_dapils(path, str(path))
    return {w: d.nama for d in dapils.items if d.lembaga == lembaga for w in d.wilayah}
