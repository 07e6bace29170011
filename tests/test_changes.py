"""--changed-since: which package folders a git ref says were touched."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from publisher.changes import changed_files, packages_touched
from publisher.errors import InputError


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for leaf in ("dp/13/PL.01.8/DC1-PPWP", "dp/1303/PL.01.8/DB1-PPWP", "dp/1374/PL.01.8/DB1-PPWP"):
        (tmp_path / leaf).mkdir(parents=True)
        (tmp_path / leaf / "data.csv").write_text("a\n1\n")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    return tmp_path


def leaves(repo: Path) -> list[Path]:
    return sorted(p.parent for p in (repo / "dp").rglob("data.csv"))


def test_modified_and_new_files(repo: Path) -> None:
    (repo / "dp/1303/PL.01.8/DB1-PPWP/data.csv").write_text("a\n2\n")
    (repo / "dp/1374/PL.01.8/DB1-PPWP/NARASI.txt").write_text("Judul: x\n")
    touched = packages_touched(leaves(repo), changed_files(repo / "dp", "HEAD"))
    assert [p.relative_to(repo).as_posix() for p in touched] == [
        "dp/1303/PL.01.8/DB1-PPWP",
        "dp/1374/PL.01.8/DB1-PPWP",
    ]


def test_committed_change_since_a_ref(repo: Path) -> None:
    (repo / "dp/13/PL.01.8/DC1-PPWP/data.csv").write_text("a\n3\n")
    git(repo, "commit", "-qam", "change")
    touched = packages_touched(leaves(repo), changed_files(repo / "dp", "HEAD~1"))
    assert [p.name for p in touched] == ["DC1-PPWP"]
    assert packages_touched(leaves(repo), changed_files(repo / "dp", "HEAD")) == []


def test_unknown_ref_is_a_clear_error(repo: Path) -> None:
    with pytest.raises(InputError, match="--changed-since"):
        changed_files(repo / "dp", "no-such-branch")


def test_validate_reports_only_changed_packages(tmp_path: Path) -> None:
    from publisher.validate import only_changed, validate_paths
    from tests.test_validate_equivalence import REGIONS, SMALL_SCHEMA, make_config, write_package

    config = make_config(tmp_path / "config", REGIONS)
    bad = [["kode", "nama", "a", "b", "jumlah"], ["1303", "satu", "10", "1", "99"]]
    tree = tmp_path / "tree"
    write_package(tree / "13_KPU" / "PL.01.8" / "DA1", {"t.csv": bad}, SMALL_SCHEMA)
    write_package(tree / "61_KPU" / "PL.01.8" / "DA1", {"t.csv": bad}, SMALL_SCHEMA)
    (tree / "13_KPU" / "lama.xlsx").write_bytes(b"PK")  # loose files: folder problems
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "tree")
    git(tmp_path, "commit", "-qm", "base")
    (tree / "61_KPU" / "PL.01.8" / "DA1" / "notes.txt").write_text("x\n")
    (tree / "61_KPU" / "baru.xlsx").write_bytes(b"PK")
    full = validate_paths([tree], config)
    assert len(full.packages) == 2 and not full.valid
    part = only_changed(full, [tree], "HEAD")
    assert [p.path.split("/")[0] for p in part.packages] == ["61_KPU"]  # from the root
    assert not part.valid
    # folder problems only where files changed
    assert {p.path.rsplit("/", 1)[1] for p in full.folders} == {"lama.xlsx", "baru.xlsx"}
    assert [p.path.rsplit("/", 1)[1] for p in part.folders] == ["baru.xlsx"]
