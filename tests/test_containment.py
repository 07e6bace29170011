"""Nothing outside a package's folder is ever read for upload: containment, under every flag.

Each hostile descriptor (absolute path, `..`, links out of the folder — file and folder, at every
ROOT level —, hard links, FIFOs, devices, paths that do not exist) is refused by validate
(`unsafe-path`), by the planner (the package held back, whatever the flags) and by sync through
the CLI with `--no-validate` and `--publish-invalid`: the secret's bytes never reach the portal.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher import access, containment
from publisher import ckan as ckan_lib
from publisher.cli import cli
from publisher.collection import Collection
from publisher.config import Config, Portal
from publisher.mapping import read_package
from publisher.plan import RemoteState, make_plan
from publisher.sync import load_local
from publisher.validate import validate_paths
from tests.fakeckan import FakeCkan
from tests.test_sync import config, make_package  # noqa: F401 - the config fixture

SECRET = b"rahasia: never published\n" * 3


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_bytes(SECRET)
    return path


def point_at(folder: Path, declared: str, data: bytes) -> None:
    """Edit the package's descriptor: its first resource now declares `declared`, with the true
    size and hash of `data` (so hash checks alone cannot catch it)."""
    descriptor = folder / "datapackage.json"
    package = json.loads(descriptor.read_text())
    package["resources"][0].update(
        path=declared,
        bytes=len(data),
        hash="sha256:" + hashlib.sha256(data).hexdigest(),
        format="pdf",
        mediatype="application/pdf",
    )
    package["resources"][0].pop("schema", None)
    package["resources"][0].pop("type", None)
    descriptor.write_text(json.dumps(package, indent=2))


def package(root: Path) -> Path:
    return make_package(root / "a", "1303-db1-ppwp-2019", "1303", {"db1.csv": b"kode\n1303\n"})


# Each case: a name and what it does to the package folder, given the secret file outside.
Case = Callable[[Path, Path], None]


def absolute(folder: Path, secret: Path) -> None:
    point_at(folder, str(secret), SECRET)


def dotdot(folder: Path, secret: Path) -> None:
    rel = os.path.relpath(secret, folder)
    assert rel.startswith("..")
    point_at(folder, rel, SECRET)


def dotdot_inside(folder: Path, secret: Path) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / "x.pdf").write_bytes(b"%PDF")
    point_at(folder, "sub/../sub/x.pdf", b"%PDF")


def link_file(folder: Path, secret: Path) -> None:
    (folder / "scan.pdf").symlink_to(secret)
    point_at(folder, "scan.pdf", SECRET)


def link_folder(folder: Path, secret: Path) -> None:
    (folder / "scans").symlink_to(secret.parent, target_is_directory=True)
    point_at(folder, f"scans/{secret.name}", SECRET)


def link_loop(folder: Path, secret: Path) -> None:
    (folder / "loop.pdf").symlink_to(folder / "loop.pdf")
    point_at(folder, "loop.pdf", SECRET)


def hard_link(folder: Path, secret: Path) -> None:
    os.link(secret, folder / "scan.pdf")
    point_at(folder, "scan.pdf", SECRET)


def fifo(folder: Path, secret: Path) -> None:
    os.mkfifo(folder / "scan.pdf")
    point_at(folder, "scan.pdf", SECRET)


def folder_itself(folder: Path, secret: Path) -> None:
    (folder / "dir.pdf").mkdir()
    point_at(folder, "dir.pdf", SECRET)


def missing(folder: Path, secret: Path) -> None:
    point_at(folder, "hilang.pdf", SECRET)


def backslash(folder: Path, secret: Path) -> None:
    point_at(folder, "..\\outside\\secret.txt", SECRET)


def device(folder: Path, secret: Path) -> None:
    try:
        os.mknod(folder / "null.pdf", 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        (folder / "null.pdf").symlink_to("/dev/null")  # not root: a link to a device instead
    point_at(folder, "null.pdf", b"")


CASES: dict[str, tuple[Case, str]] = {
    "absolute": (absolute, "absolute"),
    "dotdot": (dotdot, "parent"),
    "dotdot-inside": (dotdot_inside, "parent"),
    "link-file": (link_file, "outside"),
    "link-folder": (link_folder, "outside"),
    "link-loop": (link_loop, "outside"),
    "hard-link": (hard_link, "hard-link"),
    "fifo": (fifo, "not-regular"),
    "folder": (folder_itself, "not-regular"),
    "missing": (missing, "missing"),
    "backslash": (backslash, "backslash"),
    "device": (device, "not-regular"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_refuses_with_the_reason(tmp_path: Path, secret: Path, case: str) -> None:
    folder = package(tmp_path / "dp")
    make, reason = CASES[case]
    make(folder, secret)
    declared = json.loads((folder / "datapackage.json").read_text())["resources"][0]["path"]
    with pytest.raises(containment.UnsafePath) as caught:
        containment.check(folder, declared)
    got = caught.value.reason
    assert got == reason or (case == "device" and got in ("not-regular", "outside"))
    assert caught.value.text("id") and caught.value.text("en")


def test_a_link_inside_the_folder_and_a_plain_file_are_fine(tmp_path: Path) -> None:
    folder = package(tmp_path / "dp")
    (folder / "sub").mkdir()
    (folder / "sub" / "real.pdf").write_bytes(b"%PDF-1.4")
    (folder / "alias.pdf").symlink_to(folder / "sub" / "real.pdf")
    assert containment.check(folder, "sub/real.pdf").size == 8
    assert containment.check(folder, "alias.pdf").path == (folder / "sub" / "real.pdf").resolve()
    assert containment.check(folder, "./db1.csv").path.name == "db1.csv"


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_reports_it_and_the_planner_holds_it_back(
    tmp_path: Path,
    secret: Path,
    config: Config,  # noqa: F811
    case: str,
) -> None:
    root = tmp_path / "dp"
    folder = package(root)
    CASES[case][0](folder, secret)
    report = validate_paths([root], config)
    codes = {p.code for p in report.packages[0].all_problems()}
    assert codes & {"unsafe-path", "scheme-error"}, codes
    assert not report.packages[0].valid
    local = read_package(folder, config, root=root)
    assert local.refused and local.files == ()
    plan = make_plan([local], RemoteState(frozenset(), frozenset(), {}))
    assert [(d.name, d.status) for d in plan.datasets] == [("1303-db1-ppwp-2019", "skipped")]
    reason = plan.datasets[0].reason
    assert "tidak pernah diterbitkan" in reason.id and "never published" in reason.en
    assert not plan.organizations and plan.uploads == 0


def test_a_package_folder_linked_from_outside_the_root_is_refused(
    tmp_path: Path,
    config: Config,  # noqa: F811
) -> None:
    elsewhere = package(tmp_path / "elsewhere")
    root = tmp_path / "dp"
    root.mkdir()
    (root / "b").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ValueError, match="luar folder koleksi"):
        read_package(root / "b", config, root=root)
    package(root)  # a real one beside it: the walk does not follow the linked folder
    assert [d.directory.name for d in load_local(Collection.open(root, config))] == ["a"]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeCkan:
    portal = FakeCkan()

    def connect(cfg: Portal, *, need_token: bool = True, **_: object) -> ckan_lib.Ckan:
        token = access.resolve(cfg).token
        return ckan_lib.Ckan(
            "http://ckan.test", token, transport=portal.transport(), sleep=lambda s: None
        )

    monkeypatch.setattr(ckan_lib, "connect", connect)
    return portal


LEVELS = ("collection", "office", "package")


@pytest.mark.parametrize("flags", [[], ["--publish-invalid"], ["--no-validate"]])
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("case", ["absolute", "dotdot", "link-file", "link-folder", "hard-link"])
def test_sync_never_uploads_it(
    tmp_path: Path,
    secret: Path,
    config: Config,  # noqa: F811
    fake: FakeCkan,
    flags: list[str],
    level: str,
    case: str,
) -> None:
    root = tmp_path / "dp"
    office = root / "1303_KPU_KAB_SIJUNJUNG"
    folder = make_package(
        office / "PL.01.8" / "DB1-PPWP", "1303-db1-ppwp-2019", "1303", {"db1.csv": b"kode\n1\n"}
    )
    make_package(office / "PL.01.8" / "DA1-PPWP", "1303-da1-ppwp-2019", "1303", {"x.csv": b"k\n"})
    CASES[case][0](folder, secret)
    given = {"collection": root, "office": office, "package": folder}[level]
    env = {"CKAN_API_TOKEN": fake.token}
    result = CliRunner().invoke(
        cli, ["--config", str(config.directory), "sync", str(given), *flags], env=env
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert all(SECRET not in data for data in fake.files.values())
    assert "1303-db1-ppwp-2019" not in fake.datasets
    if level != "package" and flags:  # the other one (invalid: no narrative) goes all the same
        assert "1303-da1-ppwp-2019" in fake.datasets


def test_a_file_swapped_for_a_link_after_loading_is_not_uploaded(
    tmp_path: Path,
    secret: Path,
    config: Config,  # noqa: F811
) -> None:
    """Checked again where the file is opened: a swap between planning and upload fails the
    dataset ("refused, not uploaded"), the secret stays home."""
    from publisher.sync import apply, prepare

    root = tmp_path / "dp"
    folder = package(root)
    portal = FakeCkan()
    with ckan_lib.Ckan(
        "http://ckan.test", portal.token, transport=portal.transport(), sleep=lambda s: None
    ) as ckan:
        local = [read_package(folder, config, root=root)]
        prepared = prepare(ckan, local, config)
        (folder / "db1.csv").unlink()
        (folder / "db1.csv").symlink_to(secret)
        report = apply(ckan, prepared.plan)
    assert report.results[0].outcome == "failed"
    said = report.results[0].message
    assert "ditolak, tidak diunggah: db1.csv" in said.id
    assert "refused, not uploaded: db1.csv" in said.en
    assert all(SECRET not in data for data in portal.files.values())
