"""Official 2019 anchors + region reference + a seed → synthetic counts that add up exactly.

Every number below the anchors is synthetic. It is made top-down: a total is shared among the
children of a region by integer apportionment (largest remainder, with bounds), so each level sums
exactly to the level above and the anchors of shared DOMAIN.md hold at every level. Valid votes are
shared first, then votes for 01 within them (02 is the rest), so 01 + 02 = valid holds everywhere.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields

SEED = 20190417  # election day
DPT_MAX_PER_TPS = 300  # the 2019 ceiling of voters per TPS

# Official figures (KPU decision 987/PL.01.8-Kpt/06/KPU/V/2019), from shared DOMAIN.md.
NATIONAL = {"suara_01": 85_607_362, "suara_02": 68_650_239, "tidak_sah": 3_754_905}
NATIONAL_DPT = 192_866_254
PROVINCE_ANCHORS = {
    "13": (407_761, 2_488_733),
    "61": (1_709_896, 1_263_757),
    "34": (1_655_174, 742_481),
}


@dataclass(frozen=True)
class KabAnchor:
    votes: tuple[int, int] | None  # 01, 02 (None: synthetic, shared from the province)
    tps: int | None  # official TPS count
    dpt: tuple[int, int] | None = None  # men, women
    # sub-anchors: region code → (01, 02) and, for a desa, its DPT per TPS
    fixed_votes: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    fixed_tps_dpt: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    share: float | None = None  # without official votes: its share of the province's valid votes


KAB_ANCHORS: dict[str, KabAnchor] = {
    "1303": KabAnchor(
        (15_705, 110_012),
        717,
        (77_741, 78_620),
        fixed_votes={"130305": (524, 8_287), "1303052005": (55, 1_045)},
        fixed_tps_dpt={"1303052005": (279, 285, 195, 165, 178, 179)},
    ),
    "1374": KabAnchor((3_993, 27_645), 177),
    "1309": KabAnchor(None, None, share=0.015),  # a small island regency (synthetic)
    "6172": KabAnchor((64_425, 50_181), 673),
    "6112": KabAnchor((121_462, 218_300), 1_866),
    "3471": KabAnchor((179_048, 92_166), 1_373, (148_233, 161_236)),
}

COUNT_FIELDS = (
    "jumlah_tps",
    "dpt_l",
    "dpt_p",
    "dpt_jumlah",
    "pengguna_dpt",
    "pengguna_dptb",
    "pengguna_dpk",
    "pengguna_jumlah",
    "suara_01",
    "suara_02",
    "suara_sah",
    "suara_tidak_sah",
    "suara_jumlah",
)


@dataclass
class Counts:
    jumlah_tps: int = 0
    dpt_l: int = 0
    dpt_p: int = 0
    dpt_jumlah: int = 0
    pengguna_dpt: int = 0
    pengguna_dptb: int = 0
    pengguna_dpk: int = 0
    pengguna_jumlah: int = 0
    suara_01: int = 0
    suara_02: int = 0
    suara_sah: int = 0
    suara_tidak_sah: int = 0
    suara_jumlah: int = 0

    def values(self) -> tuple[int, ...]:
        return tuple(getattr(self, f) for f in COUNT_FIELDS)

    def add(self, other: Counts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @classmethod
    def total(cls, parts: Sequence[Counts]) -> Counts:
        out = cls()
        for p in parts:
            out.add(p)
        return out

    def broken_rules(self) -> list[str]:
        out = []
        if self.dpt_l + self.dpt_p != self.dpt_jumlah:
            out.append("dpt-jumlah")
        if self.pengguna_dpt + self.pengguna_dptb + self.pengguna_dpk != self.pengguna_jumlah:
            out.append("pengguna-jumlah")
        if self.suara_01 + self.suara_02 != self.suara_sah:
            out.append("suara-sah")
        if self.suara_sah + self.suara_tidak_sah != self.suara_jumlah:
            out.append("suara-jumlah")
        if self.suara_jumlah > self.pengguna_jumlah:
            out.append("suara-pengguna")
        if self.pengguna_dpt > self.dpt_jumlah:
            out.append("pengguna-dpt")
        return out


def apportion(
    total: int,
    weights: Sequence[float],
    *,
    lo: Sequence[int] | None = None,
    hi: Sequence[int] | None = None,
) -> list[int]:
    """Integers summing to `total`, proportional to `weights`, each within [lo, hi]."""
    n = len(weights)
    low = list(lo) if lo is not None else [0] * n
    high = list(hi) if hi is not None else [total] * n
    if not (sum(low) <= total <= sum(high)):
        raise ValueError(f"cannot share {total} within bounds {sum(low)}..{sum(high)}")
    quota = _bounded_quotas(total, weights, low, high)
    out = [min(high[i], max(low[i], math.floor(quota[i]))) for i in range(n)]
    order = sorted(range(n), key=lambda i: (-(quota[i] - out[i]), i))
    while sum(out) < total:
        for i in order:
            if sum(out) == total:
                break
            if out[i] < high[i]:
                out[i] += 1
    while sum(out) > total:
        for i in reversed(order):
            if sum(out) == total:
                break
            if out[i] > low[i]:
                out[i] -= 1
    return out


def _bounded_quotas(
    total: int, weights: Sequence[float], low: Sequence[int], high: Sequence[int]
) -> list[float]:
    """Real shares ∝ weights, clamped to the bounds with the rest re-shared (water-filling)."""
    n = len(weights)
    quota = [0.0] * n
    free = set(range(n))
    fixed: dict[int, float] = {}
    while free:
        rest = total - sum(fixed.values())
        weight = sum(weights[i] for i in free)
        for i in free:
            quota[i] = rest * weights[i] / weight if weight > 0 else rest / len(free)
        over = {i for i in free if quota[i] > high[i]}
        under = {i for i in free if quota[i] < low[i]}
        clamp = (
            over
            if sum(quota[i] - high[i] for i in over) >= sum(low[i] - quota[i] for i in under)
            else under
        )
        if not clamp:
            break
        for i in clamp:
            fixed[i] = float(high[i] if i in over else low[i])
            quota[i] = fixed[i]
            free.discard(i)
    return quota


def rng_for(*parts: object) -> random.Random:
    """A generator of its own per region and purpose: changing one region moves no other."""
    return random.Random(":".join(str(p) for p in (SEED, *parts)))


@dataclass(frozen=True)
class Tps:
    kode_kelurahan: str
    no_tps: str
    counts: Counts


@dataclass
class Area:
    """A region with the counts of its rows (TPS, or child areas)."""

    kode: str
    nama: str
    counts: Counts
    children: list[Area] = field(default_factory=list)
    tps: list[Tps] = field(default_factory=list)
