"""A plan + the portal → the portal brought in line, and a report of what happened.

Reading the portal (`read_remote`, a few bulk requests), checking it before any write
(`preflight`) and applying a plan (`apply`). Organisations and groups first, then datasets in
parallel workers. Each dataset is written in the same order, so an interruption at any point is
recognised and finished by the next run. A create whose answer was lost (timeout, 502) is never
repeated blindly. One dataset's failure is recorded and the others go on.

Modules: `local` (the built packages found, mapped, and held back when validate found them
wanting), `remote` (the portal's state in a few bulk requests), `preflight` (the checks before any
write), `prepared` (read, plan and check, for the CLI; writes nothing), `run` (a plan applied:
organisations, groups, datasets in parallel), `dataset` (one dataset written, in three steps),
`result` (outcomes as values, and the closing summary).
"""

from __future__ import annotations

from publisher.sync.local import find_packages, gather, hold_back, load_local
from publisher.sync.preflight import Preflight, preflight
from publisher.sync.prepared import Prepared, owner_pattern, prepare
from publisher.sync.remote import PAGE, read_remote
from publisher.sync.result import (
    DatasetResult,
    Outcome,
    Progress,
    SyncReport,
    outcome_word,
    summary,
)
from publisher.sync.run import apply

__all__ = [
    "PAGE",
    "DatasetResult",
    "Outcome",
    "Preflight",
    "Prepared",
    "Progress",
    "SyncReport",
    "apply",
    "find_packages",
    "gather",
    "hold_back",
    "load_local",
    "outcome_word",
    "owner_pattern",
    "preflight",
    "prepare",
    "read_remote",
    "summary",
]
