"""The region reference CSV (+ its manifest) → `Regions`: code → `Region`, indexed lazily.

The shipped reference is the whole country (91,185 rows, Permendagri 137/2017) and is read by
nearly every command, so loading it must cost little: the file is read once, each line is keyed
by its code (the first column) and parsed into a `Region` only when asked for. Loading checks
what can be checked cheaply: every code is a region code, and — when the manifest beside the CSV
exists (`wilayah-2017.json`, written by `tools/extract_wilayah.py`) — the sha256 and the number
of rows per level, so a truncated or edited file is refused (a `ConfigError`, exit 2) instead of
being used. `docs/benchmarks.md` has the load time.

Lookups fold what stewards write: `fold_name` for names (KAB./KABUPATEN, KOTA, case, spaces,
apostrophes); `nearest` gives the closest codes or names for "did you mean …?", looking among
the siblings of a code first (an index by parent, made on first use).
"""

from __future__ import annotations

import csv
import difflib
import gc
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from publisher.errors import ConfigError

REGION_COLUMNS = ("kode", "kode_dotted", "nama", "tingkat", "kode_induk", "kode_kpu_2019")
PARENT_LENGTH = {2: 0, 4: 2, 6: 4, 10: 6}
_IS_CODE = re.compile(r"\d{2}|\d{4}|\d{6}|\d{10}").fullmatch


class Region(NamedTuple):
    """One row of the region reference."""

    kode: str
    kode_dotted: str
    nama: str
    tingkat: str
    kode_induk: str
    kode_kpu_2019: str


class Regions(Mapping[str, Region]):
    """Code → Region over the reference's lines; a line is parsed the first time it is read."""

    def __init__(self, lines: dict[str, str], columns: tuple[int, ...], source: str) -> None:
        self._lines = lines
        self._columns = columns
        self._parsed: dict[str, Region] = {}
        self._children: dict[str, list[str]] | None = None
        self.source = source

    def __getitem__(self, kode: str) -> Region:
        found = self._parsed.get(kode)
        if found is None:
            row = next(csv.reader([self._lines[kode]]))
            row += [""] * (max(self._columns) + 1 - len(row))
            found = Region(*(row[i].strip() for i in self._columns))
            self._parsed[kode] = found
        return found

    def __contains__(self, kode: object) -> bool:
        return kode in self._lines

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)

    def children(self, kode: str) -> list[Region]:
        """The regions one level below `kode` ('' for the provinces), in code order."""
        if self._children is None:
            index: dict[str, list[str]] = {}
            for k in self._lines:
                index.setdefault(k[: PARENT_LENGTH.get(len(k), 0)], []).append(k)
            self._children = index
        return [self[k] for k in self._children.get(kode, [])]

    def nearest(self, text: str, *, level: int | None = None, n: int = 3) -> list[Region]:
        """The regions whose code or name is closest to `text` (for "did you mean …?"): a code
        among its siblings first, then among all codes of its length; a name among `level`."""
        digits = re.sub(r"\D", "", text)
        if digits and len(digits) in PARENT_LENGTH and len(digits) >= len(text.strip()) - 3:
            siblings = [r.kode for r in self.children(digits[: PARENT_LENGTH[len(digits)]])]
            for pool in (siblings, [k for k in self._lines if len(k) == len(digits)]):
                picked = difflib.get_close_matches(digits, pool, n=n, cutoff=0.5)
                if picked:
                    return [self[k] for k in picked]
            return []
        codes = [k for k in self._lines if level is None or len(k) == level]
        names: dict[str, str] = {}
        for k in codes:
            names.setdefault(fold_name(self[k].nama), k)
        picked = difflib.get_close_matches(fold_name(text), list(names), n=n, cutoff=0.6)
        return [self[names[p]] for p in picked]

    def named(self, name: str, parent: str, length: int) -> list[Region]:
        """The regions of that length under `parent` whose folded name is `name`'s."""
        if PARENT_LENGTH.get(length) == len(parent):  # the direct parent: the index answers
            pool = self.children(parent)
        else:
            pool = [self[k] for k in self._lines if len(k) == length and k.startswith(parent)]
        want = fold_name(name)
        return [r for r in pool if fold_name(r.nama) == want]


_PREFIX = re.compile(
    r"^(PROVINSI|PROV|KABUPATEN ADMINISTRASI|KABUPATEN|KAB|KOTA ADMINISTRASI|KOTA ADM|KOTAMADYA|"
    r"KOTA|KECAMATAN|KEC|DESA|KELURAHAN|KEL|NAGARI|GAMPONG)\b\s*"
)
_LEVEL = re.compile(
    r"^(KABUPATEN ADMINISTRASI|KABUPATEN|KAB)\b|^(KOTA ADMINISTRASI|KOTA ADM|KOTAMADYA|KOTA)\b"
)


_SHORT = (("DAERAH ISTIMEWA ", "DI "), ("DAERAH KHUSUS IBUKOTA ", "DKI "))


def fold_name(text: str) -> str:
    """'Kab.  Sijunjung', 'KABUPATEN SIJUNJUNG' → 'SIJUNJUNG': case, punctuation (apostrophes
    dropped: Ba'u = Bau), spacing, underscores and level prefixes folded. The one rule for
    region names, in tables and in office folder names."""
    folded = re.sub(r"['`’‘´]", "", text.upper())
    folded = " ".join(re.sub(r"[.,\-()/_]", " ", folded).split())
    for long, short in _SHORT:
        folded = folded.replace(long, short)
    return _PREFIX.sub("", folded).strip()


def level_word(text: str) -> str:
    """'KAB' or 'KOTA' when a name starts with one (in any spelling), else ''."""
    folded = " ".join(re.sub(r"[.,\-()/_]", " ", text.upper()).split())
    m = _LEVEL.match(folded)
    return "" if m is None else ("KAB" if m.group(1) else "KOTA")


def load_regions(path: Path, shown: str | None = None) -> Regions:
    """Read and check the reference; errors name the file as `shown` (default: the path)."""
    shown = shown or str(path)
    data = _read_reference(path, shown)
    _check_manifest(path, data, shown)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(shown, "", f"bukan UTF-8 ({exc})", en=f"not UTF-8 ({exc})") from None
    first, _, body = text.partition("\n")
    columns = _columns(first, shown)
    rows = body.replace("\r\n", "\n").split("\n")
    with _gc_paused():  # nothing made here is garbage; collections would rescan the heap
        if columns[0] == 0 and '\n"' not in body and not body.startswith('"'):
            lines = {line.partition(",")[0]: line for line in rows if line}  # the fast path
        else:
            lines = {next(csv.reader([line]))[columns[0]]: line for line in rows if line.strip()}
    _check_codes(lines, rows, shown)
    return Regions(lines, columns, shown)


def _read_reference(path: Path, shown: str) -> bytes:
    """The reference file's bytes; a missing file is a ConfigError naming it as `shown`."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            shown,
            "",
            "berkas referensi wilayah tidak ditemukan",
            hint="pulihkan berkasnya (lihat config/wilayah/README.md)",
            en="region reference file not found",
            hint_en="restore it (see config/wilayah/README.md)",
        ) from None


def _columns(first: str, shown: str) -> tuple[int, ...]:
    """Where each of `REGION_COLUMNS` is in the header line; one missing is a ConfigError."""
    header = [h.strip() for h in next(csv.reader([first]), [])]
    missing = set(REGION_COLUMNS) - set(header)
    if missing:
        raise ConfigError(
            shown,
            "",
            f"kolom tidak ada: {', '.join(sorted(missing))}",
            hint="pulihkan berkasnya (lihat config/wilayah/README.md)",
            en=f"missing columns: {', '.join(sorted(missing))}",
            hint_en="restore it (see config/wilayah/README.md)",
        )
    return tuple(header.index(c) for c in REGION_COLUMNS)


def _check_codes(lines: Mapping[str, str], rows: list[str], shown: str) -> None:
    """Every key is a region code and none appeared twice, else a ConfigError naming the line."""
    bad = [k for k in lines if not _IS_CODE(k)]
    if bad or len(lines) != sum(1 for line in rows if line.strip()):
        number = _line_of(rows, bad[0]) if bad else 0
        what = f"bukan kode wilayah: {bad[0]!r}" if bad else "ada kode yang muncul dua kali"
        what_en = f"not a region code: {bad[0]!r}" if bad else "a code appears twice"
        raise ConfigError(
            shown,
            f"line {number}: kode" if number else "kode",
            what,
            hint="perbaiki baris itu, atau pulihkan berkasnya (lihat config/wilayah/README.md)",
            en=what_en,
            hint_en="correct that line, or restore the file (see config/wilayah/README.md)",
        )


def _line_of(rows: list[str], kode: str) -> int:
    return next((n for n, line in enumerate(rows, start=2) if line.startswith(kode)), 0)


@contextmanager
def _gc_paused() -> Iterator[None]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _check_manifest(path: Path, data: bytes, shown: str) -> None:
    manifest = path.with_suffix(".json")
    if not manifest.is_file():
        return
    try:
        expected = json.loads(manifest.read_text(encoding="utf-8"))
        rows, digest = int(expected["rows"]), str(expected["sha256"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(
            str(manifest),
            "",
            f"manifest tidak dapat dibaca ({exc})",
            hint="pulihkan berkasnya, atau buat ulang dengan tools/extract_wilayah.py",
            en=f"the manifest cannot be read ({exc})",
            hint_en="restore it, or make it again with tools/extract_wilayah.py",
        ) from None
    if hashlib.sha256(data).hexdigest() == digest:
        return
    found = max(0, data.count(b"\n") - 1 + (0 if data.endswith(b"\n") else 1))
    raise ConfigError(
        shown,
        "",
        f"berkas referensi wilayah terpotong atau berubah: {found} baris, seharusnya {rows}"
        f" (sha256 tidak cocok dengan {manifest.name})",
        hint="pulihkan berkas aslinya, atau buat ulang dengan tools/extract_wilayah.py",
        en=f"the region reference is truncated or changed: {found} rows, expected {rows}"
        f" (sha256 differs from {manifest.name})",
        hint_en="restore the original, or regenerate it with tools/extract_wilayah.py",
    )
