"""`publisher report` against the real local CKAN: after a sync its portal column says what is
on the portal, package by package, and after one table changes it says which package is outdated.

One province of the bundled collection (DI Yogyakarta) is built with a config whose dataset,
organisation and group names carry a run id, published, and purged afterwards.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from portal_support import Portal, purge_run, run_config

from publisher.build import build_tree
from publisher.ckan import Ckan
from publisher.collection import Collection
from publisher.config import Config, load_config
from publisher.report import Status, build_status
from publisher.report.types import PackageEntry
from publisher.sync import apply, load_local, prepare

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]
PROVINCE = "34_KPU_PROV_DI_YOGYAKARTA"
CHANGED = f"{PROVINCE}/3471_KPU_KOTA_YOGYAKARTA/PL.01.8/DB1-PPWP"


@pytest.fixture
def run_id() -> str:
    return "rt" + uuid.uuid4().hex[:8]


@pytest.fixture
def config(tmp_path: Path, run_id: str) -> Config:
    return load_config(run_config(tmp_path / "config", run_id))


@pytest.fixture
def root(tmp_path: Path, config: Config) -> Path:
    root = tmp_path / "datapackages"
    shutil.copytree(REPO / "datapackages" / PROVINCE, root / PROVINCE)
    result = build_tree(root, config)
    assert result.count("built") >= 5, result
    return root


@pytest.fixture
def portal(ckan_portal: Portal, run_id: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Portal]:
    monkeypatch.setenv("CKAN_URL", ckan_portal.url)
    monkeypatch.setenv("CKAN_API_TOKEN", ckan_portal.token)
    yield ckan_portal
    purge_run(ckan_portal.url, ckan_portal.token, run_id)


def packages(status: Status) -> dict[str, PackageEntry]:
    return {p.path: p for _, office in status.offices() for p in office.packages}


def test_report_follows_the_portal(portal: Portal, root: Path, config: Config) -> None:
    before = build_status(root, config, offline=False, lang="en")
    built = [p for p in packages(before).values() if p.built]
    assert built and all(p.portal == "unpublished" for p in built)
    assert before.portal and before.totals.unpublished == len(built)

    with Ckan(portal.url, portal.token) as ckan:
        prepared = prepare(ckan, load_local(Collection.open(root, config)), config)
        report = apply(ckan, prepared.plan, workers=2)
    assert report.count("created") == len(built), report.to_dict()

    after = build_status(root, config, offline=False, lang="en")
    published = packages(after)
    assert all(published[p.path].portal == "current" for p in built)
    assert after.totals.published_current == len(built)
    with Ckan(portal.url, portal.token) as ckan:  # the links lead to those very datasets
        for p in built:
            name = published[p.path].url.rstrip("/").rsplit("/", 1)[-1]
            assert ckan.call("package_show", {"id": name})["name"] == p.name

    # one table changes (a name's spelling: still valid) and is rebuilt: that package only
    table = root / CHANGED / "db1-ppwp-kota-yogyakarta.csv"
    table.write_text(table.read_text(encoding="utf-8").replace(",Jetis,", ",JETIS,"), "utf-8")
    assert build_tree(root, config).count("built") == 1
    changed = build_status(root, config, offline=False, lang="en")
    states = {path: p.portal for path, p in packages(changed).items() if p.built}
    assert states.pop(CHANGED) == "outdated"
    assert set(states.values()) == {"current"}
    assert changed.totals.published_outdated == 1

    offline = build_status(root, config, offline=True, lang="en")
    assert {p.portal for p in packages(offline).values()} == {None}
    assert offline.totals.published_current == 0
