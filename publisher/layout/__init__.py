"""Collection folder tree → `Layout`: what each Unit Kerja / Kode Tahapan / Jenis Dokumen holds.

The folder contract (docs/layout.md): `<root>/<Unit Kerja>/<Kode Tahapan>/<Jenis Dokumen>/` holds
the data files (PDF, XLSX, CSV) and one narrative. A Kab/Kota office may sit inside its province's
folder. Stage and type folders are matched through the config aliases; whatever cannot be placed is
reported, never guessed. The scan reads names and sizes only, never file contents.

Modules: `walker` (the one walk over the tree), `names` (what a file or folder name says: office
code, narrative, recap, leftover, copy), `model` (the walked tree as values: `Layout`, `Unit`,
`Leaf`, `Counts`, statuses), `messages` (bilingual texts of the `layout-*` codes).
"""

from __future__ import annotations

from publisher.layout import messages as _messages  # registers the problem texts
from publisher.layout.model import STATUSES, Counts, Layout, Leaf, Status, Unit
from publisher.layout.names import (
    DATA_SUFFIXES,
    GENERATED_DIR,
    GENERATED_FILE,
    NATIONAL,
    duplicate_groups,
    is_narrative,
    package_folders,
)
from publisher.layout.walker import require_folder, walk

del _messages

__all__ = [
    "DATA_SUFFIXES",
    "GENERATED_DIR",
    "GENERATED_FILE",
    "NATIONAL",
    "STATUSES",
    "Counts",
    "Layout",
    "Leaf",
    "Status",
    "Unit",
    "duplicate_groups",
    "is_narrative",
    "package_folders",
    "require_folder",
    "walk",
]
