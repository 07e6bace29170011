"""The report's status as values: one frozen dataclass per entry, and its one JSON form.

`Status` holds the provinces (each with its offices, each with its packages), the national
totals, the ranking, the recap differences and the problems outside any office. Every number a
renderer shows is a field here, read by name, so the text, CSV, JSON and the dashboard cannot
disagree about a key. `to_dict` gives the JSON shape docs/report.md documents (field order is
key order); `Status.from_dict` reads it back, checking each state against its allowed values.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

from publisher.readiness import Readiness

PackageStatus = Literal[
    "blocked", "build-failed", "invalid", "not-built", "not-ready", "outdated", "published", "ready"
]
PortalState = Literal["current", "outdated", "unpublished"]
OfficeStatus = Literal["ready", "problems", "not-ready"]
Shown = Literal["error", "warning"]
"""The severities a status shows (information is left out)."""


@dataclass(frozen=True)
class Files:
    """Documents by file type, as `scan` counts them."""

    pdf: int = 0
    xlsx: int = 0
    csv: int = 0

    @property
    def total(self) -> int:
        """PDF + XLSX + CSV: the documents digitised (narratives are not documents)."""
        return self.pdf + self.xlsx + self.csv


@dataclass(frozen=True)
class Documents(Files):
    """Files by type and the folder's narratives."""

    narasi: int = 0


@dataclass(frozen=True)
class Totals:
    """What a package, an office, a province or the whole tree adds up to."""

    documents: Documents = field(default_factory=Documents)
    ready_documents: Files = field(default_factory=Files)
    packages: int = 0
    built: int = 0
    valid: int = 0
    invalid: int = 0
    blocked: int = 0
    build_failed: int = 0
    ready: int = 0
    collected: int = 0
    errors: int = 0
    warnings: int = 0
    published_current: int = 0
    published_outdated: int = 0
    unpublished: int = 0

    def __add__(self, other: Totals) -> Totals:
        return _plus(self, other)


def total(parts: Iterable[Totals]) -> Totals:
    """The sum of some totals (an empty sum is all zeros)."""
    out = Totals()
    for part in parts:
        out = out + part
    return out


T = TypeVar("T")


def _plus(a: T, b: T) -> T:
    """Field by field: ints added, nested counts added in turn."""
    values = {}
    for f in dataclasses.fields(a):  # type: ignore[arg-type]
        x, y = getattr(a, f.name), getattr(b, f.name)
        values[f.name] = x + y if isinstance(x, int) else _plus(x, y)
    return type(a)(**values)


@dataclass(frozen=True)
class ProblemView:
    """A problem as the status shows it: what, what to do, and where (the file the steward
    edits, relative to the collection root; its sheet and row for a workbook)."""

    code: str
    kind: str
    severity: Shown
    message: str
    fix: str
    path: str
    row: int | None = None
    field: str | None = None
    sheet: str | None = None


@dataclass(frozen=True)
class Collected:
    """The province's collect that brought a package in (docs/province.md)."""

    seq: int
    at: str | None
    by: str | None
    bundle: str
    sha256: str
    made_by: str | None
    state: str


@dataclass(frozen=True)
class PackageEntry:
    """One Jenis Dokumen folder."""

    name: str
    path: str
    kode_tahapan: str
    jenis_dokumen: str
    documents: Documents
    built: bool
    valid: bool | None
    ready: bool
    readiness: Readiness
    collected: Collected | None
    portal: PortalState | None
    url: str | None
    errors: int
    warnings: int
    problems: tuple[ProblemView, ...]
    status: PackageStatus

    @property
    def totals(self) -> Totals:
        """This one package's contribution to its office's totals."""
        docs, state = self.documents, self.portal
        ready = Files(docs.pdf, docs.xlsx, docs.csv) if self.ready else Files()
        return Totals(
            documents=docs,
            ready_documents=ready,
            packages=1,
            built=int(self.built),
            valid=int(self.valid is True),
            invalid=int(self.valid is False),
            blocked=int(self.status == "blocked"),
            build_failed=int(self.status == "build-failed"),
            ready=int(self.ready),
            collected=int(self.collected is not None),
            errors=self.errors,
            warnings=self.warnings,
            published_current=int(state == "current"),
            published_outdated=int(state == "outdated"),
            unpublished=int(state == "unpublished"),
        )


@dataclass(frozen=True)
class OfficeEntry:
    """One Unit Kerja: its packages, the problems in its folder outside them, their totals."""

    unit_kerja: str
    kode: str
    nama: str
    path: str
    status: OfficeStatus
    totals: Totals
    packages: tuple[PackageEntry, ...]
    problems: tuple[ProblemView, ...] = ()


@dataclass(frozen=True)
class ProvinceEntry:
    """One province (KPU RI as "00" Nasional) and its offices."""

    kode: str
    nama: str
    totals: Totals
    offices: tuple[OfficeEntry, ...]


@dataclass(frozen=True)
class RankRow:
    """One office in the ranking (`publisher.report.rank`)."""

    rank: int
    unit_kerja: str
    nama: str
    provinsi: str
    documents: int
    all_documents: int
    pdf: int
    xlsx: int
    csv: int


@dataclass(frozen=True)
class RecapDifference:
    """A number in a province's recap sheet that the folders do not agree with."""

    unit_kerja: str
    column: Literal["pdf", "xlsx", "csv"]
    recap: int
    counted: int


@dataclass(frozen=True)
class RecapFile:
    """One REKAP_DIGITALISASI_*.xlsx and its differences (none: it agrees)."""

    provinsi: str
    file: str
    differences: tuple[RecapDifference, ...]


@dataclass(frozen=True)
class Status:
    """The whole picture `publisher report` shows."""

    generated: str
    root: str
    """The collection folder's own name (as validate shows its paths), never a local path."""
    portal: str | None
    counting_rule: str
    totals: Totals
    provinces: tuple[ProvinceEntry, ...]
    problems: tuple[ProblemView, ...]
    ranking: tuple[RankRow, ...]
    recap: tuple[RecapFile, ...]

    def offices(self) -> Iterator[tuple[ProvinceEntry, OfficeEntry]]:
        """Every office, with its province, in order."""
        for province in self.provinces:
            for office in province.offices:
                yield province, office

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (docs/report.md)."""
        out: dict[str, Any] = to_json(self)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Status:
        """The JSON form read back; ValueError (or KeyError, TypeError) when it is not one."""
        return load(cls, data)


def to_json(value: Any) -> Any:
    """A status value → plain JSON data, fields in order."""
    if isinstance(value, Readiness):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    return value


D = TypeVar("D")


def load(cls: type[D], data: Mapping[str, Any]) -> D:
    """JSON data → the dataclass `cls`, each field by its annotation; fields left out take
    their defaults."""
    if not isinstance(data, Mapping):
        raise ValueError(f"{cls.__name__}: an object expected, not {type(data).__name__}")
    hints = get_type_hints(cls)
    values = {
        f.name: _value(hints[f.name], data[f.name], f.name)
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.name in data
    }
    return cls(**values)


def _value(kind: Any, value: Any, name: str) -> Any:
    """One field's JSON value → its annotated type."""
    origin = get_origin(kind)
    if kind is Readiness:
        return Readiness.from_dict(value)
    if dataclasses.is_dataclass(kind):
        return load(kind, value)  # type: ignore[arg-type]
    if origin is tuple:
        return tuple(_value(get_args(kind)[0], item, name) for item in value)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in get_args(kind):
            return None
        (inner,) = [a for a in get_args(kind) if a is not type(None)]
        return _value(inner, value, name)
    if origin is Literal and value not in get_args(kind):
        raise ValueError(f"{name}: {value!r} is not one of {', '.join(get_args(kind))}")
    return value
