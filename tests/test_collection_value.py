"""The collection as one value: a command walks the tree once and parses each descriptor once,
and finds each package by its path relative to the root, whatever the working directory."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest

from publisher import build, layout, report
from publisher.collection import Collection
from publisher.config import load_config
from publisher.errors import InputError

REPO = Path(__file__).resolve().parents[1]
OFFICES = ("13_KPU_PROV_SUMATERA_BARAT",)  # the province and its kab/kota offices


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two offices of the bundled collection, built."""
    root = tmp_path_factory.mktemp("c") / "koleksi"
    for office in OFFICES:
        shutil.copytree(REPO / "datapackages" / office, root / office)
    for generated in root.rglob("_build"):
        shutil.rmtree(generated)
    build.build_tree(root, load_config(REPO / "config"))
    return root


def test_report_walks_once_and_parses_each_descriptor_once(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(REPO / "config")
    walks: list[Path] = []
    real_walk = layout.walk

    def counted(root: Any, cfg: Any) -> Any:
        walks.append(Path(root))
        return real_walk(root, cfg)

    for module in ("publisher.layout", "publisher.collection", "publisher.validate.folders"):
        monkeypatch.setattr(f"{module}.walk", counted)
    reads: list[str] = []
    real_read = Path.read_text

    def read_text(self: Path, *args: Any, **kwargs: Any) -> str:
        if self.name == "datapackage.json":
            reads.append(self.parent.resolve().relative_to(built.resolve()).as_posix())
        return real_read(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)
    data = report.build_status(built, config, offline=True, lang="id")
    packages = [p for _, o in data.offices() for p in o.packages]
    assert len(walks) == 1
    made = sorted(p.path for p in packages if p.built)
    assert len(made) > 3 and sorted(reads) == made  # each built package read once, only once
    assert all(p.valid is not None for p in packages if p.built)


def test_packages_are_keyed_by_their_path_in_the_collection(built: Path) -> None:
    config = load_config(REPO / "config")
    found = Collection.open(built, config)
    assert found.packages and all(not rel.startswith("/") for rel in found.packages)
    rel = found.packages[0]
    assert found.folder(rel) == built.resolve() / rel
    assert found.relative(built / rel) == rel
    first = found.descriptor(rel)
    assert found.descriptor(rel) is first  # parsed once
    assert found.local(rel).name == first["name"]
    assert set(found.packages) <= set(found.leaves)


def test_same_verdicts_from_any_working_directory(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(REPO / "config")
    seen = []
    package = next(built.rglob("datapackage.json")).parent
    for where in (REPO, built.parent, package):
        monkeypatch.chdir(where)
        data = report.build_status(built, config, offline=True, lang="id")
        seen.append(dataclasses.replace(data, generated=""))
    assert seen[0] == seen[1] == seen[2]


def test_no_collection_there(tmp_path: Path) -> None:
    """Every command that takes a collection says the same when it is not there, whether it
    opens a `Collection` (report, plan, sync) or walks the tree (scan, build)."""
    missing, config = tmp_path / "tidak-ada", load_config(REPO / "config")
    with pytest.raises(InputError, match="tidak ditemukan") as opened:
        Collection.open(missing, config)
    with pytest.raises(InputError) as walked:
        layout.walk(missing, config)
    assert opened.value.text("id") == walked.value.text("id")
    assert opened.value.text("en") == walked.value.text("en")
    assert opened.value.text("id").startswith(f"{missing}: folder tidak ditemukan\n  → sebutkan")
    assert opened.value.text("en").startswith(f"{missing}: folder not found\n  → give")


def _places(found: Any) -> set[tuple[str, str]]:
    """Every path a validate report holds (packages, files, problems), with what it is of."""
    out = {("folder", p.path) for p in found.folders}
    for pkg in found.packages:
        out |= {("package", pkg.path)} | {("problem", p.path) for p in pkg.all_problems()}
        out |= {("file", r.path) for r in pkg.resources}
    return out


def test_validate_paths_are_relative_to_the_root_from_any_working_directory(
    built: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """validate's results hold paths relative to the collection root (the leaves' keys), the
    same from any working directory, with or without the `Collection`; only rendering shows
    them, with the root's own name first."""
    from publisher.validate import render, validate_paths

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config = load_config(REPO / "config")
    package = next(built.rglob("datapackage.json")).parent
    seen, shown = [], []
    for where in (REPO, built.parent, package):
        monkeypatch.chdir(where)
        for collection in (None, Collection.open(built, config)):
            found = validate_paths([built], config, collection=collection)
            seen.append(_places(found))
            shown.append(render(found, "github", "en"))  # no timings
    assert all(s == seen[0] for s in seen) and all(s == shown[0] for s in shown)
    leaves = Collection.open(built, config).leaves
    assert {path.rpartition("/")[0] for kind, path in seen[0] if kind == "package"} <= set(leaves)
    assert all(not path.startswith(("koleksi/", "/")) for _, path in seen[0])
    assert "::notice file=koleksi/13_KPU_PROV_SUMATERA_BARAT/" in shown[0]


def test_a_package_on_its_own_has_the_same_paths_shown_from_where_it_was_named(
    built: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`publisher validate OFFICE/STAGE/TYPE` shows paths from the folder holding the package
    (as always), its report holding them relative to the collection root: the verdict kept by
    a run over the whole collection is the one reused."""
    from publisher.validate import package as package_lib
    from publisher.validate import render

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config = load_config(REPO / "config")
    whole = package_lib.validate_paths([built], config)
    pkg = whole.packages[0]
    folder = built / pkg.folder

    def unwanted(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("checked again")

    monkeypatch.setattr(package_lib, "check_package", unwanted)  # reused, not checked again
    [alone] = package_lib.validate_paths([folder], config).packages
    assert alone.path == pkg.path and alone.to_dict("en") != pkg.to_dict("en")
    assert alone.to_dict("en")["path"] == f"{folder.name}/datapackage.json"
    assert pkg.to_dict("en")["path"] == f"koleksi/{pkg.path}"
    text = render(package_lib.Report(packages=[alone]), "text", "en")
    assert text.startswith(f"{folder.name}/datapackage.json")
