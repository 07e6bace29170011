"""A narrative file (key–value `NARASI_*.txt` or Markdown with YAML front matter) → `Narrative`.

Both forms carry the same keys (docs/layout.md): `Judul:`, `Unit Kerja:`, ... and `Deskripsi:`
followed by free text to the end of the file (in Markdown, the body after the front matter is the
description). Keys are matched without regard to case or spacing. Problems (missing required keys
from `config/publisher.yaml: narrative.required`, an unknown licence, too many tags...) are values
returned beside the narrative, never exceptions.

Modules: `reader` (decoding, the two syntaxes, the accepted keys), `values` (raw values → dates,
licence, tags, year, contact), `files` (the `Berkas` list against the folder's files), `model`
(`Narrative`, `Contact`, `NarrativeResult`), `messages` (bilingual texts of the `narrative-*`
codes).
"""

from __future__ import annotations

from publisher.narrative import messages as _messages  # registers the problem texts
from publisher.narrative.files import check_files
from publisher.narrative.model import Contact, Narrative, NarrativeResult
from publisher.narrative.reader import KEYS, LIST_KEYS, read
from publisher.narrative.values import EXCEL_EPOCH, MONTHS, parse_contact, parse_date

del _messages

__all__ = [
    "EXCEL_EPOCH",
    "KEYS",
    "LIST_KEYS",
    "MONTHS",
    "Contact",
    "Narrative",
    "NarrativeResult",
    "check_files",
    "parse_contact",
    "parse_date",
    "read",
]
