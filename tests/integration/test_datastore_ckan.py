"""`publisher sync --datastore` against the real local CKAN: typed tables read back through its API.

A steward's C1-PPWP CSV (semicolons, numbers written the Indonesian way, "001" TPS numbers) is
built like any folder: `build` keeps the steward's file as a plain file and makes the normalised
copy in `_build/` the tabular resource, so that copy — with the configured Table Schema — is what
lands in the DataStore. Each test publishes under its own names (`kpu-test-ds-…`: dataset,
organisation, group), drops the DataStore tables it made (dataset_purge leaves them behind) and
purges the rest through the `created` fixture.
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import ckanapi
import pytest
from portal_support import Cleanup, Portal

from publisher.build import build_tree
from publisher.ckan import Ckan
from publisher.collection import Collection
from publisher.config import Config, load_config
from publisher.plan import Plan
from publisher.sync import SyncReport, apply, load_local, prepare
from tests.fixtures import narrative_txt, write_leaf

pytestmark = pytest.mark.integration

LEAF = "13_KPU_PROV_SUMATERA_BARAT/1303_KPU_KAB_SIJUNJUNG/PL.01.8/C1-PPWP"
STEWARD_CSV = "c1-ppwp-sijunjung.csv"
TABLE = f"_build/{STEWARD_CSV}"
NAMING = {  # config/publisher.yaml's naming lines → a test's own, {p} standing for its prefix
    'dataset: "{kode_wilayah}-{jenis_dokumen}-{kode_tahapan}-{tahun}"': (
        'dataset: "{p}-{kode_wilayah}-{jenis_dokumen}-{kode_tahapan}-{tahun}"'
    ),
    'organization: "kpu-{kode_wilayah}"': 'organization: "{p}-{kode_wilayah}"',
    'group: "tahapan-{kode_tahapan}"': 'group: "{p}-{kode_tahapan}"',
}
HEADER = (
    "kode_provinsi;nama_provinsi;kode_kabupaten_kota;nama_kabupaten_kota;kode_kecamatan;"
    "nama_kecamatan;kode_kelurahan;nama_kelurahan;no_tps;dpt_l;dpt_p;dpt_jumlah;pengguna_dpt;"
    "pengguna_dptb;pengguna_dpk;pengguna_jumlah;suara_01;suara_02;suara_sah;suara_tidak_sah;"
    "suara_jumlah"
)
PLACE = "13;SUMATERA BARAT;1303;KAB. SIJUNJUNG;130305;IV NAGARI;1303052001;PALANGKI"
ROWS = (  # every sum holds; the big numbers are written the Indonesian way
    f"{PLACE};001;1.244.366;1.244.367;2.488.733;1.900.000;20;5;1.900.025;524;1.899.000;"
    "1.899.524;100;1.899.624",
    f"{PLACE};002;120;130;250;200;2;1;203;50;140;190;10;200",
    f"{PLACE};010;101;99;200;150;0;0;150;70;75;145;5;150",
)


def steward_csv(rows: tuple[str, ...] = ROWS) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


@pytest.fixture
def prefix(
    ckan: ckanapi.RemoteCKAN, created: Cleanup, unique: Callable[[str], str]
) -> Iterator[str]:
    """Names unique to this test; everything they name is registered for purging up front."""
    prefix = unique("ds")
    created.organizations.append(f"{prefix}-1303")
    created.groups.append(f"{prefix}-pl-01-8")
    created.datasets.append(dataset_name(prefix))
    yield prefix
    # runs before `created` purges: dataset_purge does not drop a resource's DataStore table
    with contextlib.suppress(ckanapi.NotFound):
        for res in ckan.action.package_show(id=dataset_name(prefix))["resources"]:
            with contextlib.suppress(ckanapi.NotFound):
                ckan.action.datastore_delete(resource_id=res["id"], force=True)


def dataset_name(prefix: str) -> str:
    return f"{prefix}-1303-c1-ppwp-pl-01-8-2019"


@pytest.fixture
def ds_config(config_dir: Path, prefix: str) -> Config:
    """The repository's config (small region list) with every CKAN name under `prefix`."""
    path = config_dir / "publisher.yaml"
    text = path.read_text(encoding="utf-8")
    for line, ours in NAMING.items():
        assert line in text, f"config/publisher.yaml no longer has {line}"
        text = text.replace(line, ours.replace("{p}", prefix))
    path.write_text(text, encoding="utf-8")
    return load_config(config_dir)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "dp"
    narrative = narrative_txt(
        Judul="Hasil Penghitungan Suara Pilpres 2019 per TPS Kabupaten Sijunjung",
        Jenis_Dokumen="C1-PPWP",
        Tingkat_Penyajian="TPS",
        Sumber="Model C1-PPWP KPU Kabupaten Sijunjung",
        Berkas=STEWARD_CSV,
    )
    write_leaf(root, LEAF, {"NARASI_C1-PPWP.txt": narrative, STEWARD_CSV: steward_csv()})
    return root


class Recording(Ckan):
    """The publisher's client, noting every action it sends."""

    def __init__(self, url: str, token: str) -> None:
        super().__init__(url, token)
        self.actions: list[str] = []

    def call(self, action: str, data: Mapping[str, Any] | None = None, *, safe: bool = True) -> Any:
        self.actions.append(action)
        return super().call(action, data, safe=safe)

    def upload(self, action: str, data: Mapping[str, Any], path: Path, **options: Any) -> Any:
        self.actions.append(action)
        return super().upload(action, data, path, **options)


Publish = Callable[[Path, Config], tuple[Plan, SyncReport, Recording]]


@pytest.fixture
def publish(ckan_portal: Portal) -> Publish:
    """`publisher build` then `publisher sync --datastore` (less the CLI's validation step).

    A fixture, so the token never shows among a failing test's arguments."""

    def run(root: Path, config: Config) -> tuple[Plan, SyncReport, Recording]:
        built = build_tree(root, config)
        assert built.count("failed") == 0, built.to_dict("en")
        client = Recording(ckan_portal.url, ckan_portal.token)
        with client:
            prepared = prepare(client, load_local(Collection.open(root, config)), config)
            check = prepared.check
            assert check is None or not (check.problems or check.data_problems), check
            report = apply(client, prepared.plan, workers=1, datastore=True)
        assert not report.failed, report.to_dict()
        return prepared.plan, report, client

    return run


def resources(ckan: ckanapi.RemoteCKAN, prefix: str) -> dict[str, dict[str, Any]]:
    dataset = ckan.action.package_show(id=dataset_name(prefix))
    return {r["kpu_path"]: r for r in dataset["resources"]}


def table_rows(root: Path) -> list[dict[str, str]]:
    with (root / LEAF / TABLE).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def search(ckan: ckanapi.RemoteCKAN, resource_id: str, **query: Any) -> dict[str, Any]:
    found: dict[str, Any] = ckan.action.datastore_search(
        **{"resource_id": resource_id, "limit": 1000, "sort": "_id", **query}
    )
    return found


def test_publish_loads_typed_rows_and_dictionary_then_noop_resync_leaves_it(
    publish: Publish, ckan: ckanapi.RemoteCKAN, tree: Path, ds_config: Config, prefix: str
) -> None:
    plan, report, _ = publish(tree, ds_config)
    assert plan.count("create") == 1 and report.count("created") == 1, report.to_dict()

    # build: the steward's file stays a plain file, its normalised copy is the table
    package = json.loads((tree / LEAF / "datapackage.json").read_text(encoding="utf-8"))
    described = {r["path"]: r for r in package["resources"]}
    assert described[STEWARD_CSV]["type"] == "file" and "schema" not in described[STEWARD_CSV]
    assert described[TABLE]["type"] == "table"
    schema = described[TABLE]["schema"]
    rows = table_rows(tree)
    assert len(rows) == len(ROWS) and rows[0]["dpt_jumlah"] == "2488733"

    dataset = ckan.action.package_show(id=dataset_name(prefix))  # the names `prefix` registered
    assert dataset["organization"]["name"] == f"{prefix}-1303"
    assert [g["name"] for g in dataset["groups"]] == [f"{prefix}-pl-01-8"]
    published = resources(ckan, prefix)
    # the narrative is published with the files since issue 16 (so `publisher pull` gets it)
    assert set(published) == {STEWARD_CSV, TABLE, "NARASI_C1-PPWP.txt", "datapackage.json"}
    assert published[TABLE]["datastore_active"] is True
    for plain in (STEWARD_CSV, "NARASI_C1-PPWP.txt", "datapackage.json"):  # no DataStore table
        assert published[plain]["datastore_active"] is False
        with pytest.raises(ckanapi.NotFound):
            ckan.action.datastore_info(id=published[plain]["id"])
    rid = published[TABLE]["id"]

    # the records: one per row of the file, integers as numbers, codes as text
    found = search(ckan, rid)
    assert found["total"] == len(rows) == len(found["records"])
    kinds = {f["name"]: f["type"] for f in schema["fields"]}
    for record, row in zip(found["records"], rows, strict=True):
        assert set(record) == {"_id", *kinds}
        for name, kind in kinds.items():
            if kind == "integer":
                assert type(record[name]) is int and record[name] == int(row[name]), name
            else:
                assert record[name] == row[name], name
    first = found["records"][0]
    assert first["dpt_jumlah"] == 2488733 and first["suara_02"] == 1899000
    assert [r["no_tps"] for r in found["records"]] == ["001", "002", "010"]
    assert first["kode_kelurahan"] == "1303052001" and first["kode_provinsi"] == "13"
    assert search(ckan, rid, filters={"no_tps": "001"})["total"] == 1
    assert search(ckan, rid, filters={"no_tps": "1"})["total"] == 0

    # the data dictionary, from the Table Schema's types, titles and descriptions
    info = ckan.action.datastore_info(id=rid)
    assert info["meta"]["count"] == len(rows)
    dictionary = {f["id"]: f for f in info["fields"]}
    assert list(dictionary) == [f["name"] for f in schema["fields"]]
    for field in schema["fields"]:
        column = dictionary[field["name"]]
        want = ("int8",) if field["type"] == "integer" else ("text",)
        assert column["type"] in want, (field["name"], column["type"])
        assert column["info"]["label"] == field["title"]
        assert column["info"]["notes"] == field["description"]
    assert dictionary["no_tps"]["info"]["notes"] == 'Nomor TPS, tiga digit ("001").'
    searched = {f["id"]: f["type"] for f in search(ckan, rid, limit=0)["fields"]}
    assert searched["dpt_jumlah"] == "int8" and searched["no_tps"] == "text"

    # the primary key: one unique index over its columns; a row repeating a key is refused
    assert schema["primaryKey"] == ["kode_kelurahan", "no_tps"]
    indexed = {name for name, f in dictionary.items() if f["schema"]["is_index"]}
    assert indexed == {"kode_kelurahan", "no_tps"}
    assert len({dictionary[name]["schema"]["index_name"] for name in indexed}) == 1
    with pytest.raises(ckanapi.ValidationError, match="duplicate key"):
        ckan.action.datastore_upsert(
            resource_id=rid,
            method="insert",
            force=True,
            records=[{"kode_kelurahan": "1303052001", "no_tps": "001", "dpt_l": 1}],
        )
    assert search(ckan, rid)["records"] == found["records"]

    # nothing changed locally: a resync reads a little and writes nothing, DataStore included
    plan2, report2, client = publish(tree, ds_config)
    assert plan2.count("unchanged") == 1 and plan2.empty, plan2.to_dict()
    assert report2.count("unchanged") == 1
    assert client.counters.writes == 0 and client.counters.uploads == 0, client.actions
    assert not [a for a in client.actions if a.startswith("datastore_")]
    assert search(ckan, rid)["records"] == found["records"]


def test_changed_cell_reloads_the_table_from_the_file_alone(
    publish: Publish, ckan: ckanapi.RemoteCKAN, tree: Path, ds_config: Config, prefix: str
) -> None:
    publish(tree, ds_config)
    rid = resources(ckan, prefix)[TABLE]["id"]
    # a row the file does not have, written on the portal: a reload must not keep it
    ckan.action.datastore_upsert(
        resource_id=rid,
        method="insert",
        force=True,
        records=[{"kode_kelurahan": "1303052001", "no_tps": "099", "dpt_l": 7}],
    )
    assert search(ckan, rid)["total"] == len(ROWS) + 1

    changed = (ROWS[0].replace(";1.899.000;", ";1.899.100;"), *ROWS[1:])
    assert changed[0] != ROWS[0]
    (tree / LEAF / STEWARD_CSV).write_text(steward_csv(changed), encoding="utf-8")
    plan, report, client = publish(tree, ds_config)
    assert report.count("updated") == 1, report.to_dict()
    uploads = sorted(r.path for d in plan.datasets for r in d.resources if r.kind == "upload")
    assert uploads == sorted([STEWARD_CSV, TABLE, "datapackage.json"])
    assert [a for a in client.actions if a.startswith("datastore_")] == [
        "datastore_delete",
        "datastore_create",
        "datastore_upsert",
    ]

    after = resources(ckan, prefix)[TABLE]
    assert after["id"] == rid and after["datastore_active"] is True  # same resource, new table
    found = search(ckan, rid)
    rows = table_rows(tree)
    assert found["total"] == len(rows) == len(ROWS)
    assert [r["no_tps"] for r in found["records"]] == ["001", "002", "010"]
    assert found["records"][0]["suara_02"] == 1899100
    assert [r["suara_02"] for r in found["records"]] == [int(r["suara_02"]) for r in rows]
    info = ckan.action.datastore_info(id=rid)
    assert info["meta"]["count"] == len(ROWS)
    assert {f["id"]: f["info"]["label"] for f in info["fields"]}["suara_02"] == "Suara paslon 02"

    plan2, _, client2 = publish(tree, ds_config)
    assert plan2.count("unchanged") == 1 and client2.counters.writes == 0, client2.actions
    assert search(ckan, rid)["records"] == found["records"]
