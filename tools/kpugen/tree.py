"""Region reference + anchors → the whole synthetic result tree (nation → province → ... → TPS)."""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kpugen.model import (
    DPT_MAX_PER_TPS,
    KAB_ANCHORS,
    NATIONAL,
    NATIONAL_DPT,
    PROVINCE_ANCHORS,
    Area,
    Counts,
    KabAnchor,
    Tps,
    apportion,
    rng_for,
)
from publisher.config import load_regions
from publisher.regions import Region


class Regions:
    """The region reference (config/wilayah/wilayah-2017.csv)."""

    def __init__(self, path: Path) -> None:
        self.by_code = load_regions(path)  # as the publisher reads it
        self.children: dict[str, list[str]] = {}
        for r in self.by_code.values():
            self.children.setdefault(r.kode_induk, []).append(r.kode)

    def __getitem__(self, kode: str) -> Region:
        return self.by_code[kode]

    def kids(self, kode: str) -> list[str]:
        return sorted(self.children.get(kode, []))


@dataclass(frozen=True)
class Result:
    national: Area
    regions: Regions

    def find(self, kode: str) -> Area:
        stack = [self.national]
        while stack:
            area = stack.pop()
            if area.kode == kode:
                return area
            if kode.startswith(area.kode) or area.kode == "00":
                stack.extend(area.children)
        raise KeyError(kode)


def build(regions: Regions) -> Result:
    provinces = regions.kids("")
    anchored = {p: _province(p, regions) for p in PROVINCE_ANCHORS}
    others = [p for p in provinces if p not in anchored]
    fixed = Counts.total([a.counts for a in anchored.values()])
    rest_sah = NATIONAL["suara_01"] + NATIONAL["suara_02"] - fixed.suara_sah
    rest_01 = NATIONAL["suara_01"] - fixed.suara_01
    rng = rng_for("nasional")
    sizes = [rng.lognormvariate(0, 0.8) for _ in others]
    sah = apportion(rest_sah, sizes)
    s01 = apportion(rest_01, [s * rng.uniform(0.3, 0.8) for s in sah], hi=sah)
    invalid = apportion(
        NATIONAL["tidak_sah"] - fixed.suara_tidak_sah, [s * rng.uniform(0.015, 0.035) for s in sah]
    )
    jumlah = [a + b for a, b in zip(sah, invalid, strict=True)]
    dpt = apportion(
        NATIONAL_DPT - fixed.dpt_jumlah,
        [j / rng.uniform(0.76, 0.86) for j in jumlah],
        lo=[math.ceil(j * 1.02) + 10 for j in jumlah],
    )
    children: dict[str, Area] = dict(anchored)
    for i, p in enumerate(others):
        counts = _aggregate_counts(rng_for("prov", p), sah[i], s01[i], invalid[i], dpt[i])
        children[p] = Area(p, regions[p].nama, counts)
    kids = [children[p] for p in provinces]
    return Result(Area("00", "INDONESIA", Counts.total([k.counts for k in kids]), kids), regions)


def _province(kode: str, regions: Regions) -> Area:
    a01, a02 = PROVINCE_ANCHORS[kode]
    kabs = regions.kids(kode)
    rng = rng_for("prov", kode)
    weights = [rng.lognormvariate(0, 0.5) for _ in kabs]
    fixed_sah = {k: sum(a.votes) for k in kabs if (a := KAB_ANCHORS.get(k)) and a.votes}
    fixed_01 = {k: a.votes[0] for k in kabs if (a := KAB_ANCHORS.get(k)) and a.votes}
    for k in kabs:
        if (a := KAB_ANCHORS.get(k)) and a.share:
            fixed_sah[k] = round((a01 + a02) * a.share)
            fixed_01[k] = round(fixed_sah[k] * a01 / (a01 + a02) * rng.uniform(0.8, 1.2))
    free = [i for i, k in enumerate(kabs) if k not in fixed_sah]
    sah_free = apportion(a01 + a02 - sum(fixed_sah.values()), [weights[i] for i in free])
    share = (a01 - sum(fixed_01.values())) / sum(sah_free)
    s01_free = apportion(
        a01 - sum(fixed_01.values()),
        [s * share * rng.lognormvariate(0, 0.3) for s in sah_free],
        hi=sah_free,
    )
    sah = dict(fixed_sah) | {kabs[i]: s for i, s in zip(free, sah_free, strict=True)}
    s01 = dict(fixed_01) | {kabs[i]: s for i, s in zip(free, s01_free, strict=True)}
    children = []
    for k in kabs:
        if k in KAB_ANCHORS:
            children.append(_kab(k, regions, KAB_ANCHORS[k], sah[k], s01[k]))
        else:
            r = rng_for("kab", k)
            invalid = round(sah[k] * r.uniform(0.015, 0.03))
            dpt = round((sah[k] + invalid) / r.uniform(0.76, 0.84))
            children.append(
                Area(k, regions[k].nama, _aggregate_counts(r, sah[k], s01[k], invalid, dpt))
            )
    return Area(kode, regions[kode].nama, Counts.total([c.counts for c in children]), children)


def _aggregate_counts(rng: random.Random, sah: int, s01: int, invalid: int, dpt: int) -> Counts:
    """Counts of a region modelled only as a whole (no TPS detail)."""
    men = round(dpt * rng.uniform(0.493, 0.505))
    jumlah = sah + invalid
    pengguna = jumlah + round(jumlah * rng.uniform(0.0, 0.001))
    dptb = round(pengguna * rng.uniform(0.002, 0.006))
    dpk = round(pengguna * rng.uniform(0.001, 0.004))
    return Counts(
        jumlah_tps=max(1, round(dpt / rng.uniform(220, 250))),
        dpt_l=men,
        dpt_p=dpt - men,
        dpt_jumlah=dpt,
        pengguna_dpt=pengguna - dptb - dpk,
        pengguna_dptb=dptb,
        pengguna_dpk=dpk,
        pengguna_jumlah=pengguna,
        suara_01=s01,
        suara_02=sah - s01,
        suara_sah=sah,
        suara_tidak_sah=invalid,
        suara_jumlah=jumlah,
    )


# --- a kab/kota down to its TPS ----------------------------------------------------------------


def _kab(kode: str, regions: Regions, anchor: KabAnchor, sah: int, s01: int) -> Area:
    rng = rng_for("kab", kode)
    kecs = regions.kids(kode)
    desas = [d for k in kecs for d in regions.kids(k)]
    if anchor.dpt:
        men, women = anchor.dpt
    else:
        total = round(sah / rng.uniform(0.77, 0.82))
        men = round(total * rng.uniform(0.495, 0.505))
        women = total - men
    n_tps = anchor.tps or round((men + women) / rng.uniform(205, 225))
    tps_per_desa = _tps_per_desa(rng, desas, n_tps, anchor)
    dpt = _dpt_per_tps(rng, desas, tps_per_desa, men, women, anchor)
    fixed = {k: (a + b, a) for k, (a, b) in anchor.fixed_votes.items()}
    votes = _share_votes(rng, kecs, regions, dpt, sah, s01, fixed)
    children = []
    for kec in kecs:
        desa_areas = []
        for d in regions.kids(kec):
            tps = [
                Tps(d, f"{i + 1:03d}", _tps_counts(rng, dpt[d][i], *votes[d][i]))
                for i in range(len(dpt[d]))
            ]
            desa_areas.append(
                Area(d, regions[d].nama, Counts.total([t.counts for t in tps]), tps=tps)
            )
        children.append(
            Area(kec, regions[kec].nama, Counts.total([a.counts for a in desa_areas]), desa_areas)
        )
    return Area(kode, regions[kode].nama, Counts.total([c.counts for c in children]), children)


def _tps_per_desa(
    rng: random.Random, desas: Sequence[str], n_tps: int, anchor: KabAnchor
) -> dict[str, int]:
    fixed = {d: len(v) for d, v in anchor.fixed_tps_dpt.items()}
    free = [d for d in desas if d not in fixed]
    weights = [rng.lognormvariate(0, 0.45) for _ in free]
    counts = apportion(n_tps - sum(fixed.values()), weights, lo=[1] * len(free))
    return fixed | dict(zip(free, counts, strict=True))


def _dpt_per_tps(
    rng: random.Random,
    desas: Sequence[str],
    tps_per_desa: Mapping[str, int],
    men: int,
    women: int,
    anchor: KabAnchor,
) -> dict[str, list[tuple[int, int]]]:
    """(men, women) on each TPS's list: totals exact, each TPS at most 300 voters."""
    out: dict[str, list[tuple[int, int]]] = {}
    for d, totals in anchor.fixed_tps_dpt.items():
        pairs = []
        for t in totals:
            m = round(t * rng.uniform(0.48, 0.52))
            pairs.append((m, t - m))
        out[d] = pairs
    men -= sum(m for pairs in out.values() for m, _ in pairs)
    women -= sum(w for pairs in out.values() for _, w in pairs)
    slots = [(d, i) for d in desas if d not in out for i in range(tps_per_desa[d])]
    size = [rng.uniform(0.8, 1.2) for _ in slots]
    share = [rng.uniform(0.47, 0.53) for _ in slots]
    half = DPT_MAX_PER_TPS // 2
    m_list = apportion(
        men,
        [s * f for s, f in zip(size, share, strict=True)],
        lo=[40] * len(slots),
        hi=[half] * len(slots),
    )
    w_list = apportion(
        women,
        [s * (1 - f) for s, f in zip(size, share, strict=True)],
        lo=[40] * len(slots),
        hi=[half] * len(slots),
    )
    for (d, _), m, w in zip(slots, m_list, w_list, strict=True):
        out.setdefault(d, []).append((m, w))
    return out


def _share_votes(
    rng: random.Random,
    kecs: Sequence[str],
    regions: Regions,
    dpt: Mapping[str, list[tuple[int, int]]],
    sah: int,
    s01: int,
    fixed: Mapping[str, tuple[int, int]],
) -> dict[str, list[tuple[int, int]]]:
    """(valid, votes 01) per TPS: shared kab → kecamatan → desa → TPS, anchors kept."""
    out: dict[str, list[tuple[int, int]]] = {}

    def dpt_of(code: str) -> list[int]:
        if code in dpt:
            return [m + w for m, w in dpt[code]]
        return [v for d in regions.kids(code) for v in dpt_of(d)]

    def share(codes: Sequence[str], total: int, total01: int) -> None:
        caps = [sum(int(v * 0.95) for v in dpt_of(c)) for c in codes]
        free = [i for i, c in enumerate(codes) if c not in fixed]
        rest = total - sum(fixed[c][0] for c in codes if c in fixed)
        rest01 = total01 - sum(fixed[c][1] for c in codes if c in fixed)
        w = [sum(dpt_of(codes[i])) * rng.uniform(0.95, 1.05) for i in free]
        valid = apportion(rest, w, hi=[caps[i] for i in free])
        base = rest01 / rest if rest else 0.0
        v01 = apportion(rest01, [v * base * rng.lognormvariate(0, 0.2) for v in valid], hi=valid)
        chosen = {codes[i]: (valid[j], v01[j]) for j, i in enumerate(free)}
        chosen |= {c: fixed[c] for c in codes if c in fixed}
        for c in codes:
            if c in dpt:
                _share_tps(c, *chosen[c])
            else:
                share(regions.kids(c), *chosen[c])

    def _share_tps(desa: str, total: int, total01: int) -> None:
        lists = [m + w for m, w in dpt[desa]]
        valid = apportion(
            total, [v * rng.uniform(0.95, 1.05) for v in lists], hi=[int(v * 0.95) for v in lists]
        )
        base = total01 / total if total else 0.0
        v01 = apportion(total01, [v * base * rng.lognormvariate(0, 0.15) for v in valid], hi=valid)
        out[desa] = list(zip(valid, v01, strict=True))

    share(kecs, sah, s01)
    return out


def _tps_counts(rng: random.Random, dpt: tuple[int, int], valid: int, v01: int) -> Counts:
    men, women = dpt
    invalid = round(valid * rng.uniform(0.008, 0.03))
    jumlah = valid + invalid
    pengguna = jumlah + (1 if rng.random() < 0.08 else 0)
    dpk = rng.choice((0, 0, 0, 1, 2))
    dptb = max(rng.choice((0, 0, 1, 1, 2, 3)), pengguna - dpk - (men + women))
    return Counts(
        jumlah_tps=1,
        dpt_l=men,
        dpt_p=women,
        dpt_jumlah=men + women,
        pengguna_dpt=pengguna - dptb - dpk,
        pengguna_dptb=dptb,
        pengguna_dpk=dpk,
        pengguna_jumlah=pengguna,
        suara_01=v01,
        suara_02=valid - v01,
        suara_sah=valid,
        suara_tidak_sah=invalid,
        suara_jumlah=jumlah,
    )
