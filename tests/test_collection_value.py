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
    assert found.shown(f"{rel}/datapackage.json") == f"koleksi/{rel}/datapackage.json"
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
