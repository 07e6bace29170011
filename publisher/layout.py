"""Collection folder tree → `Layout`: what each Unit Kerja / Kode Tahapan / Jenis Dokumen holds.

The folder contract (docs/layout.md): `<root>/<Unit Kerja>/<Kode Tahapan>/<Jenis Dokumen>/` holds
the data files (PDF, XLSX, CSV) and one narrative. A Kab/Kota office may sit inside its province's
folder. Stage and type folders are matched through the config aliases; whatever cannot be placed is
reported, never guessed. The scan reads names and sizes only, never file contents.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from publisher.config import Config
from publisher.errors import InputError
from publisher.problems import Problem, Severity, Text, register

GENERATED_FILE = "datapackage.json"
GENERATED_DIR = "_build"
DATA_SUFFIXES = {".pdf": "pdf", ".xlsx": "xlsx", ".csv": "csv"}
NATIONAL = "00"

# "13_KPU_PROV_SUMATERA_BARAT", "1303_KPU_KAB_SIJUNJUNG", "00_KPU_RI", "11_KIP_ACEH"
_UNIT_RE = re.compile(r"^(?P<kode>\d{2}|\d{4})[\s_.\-]+(?:KPU|KIP)(?:[\s_.\-]|$)", re.IGNORECASE)
_NARRATIVE_RE = re.compile(r"^narasi.*\.(txt|md)$", re.IGNORECASE)
_RECAP_RE = re.compile(r"^rekap_digitalisasi_.*\.xlsx$", re.IGNORECASE)
_TEMP_RE = re.compile(r"^(~\$|~|\.~lock\.)|(\.tmp|\.bak|~)$|^(thumbs\.db|desktop\.ini)$", re.I)
_DUP_SUFFIX_RE = re.compile(
    r"(?:[\s_.\-]*\(\d+\)|[\s_.\-]+(?:copy|salinan|kopi|final|fix|baru|new|revisi|rev|perbaikan)"
    r"(?:[\s_.\-]*\d+)?)$",
    re.IGNORECASE,
)
_DUP_PREFIX_RE = re.compile(r"^(?:copy of|salinan dari|salinan)[\s_\-]+", re.IGNORECASE)

Status = Literal["complete", "incomplete", "blocked", "empty"]
STATUSES: tuple[Status, ...] = ("complete", "incomplete", "blocked", "empty")

register(
    {
        "layout-unit-no-code": Text(
            id="Folder {path} bukan folder Unit Kerja (kode wilayah + _KPU_ atau _KIP_ + nama); "
            "isinya tidak diperiksa.",
            en="Folder {path} is not an office folder (region code + _KPU_ or _KIP_ + name); its "
            "contents were not examined.",
            fix_id="Ganti nama folder menjadi kode + nama, mis. 1303_KPU_KAB_SIJUNJUNG "
            "(00_KPU_RI untuk KPU RI).",
            fix_en="Rename the folder to code + name, e.g. 1303_KPU_KAB_SIJUNJUNG (00_KPU_RI for "
            "KPU RI).",
        ),
        "layout-unit-misfiled": Text(
            id="Unit Kerja {path} berada di dalam folder {parent}, bukan folder provinsinya.",
            en="Office folder {path} sits inside {parent}, which is not its province's folder.",
            fix_id="Pindahkan folder ke tingkat teratas atau ke dalam folder provinsinya.",
            fix_en="Move the folder to the top level or into its own province's folder.",
        ),
        "layout-unit-unknown-region": Text(
            id="Kode {kode} pada folder {path} tidak ada dalam daftar kode wilayah.",
            en="Code {kode} of folder {path} is not in the region-code list.",
            fix_id="Periksa kode wilayah (Permendagri 137/2017) atau tambahkan ke "
            "config/wilayah/wilayah-2017.csv.",
            fix_en="Check the region code (Permendagri 137/2017) or add it to "
            "config/wilayah/wilayah-2017.csv.",
        ),
        "layout-stage-alias": Text(
            id="Folder tahapan {path} dibaca sebagai {to}.",
            en="Stage folder {path} was read as {to}.",
            fix_id="Ganti nama folder menjadi {to}.",
            fix_en="Rename the folder to {to}.",
        ),
        "layout-stage-unknown": Text(
            id="Folder {path} bukan Kode Tahapan yang dikenal; isinya tidak dapat ditempatkan.",
            en="Folder {path} is not a known stage code; its contents cannot be placed.",
            fix_id="Ganti nama folder dengan salah satu Kode Tahapan ({accepted}), atau tambahkan "
            "ejaan ini sebagai alias di config/tahapan.yaml.",
            fix_en="Rename the folder to one of the stage codes ({accepted}), or add this spelling "
            "as an alias in config/tahapan.yaml.",
        ),
        "layout-type-alias": Text(
            id="Folder jenis dokumen {path} dibaca sebagai {to}.",
            en="Document-type folder {path} was read as {to}.",
            fix_id="Ganti nama folder menjadi {to}.",
            fix_en="Rename the folder to {to}.",
        ),
        "layout-type-unknown": Text(
            id="Folder {path} bukan Jenis Dokumen yang dikenal.",
            en="Folder {path} is not a known document type.",
            fix_id="Ganti nama folder dengan salah satu kode jenis dokumen ({accepted}), atau "
            "tambahkan ejaan ini sebagai alias di config/jenis-dokumen.yaml.",
            fix_en="Rename the folder to one of the document-type codes ({accepted}), or add this "
            "spelling as an alias in config/jenis-dokumen.yaml.",
        ),
        "layout-type-misfiled": Text(
            id="Jenis dokumen {jenis} tidak termasuk tahapan {tahapan} ({path}).",
            en="Document type {jenis} does not belong to stage {tahapan} ({path}).",
            fix_id="Pindahkan folder ke tahapan {expected}.",
            fix_en="Move the folder to stage {expected}.",
        ),
        "layout-duplicate-folder": Text(
            id="Folder {path} dan {others} berisi Unit Kerja, tahapan dan jenis dokumen yang sama.",
            en="Folders {path} and {others} hold the same office, stage and document type.",
            fix_id="Gabungkan isinya dalam satu folder dan hapus yang lain.",
            fix_en="Merge their contents into one folder and remove the others.",
        ),
        "layout-loose-file": Text(
            id="Berkas {path} tidak berada di dalam folder Jenis Dokumen; tidak diterbitkan.",
            en="File {path} is not inside a document-type folder; it will not be published.",
            fix_id="Pindahkan ke folder Unit Kerja/Kode Tahapan/Jenis Dokumen yang sesuai, atau "
            "hapus.",
            fix_en="Move it into the right office/stage/document-type folder, or delete it.",
        ),
        "layout-no-narrative": Text(
            id="Folder {path} tidak memiliki narasi.",
            en="Folder {path} has no narrative.",
            fix_id="Tambahkan NARASI_<JENIS>.txt atau narasi.md (lihat docs/layout.md).",
            fix_en="Add NARASI_<TYPE>.txt or narasi.md (see docs/layout.md).",
        ),
        "layout-several-narratives": Text(
            id="Folder {path} memiliki lebih dari satu narasi: {files}.",
            en="Folder {path} has more than one narrative: {files}.",
            fix_id="Simpan satu narasi saja per folder.",
            fix_en="Keep a single narrative per folder.",
        ),
        "layout-no-table": Text(
            id="Folder {path} hanya berisi PDF, tanpa tabel XLSX atau CSV (bukan data siap olah).",
            en="Folder {path} holds only PDFs, no XLSX or CSV table (not ready-to-use data).",
            fix_id="Tambahkan tabel XLSX atau CSV dari dokumen ini.",
            fix_en="Add an XLSX or CSV table of these documents.",
        ),
        "layout-no-data": Text(
            id="Folder {path} tidak berisi PDF, XLSX atau CSV yang dapat diterbitkan.",
            en="Folder {path} holds no PDF, XLSX or CSV file that can be published.",
            fix_id="Tambahkan dokumen PDF dan tabel XLSX atau CSV-nya.",
            fix_en="Add the PDF documents and their XLSX or CSV tables.",
        ),
        "layout-empty-folder": Text(
            id="Folder {path} kosong.",
            en="Folder {path} is empty.",
            fix_id="Isi folder dengan berkas dan narasinya, atau hapus.",
            fix_en="Fill the folder with its files and narrative, or remove it.",
        ),
        "layout-duplicate-file": Text(
            id="Berkas {files} tampaknya salinan dari berkas yang sama.",
            en="Files {files} look like copies of the same file.",
            fix_id="Simpan hanya versi akhir dengan nama tanpa 'final', '(1)', 'revisi' atau "
            "'copy'; hapus yang lain.",
            fix_en="Keep only the final version, named without 'final', '(1)', 'revisi' or "
            "'copy'; delete the others.",
        ),
        "layout-legacy-xls": Text(
            id="Berkas {path} berformat .xls lama; tidak dibaca dan tidak diterbitkan.",
            en="File {path} is a legacy .xls; it is not read nor published.",
            fix_id="Buka di Excel/LibreOffice dan simpan sebagai .xlsx.",
            fix_en="Open it in Excel/LibreOffice and save it as .xlsx.",
        ),
        "layout-unsupported-file": Text(
            id="Berkas {path} bukan PDF, XLSX, CSV atau narasi; tidak diterbitkan.",
            en="File {path} is not a PDF, XLSX, CSV or narrative; it will not be published.",
            fix_id="Ubah ke PDF, XLSX atau CSV, atau pindahkan dari folder ini.",
            fix_en="Convert it to PDF, XLSX or CSV, or move it out of this folder.",
        ),
        "layout-empty-file": Text(
            id="Berkas {path} kosong (0 bita).",
            en="File {path} is empty (0 bytes).",
            fix_id="Salin ulang berkas yang benar, atau hapus.",
            fix_en="Copy the real file again, or delete it.",
        ),
        "layout-hidden-file": Text(
            id="Berkas tersembunyi atau sementara {path} diabaikan.",
            en="Hidden or temporary file {path} was ignored.",
            fix_id="Hapus berkas ini (biasanya sisa Excel atau sistem operasi).",
            fix_en="Delete it (usually left over by Excel or the operating system).",
        ),
        "layout-symlink-outside": Text(
            id="Tautan {path} menunjuk ke luar koleksi ({target}); diabaikan.",
            en="Link {path} points outside the collection ({target}); it was ignored.",
            fix_id="Salin berkasnya ke dalam folder ini sebagai ganti tautan.",
            fix_en="Copy the file itself into this folder instead of linking to it.",
        ),
        "layout-unreadable": Text(
            id="{path} tidak dapat dibaca: {reason}.",
            en="{path} cannot be read: {reason}.",
            fix_id="Periksa izin berkas dan tautannya.",
            fix_en="Check the file's permissions and links.",
        ),
        "layout-symlink-folder": Text(
            id="Tautan ke folder {path} diabaikan (folder aslinya diperiksa di tempatnya).",
            en="Link to a folder {path} was ignored (the folder itself is scanned where it is).",
            fix_id="Hapus tautan ini, atau pindahkan folder aslinya ke sini.",
            fix_en="Remove the link, or move the folder itself here.",
        ),
        "layout-nested-folder": Text(
            id="Subfolder {path} di dalam folder Jenis Dokumen diabaikan.",
            en="Sub-folder {path} inside a document-type folder was ignored.",
            fix_id="Pindahkan berkasnya langsung ke folder Jenis Dokumen.",
            fix_en="Move its files directly into the document-type folder.",
        ),
    }
)


@dataclass(frozen=True)
class Counts:
    """How many files of each kind; `other` counts legacy and unsupported files."""

    pdf: int = 0
    xlsx: int = 0
    csv: int = 0
    narrative: int = 0
    other: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.pdf + other.pdf,
            self.xlsx + other.xlsx,
            self.csv + other.csv,
            self.narrative + other.narrative,
            self.other + other.other,
        )

    @property
    def total(self) -> int:
        return self.pdf + self.xlsx + self.csv + self.narrative + self.other

    def to_dict(self) -> dict[str, int]:
        return {
            "pdf": self.pdf,
            "xlsx": self.xlsx,
            "csv": self.csv,
            "narrative": self.narrative,
            "other": self.other,
        }


@dataclass(frozen=True)
class Unit:
    """A Unit Kerja folder: `kode` is its region code ("00" for KPU RI), `path` relative."""

    kode: str
    path: str
    recaps: tuple[str, ...] = ()

    @property
    def provinsi(self) -> str:
        return self.kode[:2]

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Leaf:
    """A Jenis Dokumen folder: its codes (None when the folder could not be placed) and files."""

    path: str
    unit: Unit
    tahapan: str | None
    jenis: str | None
    files: tuple[str, ...]
    narrative: str | None
    counts: Counts
    problems: tuple[Problem, ...]

    @property
    def stage_path(self) -> str:
        return self.path.rsplit("/", 1)[0]

    @property
    def status(self) -> Status:
        """blocked: cannot be built; incomplete: built with warnings; empty: nothing in it."""
        severities = {p.severity for p in self.problems}
        if self.counts.total == 0 and "error" not in severities:
            return "empty"
        if "error" in severities:
            return "blocked"
        return "incomplete" if "warning" in severities else "complete"

    @property
    def reasons(self) -> tuple[str, ...]:
        """Codes of the warnings and errors that keep this folder from being complete."""
        return tuple(sorted({p.code for p in self.problems if p.severity != "info"}))


@dataclass(frozen=True)
class Layout:
    """A walked tree. `problems` holds every problem once (leaf problems too), sorted by path."""

    root: Path
    units: tuple[Unit, ...]
    leaves: tuple[Leaf, ...]
    problems: tuple[Problem, ...]

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def outside_leaves(self) -> tuple[Problem, ...]:
        """Problems that belong to no leaf (loose files, unplaceable folders)."""
        inside = {p for leaf in self.leaves for p in leaf.problems}
        return tuple(p for p in self.problems if p not in inside)


def walk(root: str | os.PathLike[str], config: Config) -> Layout:
    """Walk the tree under `root` (names and sizes only); InputError when root is no folder."""
    base = Path(root)
    if not base.is_dir():
        raise InputError(
            f"{base}: no such folder",
            hint="give the collection folder (default: datapackages)",
        )
    walker = _Walker(base, config)
    walker.walk_root()
    marked = _mark_duplicate_leaves(walker.leaves)
    problems = _unique({p for leaf in marked for p in leaf.problems} | set(walker.problems))
    return Layout(
        root=base,
        units=tuple(sorted(walker.units, key=lambda u: u.path)),
        leaves=tuple(sorted(marked, key=lambda leaf: leaf.path)),
        problems=problems,
    )


def is_narrative(name: str) -> bool:
    """NARASI_<JENIS>.txt or narasi.md (any case)."""
    return bool(_NARRATIVE_RE.match(name))


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


@dataclass
class _Walker:
    """Walks the tree once, collecting units, leaves and the problems met on the way."""

    root: Path
    config: Config
    units: list[Unit] = field(default_factory=list)
    leaves: list[Leaf] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def add(self, code: str, path: Path, severity: Severity = "error", **params: object) -> Problem:
        problem = Problem(
            code,
            self.rel(path),
            severity,
            params=tuple(sorted((k, str(v)) for k, v in params.items())),
        )
        self.problems.append(problem)
        return problem

    def walk_root(self) -> None:
        for kind, entry in self.entries(self.root):
            if kind == "file":
                self.add("layout-loose-file", entry, "warning")
            elif (kode := _unit_code(entry.name)) is None:
                self.add("layout-unit-no-code", entry)
            else:
                self.walk_unit(entry, kode, parent=None)

    def walk_unit(self, folder: Path, kode: str, *, parent: Unit | None) -> None:
        inherited: list[Problem] = []
        if parent is not None and not _nests(parent.kode, kode):
            inherited.append(self.add("layout-unit-misfiled", folder, parent=parent.path))
        if kode != NATIONAL and kode not in self.config.regions:
            inherited.append(self.add("layout-unit-unknown-region", folder, "warning", kode=kode))
        unit = Unit(kode=kode, path=self.rel(folder))
        recaps: list[str] = []
        for kind, entry in self.entries(folder):
            if kind == "file":
                if len(kode) == 2 and kode != NATIONAL and _RECAP_RE.match(entry.name):
                    recaps.append(entry.name)
                else:
                    self.add("layout-loose-file", entry, "warning")
            elif self.config.resolve_tahapan(entry.name) is None and (
                child := _unit_code(entry.name)
            ):
                self.walk_unit(entry, child, parent=unit)
            else:
                self.walk_stage(entry, unit, inherited)
        self.units.append(replace(unit, recaps=tuple(sorted(recaps))))

    def walk_stage(self, folder: Path, unit: Unit, inherited: list[Problem]) -> None:
        tahapan = self.config.resolve_tahapan(folder.name)
        stage_problems = list(inherited)
        if tahapan is None:
            accepted = ", ".join(self.config.tahapan)
            stage_problems.append(self.add("layout-stage-unknown", folder, accepted=accepted))
        elif tahapan != folder.name:
            self.add("layout-stage-alias", folder, "info", to=tahapan)
        for kind, entry in self.entries(folder):
            if kind == "file":
                self.add("layout-loose-file", entry, "warning")
            else:
                self.walk_type(entry, unit, tahapan, stage_problems)

    def walk_type(
        self, folder: Path, unit: Unit, tahapan: str | None, inherited: list[Problem]
    ) -> None:
        problems = list(inherited)
        jenis = self.config.resolve_jenis(folder.name)
        if jenis is None:
            accepted = ", ".join(self.config.jenis)
            problems.append(self.add("layout-type-unknown", folder, accepted=accepted))
        else:
            if jenis != folder.name:
                problems.append(self.add("layout-type-alias", folder, "info", to=jenis))
            allowed = self.config.jenis[jenis].tahapan
            if tahapan is not None and tahapan not in allowed:
                problems.append(
                    self.add(
                        "layout-type-misfiled",
                        folder,
                        jenis=jenis,
                        tahapan=tahapan,
                        expected=", ".join(allowed),
                    )
                )
        self.leaves.append(self.leaf(folder, unit, tahapan, jenis, problems))

    def leaf(
        self,
        folder: Path,
        unit: Unit,
        tahapan: str | None,
        jenis: str | None,
        problems: list[Problem],
    ) -> Leaf:
        start = len(self.problems)
        files, narratives, other = self.leaf_files(folder)
        counts = Counter(DATA_SUFFIXES[Path(f).suffix.lower()] for f in files)
        for group in duplicate_groups(files):
            self.add("layout-duplicate-file", folder / group[0], files=", ".join(group))
        if len(narratives) > 1:
            self.add("layout-several-narratives", folder, files=", ".join(narratives))
        if not files and not narratives and not other and len(self.problems) == start:
            self.add("layout-empty-folder", folder, "warning")
        elif files or narratives or other:
            if not narratives:
                self.add("layout-no-narrative", folder)
            if not files:
                self.add("layout-no-data", folder)
            elif not counts["xlsx"] and not counts["csv"]:
                # decisions and minutes (no Table Schema in config) are documents by nature
                tabular = jenis is None or self.config.jenis[jenis].schema is not None
                self.add("layout-no-table", folder, "warning" if tabular else "info")
        return Leaf(
            path=self.rel(folder),
            unit=unit,
            tahapan=tahapan,
            jenis=jenis,
            files=tuple(files),
            narrative=narratives[0] if len(narratives) == 1 else None,
            counts=Counts(
                pdf=counts["pdf"],
                xlsx=counts["xlsx"],
                csv=counts["csv"],
                narrative=len(narratives),
                other=other,
            ),
            problems=(*problems, *self.problems[start:]),
        )

    def leaf_files(self, folder: Path) -> tuple[list[str], list[str], int]:
        """(data files, narratives, count of other files) of a leaf; reports what it skips."""
        files: list[str] = []
        narratives: list[str] = []
        other = 0
        for kind, entry in self.entries(folder):
            name, suffix = entry.name, entry.suffix.lower()
            if kind == "dir":
                if name != GENERATED_DIR:
                    self.add("layout-nested-folder", entry, "warning")
            elif name == GENERATED_FILE:
                continue
            elif _size(entry) == 0:
                self.add("layout-empty-file", entry)
            elif is_narrative(name):
                narratives.append(name)
            elif suffix in DATA_SUFFIXES:
                files.append(name)
            else:
                other += 1
                code = "layout-legacy-xls" if suffix == ".xls" else "layout-unsupported-file"
                self.add(code, entry, "warning")
        return files, narratives, other

    def entries(self, folder: Path) -> Iterator[tuple[Literal["file", "dir"], Path]]:
        """Children of `folder`, sorted; hidden files, bad links and unreadables are reported."""
        try:
            children = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            self.add("layout-unreadable", folder, reason=exc.strerror or type(exc).__name__)
            return
        for child in children:
            kind = self.classify(child)
            if kind is not None:
                yield kind, child

    def classify(self, path: Path) -> Literal["file", "dir"] | None:
        if path.name.startswith("."):
            return None  # dotfiles (.git, .DS_Store) are never part of the collection
        if _TEMP_RE.search(path.name):
            self.add("layout-hidden-file", path, "warning")
            return None
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(self.root.resolve()):
                self.add("layout-symlink-outside", path, target=str(target))
                return None
            if not target.exists():
                self.add("layout-unreadable", path, reason="broken link")
                return None
            if target.is_dir():
                # a link to a folder inside the tree would list its files twice
                self.add("layout-symlink-folder", path, "warning")
                return None
        if path.is_dir():
            return "dir"
        return "file" if path.is_file() else None


def _unit_code(name: str) -> str | None:
    m = _UNIT_RE.match(name)
    return m.group("kode") if m else None


def _nests(parent: str, child: str) -> bool:
    return len(parent) == 2 and parent != NATIONAL and len(child) == 4 and child[:2] == parent


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _unique(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(set(problems), key=lambda p: (p.path, p.code, p.params)))


def _mark_duplicate_leaves(leaves: list[Leaf]) -> list[Leaf]:
    """Two folders for the same office, stage and type: both are blocked (never pick one)."""
    by_key: dict[tuple[str, str, str], list[Leaf]] = defaultdict(list)
    for leaf in leaves:
        if leaf.tahapan and leaf.jenis:
            by_key[(leaf.unit.kode, leaf.tahapan, leaf.jenis)].append(leaf)
    out: list[Leaf] = []
    for leaf in leaves:
        key = (leaf.unit.kode, leaf.tahapan or "", leaf.jenis or "")
        same = [other.path for other in by_key.get(key, []) if other is not leaf]
        if same:
            extra = Problem.make("layout-duplicate-folder", leaf.path, others=", ".join(same))
            leaf = replace(leaf, problems=(*leaf.problems, extra))
        out.append(leaf)
    return out
