"""A sync run → outcomes as values: one `DatasetResult` per dataset, the run's `SyncReport`.

A dataset's outcome is created, updated, unchanged, deleted, or one that leaves it behind
(conflict, foreign, skipped, failed); the report adds the organisations and groups created, the
requests counted by the client and the time taken. `summary` gives the closing lines of
`publisher sync` for people, in Bahasa Indonesia or English (`WORDS`); `to_dict` the JSON shape
(outcomes as codes, messages in the language asked).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from publisher.problems import NOTHING_SAID, Bilingual, Lang

Outcome = Literal[
    "created", "updated", "unchanged", "deleted", "conflict", "failed", "skipped", "foreign"
]


@dataclass
class DatasetResult:
    name: str
    outcome: Outcome
    message: Bilingual = NOTHING_SAID
    uploads: int = 0

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "name": self.name,
            "outcome": self.outcome,
            "message": self.message.text(lang),
            "uploads": self.uploads,
        }


@dataclass
class SyncReport:
    results: list[DatasetResult] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    late_removed: int = 0  # resources a late create made twice, removed at the end

    @property
    def failed(self) -> list[DatasetResult]:
        bad = ("failed", "conflict", "foreign", "skipped")
        return [r for r in self.results if r.outcome in bad]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "organizations_created": self.organizations,
            "groups_created": self.groups,
            "datasets": [r.to_dict(lang) for r in self.results],
            "requests": self.counters,
            "late_duplicates_removed": self.late_removed,
            "seconds": round(self.seconds, 2),
        }


Progress = Callable[[DatasetResult], None]


# What the closing lines call each outcome and count, per language.
WORDS: dict[Lang, dict[str, str]] = {
    "id": {
        "created": "dibuat",
        "updated": "diperbarui",
        "unchanged": "tetap",
        "deleted": "dihapus",
        "conflict": "konflik",
        "skipped": "ditahan",
        "failed": "gagal",
        "foreign": "milik lain",
        "totals": "{uploads} berkas diunggah, {requests} permintaan ({retries} diulang)"
        " dalam {seconds} detik",
        "late": "{count} sumber daya yang terbuat dua kali oleh permintaan yang terlambat"
        " sudah dihapus",
    },
    "en": {
        "created": "created",
        "updated": "updated",
        "unchanged": "unchanged",
        "deleted": "deleted",
        "conflict": "conflict",
        "skipped": "skipped",
        "failed": "failed",
        "foreign": "foreign",
        "totals": "{uploads} uploads, {requests} requests ({retries} retried) in {seconds} s",
        "late": "{count} resource(s) created twice by a late request, removed",
    },
}


def outcome_word(outcome: Outcome, lang: Lang = "id") -> str:
    """An outcome as people read it, padded to one column (the progress line, the summary)."""
    words = WORDS[lang]
    width = max(len(words[o]) for o in OUTCOMES)
    return words[outcome].ljust(width)


OUTCOMES: tuple[Outcome, ...] = (
    "created",
    "updated",
    "unchanged",
    "deleted",
    "conflict",
    "failed",
    "skipped",
    "foreign",
)


def summary(report: SyncReport, url: str, lang: Lang = "id") -> str:
    """The closing lines of `publisher sync` for people."""
    words = WORDS[lang]
    lines = []
    for result in report.results:
        if result.outcome in ("failed", "conflict", "foreign", "skipped"):
            said = result.message.text(lang)
            lines.append(f"  {outcome_word(result.outcome, lang)} {result.name}: {said}")
    shown: tuple[Outcome, ...] = (
        "created",
        "updated",
        "unchanged",
        "deleted",
        "conflict",
        "skipped",
        "failed",
    )
    counts = ", ".join(
        f"{report.count(o)} {words[o]}"
        for o in shown
        if report.count(o) or o in ("created", "updated", "unchanged")
    )
    c = report.counters
    seconds = f"{report.seconds:.1f}"
    totals = words["totals"].format(
        uploads=c.get("uploads", 0),
        requests=c.get("requests", 0),
        retries=c.get("retries", 0),
        seconds=seconds.replace(".", ",") if lang == "id" else seconds,
    )
    lines.append(f"{counts}; {totals}")
    if report.late_removed:
        lines.append(words["late"].format(count=report.late_removed))
    lines.append(f"portal: {url}/dataset/")
    return "\n".join(lines)
