"""Tables of the ballots against each other: a long table against the wide one of its folder, and
the DPT of a TPS across the five ballots.

In a legislative (or DPD) folder the long table (one row per party-only count or candidate) adds
up, per TPS or region and party, to the wide table's party column (DPD: its `suara_sah`); a
disagreement is an error at the wide table's row and column, naming the long table and its
first row of that key (`breakdown-mismatch`). All five ballots are cast at the same TPS from one
voter list, so their C1 tables give the same DPT for it; a different figure is an error at the
table of the later ballot (PPWP, DPR, DPD, DPRD Provinsi, DPRD Kab/Kota), naming the other's file
and row (`dpt-ballots`).
"""

from __future__ import annotations

from collections.abc import Sequence

from publisher.problems import Problem
from publisher.validate.model import PackageReport, ResourceReport

BALLOT_ORDER = ("PPWP", "DPR", "DPD", "DPRD-PROV", "DPRD-KAB-KOTA")
DPT_FIELDS = ("dpt_l", "dpt_p", "dpt_jumlah")
Entry = tuple[ResourceReport, int, dict[str, int]]


def check_breakdowns(resources: Sequence[ResourceReport]) -> None:
    """Each long table's parts against each wide table of the same package (problems added to
    the wide table's report)."""
    for long in (r for r in resources if r.parts):
        for wide in (r for r in resources if r.keyed and r is not long):
            for key, targets in long.parts.items():
                found = wide.keyed.get(key)
                if found is None:
                    continue
                row, values = found
                for target, (total, first) in targets.items():
                    if target in values and values[target] != total:
                        _add(wide, Problem.make(
                            "breakdown-mismatch", wide.path, row=row, field=target,
                            value=values[target], expected=total,
                            difference=values[target] - total, kode=key.replace("|", " TPS "),
                            other_path=long.path, other_row=first,
                        ))  # fmt: skip


def _add(res: ResourceReport, problem: Problem) -> None:
    res.problems.append(problem)
    res.counts[problem.code] += 1


def ballot_of(jenis: str) -> str:
    """'C1-DPRD-PROV' → 'DPRD-PROV'."""
    return jenis.upper().partition("-")[2]


def check_dpt(packages: Sequence[PackageReport]) -> list[Problem]:
    """The DPT of each TPS in the C1 tables of the five ballots, against the first ballot's."""
    c1 = [p for p in packages if p.jenis_dokumen.upper().startswith("C1-")]
    c1.sort(key=lambda p: _rank(ballot_of(p.jenis_dokumen)))
    first: dict[str, tuple[str, Entry]] = {}
    problems: list[Problem] = []
    for pkg in c1:
        ballot = ballot_of(pkg.jenis_dokumen)
        for res in pkg.resources:
            for key, (row, values) in res.keyed.items():
                if not all(f in values for f in DPT_FIELDS):
                    continue
                seen = first.get(key)
                if seen is None:
                    first[key] = (ballot, (res, row, values))
                elif seen[0] != ballot:
                    problems += _dpt_differs(key, (res, row, values), seen[1], ballot, seen[0])
    return problems


def _rank(ballot: str) -> int:
    return BALLOT_ORDER.index(ballot) if ballot in BALLOT_ORDER else len(BALLOT_ORDER)


def _dpt_differs(key: str, here: Entry, there: Entry, ballot: str, other: str) -> list[Problem]:
    res, row, values = here
    other_res, other_row, other_values = there
    return [
        Problem.make(
            "dpt-ballots",
            res.path,
            row=row,
            field=f,
            value=values[f],
            expected=other_values[f],
            kode=key.replace("|", " TPS "),
            ballot=ballot,
            other_ballot=other,
            other_path=other_res.path,
            other_row=other_row,
        )
        for f in DPT_FIELDS
        if values[f] != other_values[f]
    ]
