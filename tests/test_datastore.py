"""`sync --datastore` against the in-memory fake CKAN given a DataStore: the loader's error paths.

The happy path, read back through the real CKAN's API, is tests/integration/test_datastore_ckan.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from publisher.ckan import Ckan
from publisher.config import Config
from publisher.datastore import LoadError, fields, records
from publisher.problems import NOTHING_SAID
from publisher.sync import SyncReport
from tests.fakeckan import FakeCkan
from tests.test_sync import make_package, sync_once

SCHEMA = {
    "fields": [
        {"name": "kode", "type": "string", "title": "Kode wilayah"},
        {"name": "suara", "type": "integer", "title": "Suara"},
    ]
}


class DataStoreFake(FakeCkan):
    """FakeCkan (which has a DataStore: one list of records per resource id), read by path."""

    def table(self, dataset: str, path: str = "db1.csv") -> list[dict[str, Any]]:
        [res] = [r for r in self.datasets[dataset]["resources"] if r["kpu_path"] == path]
        return self.tables[res["id"]]


def table_package(
    folder: Path, name: str, data: bytes, schema: dict[str, Any] | None = None
) -> None:
    """make_package's package, its table described by `schema` (default SCHEMA)."""
    make_package(folder, name, "1303", {"db1.csv": data})
    descriptor = folder / "datapackage.json"
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    package["resources"][0]["schema"] = schema or SCHEMA
    descriptor.write_text(json.dumps(package, indent=2, sort_keys=True), encoding="utf-8")


def sync(fake: FakeCkan, root: Path, config: Config) -> tuple[SyncReport, Ckan]:
    _, report, ckan = sync_once(fake, root, config, workers=1, datastore=True)
    return report, ckan


def test_records_read_a_windows_1252_csv_as_build_declares_it(tmp_path: Path) -> None:
    # build keeps such a file as the table (a warning, "encoding": "cp1252"); it used to stop
    # the whole sync with a UnicodeDecodeError
    path = tmp_path / "t.csv"
    path.write_bytes(
        "kode;suara\n1303;2.488.733\n1374;12\n".replace("1374", "Koto \u2019").encode("cp1252")
    )
    assert list(records(path, fields(SCHEMA))) == [
        [{"kode": "1303", "suara": 2488733}, {"kode": "Koto \u2019", "suara": 12}]
    ]


def test_a_cell_not_of_its_type_is_a_load_error_naming_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("kode,suara\n1303,12\n1374,-\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"t\.csv baris 3, suara: '-' bukan int") as caught:
        list(records(path, fields(SCHEMA)))
    assert "t.csv row 3, suara: '-' is not int" in caught.value.text("en")


def test_a_bad_table_fails_its_dataset_and_the_sync_goes_on(tmp_path: Path, config: Config) -> None:
    root = tmp_path / "dp"
    table_package(root / "a", "1303-bad-2019", b"kode,suara\n1303,12\n1374,-\n")
    table_package(root / "b", "1374-good-2019", b"kode,suara\n1374,2.488.733\n")
    fake = DataStoreFake()
    report, _ = sync(fake, root, config)  # used to raise ValueError out of apply()
    outcomes = {r.name: (r.outcome, r.message) for r in report.results}
    assert outcomes["1303-bad-2019"][0] == "failed"
    assert "baris 3, suara: '-' bukan int" in outcomes["1303-bad-2019"][1].id
    assert "row 3, suara: '-' is not" in outcomes["1303-bad-2019"][1].en
    assert outcomes["1374-good-2019"] == ("created", NOTHING_SAID)
    assert fake.table("1374-good-2019") == [{"kode": "1374", "suara": 2488733}]


def test_a_load_cut_short_is_done_again_by_the_next_run(tmp_path: Path, config: Config) -> None:
    root = tmp_path / "dp"
    table_package(root / "a", "1303-db1-2019", b"kode,suara\n1303,12\n1374,7\n")
    fake = DataStoreFake()

    def fail_upserts(action: str, count: int) -> tuple[str, httpx.Response] | None:
        return ("before", httpx.Response(503)) if action == "datastore_upsert" else None

    fake.fault = fail_upserts
    report, _ = sync(fake, root, config)
    assert report.count("failed") == 1
    assert fake.table("1303-db1-2019") == []  # uploaded, table created, rows never sent
    fake.fault = None
    fake.calls.clear()
    report, ckan = sync(fake, root, config)
    assert report.count("updated") == 1
    # db1.csv is not uploaded again, only the descriptor run 1 never reached…
    assert fake.calls.count("resource_create") == ckan.counters.uploads == 1
    assert fake.table("1303-db1-2019") == [  # …but the table is loaded (it used to stay empty)
        {"kode": "1303", "suara": 12},
        {"kode": "1374", "suara": 7},
    ]
    fake.calls.clear()
    report, _ = sync(fake, root, config)
    assert report.count("unchanged") == 1 and fake.writes() == []


def test_a_schema_change_alone_reloads_the_dictionary(tmp_path: Path, config: Config) -> None:
    root = tmp_path / "dp"
    data = b"kode,suara\n1303,12\n"
    table_package(root / "a", "1303-db1-2019", data)
    fake = DataStoreFake()
    sync(fake, root, config)
    [res] = [r for r in fake.datasets["1303-db1-2019"]["resources"] if r["kpu_path"] == "db1.csv"]
    assert fake.dictionaries[res["id"]][1]["info"]["label"] == "Suara"
    renamed = json.loads(json.dumps(SCHEMA))
    renamed["fields"][1]["title"] = "Suara sah"
    table_package(root / "a", "1303-db1-2019", data, renamed)
    fake.calls.clear()
    report, _ = sync(fake, root, config)
    assert report.count("updated") == 1
    assert fake.calls.count("resource_patch") == 2  # db1.csv metadata; datapackage.json upload
    assert fake.dictionaries[res["id"]][1]["info"]["label"] == "Suara sah"
    assert fake.table("1303-db1-2019") == [{"kode": "1303", "suara": 12}]
