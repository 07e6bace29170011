"""Office → province hand-off: bundle, collect (verified, all or nothing), history, undo.

The offices are the bundled collection's Sumatera Barat kab/kota offices, built once; every test
works on its own copy. Crashes are real: `publisher collect` runs in a subprocess told by
$KPU_PROVINCE_CRASH_AT to stop dead at one of its steps.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.build import build_tree
from publisher.cli import cli
from publisher.config import Config, load_config
from publisher.errors import InputError
from publisher.province import bundle, collect, entries, undo
from publisher.province.swap import CRASH_ENV, CRASH_EXIT

REPO = Path(__file__).resolve().parents[1]
PROV = "13_KPU_PROV_SUMATERA_BARAT"
SIJUNJUNG = f"{PROV}/1303_KPU_KAB_SIJUNJUNG"
PADANG = f"{PROV}/1374_KPU_KOTA_PADANG_PANJANG"
SINGKAWANG = "61_KPU_PROV_KALIMANTAN_BARAT/6172_KPU_KOTA_SINGKAWANG"


@pytest.fixture(scope="module")
def real_config() -> Config:
    return load_config(REPO / "config")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, real_config: Config) -> Path:
    root = tmp_path_factory.mktemp("offices") / "datapackages"
    shutil.copytree(REPO / "datapackages", root)
    build_tree(root, real_config)
    return root


@pytest.fixture
def offices(tmp_path: Path, built: Path) -> Path:
    root = tmp_path / "offices"
    shutil.copytree(built, root, symlinks=True)
    return root


@pytest.fixture
def province(tmp_path: Path) -> Path:
    root = tmp_path / "provinsi"
    (root / PROV).mkdir(parents=True)
    return root


def snapshot(root: Path) -> dict[str, str]:
    """Every file of a tree (outside the store) → its sha256: what "unchanged" means."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".kpu-province" not in p.relative_to(root).parts
    }


def make_bundle(offices: Path, office: str, config: Config, out: Path) -> Path:
    result = bundle(offices / office, config, out=out, by="operator kantor")
    assert result.archive == out, result.left_out
    return out


def rewrite(
    archive: Path, change: Callable[[tarfile.TarInfo, bytes], tuple[tarfile.TarInfo, bytes]]
) -> None:
    """The archive re-packed with each member passed through `change`."""
    members = []
    with tarfile.open(archive, "r:gz") as tar:
        for m in tar:
            handle = tar.extractfile(m)
            members.append(change(m, handle.read() if handle else b""))
    with tarfile.open(archive, "w:gz") as tar:
        for info, body in members:
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body) if info.isreg() else None)


# --- bundle ---------------------------------------------------------------------------------


def test_bundle_holds_every_file_of_the_ready_packages_with_their_hashes(
    offices: Path, real_config: Config, tmp_path: Path
) -> None:
    out = make_bundle(offices, SIJUNJUNG, real_config, tmp_path / "b.tgz")
    with tarfile.open(out, "r:gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        names = {m.name for m in tar if m.isreg()}
        bodies = {m.name: tar.extractfile(m).read() for m in tar if m.isreg()}  # type: ignore[union-attr]
    assert manifest["office"] == {"kode": "1303", "path": SIJUNJUNG}
    assert manifest["created_by"] == "operator kantor" and manifest["created"].endswith("Z")
    assert manifest["tool"]["name"] == "kpu-publisher" and manifest["tool"]["version"]
    assert len(manifest["config"]["sha256"]) == 64 and manifest["config"]["files"] > 10
    assert {p["path"] for p in manifest["packages"]} == {
        f"{SIJUNJUNG}/PL.01.2/DPT",
        f"{SIJUNJUNG}/PL.01.8/C1-PPWP",
        f"{SIJUNJUNG}/PL.01.8/DA1-PPWP",
        f"{SIJUNJUNG}/PL.01.8/DAA1-PPWP",
        f"{SIJUNJUNG}/PL.01.8/DB1-PPWP",
    }
    assert all(p["valid"] and not p["blocked"] for p in manifest["packages"])
    on_disk = {
        p.relative_to(offices).as_posix()
        for p in (offices / SIJUNJUNG).rglob("*")
        if p.is_file() and p.name != "validation.json"
    }
    assert names == {"manifest.json"} | {f"data/{rel}" for rel in on_disk}
    for f in manifest["files"]:
        body = bodies[f"data/{f['path']}"]
        assert f["bytes"] == len(body) and f["sha256"] == hashlib.sha256(body).hexdigest()


def test_bundle_never_packs_personal_data(
    offices: Path, real_config: Config, tmp_path: Path
) -> None:
    folder = offices / SIJUNJUNG / "PL.01.2" / "DPT"
    (folder / "dpt-tps-001.csv").write_text(
        "nik,nama,tanggal_lahir,alamat\n1303054107850001,SITI AMINAH,1985-07-01,JORONG KOTO\n",
        encoding="utf-8",
    )
    narasi = folder / "narasi.md"
    narasi.write_text(
        narasi.read_text(encoding="utf-8").replace(
            "Berkas:\n", 'Berkas:\n  - "dpt-tps-001.csv"\n', 1
        ),
        encoding="utf-8",
    )
    build_tree(offices, real_config)
    result = bundle(offices / SIJUNJUNG, real_config, out=tmp_path / "b.tgz")
    assert result.exit_code == 1
    assert [(p.code, p.path) for p in result.left_out] == [
        ("province-personal-data", f"{SIJUNJUNG}/PL.01.2/DPT")
    ]
    with tarfile.open(tmp_path / "b.tgz", "r:gz") as tar:
        assert not [m.name for m in tar if "/PL.01.2/DPT/" in m.name]
        everything = b"".join(tar.extractfile(m).read() for m in tar if m.isreg())  # type: ignore[union-attr]
    assert b"1303054107850001" not in everything and b"SITI AMINAH" not in everything


def test_bundle_of_an_office_with_nothing_ready_writes_nothing(
    offices: Path, real_config: Config, tmp_path: Path
) -> None:
    for descriptor in (offices / PADANG).rglob("datapackage.json"):
        descriptor.unlink()
    result = bundle(offices / PADANG, real_config, out=tmp_path / "b.tgz")
    assert result.archive is None and result.exit_code == 1
    assert not (tmp_path / "b.tgz").exists()
    codes = sorted({p.code for p in result.left_out})
    assert codes == ["province-no-package", "province-not-ready"]
    assert "not ready to upload (not built)" in result.left_out[0].message("en")
    assert "belum siap unggah (belum dibangun)" in result.left_out[0].message("id")


def test_bundle_of_a_province_folder_is_refused(offices: Path) -> None:
    result = CliRunner().invoke(cli, ["bundle", str(offices / PROV)])
    assert result.exit_code == 2 or "kabupaten/kota" in str(result.exception)


# --- collect --------------------------------------------------------------------------------


def test_two_offices_collected_into_the_province_tree(
    offices: Path, province: Path, real_config: Config, tmp_path: Path
) -> None:
    b1 = make_bundle(offices, SIJUNJUNG, real_config, tmp_path / "sijunjung.tgz")
    b2 = make_bundle(offices, PADANG, real_config, tmp_path / "padang.tgz")
    result = collect([b1, b2], province, real_config)
    assert result.exit_code == 0, result.to_dict("en")
    got = snapshot(province)
    for office in (SIJUNJUNG, PADANG):
        sent = {
            k: v
            for k, v in snapshot(offices).items()
            if k.startswith(office + "/") and not k.endswith("validation.json")
        }
        assert {k: got[k] for k in sent} == sent  # byte for byte
    history = entries(province)
    assert [(e["seq"], e["office"]["kode"], e["bundle"]["file"]) for e in history] == [
        (1, "1303", "sijunjung.tgz"),
        (2, "1374", "padang.tgz"),
    ]
    assert history[0]["bundle"]["sha256"] == hashlib.sha256(b1.read_bytes()).hexdigest()
    assert history[0]["bundle"]["created_by"] == "operator kantor"
    made_with, checked_with = history[0]["bundle"]["config"], history[0]["checked_with"]["config"]
    assert made_with == checked_with  # the same config at the office and the province
    assert set(history[0]["packages"].values()) == {"new"}


def test_a_changed_package_replaces_its_folder_and_the_old_one_is_kept(
    offices: Path, province: Path, real_config: Config, tmp_path: Path
) -> None:
    collect(
        [make_bundle(offices, SIJUNJUNG, real_config, tmp_path / "1.tgz")], province, real_config
    )
    before = snapshot(province)
    csv = offices / SIJUNJUNG / "PL.01.8" / "C1-PPWP" / "c1-ppwp-kabupaten-sijunjung.csv"
    old = csv.read_bytes()
    (offices / SIJUNJUNG / "PL.01.8" / "C1-PPWP" / "catatan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    narasi = offices / SIJUNJUNG / "PL.01.8" / "C1-PPWP" / "NARASI_C1-PPWP.txt"
    text = narasi.read_text(encoding="utf-8")
    narasi.write_text(text.replace("Berkas:\n", "Berkas:\n- catatan.pdf\n", 1), encoding="utf-8")
    build_tree(offices, real_config)
    result = collect(
        [make_bundle(offices, SIJUNJUNG, real_config, tmp_path / "2.tgz")], province, real_config
    )
    states = result.outcomes[0].packages
    assert states[f"{SIJUNJUNG}/PL.01.8/C1-PPWP"] == "replaced"
    assert list(states.values()).count("unchanged") == 4
    live = province / SIJUNJUNG / "PL.01.8" / "C1-PPWP"
    assert (live / "catatan.pdf").is_file() and (live / csv.name).read_bytes() == old
    kept = province / ".kpu-province" / "history" / "000002-1303" / "tree" / SIJUNJUNG
    assert not (kept / "PL.01.8" / "C1-PPWP" / "catatan.pdf").exists()
    assert snapshot(kept) == {k[len(SIJUNJUNG) + 1 :]: v for k, v in before.items()}


def test_a_tampered_bundle_is_refused_and_changes_nothing(
    offices: Path, province: Path, real_config: Config, tmp_path: Path
) -> None:
    archive = make_bundle(offices, SIJUNJUNG, real_config, tmp_path / "b.tgz")

    def edit(info: tarfile.TarInfo, body: bytes) -> tuple[tarfile.TarInfo, bytes]:
        if info.name.endswith("db1-ppwp-kabupaten-sijunjung.csv"):
            return info, body[:-3] + bytes([body[-3] ^ 1]) + body[-2:]  # one digit, same size
        return info, body

    rewrite(archive, edit)
    before = snapshot(province)
    result = collect([archive], province, real_config)
    refusal = result.outcomes[0].refusal
    assert result.exit_code == 1 and refusal is not None
    assert refusal.code == "province-bundle-tampered"
    assert "db1-ppwp-kabupaten-sijunjung.csv" in refusal.message() and "sha256" in refusal.message()
    assert snapshot(province) == before and entries(province) == []
    assert list((province / ".kpu-province" / "work").iterdir()) == []


def test_a_file_added_to_a_bundle_is_refused(
    offices: Path, province: Path, real_config: Config, tmp_path: Path
) -> None:
    archive = make_bundle(offices, PADANG, real_config, tmp_path / "b.tgz")
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar if m.isreg()]  # type: ignore[union-attr]
    extra = tarfile.TarInfo(f"data/{PADANG}/PL.01.8/C1-PPWP/tambahan.csv")
    members.append((extra, b"a,b\n1,2\n"))
    with tarfile.open(archive, "w:gz") as tar:
        for info, body in members:
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    refusal = collect([archive], province, real_config).outcomes[0].refusal
    assert refusal is not None and refusal.code == "province-bundle-tampered"
    assert "not in the manifest" in refusal.message()


def test_a_truncated_bundle_is_refused(
    offices: Path, province: Path, real_config: Config, tmp_path: Path
) -> None:
    archive = make_bundle(offices, SIJUNJUNG, real_config, tmp_path / "b.tgz")
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    before = snapshot(province)
    refusal = collect([archive], province, real_config).outcomes[0].refusal
    assert refusal is not None and refusal.code == "province-bundle-unreadable"
    assert "terpotong" in refusal.message("id")
    assert snapshot(province) == before


@pytest.mark.parametrize(
    ("name", "kind", "why"),
    [
        (f"data/{PADANG}/../../../evil.txt", tarfile.REGTYPE, "'..'"),
        ("/tmp/evil.txt", tarfile.REGTYPE, "absolute"),
        (f"data/{PADANG}/PL.01.8/C1-PPWP/link.csv", tarfile.SYMTYPE, "link"),
        (f"data/{PADANG}/PL.01.8/C1-PPWP/hard.csv", tarfile.LNKTYPE, "link"),
    ],
)
def test_unsafe_members_are_refused_before_anything_is_written(
    offices: Path,
    province: Path,
    real_config: Config,
    tmp_path: Path,
    name: str,
    kind: bytes,
    why: str,
) -> None:
    archive = make_bundle(offices, PADANG, real_config, tmp_path / "b.tgz")
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar if m.isreg()]  # type: ignore[union-attr]
    bad = tarfile.TarInfo(name)
    bad.type = kind
    bad.linkname = "/etc/passwd"
    with tarfile.open(archive, "w:gz") as tar:
        for info, body in [(bad, b"evil\n"), *members]:
            info.size = len(body) if info.isreg() else 0
            tar.addfile(info, io.BytesIO(body) if info.isreg() else None)
    before = snapshot(province)
    refusal = collect([archive], province, real_config).outcomes[0].refusal
    assert refusal is not None and refusal.code == "province-bundle-unsafe"
    assert why in refusal.message("en")
    assert snapshot(province) == before
    assert not list(tmp_path.rglob("evil.txt"))


def test_a_bundle_of_an_office_of_another_province_is_refused(
    offices: Path, province: Path, real_config: Config, tmp_path: Path
) -> None:
    archive = make_bundle(offices, SINGKAWANG, real_config, tmp_path / "singkawang.tgz")
    result = collect([archive], province, real_config)
    refusal = result.outcomes[0].refusal
    assert refusal is not None and refusal.code == "province-foreign-office"
    assert "6172" in refusal.message() and "provinsi 13" in refusal.message()
    assert not (province / "61_KPU_PROV_KALIMANTAN_BARAT").exists()


def test_a_manifest_that_claims_another_office_is_refused(
    offices: Path, province: Path, real_config: Config, tmp_path: Path
) -> None:
    """Moving files of 6172 under 13's folder in the manifest is caught: paths must match."""
    archive = make_bundle(offices, SIJUNJUNG, real_config, tmp_path / "b.tgz")

    def claim(info: tarfile.TarInfo, body: bytes) -> tuple[tarfile.TarInfo, bytes]:
        if info.name == "manifest.json":
            data = json.loads(body)
            data["office"]["kode"] = "1374"
            return info, json.dumps(data).encode()
        return info, body

    rewrite(archive, claim)
    refusal = collect([archive], province, real_config).outcomes[0].refusal
    assert refusal is not None and refusal.code == "province-foreign-office"


def test_packages_invalid_with_the_provinces_config_are_refused(
    offices: Path, province: Path, real_config: Config, tmp_path: Path
) -> None:
    archive = make_bundle(offices, SIJUNJUNG, real_config, tmp_path / "b.tgz")
    strict = tmp_path / "config"
    shutil.copytree(REPO / "config", strict)
    yaml_file = strict / "publisher.yaml"
    text = yaml_file.read_text(encoding="utf-8").replace("license: cc-by ", "license: cc-zero ")
    lines = [line for line in text.splitlines() if not line.startswith("  cc-by:")]
    yaml_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = collect([archive], province, load_config(strict))
    refusal = result.outcomes[0].refusal
    assert refusal is not None and refusal.code == "province-invalid-here", result.to_dict("en")
    assert not (province / SIJUNJUNG).exists()


# --- crashes: a real process, stopped dead between its steps ----------------------------------


def run_collect(
    archive: Path, province: Path, crash: str | None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != CRASH_ENV}
    if crash:
        env[CRASH_ENV] = crash
    command = [sys.executable, "-m", "publisher", "--config", str(REPO / "config"), "collect"]
    return subprocess.run(
        [*command, str(archive), "--into", str(province)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("point", ["copying", "staged", "swap"])
def test_a_crash_before_the_swap_leaves_the_tree_as_it_was(
    offices: Path, province: Path, real_config: Config, tmp_path: Path, point: str
) -> None:
    collect(
        [make_bundle(offices, SIJUNJUNG, real_config, tmp_path / "1.tgz")], province, real_config
    )
    (offices / SIJUNJUNG / "PL.01.8" / "DB1-PPWP" / "db1-ppwp-kabupaten-sijunjung.pdf").write_bytes(
        b"%PDF-1.4\n% revised\n%%EOF\n"
    )
    build_tree(offices, real_config)
    archive = make_bundle(offices, SIJUNJUNG, real_config, tmp_path / "2.tgz")
    before = snapshot(province)
    crashed = run_collect(archive, province, point)
    assert crashed.returncode == CRASH_EXIT, crashed.stderr
    assert snapshot(province) == before  # right after the crash, before any recovery
    again = run_collect(archive, province, None)  # the next run throws the work away, then works
    assert again.returncode == 0, again.stderr
    assert [e["seq"] for e in entries(province)] == [1, 2]
    assert list((province / ".kpu-province" / "work").iterdir()) == []
    assert snapshot(province) != before


def test_a_crash_right_after_the_swap_is_filed_by_the_next_run(
    offices: Path, province: Path, real_config: Config, tmp_path: Path
) -> None:
    archive = make_bundle(offices, PADANG, real_config, tmp_path / "1.tgz")
    crashed = run_collect(archive, province, "swapped")
    assert crashed.returncode == CRASH_EXIT
    assert (province / PADANG / "PL.01.8" / "C1-PPWP").is_dir()  # the swap is the commit point
    assert entries(province) == []
    again = run_collect(archive, province, None)
    assert again.returncode == 0 and "dipulihkan" in again.stdout
    assert [(e["seq"], e["office"]["kode"]) for e in entries(province)] == [(1, "1374")]


# --- undo -----------------------------------------------------------------------------------


def test_undo_puts_the_office_folder_back_and_is_recorded(
    offices: Path, province: Path, real_config: Config, tmp_path: Path
) -> None:
    collect(
        [make_bundle(offices, SIJUNJUNG, real_config, tmp_path / "1.tgz")], province, real_config
    )
    first = snapshot(province)
    (offices / SIJUNJUNG / "PL.01.8" / "DB1-PPWP" / "db1-ppwp-kabupaten-sijunjung.pdf").write_bytes(
        b"%PDF-1.4\n% revised\n%%EOF\n"
    )
    build_tree(offices, real_config)
    collect(
        [make_bundle(offices, SIJUNJUNG, real_config, tmp_path / "2.tgz")], province, real_config
    )
    assert snapshot(province) != first
    done = undo(province, "1303")
    assert (done.undone, done.seq, done.removed) == (2, 3, False)
    after = snapshot(province)
    marker = f"{SIJUNJUNG}/.kpu-collect"
    assert {k: v for k, v in after.items() if k != marker} == {
        k: v for k, v in first.items() if k != marker
    }
    history = entries(province)
    assert [(e["seq"], e["kind"], e["undone"]) for e in history] == [
        (1, "collect", None),
        (2, "collect", 3),
        (3, "undo", None),
    ]
    # undo again: collect #1 brought the office in new, so it goes
    assert undo(province, "1303").removed is True
    assert not (province / SIJUNJUNG).exists() and (province / PROV).is_dir()
    result = CliRunner().invoke(cli, ["undo", "--into", str(province), "--office", "1303"])
    assert result.exit_code != 0


def test_cli_collect_and_history_in_both_languages(
    offices: Path, province: Path, real_config: Config, tmp_path: Path
) -> None:
    archive = make_bundle(offices, PADANG, real_config, tmp_path / "padang.tgz")
    runner = CliRunner()
    done = runner.invoke(cli, ["collect", str(archive), "--into", str(province)])
    assert done.exit_code == 0 and "baru" in done.output
    shown = runner.invoke(cli, ["--lang", "en", "history", str(province), "--format", "json"])
    data = json.loads(shown.output)
    assert data["entries"][0]["bundle"]["file"] == "padang.tgz"
    refused = runner.invoke(cli, ["collect", str(tmp_path / "nope.tgz"), "--into", str(province)])
    assert refused.exit_code == 1 and "tidak dapat dibaca" in refused.output


@pytest.mark.parametrize(
    "package",
    [
        f"{PADANG}/PL.01.8/../../../../../victim",
        f"{PADANG}/PL.01.8",
        f"{PADANG}/./PL.01.8/C1-PPWP",
        f"{PADANG}/PL.01.8/KOSONG",
    ],
)
def test_a_manifest_naming_a_package_outside_or_without_files_is_refused(
    offices: Path, province: Path, real_config: Config, tmp_path: Path, package: str
) -> None:
    """Member names are checked as the archive is read; package paths only the manifest names:
    one with `..`, a stage folder or a package without files could make collect replace a
    folder elsewhere."""
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("x", encoding="utf-8")
    archive = make_bundle(offices, PADANG, real_config, tmp_path / "b.tgz")

    def claim(info: tarfile.TarInfo, body: bytes) -> tuple[tarfile.TarInfo, bytes]:
        if info.name == "manifest.json":
            data = json.loads(body)
            data["packages"].append({"path": package, "valid": True, "blocked": False})
            return info, json.dumps(data).encode()
        return info, body

    rewrite(archive, claim)
    before = snapshot(province)
    refusal = collect([archive], province, real_config).outcomes[0].refusal
    assert refusal is not None and refusal.code == "province-bundle-unsafe"
    assert (victim / "keep.txt").is_file() and snapshot(province) == before


def test_bundle_of_named_folders_only(offices: Path, real_config: Config, tmp_path: Path) -> None:
    folder = offices / SIJUNJUNG / "PL.01.8" / "C1-PPWP"
    result = bundle(offices / SIJUNJUNG, real_config, out=tmp_path / "b.tgz", folders=[folder])
    assert result.packages == [f"{SIJUNJUNG}/PL.01.8/C1-PPWP"] and result.exit_code == 0
    with pytest.raises(InputError):
        bundle(offices / SIJUNJUNG, real_config, folders=[offices / PADANG / "PL.01.8" / "C1-PPWP"])


def test_a_package_holding_a_link_is_not_bundled(
    offices: Path, real_config: Config, tmp_path: Path
) -> None:
    folder = offices / PADANG / "PL.01.8" / "C1-PPWP"
    (folder / "tautan.txt").symlink_to("/etc/hostname")
    result = bundle(offices / PADANG, real_config, out=tmp_path / "b.tgz")
    # a link out of the tree is a folder problem (not ready); one inside it, a file refused
    [refusal] = result.left_out
    assert refusal.code in ("province-not-ready", "province-unsafe-file")
    assert refusal.path.startswith(f"{PADANG}/PL.01.8/C1-PPWP")
    (folder / "tautan.txt").unlink()
    (folder / "tautan.txt").symlink_to(folder / "narasi.md")
    assert {p.code for p in bundle(offices / PADANG, real_config, out=tmp_path / "c.tgz").left_out}
    for made in ("b.tgz", "c.tgz"):
        with tarfile.open(tmp_path / made, "r:gz") as tar:
            assert not [m.name for m in tar if "/C1-PPWP/" in m.name]


def test_a_mistyped_tree_is_could_not_run_and_creates_nothing(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = tmp_path / "provnsi"
    for args in (["undo", "--into", str(missing), "--office", "1303"], ["history", str(missing)]):
        result = runner.invoke(cli, args)
        assert isinstance(result.exception, InputError) and "tidak ada" in str(result.exception)
    assert not missing.exists()


def test_one_collect_at_a_time(
    offices: Path, province: Path, real_config: Config, tmp_path: Path
) -> None:
    from publisher.province.swap import locked

    archive = make_bundle(offices, PADANG, real_config, tmp_path / "b.tgz")
    with locked(province / ".kpu-province"), pytest.raises(InputError, match="sedang berjalan"):
        collect([archive], province, real_config)
    assert collect([archive], province, real_config).exit_code == 0
