"""The ballots' schema extensions → compiled values and their verdicts (pure, shared by both paths).

`x-kpu-rules` of kind `party` (a row's party number on the 2019 ballot of its region, its name the
number's), `dapil` (the row's dapil in the dapil reference, holding the row's region) and `only-in`
(columns that must be 0 outside some provinces: Aceh's local parties); `x-kpu-breakdown` (a long
table's rows add up, per key and party, to a column of the wide table in the same folder);
`x-kpu-index` (a wide table's rows by key, for that and for the DPT across ballots). A verdict is
a function of a few cells (the rule's key), so the exact path asks it per row and the fast path
once per distinct key: their findings are the same by construction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from publisher.dapil import Dapils

LOOKUP_KINDS = ("party", "dapil", "only-in")
Finding = tuple[str, str, Any, dict[str, Any]]
"""(code, field, value, params) of one problem a verdict finds."""


@dataclass(frozen=True)
class Party:
    no: int
    nama: str
    singkatan: str
    regions: tuple[str, ...] = ()
    """Province codes where it is on the ballot; () for everywhere."""


@dataclass(frozen=True)
class LookupRule:
    """A rule judged on a key of a few cells: the region code field and `fields`."""

    id: str
    kind: str
    region: str
    fields: tuple[str, ...]
    parties: tuple[Party, ...] = ()
    lembaga: str = ""
    regions: tuple[str, ...] = ()
    message_id: str = ""
    message_en: str = ""

    @property
    def involved(self) -> tuple[str, ...]:
        return (self.region, *self.fields)

    def key(self, cells: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The cells (parsed values; a failed or missing one absent) → the verdict's key; None
        when the row cannot be judged (a cell it needs is missing or failed: said elsewhere)."""
        region = cells.get(self.region)
        if not isinstance(region, str):
            return None
        if self.kind == "dapil":
            dapil = cells.get(self.fields[0])
            return None if not isinstance(dapil, str) else (dapil, region)
        if self.kind == "party":
            number, name = (cells.get(f) for f in self.fields)
            if not isinstance(number, int) or not isinstance(name, str):
                return None
            return (number, name, region[:2])
        values = [cells.get(f) for f in self.fields]
        if any(not isinstance(v, int) for v in values):
            return None
        return (region[:2], *(v != 0 for v in values))


@dataclass(frozen=True)
class Breakdown:
    """Rows of a long table add up per `key` (and `by`) to `target` of the wide table."""

    key: tuple[str, ...]
    value: str
    target: str
    by: str | None = None

    def target_of(self, by: int | None) -> str:
        return self.target.format(by) if self.by else self.target

    @property
    def involved(self) -> tuple[str, ...]:
        return (*self.key, self.value, *((self.by,) if self.by else ()))


@dataclass(frozen=True)
class Candidates:
    """`x-kpu-candidates`: the candidates a table names, (area, party, number, name) with their
    first row — a candidate list's (`list`) or a result table's, compared across packages.
    `area` is a field (a dapil) or, with `province`, the province of a region code field."""

    area: str
    number: str
    name: str
    party: str | None = None
    province: bool = False
    list: bool = False

    @property
    def involved(self) -> tuple[str, ...]:
        return (self.area, *((self.party,) if self.party else ()), self.number, self.name)

    def key(self, cells: Mapping[str, Any]) -> str | None:
        """'13|0|3|Calon DPD …' (party 0: none); None when a cell is missing or failed."""
        area, number, name = cells.get(self.area), cells.get(self.number), cells.get(self.name)
        party = cells.get(self.party) if self.party else 0
        if not (isinstance(area, str) and isinstance(number, int) and isinstance(name, str)):
            return None
        if not isinstance(party, int):
            return None
        return candidate_key(area[:2] if self.province else area, party, number, name)


def candidate_key(area: str, party: int, number: int, name: str) -> str:
    return f"{area}|{party}|{number}|{name}"


def compile_candidates(raw: Mapping[str, Any] | None, names: set[str]) -> Candidates | None:
    if not raw:
        return None
    party = raw.get("party")
    out = Candidates(
        area=str(raw["area"]),
        number=str(raw["number"]),
        name=str(raw["name"]),
        party=str(party) if party else None,
        province=bool(raw.get("province", False)),
        list=bool(raw.get("list", False)),
    )
    unknown = [n for n in out.involved if n not in names]
    if unknown:
        raise ValueError(f"x-kpu-candidates: fields not in the schema: {', '.join(unknown)}")
    return out


def compile_lookup(raw: Mapping[str, Any], names: set[str]) -> LookupRule:
    message = raw.get("message") or {}
    kind = str(raw["kind"])
    base = LookupRule(
        id=str(raw.get("id", "")),
        kind=kind,
        region=str(raw["region"]),
        fields=(),
        message_id=str(message.get("id", "")),
        message_en=str(message.get("en", "")),
    )
    if kind == "party":
        parties = tuple(
            Party(int(p["no"]), str(p["nama"]), str(p.get("singkatan", "")),
                  tuple(str(r) for r in p.get("regions", ())))
            for p in raw["parties"]
        )  # fmt: skip
        fields = (str(raw["number"]), str(raw["name"]))
        rule = replace(base, fields=fields, parties=parties)
    elif kind == "dapil":
        rule = replace(base, fields=(str(raw["field"]),), lembaga=str(raw["lembaga"]))
    else:
        regions = tuple(str(r) for r in raw["regions"])
        rule = replace(base, fields=tuple(str(f) for f in raw["fields"]), regions=regions)
    unknown = [n for n in rule.involved if n not in names]
    if unknown:
        raise ValueError(f"x-kpu-rules {rule.id}: fields not in the schema: {', '.join(unknown)}")
    return rule


def compile_breakdown(raw: Mapping[str, Any] | None, names: set[str]) -> Breakdown | None:
    if not raw:
        return None
    by = raw.get("by")
    out = Breakdown(
        key=tuple(str(k) for k in raw["key"]),
        value=str(raw["value"]),
        target=str(raw["target"]),
        by=str(by) if by else None,
    )
    unknown = [n for n in out.involved if n not in names]
    if unknown:
        raise ValueError(f"x-kpu-breakdown: fields not in the schema: {', '.join(unknown)}")
    return out


def compile_index(raw: Mapping[str, Any] | None, names: set[str]) -> tuple[str, ...]:
    key = tuple(str(k) for k in (raw or {}).get("key", ()))
    if any(k not in names for k in key):
        raise ValueError(f"x-kpu-index: fields not in the schema: {', '.join(key)}")
    return key


# --- verdicts --------------------------------------------------------------------------------


def verdict(rule: LookupRule, key: Sequence[Any], dapils: Dapils) -> list[Finding]:
    """What is wrong with a key (nothing: [])."""
    if rule.kind == "party":
        return _party(rule, key[0], key[1], key[2])
    if rule.kind == "dapil":
        return _dapil(rule, key[0], key[1], dapils)
    province, nonzero = key[0], key[1:]
    if province in rule.regions:
        return []
    shown = ", ".join(rule.regions)
    return [
        ("party-outside", f, None, {"province": province, "provinces": shown})
        for f, bad in zip(rule.fields, nonzero, strict=True)
        if bad
    ]


def fold_party(text: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "", text.upper())


def _party(rule: LookupRule, number: int, name: str, province: str) -> list[Finding]:
    party = next((p for p in rule.parties if p.no == number), None)
    if party is None:
        numbers = ranges(sorted(p.no for p in rule.parties))
        return [("party-unknown", rule.fields[0], number, {"numbers": numbers})]
    out: list[Finding] = []
    if party.regions and province not in party.regions:
        out.append(
            ("party-region", rule.fields[0], number,
             {"nama": party.nama, "province": province, "provinces": ", ".join(party.regions)})
        )  # fmt: skip
    folded = fold_party(name)
    short = re.sub(r"(?i)^partai\s+", "", party.nama)
    accepted = {fold_party(x) for x in (party.nama, short, party.singkatan)}
    accepted.add(fold_party(f"Partai {party.singkatan}"))  # "Partai Hanura", "Partai PKS"
    if folded not in accepted:
        expected = f"{party.nama} ({party.singkatan})" if party.singkatan else party.nama
        out.append(("party-name", rule.fields[1], name, {"no": number, "expected": expected}))
    return out


def ranges(numbers: Sequence[int]) -> str:
    """[1, 2, 3, 5] → '1-3, 5'."""
    out: list[str] = []
    for n in numbers:
        if out and out[-1].rsplit("-", 1)[-1] == str(n - 1):
            out[-1] = f"{out[-1].split('-')[0]}-{n}"
        else:
            out.append(str(n))
    return ", ".join(out)


def _dapil(rule: LookupRule, text: str, region: str, dapils: Dapils) -> list[Finding]:
    if not dapils.covers(rule.lembaga, region):
        return []  # the reference does not list this province's districts yet
    home = dapils.of_region(rule.lembaga, region)
    params = {
        "lembaga": rule.lembaga,
        "kode": region,
        "expected": home.nama if home else "-",
        "reference": dapils.source,
    }
    found = dapils.find(rule.lembaga, text)
    if found is None:
        return [("dapil-unknown", rule.fields[0], text, params)]
    if not found.holds(region):
        return [("dapil-region", rule.fields[0], text, params)]
    return []
