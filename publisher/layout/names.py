"""File and folder names → what they stand for: an office code, a narrative, a copy, a leftover.

The folder contract is carried by names alone (the walk never reads a file's contents): a Unit
Kerja folder starts with its region code and `_KPU_` or `_KIP_`; a narrative is `narasi*.txt` or
`narasi*.md`; a province may keep its own recap `REKAP_DIGITALISASI_*.xlsx`; Office lock and
temporary files are leftovers; and "x final (1).xlsx", "Copy of x.xlsx" are copies of one file.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

GENERATED_FILE = "datapackage.json"
GENERATED_DIR = "_build"
NOT_PACKAGES = (GENERATED_DIR, "node_modules")  # and every folder whose name starts with "."
DATA_SUFFIXES = {".pdf": "pdf", ".xlsx": "xlsx", ".csv": "csv"}
NATIONAL = "00"

# "13_KPU_PROV_SUMATERA_BARAT", "1303_KPU_KAB_SIJUNJUNG", "00_KPU_RI", "11_KIP_ACEH"
_UNIT_RE = re.compile(
    r"^(?P<kode>\d{2}|\d{4})[\s_.\-]+(?P<body>KPU|KIP)(?:[\s_.\-]|$)", re.IGNORECASE
)
_NARRATIVE_RE = re.compile(r"^narasi.*\.(txt|md)$", re.IGNORECASE)
_RECAP_RE = re.compile(r"^rekap_digitalisasi_.*\.xlsx$", re.IGNORECASE)
_TEMP_RE = re.compile(r"^(~\$|~|\.~lock\.)|(\.tmp|\.bak|~)$|^(thumbs\.db|desktop\.ini)$", re.I)
_DUP_SUFFIX_RE = re.compile(
    r"(?:[\s_.\-]*\(\d+\)|[\s_.\-]+(?:copy|salinan|kopi|final|fix|baru|new|revisi|rev|perbaikan)"
    r"(?:[\s_.\-]*\d+)?)$",
    re.IGNORECASE,
)
_DUP_PREFIX_RE = re.compile(r"^(?:copy of|salinan dari|salinan)[\s_\-]+", re.IGNORECASE)


def package_folders(root: Path) -> list[Path]:
    """The built package folders under root (root itself when it is one), sorted: those holding
    a `datapackage.json`, outside `_build/` and hidden folders (`.git`, `.venv`, ...). One rule
    for `validate` and `sync`, so that nothing is published that validation did not see."""
    if (root / GENERATED_FILE).is_file():
        return [root]
    return sorted(
        p.parent
        for p in root.rglob(GENERATED_FILE)
        if not any(
            part in NOT_PACKAGES or part.startswith(".")
            for part in p.relative_to(root).parent.parts
        )
    )


def unit_code(name: str) -> str | None:
    """The region code of a Unit Kerja folder name; None when the name carries none."""
    m = _UNIT_RE.match(name)
    return m.group("kode") if m else None


def unit_name(name: str) -> tuple[str, str]:
    """'1303_KPU_KAB_SIJUNJUNG' → ('KPU', 'KAB SIJUNJUNG'); '11_KIP_ACEH' → ('KIP', 'ACEH')."""
    m = _UNIT_RE.match(name)
    if m is None:
        return "", ""
    return m.group("body").upper(), " ".join(re.split(r"[\s_]+", name[m.end() :])).strip()


def closest(text: str, choices: Iterable[str], fold: Callable[[str], str] = str.upper) -> str:
    """The choice nearest to `text` once both are folded ('' when none is near): for "did you
    mean …?" on a stage, a document type, a label."""
    folded: dict[str, str] = {}
    for choice in choices:
        folded.setdefault(fold(choice), choice)
    found = difflib.get_close_matches(fold(text), list(folded), n=1, cutoff=0.6)
    return folded[found[0]] if found else ""


def nests(parent: str, child: str) -> bool:
    """Whether office `child` (kab/kota) belongs inside province `parent`."""
    return len(parent) == 2 and parent != NATIONAL and len(child) == 4 and child[:2] == parent


def is_narrative(name: str) -> bool:
    """NARASI_<JENIS>.txt or narasi.md (any case)."""
    return bool(_NARRATIVE_RE.match(name))


def is_recap(name: str) -> bool:
    """A province's own recap workbook, allowed loose in its folder."""
    return bool(_RECAP_RE.match(name))


def is_temporary(name: str) -> bool:
    """An Office lock file, a backup or an operating system's leftover."""
    return bool(_TEMP_RE.search(name))


def duplicate_groups(names: Iterable[str]) -> list[list[str]]:
    """Names that differ only by 'final', '(1)', 'revisi2', 'Copy of'... (same extension)."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name in names:
        stem, suffix = os.path.splitext(name)
        groups[(_base_name(stem), suffix.lower())].append(name)
    return [sorted(g) for g in groups.values() if len(g) > 1]


def _base_name(stem: str) -> str:
    text = _DUP_PREFIX_RE.sub("", stem.strip())
    while True:
        shorter = _DUP_SUFFIX_RE.sub("", text)
        if shorter == text or not shorter:
            break
        text = shorter
    return re.sub(r"[\s_.\-]+", " ", text).strip().lower()
