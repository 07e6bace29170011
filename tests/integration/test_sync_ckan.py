"""plan + sync against the real local CKAN: the "done when" list of the sync issue.

Each test gets its own organisation/group name prefix (through a config copy whose naming patterns
carry a run id) and purges what it made. Files are downloaded back and compared by sha256.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from portal_support import Portal

from publisher.ckan import Ckan, RetryPolicy
from publisher.collection import Collection
from publisher.config import Config, load_config
from publisher.mapping import dataset_to_package
from publisher.plan import Plan
from publisher.sync import SyncReport, apply, load_local, prepare
from tests.faultproxy import FaultProxy
from tests.test_sync import make_package

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]
PUBLISHER = REPO / ".venv" / "bin" / "publisher"


@pytest.fixture
def run_id() -> str:
    return uuid.uuid4().hex[:8]


@pytest.fixture
def config(tmp_path: Path, run_id: str) -> Config:
    folder = tmp_path / "config"
    shutil.copytree(REPO / "config", folder)
    text = (folder / "publisher.yaml").read_text(encoding="utf-8")
    text = text.replace(
        'organization: "kpu-{kode_wilayah}"', f'organization: "kt{run_id}-{{kode_wilayah}}"'
    )
    text = text.replace('group: "tahapan-{kode_tahapan}"', f'group: "kt{run_id}-{{kode_tahapan}}"')
    (folder / "publisher.yaml").write_text(text, encoding="utf-8")
    return load_config(folder)


@pytest.fixture
def tree(tmp_path: Path, run_id: str) -> Path:
    root = tmp_path / "dp"
    make_package(root / "a", f"kt{run_id}-1303-db1", "1303", {"db1.csv": b"kode\n1303\n"})
    make_package(
        root / "b",
        f"kt{run_id}-1374-db1",
        "1374",
        {"db1.csv": b"kode\n1374\n", "scan.pdf": b"%PDF-1.4 fake\n" + os.urandom(2000)},
    )
    return root


@pytest.fixture
def portal(ckan_portal: Portal, run_id: str) -> Iterator[Portal]:
    yield ckan_portal
    with Ckan(ckan_portal.url, ckan_portal.token) as ckan:
        found = ckan.call(
            "package_search", {"q": f"name:kt{run_id}*", "rows": 1000, "include_private": True}
        )
        # only ours: never trust a wildcard query alone before purging
        names = {d["name"] for d in found["results"] if d["name"].startswith(f"kt{run_id}-")}
        for name in names:
            ckan.call("dataset_purge", {"id": name})
        for kind in ("organization", "group"):
            for name in ckan.call(f"{kind}_list", {"limit": 1000}):
                if name.startswith(f"kt{run_id}-"):
                    ckan.call(f"{kind}_purge", {"id": name})


def sync(
    portal: Portal,
    root: Path,
    config: Config,
    *,
    url: str | None = None,
    timeout: float = 30,
    force: bool = False,
    prune: bool = False,
) -> tuple[Plan, SyncReport, Ckan]:
    retry = RetryPolicy(attempts=8, base=0.05, cap=0.5)
    with Ckan(url or portal.url, portal.token, timeout=timeout, retry=retry) as ckan:
        local = load_local(Collection.open(root, config))
        prepared = prepare(ckan, local, config, force=force, prune=prune)
        check = prepared.check
        assert check is None or not (check.problems or check.data_problems), check
        report = apply(ckan, prepared.plan, workers=2)
    return prepared.plan, report, ckan


def download(portal: Portal, url: str) -> bytes:
    return httpx.get(
        url, headers={"Authorization": portal.token}, timeout=30, follow_redirects=True
    ).content


def show(portal: Portal, name: str) -> dict[str, Any]:
    with Ckan(portal.url, portal.token) as ckan:
        return dict(ckan.call("package_show", {"id": name}))


def test_publish_downloads_back_and_resync_is_a_noop(
    portal: Portal, tree: Path, config: Config, run_id: str
) -> None:
    plan, report, _ = sync(portal, tree, config)
    assert plan.count("create") == 2 and report.count("created") == 2, report.to_dict()
    dataset = show(portal, f"kt{run_id}-1374-db1")
    assert [r["kpu_path"] for r in dataset["resources"]] == [
        "db1.csv",
        "scan.pdf",
        "datapackage.json",
    ]
    for res in dataset["resources"]:
        data = download(portal, res["url"])
        assert hashlib.sha256(data).hexdigest() == res["hash"]
        assert data == (tree / "b" / res["kpu_path"]).read_bytes()
    back = dataset_to_package(dataset)
    original = json.loads((tree / "b" / "datapackage.json").read_text())
    assert back["title"] == original["title"] and back["description"] == original["description"]
    assert back["x-kpu"]["kode_wilayah"] == "1374" and back["license_id"] == "cc-by"
    assert [r["hash"] for r in back["resources"]] == [r["hash"] for r in original["resources"]]
    plan2, _report2, ckan2 = sync(portal, tree, config)
    assert plan2.count("unchanged") == 2 and plan2.empty, plan2.to_dict()
    assert ckan2.counters.writes == 0 and ckan2.counters.uploads == 0
    assert ckan2.counters.requests <= 6


def test_one_changed_csv_moves_only_it(
    portal: Portal, tree: Path, config: Config, run_id: str
) -> None:
    sync(portal, tree, config)
    before = {r["kpu_path"]: r for r in show(portal, f"kt{run_id}-1374-db1")["resources"]}
    untouched = show(portal, f"kt{run_id}-1303-db1")
    make_package(
        tree / "b",
        f"kt{run_id}-1374-db1",
        "1374",
        {"db1.csv": b"kode\n1374\n9999\n", "scan.pdf": (tree / "b" / "scan.pdf").read_bytes()},
    )
    plan, _, ckan = sync(portal, tree, config)
    uploads = sorted(r.path for d in plan.datasets for r in d.resources if r.kind == "upload")
    assert uploads == ["datapackage.json", "db1.csv"]
    assert ckan.counters.uploads == 2
    after = {r["kpu_path"]: r for r in show(portal, f"kt{run_id}-1374-db1")["resources"]}
    assert after["db1.csv"]["id"] == before["db1.csv"]["id"]
    assert download(portal, after["db1.csv"]["url"]) == b"kode\n1374\n9999\n"
    assert after["scan.pdf"]["last_modified"] == before["scan.pdf"]["last_modified"]
    assert (
        show(portal, f"kt{run_id}-1303-db1")["metadata_modified"] == untouched["metadata_modified"]
    )


def test_hand_edit_is_a_conflict_unless_forced(
    portal: Portal, tree: Path, config: Config, run_id: str
) -> None:
    sync(portal, tree, config)
    name = f"kt{run_id}-1303-db1"
    with Ckan(portal.url, portal.token) as ckan:
        ckan.call("package_patch", {"id": name, "title": "Disunting di portal"})
    plan, report, _ = sync(portal, tree, config)
    assert [d.name for d in plan.datasets if d.status == "conflict"] == [name]
    assert report.count("conflict") == 1
    assert show(portal, name)["title"] == "Disunting di portal"
    sync(portal, tree, config, force=True)
    assert show(portal, name)["title"] == f"Judul kt{run_id}-1303-db1"


def test_removed_folder_is_deleted_only_with_prune(
    portal: Portal, tree: Path, config: Config, run_id: str
) -> None:
    sync(portal, tree, config)
    shutil.rmtree(tree / "a")
    sync(portal, tree, config)
    assert show(portal, f"kt{run_id}-1303-db1")["state"] == "active"
    plan, _, _ = sync(portal, tree, config, prune=True)
    assert [d.name for d in plan.datasets if d.status == "delete"] == [f"kt{run_id}-1303-db1"]
    assert show(portal, f"kt{run_id}-1303-db1")["state"] == "deleted"
    assert show(portal, f"kt{run_id}-1374-db1")["state"] == "active"


def test_converges_through_a_faulty_proxy(
    portal: Portal, tree: Path, config: Config, run_id: str
) -> None:
    with FaultProxy(portal.url, rate=0.2, seed=11, stall=2.5) as proxy:
        _plan, report, _ckan = sync(portal, tree, config, url=proxy.url, timeout=1.5)
    assert not report.failed, report.to_dict()  # one run is enough
    assert proxy.faults, "the proxy injected no faults"
    plan2, _, _ = sync(portal, tree, config)
    assert plan2.count("unchanged") == 2, plan2.to_dict()
    for name in (f"kt{run_id}-1303-db1", f"kt{run_id}-1374-db1"):
        paths = [r["kpu_path"] for r in show(portal, name)["resources"]]
        assert len(paths) == len(set(paths)), f"duplicate resources in {name}: {paths}"


def test_kill_9_mid_sync_then_rerun_converges(
    portal: Portal, tree: Path, config: Config, run_id: str
) -> None:
    child: list[subprocess.Popen[str]] = []

    def killer(action: str, count: int) -> None:
        if action == "resource_create" and child and child[0].poll() is None:
            os.kill(child[0].pid, signal.SIGKILL)

    env = {**os.environ, "CKAN_API_TOKEN": portal.token}
    with FaultProxy(portal.url, rate=0.0, on_request=killer) as proxy:
        cmd = [
            str(PUBLISHER),
            "--config",
            str(config.directory),
            "sync",
            str(tree),
            "--workers",
            "1",
        ]
        child.append(
            subprocess.Popen(
                cmd,
                env={**env, "CKAN_URL": proxy.url},
                text=True,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        )
        child[0].communicate(timeout=120)
    assert child[0].returncode == -signal.SIGKILL
    done = subprocess.run(
        cmd, env={**env, "CKAN_URL": portal.url}, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr + done.stdout
    plan, _, _ = sync(portal, tree, config)
    assert plan.count("unchanged") == 2, plan.to_dict()
    for name in (f"kt{run_id}-1303-db1", f"kt{run_id}-1374-db1"):
        paths = [r["kpu_path"] for r in show(portal, name)["resources"]]
        assert sorted(paths) == sorted(set(paths))


def test_bad_token_exits_2_before_any_write(
    portal: Portal, tree: Path, config: Config, run_id: str
) -> None:
    env = {**os.environ, "CKAN_URL": portal.url, "CKAN_API_TOKEN": "not-a-valid-token"}
    done = subprocess.run(
        [str(PUBLISHER), "--config", str(config.directory), "sync", str(tree)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "token" in done.stderr and "Traceback" not in done.stderr
    assert "not-a-valid-token" not in done.stderr + done.stdout
    with Ckan(portal.url, portal.token) as ckan:
        assert ckan.call("package_search", {"q": f"name:kt{run_id}*"})["count"] == 0
        assert not [o for o in ckan.call("organization_list", {}) if o.startswith(f"kt{run_id}")]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
