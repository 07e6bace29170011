"""plan + sync against the in-memory fake CKAN: change detection, conflicts, pruning, faults.

The same scenarios run against the real CKAN in tests/integration/test_sync_ckan.py.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

import httpx
import pytest

from publisher.ckan import Ckan, RetryPolicy
from publisher.config import Config, load_config
from publisher.mapping import dataset_to_package, portal_descriptor, read_package
from publisher.plan import Plan, make_plan
from publisher.problems import Bilingual
from publisher.sync import (
    DatasetResult,
    SyncReport,
    apply,
    find_packages,
    owner_pattern,
    preflight,
    read_remote,
    summary,
)
from tests.fakeckan import FakeCkan

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "config")


def make_package(folder: Path, name: str, kode: str, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for filename, data in sorted(files.items()):
        (folder / filename).write_bytes(data)
        fmt = filename.rsplit(".", 1)[1]
        res = {
            "name": filename.rsplit(".", 1)[0].lower().replace("_", "-"),
            "path": filename,
            "format": fmt,
            "mediatype": {"csv": "text/csv", "pdf": "application/pdf"}[fmt],
            "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        }
        if fmt == "csv":
            res["type"] = "table"
            res["schema"] = {"fields": [{"name": "kode", "type": "string"}]}
        resources.append(res)
    package = {
        "name": name,
        "title": f"Judul {name}",
        "description": "Deskripsi paket.\n\nParagraf kedua.",
        "keywords": ["pemilu 2019", "ppwp"],
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "x-kpu": {
            "unit_kerja": f"{kode}_KPU_KAB_CONTOH",
            "kode_wilayah": kode,
            "kode_tahapan": "PL.01.8",
            "jenis_dokumen": "DB1-PPWP",
            "tingkat": "kabupaten/kota",
            "tahun": 2019,
        },
        "resources": resources,
    }
    text = json.dumps(package, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (folder / "datapackage.json").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "dp"
    make_package(root / "a", "1303-db1-ppwp-2019", "1303", {"db1.csv": b"kode\n1303\n"})
    make_package(
        root / "b",
        "1374-db1-ppwp-2019",
        "1374",
        {"db1.csv": b"kode\n1374\n", "scan.pdf": b"%PDF-1.4 fake\n"},
    )
    return root


def sync_once(
    fake: FakeCkan, root: Path, config: Config, **options: Any
) -> tuple[Plan, SyncReport, Ckan]:
    ckan = Ckan(
        "http://ckan.test",
        fake.token,
        transport=fake.transport(),
        sleep=lambda s: None,
        retry=RetryPolicy(attempts=8),
    )
    local = [read_package(p, config) for p in find_packages(root)]
    remote = read_remote(ckan, local)
    plan = make_plan(
        local,
        remote,
        force=options.get("force", False),
        prune=options.get("prune", False),
        owners=owner_pattern(config.naming.organization),
    )
    report = apply(
        ckan,
        plan,
        purge=options.get("purge", False),
        workers=options.get("workers", 2),
        datastore=options.get("datastore", False),
    )
    return plan, report, ckan


def test_first_publish_then_noop(tree: Path, config: Config) -> None:
    fake = FakeCkan()
    plan, _, _ = sync_once(fake, tree, config)
    assert plan.count("create") == 2
    assert sorted(fake.orgs) == ["kpu-13", "kpu-1303", "kpu-1374"] or sorted(fake.orgs) == [
        "kpu-1303",
        "kpu-1374",
    ]
    ds = fake.datasets["1374-db1-ppwp-2019"]
    assert [r["kpu_path"] for r in ds["resources"]] == ["db1.csv", "scan.pdf", "datapackage.json"]
    urls = {r["kpu_path"]: r["url"] for r in ds["resources"]}
    for res in ds["resources"]:
        assert fake.sha256(res["id"]) == res["hash"]  # the bytes served, as `hash` says
        local = (tree / "b" / res["kpu_path"]).read_bytes()
        if res["kpu_path"] == "datapackage.json":  # the portal's copy names files by URL
            assert res["kpu_source_hash"] == hashlib.sha256(local).hexdigest()
            served = json.loads(fake.files[res["id"]])
            assert [r["path"] for r in served["resources"]] == [urls["db1.csv"], urls["scan.pdf"]]
            assert fake.files[res["id"]] == portal_descriptor(local, urls)
        else:
            assert local == fake.files[res["id"]]
    fake.calls.clear()
    plan2, _, ckan2 = sync_once(fake, tree, config)
    assert plan2.count("unchanged") == 2
    assert fake.writes() == []
    assert ckan2.counters.uploads == 0


def test_one_file_changed_reuploads_only_it(tree: Path, config: Config) -> None:
    fake = FakeCkan()
    sync_once(fake, tree, config)
    make_package(
        tree / "b",
        "1374-db1-ppwp-2019",
        "1374",
        {"db1.csv": b"kode\n1374\n1375\n", "scan.pdf": b"%PDF-1.4 fake\n"},
    )
    fake.calls.clear()
    plan, _, _ = sync_once(fake, tree, config)
    assert plan.count("update") == 1 and plan.count("unchanged") == 1
    uploads = [r.path for d in plan.datasets for r in d.resources if r.kind == "upload"]
    # the CSV, and the descriptor that records the CSV's new hash
    assert sorted(uploads) == ["datapackage.json", "db1.csv"]
    assert "package_create" not in fake.calls and "resource_create" not in fake.calls
    ds = fake.datasets["1374-db1-ppwp-2019"]
    csv = next(r for r in ds["resources"] if r["kpu_path"] == "db1.csv")
    assert fake.files[csv["id"]] == b"kode\n1374\n1375\n"
    assert len(ds["resources"]) == 3


def test_hand_edit_is_a_conflict_until_forced(tree: Path, config: Config) -> None:
    fake = FakeCkan()
    sync_once(fake, tree, config)
    fake.datasets["1303-db1-ppwp-2019"]["title"] = "Diubah di portal"
    plan, _, _ = sync_once(fake, tree, config)
    conflict = next(d for d in plan.datasets if d.status == "conflict")
    assert conflict.name == "1303-db1-ppwp-2019"
    assert any(c.field == "title" for c in conflict.changes)
    assert fake.datasets["1303-db1-ppwp-2019"]["title"] == "Diubah di portal"
    sync_once(fake, tree, config, force=True)
    assert fake.datasets["1303-db1-ppwp-2019"]["title"] == "Judul 1303-db1-ppwp-2019"
    plan3, _, _ = sync_once(fake, tree, config)
    assert plan3.count("unchanged") == 2


def test_removed_folder_needs_prune(tree: Path, config: Config) -> None:
    fake = FakeCkan()
    sync_once(fake, tree, config)
    for item in sorted((tree / "a").iterdir()):
        item.unlink()
    (tree / "a").rmdir()
    sync_once(fake, tree, config)
    assert fake.datasets["1303-db1-ppwp-2019"]["state"] == "active"
    sync_once(fake, tree, config, prune=True, purge=True)
    assert "1303-db1-ppwp-2019" not in fake.datasets
    assert fake.datasets["1374-db1-ppwp-2019"]["state"] == "active"


def test_faults_converge(tree: Path, config: Config) -> None:
    fake = FakeCkan()
    rng = random.Random(7)
    injected: list[str] = []

    def fault(action: str, n: int) -> tuple[str, httpx.Response | Exception] | None:
        roll = rng.random()
        if roll < 0.2:
            injected.append(action)
        if roll < 0.1:
            return ("after", httpx.Response(502, text="bad gateway"))
        if roll < 0.2:
            return ("after", httpx.ReadTimeout("timed out"))
        return None

    fake.fault = fault
    sync_once(fake, tree, config)
    assert {"package_create", "resource_create"} & set(injected), injected
    fake.fault = None
    plan, _, _ = sync_once(fake, tree, config)
    assert plan.count("unchanged") == 2
    for ds in fake.datasets.values():
        paths = [r["kpu_path"] for r in ds["resources"]]
        assert len(paths) == len(set(paths)), "no duplicate resources"


def test_interrupted_sync_resumes(tree: Path, config: Config) -> None:
    fake = FakeCkan()

    def crash(action: str, n: int) -> tuple[str, httpx.Response | Exception] | None:
        if action == "resource_create" and fake.calls.count("resource_create") == 2:
            raise KeyboardInterrupt
        return None

    fake.fault = crash
    with pytest.raises(KeyboardInterrupt):
        sync_once(fake, tree, config)
    fake.fault = None
    plan, _, _ = sync_once(fake, tree, config)
    statuses = {d.status for d in plan.datasets}
    assert "conflict" not in statuses and statuses & {"create", "update"}
    plan2, _, _ = sync_once(fake, tree, config)
    assert plan2.count("unchanged") == 2
    for ds in fake.datasets.values():
        paths = [r["kpu_path"] for r in ds["resources"]]
        assert len(paths) == len(set(paths))


def test_bad_token_fails_preflight(tree: Path, config: Config) -> None:
    fake = FakeCkan()
    ckan = Ckan("http://ckan.test", "wrong", transport=fake.transport(), sleep=lambda s: None)
    local = [read_package(p, config) for p in find_packages(tree)]
    remote = read_remote(ckan, local)
    check = preflight(ckan, local, remote, max_upload_mb=10, need_organizations=True)
    assert check.problems and "menolak token API" in check.problems[0].id
    assert "the API token was refused" in check.problems[0].en
    assert fake.writes() == ["package_create"]  # the refused probe, nothing written
    assert fake.datasets == {}


def test_round_trip(tree: Path, config: Config) -> None:
    fake = FakeCkan()
    sync_once(fake, tree, config)
    package = json.loads((tree / "b" / "datapackage.json").read_text())
    back = dataset_to_package(fake.datasets["1374-db1-ppwp-2019"])
    assert back["name"] == package["name"]
    assert back["title"] == package["title"]
    assert back["description"] == package["description"]
    assert back["keywords"] == sorted(package["keywords"])
    assert back["license_id"] == "cc-by"
    for key, value in package["x-kpu"].items():
        assert back["x-kpu"][key] == value
    strip = [{k: r[k] for k in sorted(r) if k != "type"} for r in package["resources"]]
    assert back["resources"] == strip


def test_prune_touches_only_this_configurations_organisations(tree: Path, config: Config) -> None:
    fake = FakeCkan()
    sync_once(fake, tree, config)
    fake.orgs["lain-1303"] = {"name": "lain-1303", "id": "org-x"}
    stranger = {**fake.datasets["1303-db1-ppwp-2019"], "name": "koleksi-lain", "id": "ds-x"}
    stranger["organization"] = {"name": "lain-1303", "id": "org-x"}
    fake.datasets["koleksi-lain"] = stranger
    plan, _, _ = sync_once(fake, tree, config, prune=True)
    assert plan.count("delete") == 0
    assert fake.datasets["koleksi-lain"]["state"] == "active"


def test_a_create_that_lands_late_is_removed_in_the_same_run(tree: Path, config: Config) -> None:
    """The first resource_create is held and lands three requests later, after sync looked
    (twice) and created the file again under a new id: the run ends with one resource per
    path, says so, and the next plan is unchanged."""
    fake = FakeCkan()
    held: list[str] = []

    def fault(action: str, n: int) -> tuple[str, httpx.Response | Exception] | None:
        if action == "resource_create" and not held:
            held.append(action)
            return ("late", httpx.ReadTimeout("timed out"))
        return None

    fake.fault = fault
    _plan, report, _ = sync_once(fake, tree, config, workers=1)
    assert held and not report.failed and report.late_removed == 1, report.to_dict()
    for ds in fake.datasets.values():
        paths = [r["kpu_path"] for r in ds["resources"]]
        assert len(paths) == len(set(paths)), paths
    said = {lang: summary(report, "http://ckan.test", lang) for lang in ("id", "en")}
    late_id = "1 sumber daya yang terbuat dua kali oleh permintaan yang terlambat sudah dihapus"
    assert late_id in said["id"].splitlines(), said["id"]
    assert "1 resource(s) created twice by a late request, removed" in said["en"].splitlines()
    fake.fault = None
    plan, _, _ = sync_once(fake, tree, config)
    assert plan.count("unchanged") == 2


def test_the_closing_summary_speaks_the_runs_language() -> None:
    report = SyncReport(
        results=[
            DatasetResult("1303-db1-2019", "created", uploads=2),
            DatasetResult("1374-db1-2019", "failed", Bilingual("portal menolaknya", "refused")),
            DatasetResult("1374-dpt-2019", "skipped", Bilingual("data pribadi", "personal data")),
        ],
        counters={"uploads": 2, "requests": 31, "retries": 3},
        seconds=4.16,
    )
    lines = summary(report, "http://ckan.test", "id").splitlines()
    assert lines == [
        "  gagal      1374-db1-2019: portal menolaknya",
        "  ditahan    1374-dpt-2019: data pribadi",
        "1 dibuat, 0 diperbarui, 0 tetap, 1 ditahan, 1 gagal; 2 berkas diunggah, 31 permintaan"
        " (3 diulang) dalam 4,2 detik",
        "portal: http://ckan.test/dataset/",
    ]
    assert summary(report, "http://ckan.test") == "\n".join(lines)  # the default
    lines = summary(report, "http://ckan.test", "en").splitlines()
    assert lines == [
        "  failed    1374-db1-2019: refused",
        "  skipped   1374-dpt-2019: personal data",
        "1 created, 0 updated, 0 unchanged, 1 skipped, 1 failed; 2 uploads, 31 requests"
        " (3 retried) in 4.2 s",
        "portal: http://ckan.test/dataset/",
    ]
    as_json = {lang: report.to_dict(lang)["datasets"][1] for lang in ("id", "en")}
    assert as_json["id"] == {**as_json["en"], "message": "portal menolaknya"}
    assert as_json["en"]["outcome"] == "failed" and as_json["en"]["message"] == "refused"


def test_the_preflight_says_what_to_change_in_both_languages(tree: Path, config: Config) -> None:
    """A licence the portal does not know, a tag CKAN refuses, a file over the upload limit:
    each finding names the dataset or file, and the key to change, in each language."""
    from dataclasses import replace

    from publisher.plan import RemoteState
    from publisher.sync.preflight import _check_local

    [local, *_] = [read_package(p, config) for p in find_packages(tree)]
    tags = [*local.dataset["tags"], {"name": "x"}]
    local = replace(local, dataset={**local.dataset, "tags": tags})
    remote = RemoteState(frozenset(), frozenset(), {}, licenses=frozenset({"odc-by"}))
    found = _check_local([local], remote, max_upload_mb=0)
    licence, tag, *too_big = found
    assert licence.id.startswith(f"{local.name}: lisensi 'cc-by' tidak dikenal portal (odc-by)")
    assert "`Lisensi`" in licence.id and "`licenses` (config/publisher.yaml)" in licence.id
    assert licence.en.startswith(f"{local.name}: licence 'cc-by' unknown to the portal (odc-by)")
    assert tag.id == f"{local.name}: tag 'x' tidak diizinkan CKAN (2-100 huruf, angka, -_.): " + (
        "ubah `Tag` di narasi paket itu"
    )
    assert tag.en.startswith(f"{local.name}: tag 'x' is not allowed by CKAN")
    assert too_big and all("melebihi batas unggah portal" in f.id for f in too_big)
    assert all("portal.max_upload_mb" in f.id and "upload limit" in f.en for f in too_big)
