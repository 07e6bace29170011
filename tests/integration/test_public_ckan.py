"""What the public sees, queries and reuses on the real CKAN (issue 16), for the bundled collection.

One sync of the whole collection (under names unique to the run), then, read back as a member of
the public would (anonymously): every dataset's datapackage.json validates with frictionless from
its portal URL; tables are in the DataStore, typed, with the Table Schema's Indonesian labels, and
previewed; PDFs have a document view; the KPU fields are real fields of the portal's schema (on
the KPU profile) with facets; a second sync plans only "unchanged".
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from frictionless import validate
from portal_support import Portal, purge_run, run_config

from publisher import tasks
from publisher.ckan import Ckan
from publisher.collection import Collection
from publisher.config import Config, load_config

pytestmark = pytest.mark.integration
REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Published:
    portal: Portal
    run: str
    root: Path
    config: Config
    first: tasks.Synced
    names: tuple[str, ...]
    plugins: frozenset[str]

    @property
    def kpu_profile(self) -> bool:
        """The KPU portal profile (make ckan-local); a plain CKAN (CKAN_LOCAL_PROFILE=plain)
        runs the same path, its KPU values in extras and without views, DCAT or labels."""
        return {"kpu", "scheming_datasets"} <= self.plugins

    def get(self, action: str, **params: Any) -> Any:
        """An anonymous Action API read, as anyone may make it."""
        answer = httpx.get(f"{self.portal.url}/api/3/action/{action}", params=params, timeout=30)
        assert answer.status_code == 200, answer.text[:300]
        return answer.json()["result"]


def _config(folder: Path, run: str) -> Config:
    return load_config(run_config(folder, run))


@pytest.fixture(scope="module")
def published(ckan_portal: Portal, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    run = "kp" + uuid.uuid4().hex[:8]
    base = tmp_path_factory.mktemp("public")
    root = base / "datapackages"
    shutil.copytree(
        REPO / "datapackages", root, ignore=shutil.ignore_patterns("_build", "datapackage.json")
    )
    config = _config(base / "config", run)
    assert tasks.build(Collection.open(root, config)).exit_code == 0
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CKAN_API_TOKEN", ckan_portal.token)
        options = tasks.PortalOptions(url=ckan_portal.url)
        first = tasks.sync(Collection.open(root, config), options, tasks.ApplyOptions(workers=2))
        names = tuple(sorted(r.name for r in first.report.results)) if first.report else ()
        status = httpx.get(f"{ckan_portal.url}/api/3/action/status_show", timeout=30).json()
        plugins = frozenset(status["result"]["extensions"])
        try:
            yield Published(ckan_portal, run, root, config, first, names, plugins)
        finally:
            purge_run(ckan_portal.url, ckan_portal.token, run)


def test_the_whole_collection_is_published(published: Published) -> None:
    report = published.first.report
    assert report is not None and published.first.exit_code == 0, report and report.to_dict()
    built = len(list(published.root.rglob("datapackage.json")))
    assert report.count("created") == len(published.names) == built > 20


def test_every_datapackage_validates_from_its_portal_url(published: Published) -> None:
    checked = 0
    for name in published.names:
        dataset = published.get("package_show", id=name)
        [url] = [r["url"] for r in dataset["resources"] if r["kpu_path"] == "datapackage.json"]
        served = httpx.get(url, timeout=30).json()
        paths = [r["path"] for r in served["resources"]]
        assert all(p.startswith(f"{published.portal.url}/dataset/") for p in paths), paths
        report = validate(url)
        assert report.valid, (name, report.flatten(["type", "note"])[:5])
        checked += 1
    assert checked == len(published.names)
    # the check can fail: the same descriptor with one hash wrong does not validate
    broken = json.loads(httpx.get(url, timeout=30).text)
    broken["resources"][0]["hash"] = "sha256:" + "0" * 64
    assert not validate(broken).valid


def test_offices_and_stages_describe_themselves(published: Published) -> None:
    """An organisation's and a group's page say what they are (not CKAN's "no description")."""
    dataset = published.get("package_show", id=published.names[0])
    org = published.get("organization_show", id=dataset["organization"]["name"])
    assert org["description"].startswith("Data terbuka hasil Pemilu 2019")
    assert org["title"] in org["description"]
    for group in dataset["groups"]:
        shown = published.get("group_show", id=group["name"])
        assert "Pemilu 2019" in shown["description"], shown["name"]


def test_frictionless_reads_the_datasets_through_its_ckan_adapter(published: Published) -> None:
    """A reuser with frictionless's own CKAN reader (`CkanControl`, no descriptor URL needed):
    each dataset comes back with its tables and documents, the tables readable row by row."""
    from frictionless import Package
    from frictionless.portals import CkanControl

    tables = 0
    for name in published.names[:8]:
        dataset = published.get("package_show", id=name)
        package = Package(f"{published.portal.url}/dataset/{name}", control=CkanControl())
        assert package.name == name
        # its names are slugged, its URLs are ours; every table is there (documents may not be)
        found = {r.path for r in package.resources}
        assert found <= {r["url"] for r in dataset["resources"]}, name
        csvs = {r["url"] for r in dataset["resources"] if r["format"].lower() == "csv"}
        assert csvs <= found, name
        for resource in package.resources:
            if resource.format == "csv":
                rows = resource.read_rows()
                assert rows and resource.path.startswith(published.portal.url), resource.path
                tables += 1
    assert tables > 0


def test_a_second_sync_plans_only_unchanged_and_the_local_descriptor_is_as_built(
    published: Published, monkeypatch: pytest.MonkeyPatch
) -> None:
    descriptor = next(published.root.rglob("datapackage.json"))
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    assert not any(str(r["path"]).startswith("http") for r in package["resources"])
    monkeypatch.setenv("CKAN_API_TOKEN", published.portal.token)
    options = tasks.PortalOptions(url=published.portal.url)
    planned = tasks.plan(Collection.open(published.root, published.config), options)
    assert planned.plan.count("unchanged") == len(published.names) and planned.plan.empty, (
        planned.plan.to_dict()
    )


def test_tables_are_queryable_typed_labelled_and_previewed(published: Published) -> None:
    tables = pdfs = 0
    for name in published.names:
        for res in published.get("package_show", id=name)["resources"]:
            views = [v["view_type"] for v in published.get("resource_view_list", id=res["id"])]
            if res.get("format") == "PDF":  # a plain CKAN has no view plugin: the download link
                assert views == (["webpage_view"] if published.kpu_profile else []), res["name"]
                pdfs += 1
            if not res.get("schema"):
                continue
            wanted = ["datatables_view"] if published.kpu_profile else []
            assert res.get("datastore_active") and views == wanted, res["name"]
            tables += 1
    declared = sum(
        1
        for d in published.root.rglob("datapackage.json")
        for r in json.loads(d.read_text(encoding="utf-8"))["resources"]
        if r.get("schema")
    )
    assert tables == declared > 20 and pdfs >= 1
    [dataset] = [n for n in published.names if n.endswith("-1303-db1-ppwp-pl-01-8-2019")]
    resources = published.get("package_show", id=dataset)["resources"]
    [table] = [r for r in resources if r["kpu_path"] == "db1-ppwp-kabupaten-sijunjung.csv"]
    found = published.get("datastore_search", resource_id=table["id"], limit=100)
    columns = {f["id"]: f for f in found["fields"]}
    assert columns["suara_01"]["type"] == "int8" and columns["kode_wilayah"]["type"] == "text"
    assert columns["suara_01"]["info"]["label"].startswith("Suara")
    total = [r for r in found["records"] if r["kode_wilayah"] == "130305"]
    assert total and total[0]["suara_01"] == 524  # Kec. IV Nagari, DOMAIN.md


def test_kpu_fields_are_portal_fields_with_facets(published: Published) -> None:
    name = published.names[0]
    dataset = published.get("package_show", id=name)
    if published.kpu_profile:
        schema = published.get("scheming_dataset_schema_show", type="dataset")
        fields = {f["field_name"]: f for f in schema["dataset_fields"]}
        assert fields["kpu_kode_tahapan"]["label"]["id"] == "Kode Tahapan"
        assert dataset["kpu_kode_tahapan"] and dataset["kpu_provinsi"]
    else:  # plain CKAN: the same values as extras
        extras = {e["key"] for e in dataset["extras"]}
        assert {"kpu_kode_tahapan", "kpu_provinsi", "kpu_publisher"} <= extras
    found = published.get(
        "package_search",
        fq=f'name:{published.run}* AND kpu_provinsi:"Sumatera Barat"',
        rows=100,
        **{"facet.field": json.dumps(["kpu_provinsi", "kpu_jenis_dokumen"])},
    )
    assert found["count"] > 0
    assert {_value(d, "kpu_provinsi") for d in found["results"]} == {"Sumatera Barat"}
    assert found["facets"]["kpu_provinsi"] == {"Sumatera Barat": found["count"]}
    if not published.kpu_profile:
        return
    page = httpx.get(f"{published.portal.url}/dataset/{name}", timeout=30).text
    for label in ("Kode Tahapan", "Jenis Dokumen", "Tingkat Penyajian", "Cakupan Wilayah"):
        assert label in page, label
    for hidden in ("kpu_fingerprint", "kpu_publisher", "kpu_pending", "sha256:"):
        assert hidden not in page, hidden


def _value(dataset: dict[str, Any], key: str) -> str:
    from publisher.mapping import kpu_values

    return kpu_values(dataset)[key]


def test_the_catalogue_is_harvestable_as_dcat(published: Published) -> None:
    if "dcat" not in published.plugins:
        pytest.skip("this portal runs without ckanext-dcat (the KPU profile has it)")
    catalogue = httpx.get(f"{published.portal.url}/catalog.ttl", timeout=60)
    assert catalogue.status_code == 200 and "text/turtle" in catalogue.headers["content-type"]
    assert "dcat:Catalog" in catalogue.text
    [name] = [n for n in published.names if n.endswith("-1303-db1-ppwp-pl-01-8-2019")]
    rdf = httpx.get(f"{published.portal.url}/dataset/{name}.ttl", timeout=30).text
    for term in ("dct:spatial", 'skos:notation "1303"', "dct:temporal", "dcat:contactPoint"):
        assert term in rdf, term
    assert '"Kabupaten Sijunjung"@id' in rdf and 'dct:type "DB1-PPWP"' in rdf
    assert rdf.count("dcat:Distribution") == 6  # four files, the narrative, datapackage.json


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    import os

    from tests.browser import Browser, find_chromium

    if os.environ.get("KPU_SKIP_BROWSER") == "1":
        pytest.skip("KPU_SKIP_BROWSER=1: the browser tests are switched off")
    executable = find_chromium()
    if executable is None:
        pytest.fail("Chromium is not installed: `make browser` installs it", pytrace=False)
    with Browser(executable, timeout=60) as running:
        yield running


ARTIFACTS = REPO / "test-artifacts"


@pytest.mark.browser
def test_pages_seen_in_a_browser(published: Published, browser: Any) -> None:
    """The dataset list, a dataset and a table preview, as screenshots in test-artifacts/."""
    if not published.kpu_profile:
        pytest.skip("the pages checked are the KPU profile's (labels, table preview)")
    base = published.portal.url
    [name] = [n for n in published.names if n.endswith("-1303-db1-ppwp-pl-01-8-2019")]
    dataset = published.get("package_show", id=name)
    [table] = [
        r for r in dataset["resources"] if r["kpu_path"] == "db1-ppwp-kabupaten-sijunjung.csv"
    ]
    [view] = published.get("resource_view_list", id=table["id"])
    pages = {
        "list": (f"{base}/dataset/?q=name:{published.run}*", ["Provinsi", "Jenis Dokumen"]),
        "dataset": (f"{base}/dataset/{name}", ["Kode Tahapan", "Cakupan Wilayah", "Unit Kerja"]),
        "preview": (f"{base}/dataset/{name}/resource/{table['id']}/view/{view['id']}", []),
    }
    for key, (url, labels) in pages.items():
        page = browser.page(width=1280, height=900)
        page.goto(url)
        if key == "preview":  # the rows come from the DataStore API after the page loads
            page.wait_for("document.querySelectorAll('table tbody tr').length >= 8", 30)
            rows = page.evaluate("[...document.querySelectorAll('tbody tr')].map(r => r.innerText)")
            assert any("IV Nagari" in row and "524" in row for row in rows), rows
        text = page.evaluate("document.body.innerText")
        for label in labels:
            assert label in text, (key, label)
        png = page.screenshot(ARTIFACTS / f"portal-{key}.png")
        assert png.startswith(b"\x89PNG") and len(png) > 20_000
        page.close()


def test_pull_round_trips_the_collection(published: Published, tmp_path: Path) -> None:
    """publish → pull: every published file byte-identical, and the pulled folders rebuild to
    the same packages."""
    from publisher import pull as pull_lib

    dest = tmp_path / "pulled"
    organizations = {
        published.get("package_show", id=n)["organization"]["name"] for n in published.names
    }
    with Ckan(published.portal.url, None) as ckan:  # as anyone may: no token
        results = [
            pull_lib.pull(ckan, dest, published.config, organization=org)
            for org in sorted(organizations)
        ]
    pulled = [d for r in results for d in r.datasets]
    assert [d.problem for d in pulled if d.problem] == []
    assert sorted(d.name for d in pulled) == list(published.names)
    files = sorted(p.relative_to(dest) for p in dest.rglob("*") if p.is_file())
    assert len(files) >= len(published.names) * 3
    for rel in files:
        assert (dest / rel).read_bytes() == (published.root / rel).read_bytes(), rel
    for narrative in published.root.rglob("NARASI_*.txt"):
        assert (dest / narrative.relative_to(published.root)).is_file(), narrative
    rebuilt = tmp_path / "rebuilt"
    shutil.copytree(dest, rebuilt, ignore=shutil.ignore_patterns("_build", "datapackage.json"))
    assert tasks.build(Collection.open(rebuilt, published.config)).exit_code == 0
    for descriptor in dest.rglob("datapackage.json"):
        rel = descriptor.relative_to(dest)
        assert (rebuilt / rel).read_bytes() == descriptor.read_bytes(), rel
