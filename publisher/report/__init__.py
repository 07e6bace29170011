"""Collection tree (+ validation, + the portal) → progress per office and province, and the ranking.

The status model joins what `scan` finds (documents per type), what `build` made (a
`datapackage.json`), what `validate` says, and — when a portal answers — whether each dataset is
published and current, by comparing fingerprints and hashes with the portal (no downloads).
`status()` returns a `Status` value (`types`: one frozen dataclass per entry), whose `to_dict` is
the documented JSON shape (docs/report.md); `render_text`, `render_csv` and `render_json` show it;
`publisher.dashboard` turns it into the HTML page.

Modules: `types` (the status as values, its JSON form both ways), `collect` (the whole
status, and `build_status`: scan + validate + portal), `model` (the entries of one package,
office and province, with their totals), `rank` (the ranking and its counting rule), `recap`
(the provinces' own recap spreadsheets against the folders' counts), `render` (text, CSV and
JSON).
"""

from __future__ import annotations

from publisher.report.collect import (
    Reported,
    build_status,
    exit_code,
    report_of,
    status,
)
from publisher.report.model import KINDS, verdicts
from publisher.report.rank import COUNTING_RULE, ranking
from publisher.report.recap import read_recap, recap_differences
from publisher.report.render import (
    TEXT,
    render_csv,
    render_json,
    render_text,
    unread_text,
    write_atomic,
)
from publisher.report.types import Status

__all__ = [
    "COUNTING_RULE",
    "KINDS",
    "TEXT",
    "Reported",
    "Status",
    "build_status",
    "exit_code",
    "ranking",
    "read_recap",
    "recap_differences",
    "render_csv",
    "render_json",
    "render_text",
    "report_of",
    "status",
    "unread_text",
    "verdicts",
    "write_atomic",
]
