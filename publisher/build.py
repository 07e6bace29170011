"""Walked tree → one Frictionless data package per Jenis Dokumen folder, written in place.

Each leaf gets `datapackage.json` beside its files and, for each XLSX table, a clean UTF-8 CSV in
`_build/`. Output is deterministic (sorted keys, stable resource order, trailing newline). A leaf
whose inputs and relevant config are unchanged (same fingerprint in `x-kpu.fingerprint`, `_build`
files intact) is skipped. A problem in one folder never stops the others: it is recorded in the
`BuildResult`, and the folder counts as failed when a problem is an error.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from publisher import narrative as narrative_lib
from publisher.config import Config
from publisher.layout import GENERATED_DIR, GENERATED_FILE, Layout, Leaf, walk
from publisher.mapping import name_ok
from publisher.mapping import slug as ckan_slug
from publisher.problems import Lang, Problem, Text, register
from publisher.tables import inspect_csv, normalised_csv, slug
from publisher.xlsx import Table, read_xlsx

BUILD_FORMAT = 3  # bump when the same input gives a different output (forces a rebuild)
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
Outcome = Literal["built", "skipped", "failed"]
# What the build found in a folder's files, kept so that a skipped folder still reports it.
PROBLEMS_FILE = "problems.json"

register(
    {
        "build-name": Text(
            id="Nama paket '{name}' dari pola config/publisher.yaml: naming.dataset tidak dapat "
            "dipakai (harus 2–100 karakter a-z 0-9 - _).",
            en="Package name '{name}' from the pattern config/publisher.yaml: naming.dataset "
            "cannot be used (2–100 characters of a-z 0-9 - _).",
            fix_id="Ubah pola naming.dataset agar menghasilkan nama yang lebih pendek.",
            fix_en="Change the naming.dataset pattern so that it gives a shorter name.",
        ),
        "build-not-placed": Text(
            id="Folder {path} tidak dibangun karena masalah di atas.",
            en="Folder {path} was not built because of the problems above.",
            fix_id="Perbaiki masalah bertanda error, lalu jalankan `publisher build` lagi.",
            fix_en="Fix the problems marked error, then run `publisher build` again.",
        ),
        "build-not-pdf": Text(
            id="Berkas {path} tidak tampak seperti PDF (tidak diawali %PDF).",
            en="File {path} does not look like a PDF (it does not start with %PDF).",
            fix_id="Ekspor ulang dokumen sebagai PDF dari aplikasi pemindai atau pengolah kata.",
            fix_en="Export the document again as PDF from the scanner or word-processor.",
        ),
        "build-internal": Text(
            id="Folder {path} tidak dapat dibangun karena kesalahan program: {reason}.",
            en="Folder {path} could not be built because of a program error: {reason}.",
            fix_id="Jalankan `publisher --debug build` dan laporkan keluarannya ke tim data.",
            fix_en="Run `publisher --debug build` and report its output to the data team.",
        ),
        "build-io": Text(
            id="Tidak dapat membaca atau menulis {path}: {reason}.",
            en="Cannot read or write {path}: {reason}.",
            fix_id="Periksa izin folder dan ruang disk, lalu jalankan lagi.",
            fix_en="Check the folder's permissions and the free disk space, then run again.",
        ),
    }
)


@dataclass(frozen=True)
class LeafResult:
    """What happened to one Jenis Dokumen folder."""

    path: str
    unit: str
    tahapan: str | None
    jenis: str | None
    outcome: Outcome
    name: str | None = None
    problems: tuple[Problem, ...] = ()

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "path": self.path,
            "unit_kerja": self.unit,
            "kode_tahapan": self.tahapan,
            "jenis_dokumen": self.jenis,
            "outcome": self.outcome,
            "name": self.name,
            "problems": [p.to_dict(lang) for p in self.problems],
        }


@dataclass(frozen=True)
class BuildResult:
    """Every leaf's outcome, and the problems that belong to no leaf (loose files...)."""

    root: Path
    leaves: tuple[LeafResult, ...]
    problems: tuple[Problem, ...] = ()

    def count(self, outcome: Outcome) -> int:
        return sum(1 for leaf in self.leaves if leaf.outcome == outcome)

    @property
    def exit_code(self) -> int:
        return 1 if self.count("failed") else 0

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "root": str(self.root),
            "summary": {o: self.count(o) for o in ("built", "skipped", "failed")},
            "leaves": [leaf.to_dict(lang) for leaf in self.leaves],
            "problems": [p.to_dict(lang) for p in self.problems],
        }


def build_tree(
    root: str | os.PathLike[str], config: Config, *, force: bool = False, debug: bool = False
) -> BuildResult:
    """Build every leaf under root; InputError only when root is not a folder.

    With `debug`, an unexpected error in a folder propagates (for its traceback) instead of being
    recorded as that folder's problem.
    """
    layout = walk(root, config)
    # office by office (a province before the offices inside it), as `scan` lists them
    leaves = sorted(layout.leaves, key=lambda leaf: (leaf.unit.path, leaf.path))
    results = tuple(build_leaf(layout, leaf, config, force=force, debug=debug) for leaf in leaves)
    return BuildResult(root=layout.root, leaves=results, problems=layout.outside_leaves())


def build_leaf(
    layout: Layout, leaf: Leaf, config: Config, *, force: bool = False, debug: bool = False
) -> LeafResult:
    """One leaf → built, skipped (unchanged) or failed; never raises for bad data or I/O."""
    base = LeafResult(leaf.path, leaf.unit.folder, leaf.tahapan, leaf.jenis, "failed")
    blocking = [p for p in leaf.problems if p.severity == "error"]
    if blocking or leaf.tahapan is None or leaf.jenis is None or leaf.narrative is None:
        stop = Problem.make("build-not-placed", leaf.path)
        return dataclasses.replace(base, problems=(*leaf.problems, stop))
    try:
        return _Builder(layout.root, leaf, config).run(base, force=force)
    except OSError as exc:
        failure = Problem.make(
            "build-io",
            _rel(layout.root, exc.filename) if exc.filename else leaf.path,
            reason=exc.strerror or type(exc).__name__,
        )
        return dataclasses.replace(base, problems=(*leaf.problems, failure))
    except Exception as exc:  # one folder's surprise must not stop the others
        if debug:
            raise
        crash = Problem.make("build-internal", leaf.path, reason=f"{type(exc).__name__}: {exc}")
        return dataclasses.replace(base, problems=(*leaf.problems, crash))


def _rel(root: Path, filename: object) -> str:
    try:
        return Path(str(filename)).relative_to(root).as_posix()
    except ValueError:
        return str(filename)


@dataclass
class _Builder:
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
        fingerprint = self._fingerprint(hashes)
        existing = None if force else _unchanged(self.folder, fingerprint)
        if existing is not None:
            # the files were not read again: repeat what the build that made them found
            self.problems += _load_problems(self.folder / GENERATED_DIR / PROBLEMS_FILE)
            return dataclasses.replace(
                base, outcome="skipped", name=existing, problems=tuple(self.problems)
            )
        package = self._package(hashes, fingerprint)
        if package is None or any(p.severity == "error" for p in self.problems):
            return dataclasses.replace(base, problems=tuple(self.problems))
        self._write(package)
        name = str(package["name"])
        return dataclasses.replace(base, outcome="built", name=name, problems=tuple(self.problems))

    def _inputs(self) -> list[str]:
        assert self.leaf.narrative is not None
        return sorted([*self.leaf.files, self.leaf.narrative])

    def _fingerprint(self, hashes: Mapping[str, tuple[int, str]]) -> str:
        assert self.leaf.jenis is not None and self.leaf.tahapan is not None
        jenis = self.config.jenis[self.leaf.jenis]
        region = self.config.regions.get(self.leaf.unit.kode)
        facts = {
            "format": BUILD_FORMAT,
            "leaf": self.leaf.path,
            "unit": self.leaf.unit.path,
            "inputs": {name: list(value) for name, value in hashes.items()},
            "jenis": dataclasses.asdict(jenis),
            "tahapan": dataclasses.asdict(self.config.tahapan[self.leaf.tahapan]),
            "schema": self.config.schema(jenis.schema) if jenis.schema else None,
            "region": region._asdict() if region else None,
            "naming": self.config.naming.dataset,
            "defaults": dataclasses.asdict(self.config.defaults),
            "narrative_rules": dataclasses.asdict(self.config.narrative),
            "licenses": {k: list(v) for k, v in self.config.licenses.items()},
        }
        text = json.dumps(facts, sort_keys=True, ensure_ascii=False)
        return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()

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
        resources = self._resources(hashes)
        return self._descriptor(result.narrative, resources, fingerprint)

    def _mismatches(self, narr: narrative_lib.Narrative, shown: str) -> list[Problem]:
        assert self.leaf.jenis is not None
        checks = [
            ("Kode Tahapan", self.config.resolve_tahapan, self.leaf.tahapan),
            ("Jenis Dokumen", self.config.resolve_jenis, self.leaf.jenis),
            ("Tingkat Penyajian", _fold_level, self.config.jenis[self.leaf.jenis].tingkat),
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

    # -- resources ------------------------------------------------------------------------

    def _resources(self, hashes: Mapping[str, tuple[int, str]]) -> list[dict[str, Any]]:
        resources: list[dict[str, Any]] = []
        for name in self.leaf.files:
            fmt = Path(name).suffix.lower().lstrip(".")
            size, digest = hashes[name]
            resource = _file_resource(name, fmt, size, digest)
            if fmt == "csv":
                resources.append(resource)
                resources += self._csv(name, resource)
            elif fmt == "xlsx":
                resource["type"] = "file"
                resources.append(resource)
                resources += self._xlsx(name)
            else:
                resource["type"] = "file"
                resources.append(resource)
                self._check_pdf(name)
        return _unique_names(resources)

    def _check_pdf(self, name: str) -> None:
        with (self.folder / name).open("rb") as fh:
            head = fh.read(1024)
        if b"%PDF" not in head:
            self.problems.append(
                Problem.make("build-not-pdf", self.shown(name), severity="warning")
            )

    def _schema(self) -> tuple[dict[str, Any] | None, str]:
        assert self.leaf.jenis is not None
        schema_name = self.config.jenis[self.leaf.jenis].schema
        return (self.config.schema(schema_name), schema_name) if schema_name else (None, "")

    def _csv(self, name: str, resource: dict[str, Any]) -> list[dict[str, Any]]:
        """Describe a steward's CSV; one with Indonesian numbers also gets a clean copy.

        "2.488.733" cannot be read as an integer by any Table Schema reader, so such a file stays
        listed as a file and its normalised copy in _build/ becomes the tabular resource, as for
        XLSX. Returns the extra resources.
        """
        schema, schema_name = self._schema()
        info = inspect_csv(
            self.folder / name, shown=self.shown(name), schema=schema, schema_name=schema_name
        )
        self.problems += info.problems
        resource["type"] = "table"
        if info.encoding:
            resource["encoding"] = info.encoding
        if info.dialect:
            resource["dialect"] = info.dialect
        if info.schema is None:
            return []
        if not any(p.code == "csv-locale-numbers" for p in info.problems):
            resource["schema"] = info.schema
            return []
        resource["type"] = "file"
        content = normalised_csv(self.folder / name, info)
        target = _clean_copy_name(name, self.leaf.files)
        self.outputs[target] = content
        clean = _file_resource(
            f"{GENERATED_DIR}/{target}", "csv", len(content), hashlib.sha256(content).hexdigest()
        )
        clean.update({"type": "table", "schema": info.schema, "x-kpu-source": {"path": name}})
        return [clean]

    def _xlsx(self, name: str) -> list[dict[str, Any]]:
        schema, schema_name = self._schema()
        book = read_xlsx(
            self.folder / name, shown=self.shown(name), schema=schema, schema_name=schema_name
        )
        self.problems += book.problems
        out: list[dict[str, Any]] = []
        for table in book.tables:
            target = _table_file(name, table, several=len(book.tables) > 1)
            out.append(self._table_resource(name, target, table))
        return out

    def _table_resource(self, source: str, target: str, table: Table) -> dict[str, Any]:
        content = table.csv_bytes()
        self.outputs[target] = content
        resource = _file_resource(
            f"{GENERATED_DIR}/{target}", "csv", len(content), hashlib.sha256(content).hexdigest()
        )
        resource.update(
            {
                "type": "table",
                "schema": table.schema,
                "x-kpu-source": {"path": source, "sheet": table.sheet},
                "x-kpu-totals": list(table.totals),
                "x-kpu-notes": list(table.notes),
            }
        )
        return resource

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
            "tingkat": jenis.tingkat,
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
            self.outputs[PROBLEMS_FILE] = dump_json([_problem_record(p) for p in found])
        if self.outputs:
            out_dir.mkdir(exist_ok=True)
        for target, content in sorted(self.outputs.items()):
            write_if_changed(out_dir / target, content)
        _remove_stale(out_dir, set(self.outputs))
        write_if_changed(self.folder / GENERATED_FILE, dump_json(package))


def _problem_record(problem: Problem) -> dict[str, Any]:
    return {
        "code": problem.code,
        "path": problem.path,
        "severity": problem.severity,
        "row": problem.row,
        "field": problem.field,
        "value": problem.value,
        "params": dict(problem.params),
    }


def _load_problems(path: Path) -> list[Problem]:
    """The problems a previous build of this folder recorded; none when the file is unusable."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
        return [
            Problem(
                code=str(r["code"]),
                path=str(r["path"]),
                severity=r["severity"] if r["severity"] in ("error", "warning", "info") else "info",
                row=r.get("row"),
                field=r.get("field"),
                value=r.get("value"),
                params=tuple(sorted((str(k), str(v)) for k, v in r.get("params", {}).items())),
            )
            for r in records
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []


def dump_json(data: Any) -> bytes:
    """Deterministic JSON: sorted keys, 2-space indent, UTF-8, trailing newline."""
    return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def file_hash(path: Path) -> tuple[int, str]:
    """(bytes, sha256 hex), reading the file in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def write_if_changed(path: Path, content: bytes) -> bool:
    """Atomic write (temp file + rename) unless the file already holds these bytes."""
    try:
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return False
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove_stale(out_dir: Path, keep: set[str]) -> None:
    if not out_dir.is_dir():
        return
    for child in out_dir.iterdir():
        if child.is_file() and child.name not in keep:
            child.unlink()
    if not keep and not any(out_dir.iterdir()):
        out_dir.rmdir()


def _unchanged(folder: Path, fingerprint: str) -> str | None:
    """The package name when the existing descriptor has this fingerprint and its `_build` files
    are as it describes them; None when the folder must be built."""
    try:
        package = json.loads((folder / GENERATED_FILE).read_text(encoding="utf-8"))
        if package["x-kpu"]["fingerprint"] != fingerprint:
            return None
        for resource in package["resources"]:
            path = str(resource["path"])
            if path.startswith(GENERATED_DIR + "/"):
                size, digest = file_hash(folder / path)
                if resource["bytes"] != size or resource["hash"] != f"sha256:{digest}":
                    return None
        return str(package["name"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _file_resource(path: str, fmt: str, size: int, digest: str) -> dict[str, Any]:
    return {
        "name": slug(path, "-") or "resource",
        "path": path,
        "format": fmt,
        "mediatype": MEDIA_TYPES.get(fmt, "application/octet-stream"),
        "bytes": size,
        "hash": f"sha256:{digest}",
    }


def _unique_names(resources: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out = []
    for resource in resources:
        name, n = resource["name"], 2
        while name in seen:
            name, n = f"{resource['name']}-{n}", n + 1
        seen.add(name)
        out.append({**resource, "name": name})
    return out


def _clean_copy_name(csv_name: str, files: Iterable[str]) -> str:
    """`<stem>.csv`, or `<stem>__csv.csv` when an XLSX of the same stem claims `<stem>.csv`."""
    stem = Path(csv_name).stem
    twins = {Path(f).stem.casefold() for f in files if f.lower().endswith(".xlsx")}
    return f"{stem}__csv.csv" if stem.casefold() in twins else f"{stem}.csv"


def _table_file(xlsx_name: str, table: Table, *, several: bool) -> str:
    stem = Path(xlsx_name).stem
    return f"{stem}__{slug(table.sheet, '_') or 'sheet'}.csv" if several else f"{stem}.csv"


def _license(narr: narrative_lib.Narrative, default: str) -> dict[str, str]:
    license_id = narr.license_id or default
    return {"name": license_id, "title": narr.get("Lisensi") or license_id}


def _fold_level(text: str) -> str:
    folded = re.sub(r"\s+", " ", text.strip().lower()).replace(" / ", "/")
    return {"kabupaten": "kabupaten/kota", "kota": "kabupaten/kota", "desa": "desa/kelurahan"}.get(
        folded, folded
    )
