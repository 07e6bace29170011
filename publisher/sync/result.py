"""A sync run → outcomes as values: one `DatasetResult` per dataset, the run's `SyncReport`.

A dataset's outcome is created, updated, unchanged, deleted, or one that leaves it behind
(conflict, foreign, skipped, failed); the report adds the organisations and groups created, the
requests counted by the client and the time taken. `summary` gives the closing lines of
`publisher sync` for people; `to_dict` the JSON shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

Outcome = Literal[
    "created", "updated", "unchanged", "deleted", "conflict", "failed", "skipped", "foreign"
]


@dataclass
class DatasetResult:
    name: str
    outcome: Outcome
    message: str = ""
    uploads: int = 0


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "organizations_created": self.organizations,
            "groups_created": self.groups,
            "datasets": [r.__dict__ for r in self.results],
            "requests": self.counters,
            "late_duplicates_removed": self.late_removed,
            "seconds": round(self.seconds, 2),
        }


Progress = Callable[[DatasetResult], None]


def summary(report: SyncReport, url: str) -> str:
    """The closing lines of `publisher sync` for people."""
    lines = []
    for result in report.results:
        if result.outcome in ("failed", "conflict", "foreign", "skipped"):
            lines.append(f"  {result.outcome:<9} {result.name}: {result.message}")
    counts = ", ".join(
        f"{report.count(o)} {o}"
        for o in ("created", "updated", "unchanged", "deleted", "conflict", "skipped", "failed")
        if report.count(o) or o in ("created", "updated", "unchanged")
    )
    c = report.counters
    lines.append(
        f"{counts}; {c.get('uploads', 0)} uploads, {c.get('requests', 0)} requests"
        f" ({c.get('retries', 0)} retried) in {report.seconds:.1f} s"
    )
    if report.late_removed:
        lines.append(f"{report.late_removed} resource(s) created twice by a late request, removed")
    lines.append(f"portal: {url}/dataset/")
    return "\n".join(lines)
