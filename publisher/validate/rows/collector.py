"""Problems of one resource → kept up to `limit` per code, every one counted (`Collector`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from publisher.problems import Problem, Severity


@dataclass
class Collector:
    """Problems of one resource: kept up to `limit` per code, every one counted."""

    path: str
    limit: int
    problems: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def add(
        self,
        code: str,
        *,
        row: int | None = None,
        field: str | None = None,
        value: object = None,
        severity: Severity = "error",
        **params: object,
    ) -> None:
        self.counts[code] += 1
        if self.counts[code] <= self.limit:
            self.problems.append(
                Problem.make(
                    code, self.path, severity=severity, row=row, field=field, value=value, **params
                )
            )

    def finish(self) -> list[Problem]:
        """Problems in row order, then a note per code with problems not shown."""
        shown = sorted(self.problems, key=lambda p: (p.row or 0, p.field or "", p.code))
        for code, count in sorted(self.counts.items()):
            if count > self.limit:
                shown.append(
                    Problem.make(
                        "problems-truncated",
                        self.path,
                        severity="info",
                        count=count - self.limit,
                        problem_code=code,
                    )
                )
        return shown
