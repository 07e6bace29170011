"""layout.walk: classification of folders and files, aliases, and what cannot be placed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from publisher.config import Config
from publisher.errors import InputError
from publisher.layout import Layout, duplicate_groups, walk
from tests.fixtures import UNIT, good_leaf, narrative_txt, write_leaf


def codes(layout: Layout) -> set[tuple[str, str]]:
    return {(p.code, p.path) for p in layout.problems}


def test_a_good_leaf_is_complete(root: Path, config: Config) -> None:
    good_leaf(root)
    layout = walk(root, config)
    [leaf] = layout.leaves
    assert (leaf.unit.kode, leaf.tahapan, leaf.jenis) == ("1303", "PL.01.8", "DB1-PPWP")
    assert leaf.status == "complete"
    assert leaf.counts.csv == 1 and leaf.counts.narrative == 1
    assert [u.path for u in layout.units] == [
        "13_KPU_PROV_SUMATERA_BARAT",
        "13_KPU_PROV_SUMATERA_BARAT/1303_KPU_KAB_SIJUNJUNG",
    ]


@pytest.mark.parametrize("stage", ["PL 01.8", "PL.01.08", "Rekapitulasi", "pl-1-8"])
@pytest.mark.parametrize("jenis", ["DA1 PPWP", "da1-ppwp", "Model DA1-PPWP"])
def test_stage_and_type_spellings_are_normalised(
    root: Path, config: Config, stage: str, jenis: str
) -> None:
    good_leaf(root, f"00_KPU_RI/{stage}/{jenis}")
    [leaf] = walk(root, config).leaves
    assert (leaf.unit.kode, leaf.tahapan, leaf.jenis) == ("00", "PL.01.8", "DA1-PPWP")
    assert leaf.status == "complete"  # an alias is an info note, not a reason


def test_unknown_stage_names_the_folder_and_the_accepted_codes(root: Path, config: Config) -> None:
    good_leaf(root, f"{UNIT}/Tahap Akhir/DB1-PPWP")
    layout = walk(root, config)
    [problem] = [p for p in layout.problems if p.code == "layout-stage-unknown"]
    assert problem.path == f"{UNIT}/Tahap Akhir"
    assert "PL.01.8" in problem.fix("id") and "config/tahapan.yaml" in problem.fix("en")
    assert layout.leaves[0].tahapan is None and layout.leaves[0].status == "blocked"


def test_unknown_and_misfiled_types(root: Path, config: Config) -> None:
    good_leaf(root, f"{UNIT}/PL.01.8/Formulir X")
    good_leaf(root, f"{UNIT}/PL.01.8/DPT")  # DPT belongs to PL.01.2
    layout = walk(root, config)
    found = codes(layout)
    assert ("layout-type-unknown", f"{UNIT}/PL.01.8/Formulir X") in found
    [misfiled] = [p for p in layout.problems if p.code == "layout-type-misfiled"]
    assert dict(misfiled.params)["expected"] == "PL.01.2"
    assert {leaf.status for leaf in layout.leaves} == {"blocked"}


def test_office_folders(root: Path, config: Config) -> None:
    good_leaf(root, "6172_KPU_KOTA_SINGKAWANG/PL.01.8/DB1-PPWP")  # directly under the root
    good_leaf(root, "61_KPU_PROV_KALIMANTAN_BARAT/1303_KPU_KAB_SIJUNJUNG/PL.01.8/DB1-PPWP")
    good_leaf(root, "9999_KPU_KAB_ENTAH/PL.01.8/DB1-PPWP")
    (root / "Sijunjung" / "PL.01.8").mkdir(parents=True)
    layout = walk(root, config)
    found = codes(layout)
    assert ("layout-unit-misfiled", "61_KPU_PROV_KALIMANTAN_BARAT/1303_KPU_KAB_SIJUNJUNG") in found
    assert ("layout-unit-unknown-region", "9999_KPU_KAB_ENTAH") in found
    assert ("layout-unit-no-code", "Sijunjung") in found
    by_path = {leaf.unit.path: leaf.status for leaf in layout.leaves}
    assert by_path["6172_KPU_KOTA_SINGKAWANG"] == "complete"
    assert by_path["9999_KPU_KAB_ENTAH"] == "incomplete"


def test_loose_files_except_the_provinces_recap(root: Path, config: Config) -> None:
    good_leaf(root)
    prov = root / "13_KPU_PROV_SUMATERA_BARAT"
    (prov / "REKAP_DIGITALISASI_SUMATERA_BARAT.xlsx").write_bytes(b"x")
    (prov / "catatan.docx").write_bytes(b"x")
    (root / UNIT / "PL.01.8" / "lepas.pdf").write_bytes(b"%PDF")
    (root / "README.txt").write_text("hi", encoding="utf-8")
    layout = walk(root, config)
    loose = {p.path for p in layout.problems if p.code == "layout-loose-file"}
    assert loose == {
        "13_KPU_PROV_SUMATERA_BARAT/catatan.docx",
        f"{UNIT}/PL.01.8/lepas.pdf",
        "README.txt",
    }
    assert layout.units[0].recaps == ("REKAP_DIGITALISASI_SUMATERA_BARAT.xlsx",)
    assert set(layout.outside_leaves()) >= {
        p for p in layout.problems if p.code == "layout-loose-file"
    }


def test_duplicate_names() -> None:
    groups = duplicate_groups(
        [
            "rekap final.xlsx",
            "rekap final (1).xlsx",
            "Copy of rekap.xlsx",
            "rekap revisi2.xlsx",
            "rekap.pdf",
            "lain.xlsx",
        ]
    )
    assert groups == [
        ["Copy of rekap.xlsx", "rekap final (1).xlsx", "rekap final.xlsx", "rekap revisi2.xlsx"]
    ]


def test_files_that_cannot_be_published(root: Path, config: Config) -> None:
    leaf = good_leaf(root)
    (leaf / "lama.xls").write_bytes(b"x")
    (leaf / "foto.jpg").write_bytes(b"x")
    (leaf / "kosong.pdf").write_bytes(b"")
    (leaf / "~$rekap.xlsx").write_bytes(b"x")
    outside = root.parent / "rahasia.csv"
    outside.write_text("nik\n1234567890123456\n", encoding="utf-8")
    os.symlink(outside, leaf / "tautan.csv")
    found = {code for code, _ in codes(walk(root, config))}
    assert {
        "layout-legacy-xls",
        "layout-unsupported-file",
        "layout-empty-file",
        "layout-hidden-file",
        "layout-symlink-outside",
    } <= found
    [walked] = walk(root, config).leaves
    assert "tautan.csv" not in walked.files and walked.status == "blocked"


def test_generated_files_and_dotfiles_are_ignored(root: Path, config: Config) -> None:
    leaf = good_leaf(root)
    (leaf / "datapackage.json").write_text("{}", encoding="utf-8")
    (leaf / "_build").mkdir()
    (leaf / "_build" / "x.csv").write_text("a\n", encoding="utf-8")
    (leaf / ".DS_Store").write_bytes(b"x")
    (root / ".git").mkdir()
    layout = walk(root, config)
    assert layout.problems == () or all(p.severity == "info" for p in layout.problems)
    assert layout.leaves[0].files == ("rekap.csv",)


def test_leaf_without_narrative_or_table(root: Path, config: Config) -> None:
    write_leaf(root, f"{UNIT}/PL.01.8/DB1-PPWP", {"scan.pdf": b"%PDF"})
    write_leaf(root, f"{UNIT}/PL.01.8/DA1-PPWP", {"NARASI.txt": narrative_txt(), "s.pdf": b"%"})
    (root / UNIT / "PL.01.8" / "DC1-PPWP").mkdir()
    leaves = {leaf.jenis: leaf for leaf in walk(root, config).leaves}
    assert leaves["DB1-PPWP"].reasons == ("layout-no-narrative", "layout-no-table")
    assert leaves["DA1-PPWP"].status == "incomplete"
    assert leaves["DA1-PPWP"].reasons == ("layout-no-table",)
    assert leaves["DC1-PPWP"].status == "empty"


def test_missing_root_is_an_input_error(tmp_path: Path, config: Config) -> None:
    with pytest.raises(InputError):
        walk(tmp_path / "nope", config)
