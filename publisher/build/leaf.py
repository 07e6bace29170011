"""One Jenis Dokumen folder → its data package: narrative, resources, descriptor, files written.

The narrative gives the package's title, description, tags, licence, contact and `x-kpu` facts
(checked against the folder's stage and type); the data files give the resources; the name comes
from `naming.dataset`. Unless the fingerprint shows the folder unchanged, `datapackage.json` and
the `_build/` files are written, each only when its bytes change, and what the build found in the
folder's files goes to `_build/problems.json`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher import narrative as narrative_lib
from publisher.build.files import dump_json, file_hash, remove_stale, write_if_changed
from publisher.build.incremental import (
    DESCRIPTOR_DIGEST,
    PROBLEMS_FILE,
    leaf_fingerprint,
    load_problems,
    problem_record,
    unchanged,
)
from publisher.build.resources import LeafResources
from publisher.build.result import LeafResult
from publisher.config import Config
from publisher.layout import GENERATED_DIR, GENERATED_FILE, Leaf
from publisher.mapping import name_ok
from publisher.mapping import slug as ckan_slug
from publisher.problems import Problem

DATA_FINDINGS = frozenset({"csv-header-mismatch", "personal-data"})
"""Errors in a table's content that `validate` reports as well: the package is still built (its
report then shows each row and field, and blocks it whole when it holds personal data: sync
never uploads any of its files), and the build still exits 1."""


@dataclass
class LeafBuilder:
    """Builds one leaf: fingerprint, narrative, resources, package, writes."""

    root: Path
    leaf: Leaf
    config: Config
    problems: list[Problem] = field(default_factory=list)
    outputs: dict[str, bytes] = field(default_factory=dict)  # _build/<file> → content

    @property
    def folder(self) -> Path:
        return self.root / self.leaf.path

    def shown(self, name: str) -> str:
        return f"{self.leaf.path}/{name}"

    def run(self, base: LeafResult, *, force: bool) -> LeafResult:
        self.problems += self.leaf.problems
        hashes = {name: file_hash(self.folder / name) for name in self._inputs()}
        fingerprint = leaf_fingerprint(self.leaf, self.config, hashes)
        existing = None if force else unchanged(self.folder, fingerprint)
        if existing is not None:
            # the files were not read again: repeat what the build that made them found
            self.problems += load_problems(self.folder / GENERATED_DIR / PROBLEMS_FILE)
            return dataclasses.replace(
                base, outcome="skipped", name=existing, problems=tuple(self.problems)
            )
        package = self._package(hashes, fingerprint)
        if package is None or any(
            p.severity == "error" and p.code not in DATA_FINDINGS for p in self.problems
        ):
            return dataclasses.replace(base, problems=tuple(self.problems))
        self._write(package)
        name = str(package["name"])
        return dataclasses.replace(base, outcome="built", name=name, problems=tuple(self.problems))

    def findings(self) -> tuple[Problem, ...]:
        """What building this folder finds, with nothing written: the report's view of a
        folder that is not built (why it failed: a corrupt workbook, personal data...)."""
        hashes = {name: file_hash(self.folder / name) for name in self._inputs()}
        self._package(hashes, leaf_fingerprint(self.leaf, self.config, hashes))
        return tuple(self.problems)

    def _inputs(self) -> list[str]:
        assert self.leaf.narrative is not None
        return sorted([*self.leaf.files, self.leaf.narrative])

    def _package(
        self, hashes: Mapping[str, tuple[int, str]], fingerprint: str
    ) -> dict[str, Any] | None:
        assert self.leaf.narrative is not None
        shown = self.shown(self.leaf.narrative)
        result = narrative_lib.read(self.folder / self.leaf.narrative, self.config, shown=shown)
        self.problems += result.problems
        if result.narrative is None:
            return None
        self.problems += narrative_lib.check_files(result, self.leaf.files, shown=shown)
        self.problems += self._mismatches(result.narrative, shown)
        described = LeafResources(self.folder, self.leaf, self.config)
        resources = described.describe(hashes)
        self.problems += described.problems
        self.outputs.update(described.outputs)
        return self._descriptor(result.narrative, resources, fingerprint)

    def _level(self) -> str:
        assert self.leaf.jenis is not None
        return self.config.jenis[self.leaf.jenis].level(self.leaf.unit.kode)

    def _mismatches(self, narr: narrative_lib.Narrative, shown: str) -> list[Problem]:
        assert self.leaf.jenis is not None
        checks = [
            ("Kode Tahapan", self.config.resolve_tahapan, self.leaf.tahapan),
            ("Jenis Dokumen", self.config.resolve_jenis, self.leaf.jenis),
            ("Tingkat Penyajian", _fold_level, self._level()),
        ]
        out: list[Problem] = []
        for key, resolve, expected in checks:
            value = narr.get(key)
            if value and resolve(value) != expected:
                out.append(
                    Problem.make(
                        "narrative-mismatch",
                        shown,
                        severity="warning",
                        field=key,
                        key=key,
                        value=value,
                        expected=expected,
                    )
                )
        return out

    # -- package --------------------------------------------------------------------------

    def _descriptor(
        self, narr: narrative_lib.Narrative, resources: list[dict[str, Any]], fingerprint: str
    ) -> dict[str, Any] | None:
        assert self.leaf.jenis is not None and self.leaf.tahapan is not None
        jenis = self.config.jenis[self.leaf.jenis]
        defaults = self.config.defaults
        tahun = narr.tahun or defaults.year
        name = self._name(tahun)
        if name is None:
            return None
        contact = narr.contact or narrative_lib.parse_contact(defaults.contact)
        xkpu = {
            "unit_kerja": self.leaf.unit.folder,
            "kode_wilayah": self.leaf.unit.kode,
            "kode_tahapan": self.leaf.tahapan,
            "jenis_dokumen": self.leaf.jenis,
            "tingkat": jenis.level(self.leaf.unit.kode),
            "tahun": tahun,
            "narrative": narr.file,
            "fingerprint": fingerprint,
            "cakupan_wilayah": narr.get("Cakupan Wilayah"),
            "periode": narr.get("Periode") or str(tahun),
            "sumber": narr.get("Sumber"),
            "frekuensi": narr.get("Frekuensi") or defaults.frequency,
            "tanggal_penetapan": narr.tanggal,
        }
        package: dict[str, Any] = {
            "name": name,
            "title": narr.judul,
            "description": narr.deskripsi,
            "keywords": list(narr.tags),
            "licenses": [_license(narr, defaults.license)],
            "x-kpu": {k: v for k, v in xkpu.items() if v not in ("", None)},
            "resources": resources,
        }
        if contact is not None:
            person = {"title": contact.name or contact.email, "roles": ["contact"]}
            if contact.email:
                person["email"] = contact.email
            package["contributors"] = [person]
        if narr.get("Sumber"):
            package["sources"] = [{"title": narr.get("Sumber")}]
        return package

    def _name(self, tahun: int) -> str | None:
        assert self.leaf.jenis is not None and self.leaf.tahapan is not None
        parts = {
            "kode_wilayah": self.leaf.unit.kode,
            "unit_kerja": self.leaf.unit.folder,
            "kode_tahapan": self.leaf.tahapan,
            "jenis_dokumen": self.leaf.jenis,
            "tahun": str(tahun),
        }
        pattern = self.config.naming.dataset
        name = ckan_slug(pattern.format(**{k: ckan_slug(v) for k, v in parts.items()}))
        if name_ok(name):
            return name
        self.problems.append(Problem.make("build-name", self.leaf.path, name=name))
        return None

    # -- writing --------------------------------------------------------------------------

    def _write(self, package: dict[str, Any]) -> None:
        out_dir = self.folder / GENERATED_DIR
        found = [p for p in self.problems if p not in self.leaf.problems]
        if found:
            self.outputs[PROBLEMS_FILE] = dump_json([problem_record(p) for p in found])
        descriptor = dump_json(package)
        if self.outputs:  # kept beside the other outputs (a folder of PDFs gets no `_build`)
            digest = hashlib.sha256(descriptor).hexdigest()
            self.outputs[DESCRIPTOR_DIGEST] = digest.encode() + b"\n"
        if self.outputs:
            out_dir.mkdir(exist_ok=True)
        for target, content in sorted(self.outputs.items()):
            write_if_changed(out_dir / target, content)
        remove_stale(out_dir, set(self.outputs))
        write_if_changed(self.folder / GENERATED_FILE, descriptor)


def _license(narr: narrative_lib.Narrative, default: str) -> dict[str, str]:
    license_id = narr.license_id or default
    return {"name": license_id, "title": narr.get("Lisensi") or license_id}


def _fold_level(text: str) -> str:
    folded = re.sub(r"\s+", " ", text.strip().lower()).replace(" / ", "/")
    return {"kabupaten": "kabupaten/kota", "kota": "kabupaten/kota", "desa": "desa/kelurahan"}.get(
        folded, folded
    )
