"""Collection folder tree → `Layout`, in one walk that reads names and sizes, never contents.

Top-level folders are offices (a kab/kota office may sit inside its own province's folder), then
stages, then document types; stage and type folders are matched through the config aliases and
whatever cannot be placed is reported, never guessed. Problems met in an office or stage folder
are inherited by every leaf under it; two folders for one office, stage and type block each other.
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
from publisher.layout.model import Counts, Layout, Leaf, Unit
from publisher.layout.names import (
    DATA_SUFFIXES,
    GENERATED_DIR,
    GENERATED_FILE,
    NATIONAL,
    closest,
    duplicate_groups,
    is_narrative,
    is_recap,
    is_temporary,
    nests,
    unit_code,
    unit_name,
)
from publisher.problems import Problem, Severity
from publisher.regions import Region, fold_name, level_word


def require_folder(root: str | os.PathLike[str]) -> Path:
    """`root` as a path, or the one InputError every command gives when it is no folder."""
    base = Path(root)
    if not base.is_dir():
        raise InputError(
            f"{base}: folder tidak ditemukan",
            hint="sebutkan folder koleksinya, yang berisi folder Unit Kerja (bawaan:"
            " datapackages); periksa nama foldernya",
            en=f"{base}: folder not found",
            hint_en="give the collection folder, the one holding the Unit Kerja folders"
            " (default: datapackages); check the folder's name",
        )
    return base


def walk(root: str | os.PathLike[str], config: Config) -> Layout:
    """Walk the tree under `root` (names and sizes only); InputError when root is no folder."""
    base = require_folder(root)
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
            elif (kode := unit_code(entry.name)) is None:
                self.add("layout-unit-no-code", entry)
            else:
                self.walk_unit(entry, kode, parent=None)

    def walk_unit(self, folder: Path, kode: str, *, parent: Unit | None) -> None:
        inherited: list[Problem] = []
        if parent is not None and not nests(parent.kode, kode):
            inherited.append(self.misfiled(folder, kode, parent))
        if kode != NATIONAL:
            inherited += self.check_office(folder, kode)
        unit = Unit(kode=kode, path=self.rel(folder))
        recaps: list[str] = []
        for kind, entry in self.entries(folder):
            if kind == "file":
                if len(kode) == 2 and kode != NATIONAL and is_recap(entry.name):
                    recaps.append(entry.name)
                else:
                    self.add("layout-loose-file", entry, "warning")
            elif self.config.resolve_tahapan(entry.name) is None and (
                child := unit_code(entry.name)
            ):
                self.walk_unit(entry, child, parent=unit)
            else:
                self.walk_stage(entry, unit, inherited)
        self.units.append(replace(unit, recaps=tuple(sorted(recaps))))

    def near_stage(self, name: str) -> str:
        spellings = {a: t.code for t in self.config.tahapan.values() for a in (t.code, *t.aliases)}
        found = closest(name, spellings, fold=_fold_code)
        return spellings.get(found, "")

    def near_type(self, name: str) -> str:
        spellings = {a: j.code for j in self.config.jenis.values() for a in (j.code, *j.aliases)}
        found = closest(name, spellings, fold=_fold_code)
        return spellings.get(found, "")

    def misfiled(self, folder: Path, kode: str, parent: Unit) -> Problem:
        """An office inside a folder that is not its province's: both named."""
        regions = self.config.regions
        home = regions.get(kode[:2]) if len(kode) == 4 else None
        there = regions.get(parent.kode)
        return self.add(
            "layout-unit-misfiled",
            folder,
            parent=parent.path,
            parent_name=there.nama if there else parent.kode,
            home=f"{home.kode} {home.nama}" if home else "-",
        )

    def check_office(self, folder: Path, kode: str) -> list[Problem]:
        """The office's code in the reference, and its folder's name against the code's."""
        regions = self.config.regions
        institution, body = unit_name(folder.name)
        region = regions.get(kode)
        if region is None:
            named = regions.nearest(body, level=len(kode)) if body else []
            near = named[:1] or regions.nearest(kode)
            maybe = ", ".join(f"{r.kode} ({r.nama})" for r in near) or "-"
            return [
                self.add("layout-unit-unknown-region", folder, "warning", kode=kode, maybe=maybe)
            ]
        problems = []
        if body and not _same_name(body, region.nama):
            others = regions.named(body, kode[:2] if len(kode) == 4 else "", len(kode))
            maybe = ", ".join(f"{r.kode} ({r.nama})" for r in others if r.kode != kode)
            problems.append(
                self.add(
                    "layout-unit-name",
                    folder,
                    "warning",
                    kode=kode,
                    expected=region.nama,
                    maybe=maybe or f"{kode}_{institution or 'KPU'}_{_folder_words(region)}",
                )
            )
        return problems

    def walk_stage(self, folder: Path, unit: Unit, inherited: list[Problem]) -> None:
        tahapan = self.config.resolve_tahapan(folder.name)
        stage_problems = list(inherited)
        if tahapan is None:
            accepted = ", ".join(self.config.tahapan)
            mid, men = _maybe(self.near_stage(folder.name))
            stage_problems.append(
                self.add(
                    "layout-stage-unknown", folder, accepted=accepted, maybe_id=mid, maybe_en=men
                )
            )
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
            mid, men = _maybe(self.near_type(folder.name))
            problems.append(
                self.add(
                    "layout-type-unknown", folder, accepted=accepted, maybe_id=mid, maybe_en=men
                )
            )
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
        if is_temporary(path.name):
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


def _fold_code(text: str) -> str:
    return re.sub(r"[\s._\-]+", "", text.upper())


def _maybe(suggestion: str) -> tuple[str, str]:
    """The "did you mean" part of a message, in each language ('' when nothing is near)."""
    if not suggestion:
        return "", ""
    return f" Maksud Anda {suggestion}?", f" Did you mean {suggestion}?"


def _same_name(body: str, reference: str) -> bool:
    """An office folder's name against the reference's: case, dots, KAB./KABUPATEN, spaces and
    apostrophes folded; a KAB/KOTA the folder says must be the reference's."""
    said = level_word(body)
    return fold_name(body) == fold_name(reference) and (not said or said == level_word(reference))


def _folder_words(region: Region) -> str:
    """'KAB. BANYUMAS' → 'KAB_BANYUMAS'; a province → 'PROV_JAWA_TENGAH'."""
    words = re.sub(r"[^A-Z0-9 ]", " ", region.nama.upper()).split()
    return "_".join((["PROV"] if len(region.kode) == 2 else []) + words)
