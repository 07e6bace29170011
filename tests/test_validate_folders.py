"""`validate` on a collection root: the folder contract and narratives in the same report as the
data, one exit code; the metadata conventions of a descriptor, even on its own."""

from __future__ import annotations

import json
from pathlib import Path

from publisher.build import build_tree
from publisher.config import Config
from publisher.validate import Options, check_package, validate_paths
from tests.fixtures import LEAF, UNIT, good_leaf, narrative_txt, recap_csv, write_leaf


def codes(problems: object) -> set[tuple[str, str]]:
    return {(p.code, p.path) for p in problems}  # type: ignore[attr-defined]


def test_a_clean_built_collection_is_valid(root: Path, config: Config) -> None:
    good_leaf(root)
    build_tree(root, config)
    report = validate_paths([root], config)
    assert report.folders == [] and report.exit_code == 0
    assert [p.code for p in report.packages[0].problems if p.severity != "info"] == []


def test_folder_problems_are_in_the_report_and_fail_it(root: Path, config: Config) -> None:
    good_leaf(root)
    misfiled = f"{UNIT}/PL.01.2/DB1-PPWP"  # a DB1 recap under the voter-list stage
    good_leaf(root, misfiled)
    unbuilt = f"{UNIT}/PL.01.8/DA1-PPWP"  # fine folder, narrative lacks Lisensi: build fails
    write_leaf(
        root,
        unbuilt,
        {
            "NARASI.txt": narrative_txt(drop=("Lisensi",), Jenis_Dokumen="DA1-PPWP"),
            "r.csv": recap_csv(),
        },
    )
    (root / UNIT / "catatan.xlsx").write_bytes(b"PK")  # a loose file in the office folder
    build_tree(root, config)
    report = validate_paths([root], config)
    found = codes(report.folders)  # paths relative to the root, as the walk's
    assert ("layout-type-misfiled", misfiled) in found
    assert ("package-not-built", misfiled) in found
    assert ("layout-loose-file", f"{UNIT}/catatan.xlsx") in found
    assert ("narrative-missing-key", f"{unbuilt}/NARASI.txt") in found
    assert ("package-not-built", unbuilt) in found
    assert report.exit_code == 1
    # the good package is checked as before, and the summary counts the folder problems
    assert [p.path for p in report.packages] == [f"{LEAF}/datapackage.json"]
    shown = json.loads(json.dumps(report.to_dict("en")))  # shown with the root's name first
    base = root.name
    assert {"layout-loose-file": f"{base}/{UNIT}/catatan.xlsx"}.items() <= {
        p["code"]: p["path"] for p in shown["folders"]
    }.items()
    assert [p["path"] for p in shown["packages"]] == [f"{base}/{LEAF}/datapackage.json"]


def test_a_province_or_package_folder_is_not_walked(root: Path, config: Config) -> None:
    good_leaf(root)
    (root / UNIT / "catatan.xlsx").write_bytes(b"PK")
    build_tree(root, config)
    for path in (root / UNIT.split("/")[0], root / LEAF, root / LEAF / "datapackage.json"):
        assert validate_paths([path], config).folders == []


def test_descriptor_conventions(root: Path, config: Config) -> None:
    folder = good_leaf(root)
    build_tree(root, config)
    descriptor = folder / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    package["name"] = "Rekap DB1 Sijunjung"
    package["keywords"] = ["ok", "x"]
    package["licenses"] = [{"name": "hak-cipta"}]
    del package["x-kpu"]["narrative"]  # a descriptor written by hand
    package["title"] = "T" * 101
    descriptor.write_text(json.dumps(package), encoding="utf-8")
    (folder / "rekap.csv").write_bytes(b"")
    found = {p.code for p in check_package(descriptor, config, Options(hashes=False)).problems}
    assert {"package-name", "package-tag", "package-license", "package-title"} <= found
    assert "package-empty-file" in found
    portal = Options(hashes=False, portal_licenses=frozenset({"odc-by"}))
    package["licenses"] = [{"name": "cc-by"}]
    descriptor.write_text(json.dumps(package), encoding="utf-8")
    found = {p.code for p in check_package(descriptor, config, portal).problems}
    assert "package-license-portal" in found and "package-license" not in found
