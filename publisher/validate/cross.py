"""Package reports → level problems: a table's totals against its region's row one level up.

A table adds up to one region (`ResourceReport.covered`: its deepest region column with a single
value, e.g. a kecamatan's per-TPS table; or the parent of a recap's rows). A recap one level up
(the kab/kota recap, one row per kecamatan) has a row for that region. The two must agree on every
count column they share, for the same ballot (the part of `jenis_dokumen` after the form: PPWP,
DPR, ...). The recap rows and sums come from the validation pass: nothing is read twice. A
disagreement names both places: the table (`path`, `field`) and the recap's row (`other_path`,
`other_row`); either may be the wrong one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from publisher.config import Config
from publisher.problems import Problem
from publisher.validate.ballots import check_candidates, check_dpt
from publisher.validate.model import PackageReport, ResourceReport


def ballot(jenis: str) -> str:
    """'DA1-PPWP' → 'PPWP', 'C1-DPRD-PROV' → 'DPRD-PROV'; no suffix → ''."""
    return jenis.upper().partition("-")[2]


def check_cross(packages: Sequence[PackageReport], config: Config) -> list[Problem]:
    del config  # the region reference is already applied per row; kept for the API
    index: dict[tuple[str, str], list[tuple[PackageReport, ResourceReport, int, dict[str, int]]]]
    index = defaultdict(list)
    for pkg in packages:
        for res in pkg.resources:
            for code, (row, values) in res.recap_rows.items():
                index[(ballot(pkg.jenis_dokumen), code)].append((pkg, res, row, values))
    problems: list[Problem] = []
    seen: set[tuple[int, int, str | None]] = set()  # (table, recap package, field)
    for pkg in packages:
        for res in pkg.resources:
            if not res.covered or not res.totals:
                continue
            for up, other, row, values in index.get((ballot(pkg.jenis_dokumen), res.covered), []):
                if other is res:
                    continue
                # a recap package often holds the same table twice (a CSV and the XLSX it came
                # from): one disagreement per table, recap package and column is enough
                for problem in _compare(res, other, row, values):
                    # by identity, not path: two collections checked together share paths
                    key = (id(res), id(up), problem.field)
                    if key not in seen:
                        seen.add(key)
                        problems.append(problem)
    return problems + check_dpt(packages) + check_candidates(packages)


def _compare(
    res: ResourceReport, other: ResourceReport, row: int, values: dict[str, int]
) -> list[Problem]:
    out = []
    for name in sorted(set(res.totals) & set(values)):
        if res.totals[name] != values[name]:
            out.append(
                Problem.make(
                    "level-mismatch",
                    res.path,
                    field=name,
                    value=res.totals[name],
                    kode=res.covered,
                    expected=values[name],
                    other_path=other.path,
                    other_row=row,
                )
            )
    return out
