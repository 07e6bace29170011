"""`publisher plan` and `publisher sync` through click's runner, with the fake portal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher import access
from publisher import ckan as ckan_lib
from publisher.cli import cli
from publisher.config import Portal
from tests.fakeckan import FakeCkan
from tests.test_sync import config, make_package  # noqa: F401 - the config fixture

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeCkan:
    portal = FakeCkan()

    def connect(cfg: Portal, *, need_token: bool = True, **_: object) -> ckan_lib.Ckan:
        token = access.resolve(cfg).token
        if need_token and not token:
            raise ckan_lib.PortalError("no API token for the portal")
        return ckan_lib.Ckan(
            "http://ckan.test", token, transport=portal.transport(), sleep=lambda s: None
        )

    monkeypatch.setattr(ckan_lib, "connect", connect)
    return portal


def run(args: list[str], config_dir: Path, env: dict[str, str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--config", str(config_dir), *args], env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_plan_then_sync_then_noop(tmp_path: Path, config, fake: FakeCkan) -> None:  # noqa: F811
    make_package(tmp_path / "a", "1303-db1-ppwp-2019", "1303", {"db1.csv": b"kode\n1303\n"})
    env = {"CKAN_API_TOKEN": fake.token}
    code, out, _ = run(["plan", str(tmp_path), "--format", "json"], config.directory, env)
    assert code == 0
    planned = json.loads(out)
    assert planned["summary"]["create"] == 1 and planned["summary"]["uploads"] == 2
    # plan runs sync's preflight: the token probed with empty creates CKAN refuses; no object
    assert set(fake.writes()) <= {"package_create", "organization_create"}
    assert fake.datasets == {} and fake.orgs == {}
    code, out, _ = run(["sync", str(tmp_path)], config.directory, env)
    assert code == 0, out
    assert "1 dibuat, 0 diperbarui, 0 tetap; 2 berkas diunggah" in out, out
    code, out, _ = run(["plan", str(tmp_path)], config.directory, env)
    assert out.startswith("rencana untuk http://ckan.test:")
    assert "0 dibuat, 0 diperbarui, 1 tetap, 0 konflik; 0 berkas diunggah" in out, out
    code, out, _ = run(["--lang", "en", "sync", str(tmp_path)], config.directory, env)
    assert "0 created, 0 updated, 1 unchanged; 0 uploads" in out, out
    code, out, _ = run(["--lang", "en", "plan", str(tmp_path)], config.directory, env)
    assert out.startswith("plan for http://ckan.test:")
    assert "0 create, 0 update, 1 unchanged, 0 conflict; 0 uploads" in out, out


def test_bad_token_exits_2_before_any_write(tmp_path: Path, config, fake: FakeCkan) -> None:  # noqa: F811
    make_package(tmp_path / "a", "1303-db1-ppwp-2019", "1303", {"db1.csv": b"kode\n1303\n"})
    result = CliRunner().invoke(
        cli,
        ["--config", str(config.directory), "sync", str(tmp_path)],
        env={"CKAN_API_TOKEN": "not-the-token"},
    )
    assert result.exit_code != 0
    assert isinstance(result.exception, ckan_lib.PortalError)
    assert "token" in str(result.exception)
    assert "not-the-token" not in str(result.exception)
    assert fake.datasets == {} and fake.orgs == {}


def test_no_built_packages(tmp_path: Path, config, fake: FakeCkan) -> None:  # noqa: F811
    result = CliRunner().invoke(cli, ["--config", str(config.directory), "plan", str(tmp_path)])
    assert "publisher build" in str(result.exception)


def _bad_package(folder: Path, name: str, csv: bytes, fields: list[dict[str, str]]) -> None:
    make_package(folder, name, "1374", {"data.csv": csv})
    descriptor = folder / "datapackage.json"
    package = json.loads(descriptor.read_text())
    package["resources"][0]["schema"] = {"fields": fields}
    descriptor.write_text(json.dumps(package, indent=2, sort_keys=True) + "\n")


def test_invalid_and_personal_data_are_held_back(
    tmp_path: Path,
    config,  # noqa: F811
    fake: FakeCkan,
) -> None:
    make_package(tmp_path / "ok", "1303-db1-ppwp-2019", "1303", {"db1.csv": b"kode\n1303\n"})
    _bad_package(
        tmp_path / "bad",
        "1374-bad-2019",
        b"kode,suara\n1374,banyak\n",
        [{"name": "kode", "type": "string"}, {"name": "suara", "type": "integer"}],
    )
    _bad_package(
        tmp_path / "nik",
        "1374-dpt-2019",
        b"nik,nama\n1374011203850001,SITI AMINAH\n1374012505900002,BUDI SANTOSO\n",
        [{"name": "nik", "type": "string"}, {"name": "nama", "type": "string"}],
    )
    env = {"CKAN_API_TOKEN": fake.token}
    code, out, _ = run(["sync", str(tmp_path)], config.directory, env)
    assert code == 1
    assert sorted(fake.datasets) == ["1303-db1-ppwp-2019"]
    assert "1374-bad-2019" in out and "1374-dpt-2019" in out
    code, out, _ = run(["sync", str(tmp_path), "--publish-invalid"], config.directory, env)
    assert sorted(fake.datasets) == ["1303-db1-ppwp-2019", "1374-bad-2019"]
    assert code == 1 and "1374-dpt-2019: memuat data pribadi (tidak pernah diterbitkan)" in out


def test_plan_tells_what_sync_will_do(tmp_path: Path, config, fake: FakeCkan) -> None:  # noqa: F811
    """Stale resources, files changed since the build, held-back packages: plan shows the same
    verdicts sync applies, and exits 1 when a package would stay behind."""
    folder = make_package(
        tmp_path / "a",
        "1303-db1-ppwp-2019",
        "1303",
        {"db1.csv": b"kode\n1303\n", "scan.pdf": b"%PDF-1.4\n"},
    )
    env = {"CKAN_API_TOKEN": fake.token}
    assert run(["sync", str(folder)], config.directory, env)[0] == 0
    (folder / "scan.pdf").unlink()
    make_package(folder, "1303-db1-ppwp-2019", "1303", {"db1.csv": b"kode\n1303\n"})
    code, out, _ = run(["plan", str(folder)], config.directory, env)
    assert code == 0 and "dibiarkan  scan.pdf (berkas dihapus dari folder; tetap di portal" in out
    code, out, _ = run(["--lang", "en", "plan", str(folder)], config.directory, env)
    assert "kept      scan.pdf (file removed locally; stays on the portal" in out, out
    (folder / "db1.csv").write_bytes(b"kode\n1303\n1304\n")  # edited after the build
    code, out, _ = run(["plan", str(folder), "--format", "json"], config.directory, env)
    planned = json.loads(out)
    assert code == 1
    assert planned["datasets"][0]["action"] == "skipped"
    assert planned["datasets"][0]["reason"].startswith("berkas berubah sejak build: jalankan")
    code, out, _ = run(
        ["--lang", "en", "plan", str(folder), "--format", "json"], config.directory, env
    )
    [held] = json.loads(out)["datasets"]
    assert held["action"] == "skipped" and held["reason"].startswith(
        "files changed since the build"
    )
    code, out, _ = run(
        ["sync", str(folder), "--dry-run", "--format", "json"], config.directory, env
    )
    assert code == 1 and json.loads(out)["datasets"] == planned["datasets"]


def test_duplicate_resources_are_removed_and_reported(
    tmp_path: Path,
    config,  # noqa: F811
    fake: FakeCkan,
) -> None:
    """Two resources of ours for one path (a create that landed twice): the one whose hash
    matches stays, the other is deleted, and the next plan is unchanged."""
    folder = make_package(tmp_path / "a", "1303-db1-ppwp-2019", "1303", {"db1.csv": b"kode\n1\n"})
    env = {"CKAN_API_TOKEN": fake.token}
    assert run(["sync", str(folder)], config.directory, env)[0] == 0
    resources = fake.datasets["1303-db1-ppwp-2019"]["resources"]
    good = next(r for r in resources if r["kpu_path"] == "db1.csv")
    resources.insert(0, {**good, "id": "id-late", "hash": "0" * 64})
    resources.append({**good, "id": "id-late-2"})
    code, out, _ = run(["plan", str(folder)], config.directory, env)
    assert code == 0 and "menghapus 2 sumber daya duplikat" in out, out
    assert out.count("hapus      db1.csv (duplikat dari berkas yang sama)") == 2
    assert run(["sync", str(folder)], config.directory, env)[0] == 0
    left = [r["id"] for r in fake.datasets["1303-db1-ppwp-2019"]["resources"]]
    assert good["id"] in left and "id-late" not in left and "id-late-2" not in left
    code, out, _ = run(["plan", str(folder)], config.directory, env)
    assert "0 dibuat, 0 diperbarui, 1 tetap" in out


def test_dry_run_is_the_plan_in_json_too(tmp_path: Path, config, fake: FakeCkan) -> None:  # noqa: F811
    make_package(tmp_path / "a", "1303-db1-ppwp-2019", "1303", {"db1.csv": b"kode\n1303\n"})
    env = {"CKAN_API_TOKEN": fake.token}
    code, planned, _ = run(["plan", str(tmp_path), "--format", "json"], config.directory, env)
    args = ["sync", str(tmp_path), "--dry-run", "--format", "json"]
    code2, dry, _ = run(args, config.directory, env)
    assert code == code2 == 0
    assert json.loads(dry) == json.loads(planned)
    assert json.loads(dry)["datasets"][0]["action"] == "create"
    assert fake.datasets == {}
