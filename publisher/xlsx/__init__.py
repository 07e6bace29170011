"""Presentation-style XLSX workbook → one clean table per visible sheet, matched to a Table Schema.

Offices lay their tables out for print: title rows, two or three header rows with merged cells, a
column-number row "(1) (2) (3)", a JUMLAH row, notes and a signature block under the table. Here
the header is found (merged cells filled and their levels joined with " / "), matched to the
schema's fields through `x-kpu-headers`, and the rows below are split into data, total rows and
notes. Totals and notes are kept (the package stores them for the validator), never dropped.

Modules: `workbook` (file → `Workbook` of `Table`s, sheet by sheet), `sheet` (worksheet → text
cells, merged ranges filled), `header` (finding the header block and matching it to the schema),
`body` (data, total and note rows), `messages` (bilingual texts of the `xlsx-*` codes).
"""

from __future__ import annotations

from publisher.xlsx import messages as _messages  # registers the problem texts
from publisher.xlsx.body import DEFAULT_TOTAL_LABELS
from publisher.xlsx.header import HEADER_SEARCH_ROWS, MAX_HEADER_DEPTH
from publisher.xlsx.sheet import Cell
from publisher.xlsx.workbook import Table, Workbook, read_xlsx

del _messages

__all__ = [
    "DEFAULT_TOTAL_LABELS",
    "HEADER_SEARCH_ROWS",
    "MAX_HEADER_DEPTH",
    "Cell",
    "Table",
    "Workbook",
    "read_xlsx",
]
