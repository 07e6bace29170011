"""A UTF-8 CSV in a plain dialect → the same problems as `rows`, vectorised in batches.

pyarrow's streaming CSV reader gives batches of text columns (single-threaded, so the rows it
cannot fit — extra or missing cells, blank lines — come with their line numbers); polars checks a
batch with one expression per field. A row is "clean" when every cell is surely valid: an integer
field's cell is one polars parses as a 64-bit integer (a subset of what Python's `int()` takes, to
the same value) within its constraints, a string field's cell matches its pattern (the Rust regex
anchored like Python's `re.match`), no required cell is missing. Every other row — flagged,
unparseable, a total row — goes through the exact Python checker, so the fast path only ever
decides "surely valid". Rules, region codes, sums and keys of clean rows are checked on whole
columns; keys are kept as compact columns (row number + key values) and repeats found once at
the end. XLSX sheets come as typed rows and are framed the same way (`typed_frame`).

Imported only when a table takes this path (pyarrow and polars stay out of the CLI's start-up).
Modules: `batches` (`FastTable`: CSV blocks or XLSX rows → frames checked), `exprs` (the polars
expressions per field and rule), `regions` (region codes of clean rows), `keys` (primary and
unique keys across batches), `reader` (multi-line records, blocks read ahead, `Fallback`).
"""

from __future__ import annotations

from publisher.validate.fast.batches import FastTable, typed_frame
from publisher.validate.fast.reader import Fallback, has_multiline_records

__all__ = ["Fallback", "FastTable", "has_multiline_records", "typed_frame"]
