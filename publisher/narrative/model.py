"""What a narrative says, as values: `Narrative`, its `Contact`, and `NarrativeResult`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from publisher.problems import Problem


@dataclass(frozen=True)
class Contact:
    name: str
    email: str


@dataclass(frozen=True)
class Narrative:
    """What a narrative says; `values` holds every known key as text (lists joined by ', ')."""

    file: str
    values: Mapping[str, str]
    tags: tuple[str, ...] = ()
    berkas: tuple[str, ...] = ()
    tahun: int | None = None
    license_id: str | None = None
    contact: Contact | None = None
    tanggal: str | None = None  # Tanggal Penetapan as YYYY-MM-DD, when it is a valid date

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    @property
    def judul(self) -> str:
        return self.get("Judul")

    @property
    def deskripsi(self) -> str:
        return self.get("Deskripsi")


@dataclass(frozen=True)
class NarrativeResult:
    narrative: Narrative | None
    problems: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.narrative is not None and not any(p.severity == "error" for p in self.problems)
