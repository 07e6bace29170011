"""Header labels and rows of cells → problems, one row at a time (the exact, general path).

This is the reference implementation the vectorised path defers to: every row the fast path
flags, every row the CSV parser could not fit, whole files in odd dialects, XLSX sheets. It
mirrors frictionless-py v5's `Header` and `Row` processing (exact field matching): extra and
missing cells, blank rows (which replace the row's other errors), type then constraint errors,
primary key (all-missing keys and repeats), unique; then our election rules (skipped on a row
whose cells failed their type or are missing), region codes and names, total rows.

Modules: `checker` (`TableChecker`: header, cells and keys, as frictionless checks them),
`election` (rules, total rows, region codes and names, the recap index: a base of
`TableChecker`), `collector` (`Collector`: a resource's problems, kept up to a limit per code).
"""

from __future__ import annotations

from publisher.regions import fold_name
from publisher.validate.rows.checker import TableChecker
from publisher.validate.rows.collector import Collector
from publisher.validate.rows.election import RECAP_INDEX_LIMIT, TotalRow, fold_code

__all__ = [
    "RECAP_INDEX_LIMIT",
    "Collector",
    "TableChecker",
    "TotalRow",
    "fold_code",
    "fold_name",
]
