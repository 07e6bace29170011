"""Tables of the ballots against each other: a long table against the wide one of its folder, and
the DPT of a TPS across the five ballots.

In a legislative (or DPD) folder the long table (one row per party-only count or candidate) adds
up, per TPS or region and party, to the wide table's party column (DPD: its `suara_sah`); a
disagreement is an error at the wide table's row and column, naming the long table and its
first row of that key (`breakdown-mismatch`). All five ballots are cast at the same TPS from one
voter list, so their C1 tables give the same DPT for it; a different figure is an error at the
table of the later ballot (PPWP, DPR, DPD, DPRD Provinsi, DPRD Kab/Kota), naming the other's file
and row (`dpt-ballots`). A candidate named in a result table must be on the collection's list
(DCT) of its ballot and dapil — DPD: province — where the collection holds that list
(`candidate-unknown`, `candidate-name`; `candidate-area`: on another dapil's or province's).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from publisher.dapil import fold_dapil
from publisher.problems import Problem
from publisher.regions import fold_name
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


# --- candidates against the collection's candidate lists (DCT) ----------------------------------

Listed = dict[tuple[int, int], tuple[str, str, int]]
"""(party, number) → (name, the list's file, row) of one dapil or province."""


def check_candidates(packages: Sequence[PackageReport]) -> list[Problem]:
    """Each candidate a result table names against the DCT of its ballot, where the collection
    holds the list of the table's dapil (DPD: province); lists of other areas tell "from
    another dapil / province" apart from an unknown candidate."""
    lists = _candidate_lists(packages)
    problems: list[Problem] = []
    for pkg in packages:
        ballot = ballot_of(pkg.jenis_dokumen)
        if pkg.jenis_dokumen.upper().startswith("DCT-") or ballot not in lists:
            continue
        for res in pkg.resources:
            for key, row in res.candidates.items():
                found = _judge(key, lists[ballot])
                if found is not None:
                    code, params = found
                    field = "nama_calon" if code == "candidate-name" else "no_urut_calon"
                    problems.append(Problem.make(code, res.path, row=row, field=field,
                                                 ballot=ballot, **params))  # fmt: skip
    return problems


def _candidate_lists(packages: Sequence[PackageReport]) -> dict[str, dict[str, Listed]]:
    out: dict[str, dict[str, Listed]] = {}
    for pkg in packages:
        if not pkg.jenis_dokumen.upper().startswith("DCT-"):
            continue
        areas = out.setdefault(ballot_of(pkg.jenis_dokumen), {})
        for res in pkg.resources:
            for key, row in res.candidates.items():
                area, party, number, name = _split(key)
                areas.setdefault(fold_dapil(area), {}).setdefault(
                    (party, number), (name, res.path, row)
                )
    return out


def _split(key: str) -> tuple[str, int, int, str]:
    area, party, number, name = key.split("|", 3)
    return area, int(party), int(number), name


def _judge(key: str, lists: dict[str, Listed]) -> tuple[str, dict[str, Any]] | None:
    area, party, number, name = _split(key)
    own = lists.get(fold_dapil(area))
    if own is None:
        return None  # the collection holds no list of this dapil or province
    entry = own.get((party, number))
    if entry is not None and fold_name(entry[0]) == fold_name(name):
        return None
    shown = f"{number} ({name})" + (f", partai {party}" if party else "")
    params: dict[str, Any] = {"value": shown, "area": area}
    for other, listed in lists.items():
        for (p, n), (listed_name, path, row) in listed.items():
            if (
                other != fold_dapil(area)
                and fold_name(listed_name) == fold_name(name)
                and p == party
            ):
                return "candidate-area", {**params, "other_area": other, "other_path": path,
                                          "other_row": row, "other_number": n}  # fmt: skip
    if entry is None:
        return "candidate-unknown", params
    return "candidate-name", {**params, "expected": entry[0], "other_path": entry[1],
                              "other_row": entry[2]}  # fmt: skip
