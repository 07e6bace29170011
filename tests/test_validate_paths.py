"""Inputs: a tree, a package folder, a datapackage.json; "cannot run" raises, bad data does not."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from publisher.config import Config
from publisher.errors import InputError
from publisher.validate import check_resource, find_descriptors, validate_paths
from tests.test_validate_equivalence import REGIONS, SMALL_SCHEMA, make_config, write_package

ROWS = [["kode", "nama", "a", "b", "jumlah"], ["1303", "satu", "10", "1", "11"]]


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return make_config(tmp_path / "config", REGIONS)


def test_tree_folder_and_descriptor(config: Config, tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    write_package(tree / "prov13" / "PL.01.8" / "DA1", {"t.csv": ROWS}, SMALL_SCHEMA)
    write_package(tree / "prov61" / "PL.01.8" / "DA1", {"t.csv": ROWS}, SMALL_SCHEMA)
    (tree / "prov61" / "PL.01.8" / "DA1" / "_build").mkdir()
    (tree / "prov61" / "PL.01.8" / "DA1" / "_build" / "datapackage.json").write_text("{}")
    assert len(find_descriptors(tree)) == 2
    folder = tree / "prov13" / "PL.01.8" / "DA1"
    assert find_descriptors(folder) == [folder / "datapackage.json"]
    assert find_descriptors(folder / "datapackage.json") == [folder / "datapackage.json"]
    report = validate_paths([tree], config)
    assert report.valid and report.exit_code == 0
    assert [r.rows for p in report.packages for r in p.resources] == [1, 1]


def test_nothing_to_validate_cannot_run(config: Config, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="tidak ada") as stopped:
        validate_paths([tmp_path / "missing"], config)
    assert "no such file" in stopped.value.text("en")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="publisher build"):
        validate_paths([tmp_path / "empty"], config)


def test_broken_descriptor_missing_file_and_changed_file(config: Config, tmp_path: Path) -> None:
    bad = tmp_path / "tree" / "bad"
    bad.mkdir(parents=True)
    (bad / "datapackage.json").write_text("{ not json", encoding="utf-8")
    gone = tmp_path / "tree" / "gone"
    write_package(gone, {"t.csv": ROWS}, SMALL_SCHEMA)
    (gone / "t.csv").unlink()
    changed = tmp_path / "tree" / "changed"
    write_package(changed, {"t.csv": ROWS}, SMALL_SCHEMA)
    package = json.loads((changed / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"][0]["hash"] = "sha256:" + hashlib.sha256(b"other").hexdigest()
    package["resources"][0]["bytes"] = 3
    (changed / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    report = validate_paths([tmp_path / "tree"], config)
    found = {p.code for p in report.problems()}
    assert {"package-invalid", "scheme-error", "hash-count", "byte-count"} <= found
    assert report.exit_code == 1


def test_check_resource_on_its_own(config: Config, tmp_path: Path) -> None:
    write_package(tmp_path / "p", {"t.csv": ROWS}, SMALL_SCHEMA)
    resource = {"name": "t", "path": "t.csv", "format": "csv", "schema": SMALL_SCHEMA}
    res = check_resource(tmp_path / "p", resource, config)
    assert res.rows == 1 and res.valid and res.totals["jumlah"] == 11


def test_sync_loads_exactly_the_packages_validate_checks(config: Config, tmp_path: Path) -> None:
    """A package in a hidden folder (or _build/, node_modules/) is neither validated nor
    published: otherwise sync would publish what validation never saw."""
    from publisher.sync import find_packages

    tree = tmp_path / "tree"
    for rel in ("prov13/PL.01.8/DA1", ".drafts/DA1", "prov13/node_modules/x", "prov61/_build/y"):
        write_package(tree / rel, {"t.csv": ROWS}, SMALL_SCHEMA)
    seen = [d.parent for d in find_descriptors(tree)]
    assert seen == find_packages(tree) == [tree / "prov13" / "PL.01.8" / "DA1"]
    # hidden folders above the tree itself do not matter
    inside = tmp_path / ".work" / "tree2"
    write_package(inside / "prov13" / "DA1", {"t.csv": ROWS}, SMALL_SCHEMA)
    assert find_packages(inside) == [inside / "prov13" / "DA1"]
    assert len(find_descriptors(inside)) == 1
