"""The public side of a sync on the fake CKAN (issue 16): KPU fields as a scheming portal's own
fields (extras on a plain CKAN), the portal's datapackage.json, views and the DataStore default.

The same paths against the real CKAN with the KPU profile: tests/integration/test_public_ckan.py.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from publisher.cli import main
from publisher.config import Config, load_config
from publisher.mapping import (
    for_portal,
    kpu_values,
    managed_view,
    portal_descriptor,
    read_package,
)
from tests.fakeckan import FakeCkan, _Fail
from tests.test_datastore import DataStoreFake
from tests.test_sync import make_package

if TYPE_CHECKING:
    from publisher.ckan import Ckan
    from publisher.plan import Plan
    from publisher.sync import SyncReport

REPO = Path(__file__).resolve().parents[1]
KPU_FIELDS = (
    "kpu_unit_kerja",
    "kpu_kode_wilayah",
    "kpu_provinsi",
    "kpu_kode_tahapan",
    "kpu_jenis_dokumen",
    "kpu_tingkat",
    "kpu_tahun",
    "kpu_narrative",
)


class SchemingFake(DataStoreFake):
    """A CKAN with ckanext-scheming: KPU values are fields, an extra of a field's name is refused
    (as scheming does), an empty field is dropped, required fields must be there."""

    def __init__(self, required: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.fields = ("title", "name", "notes", "owner_org", *KPU_FIELDS, *required)
        self.required = required
        self.view_types = {"datatables_view", "webpage_view"}

    def do_scheming_dataset_schema_show(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "dataset_type": "dataset",
            "dataset_fields": [
                {"field_name": f, "required": f in self.required} for f in self.fields
            ],
        }

    def _check(self, data: dict[str, Any]) -> None:
        errors: dict[str, Any] = {}
        if any(e["key"] in self.fields for e in data.get("extras") or []):
            errors["extras"] = [{"key": ["There is a schema field with the same name"]}]
        errors.update({f: ["Missing value"] for f in self.required if not data.get(f)})
        if errors:
            raise _Fail(409, "Validation Error", errors)

    def do_package_create(self, data: dict[str, Any]) -> dict[str, Any]:
        self._check(data)
        made = super().do_package_create({k: v for k, v in data.items() if v != ""})
        return made

    def do_package_patch(self, data: dict[str, Any]) -> dict[str, Any]:
        self._check(data)
        ds = self.find(str(data["id"]))
        for key in [k for k, v in data.items() if v == ""]:
            ds.pop(key, None)
        return super().do_package_patch({k: v for k, v in data.items() if v != ""})


def sync_once(
    fake: FakeCkan, root: Path, config: Config, **options: Any
) -> tuple[Plan, SyncReport, Ckan]:
    """A sync as `publisher sync` makes it: the portal's schema read by `prepare`."""
    from publisher.ckan import Ckan, RetryPolicy
    from publisher.sync import apply, find_packages, prepare

    ckan = Ckan("http://ckan.test", fake.token, transport=fake.transport(), sleep=lambda s: None)
    ckan.retry = RetryPolicy(attempts=4)
    local = [read_package(p, config) for p in find_packages(root)]
    force = options.pop("force", False)
    prepared = prepare(ckan, local, config, force=force, check=False)
    report = apply(ckan, prepared.plan, workers=1, **options)
    return prepared.plan, report, ckan


@pytest.fixture
def config() -> Config:
    return load_config(REPO / "config")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "dp"
    make_package(
        root / "b",
        "1374-db1-ppwp-2019",
        "1374",
        {"db1.csv": b"kode\n1374\n", "scan.pdf": b"%PDF-1.4 fake\n"},
    )
    return root


def test_kpu_values_read_the_same_from_fields_and_from_extras() -> None:
    extras = {"extras": [{"key": "kpu_tahun", "value": "2019"}, {"key": "kpu_x", "value": ""}]}
    fields = {"extras": [], "kpu_tahun": "2019", "kpu_periode": ""}
    assert kpu_values(extras) == kpu_values(fields) == {"kpu_tahun": "2019"}
    assert managed_view(extras) == managed_view(fields)


def test_for_portal_moves_schema_fields_and_clears_absent_ones() -> None:
    body = {
        "id": "x",
        "extras": [{"key": "kpu_tahun", "value": "2019"}, {"key": "k", "value": "v"}],
    }
    sent = for_portal(body, frozenset({"title", "kpu_tahun", "kpu_periode"}))
    assert sent == {
        "id": "x",
        "kpu_tahun": "2019",
        "kpu_periode": "",
        "extras": [body["extras"][1]],
    }
    assert for_portal(body, frozenset()) == body  # a plain CKAN: extras as they are


def test_a_scheming_portal_gets_real_fields_and_a_resync_is_a_noop(
    tree: Path, config: Config
) -> None:
    fake = SchemingFake()
    _, report, _ = sync_once(fake, tree, config, datastore=True)
    assert report.count("created") == 1, report.to_dict()
    ds = fake.datasets["1374-db1-ppwp-2019"]
    assert ds["kpu_kode_tahapan"] == "PL.01.8" and ds["kpu_provinsi"] == "Sumatera Barat"
    assert {e["key"] for e in ds["extras"]} == {"kpu_publisher", "kpu_fingerprint"}
    fake.calls.clear()
    plan2, _, ckan2 = sync_once(fake, tree, config, datastore=True)
    assert plan2.count("unchanged") == 1 and plan2.empty, plan2.to_dict()
    assert fake.writes() == [] and ckan2.counters.uploads == 0


def test_required_fields_of_the_portal_schema_stop_the_sync_before_any_write(
    tree: Path, config: Config
) -> None:
    from publisher.ckan import Ckan
    from publisher.sync import find_packages, preflight, read_remote

    fake = SchemingFake(required=("kpu_unit_kerja", "kpu_sumber"))
    ckan = Ckan("http://ckan.test", fake.token, transport=fake.transport())
    local = [read_package(p, config) for p in find_packages(tree)]
    check = preflight(
        ckan, local, read_remote(ckan, local), max_upload_mb=10, need_organizations=True
    )
    [problem] = check.data_problems
    assert problem.id.startswith("1374-db1-ppwp-2019: skema dataset portal mewajibkan kpu_sumber")
    assert problem.en.startswith(
        "1374-db1-ppwp-2019: the portal's dataset schema requires kpu_sumber"
    )
    assert fake.datasets == {} and fake.orgs == {}  # only the refused probes were sent


def test_the_portal_descriptor_names_files_by_url_and_keeps_hashes(
    tree: Path, config: Config
) -> None:
    fake = SchemingFake()
    sync_once(fake, tree, config)
    ds = fake.datasets["1374-db1-ppwp-2019"]
    urls = {r["kpu_path"]: r["url"] for r in ds["resources"]}
    [res] = [r for r in ds["resources"] if r["kpu_path"] == "datapackage.json"]
    served = json.loads(fake.files[res["id"]])
    local = json.loads((tree / "b" / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in served["resources"]] == [urls["db1.csv"], urls["scan.pdf"]]
    assert [r["hash"] for r in served["resources"]] == [r["hash"] for r in local["resources"]]
    for item in served["resources"]:  # bytes and hash are those of what the portal serves
        [file] = [r for r in ds["resources"] if r["url"] == item["path"]]
        data = fake.files[file["id"]]
        assert item["bytes"] == len(data)
        assert item["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_a_file_given_a_new_resource_rewrites_the_portal_descriptor(
    tree: Path, config: Config
) -> None:
    """A resource deleted on the portal and put back by --force gets a new id (a new URL):
    the descriptor, unchanged locally, is uploaded again so that it names the new URL."""
    fake = SchemingFake()
    sync_once(fake, tree, config)
    ds = fake.datasets["1374-db1-ppwp-2019"]
    ds["resources"] = [r for r in ds["resources"] if r["kpu_path"] != "scan.pdf"]
    _, report, _ = sync_once(fake, tree, config, force=True)
    assert report.count("updated") == 1, report.to_dict()
    urls = {r["kpu_path"]: r["url"] for r in ds["resources"]}
    [res] = [r for r in ds["resources"] if r["kpu_path"] == "datapackage.json"]
    local = (tree / "b" / "datapackage.json").read_bytes()
    assert fake.files[res["id"]] == portal_descriptor(local, urls)
    plan, _, _ = sync_once(fake, tree, config)
    assert plan.empty, plan.to_dict()


def test_tables_get_a_table_view_and_pdfs_a_document_view(tree: Path, config: Config) -> None:
    fake = SchemingFake()
    sync_once(fake, tree, config, datastore=True)
    by_path = {r["kpu_path"]: r["id"] for r in fake.datasets["1374-db1-ppwp-2019"]["resources"]}
    assert [v["view_type"] for v in fake.views[by_path["db1.csv"]]] == ["datatables_view"]
    assert [v["view_type"] for v in fake.views[by_path["scan.pdf"]]] == ["webpage_view"]
    assert by_path["datapackage.json"] not in fake.views
    assert fake.table("1374-db1-ppwp-2019") == [{"kode": "1374"}]


def test_a_portal_without_view_plugins_keeps_the_download_link(tree: Path, config: Config) -> None:
    fake = DataStoreFake()  # plain: no view plugin, the DataStore on
    _, report, _ = sync_once(fake, tree, config, datastore=True)
    assert report.count("created") == 1 and fake.views == {}, report.to_dict()


def test_a_table_published_without_the_datastore_is_loaded_when_its_dataset_is_written(
    tree: Path, config: Config
) -> None:
    fake = SchemingFake()
    sync_once(fake, tree, config, datastore=False)
    assert fake.tables == {}
    fake.calls.clear()
    plan, _, _ = sync_once(fake, tree, config, datastore=True)  # unchanged: nothing is sent
    assert plan.empty and "datastore_create" not in fake.calls
    (tree / "b" / "datapackage.json").write_text(
        (tree / "b" / "datapackage.json").read_text().replace("Judul 1374", "Judul baru 1374")
    )
    sync_once(fake, tree, config, datastore=True)
    assert fake.table("1374-db1-ppwp-2019") == [{"kode": "1374"}]


class NoDataStore(FakeCkan):
    def do_status_show(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"ckan_version": "2.12.0", "extensions": ["activity"]}


def test_sync_says_when_the_portal_has_no_datastore(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from publisher import access
    from publisher import ckan as ckan_lib
    from publisher.config import Portal

    fake = NoDataStore()

    def connect(cfg: Portal, *, need_token: bool = True, **_: object) -> ckan_lib.Ckan:
        token = access.resolve(cfg).token
        return ckan_lib.Ckan("http://ckan.test", token, transport=fake.transport())

    monkeypatch.setattr(ckan_lib, "connect", connect)
    monkeypatch.setenv("CKAN_API_TOKEN", fake.token)
    monkeypatch.setenv("CKAN_URL", "http://ckan.test")
    args = ["--config", str(REPO / "config"), "sync", str(tree), "--no-validate"]
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "portal tidak menjalankan DataStore" in err and "--no-datastore" in err
    assert fake.datasets == {}
    with pytest.raises(SystemExit) as stopped:
        main([*args, "--no-datastore"])
    assert stopped.value.code == 0 and list(fake.datasets) == ["1374-db1-ppwp-2019"]


def test_a_descriptor_published_the_old_way_is_replaced_by_the_portal_copy(
    tree: Path, config: Config
) -> None:
    """Before issue 16 the local datapackage.json itself was uploaded (relative paths, no
    kpu_source_hash): the next sync uploads the portal's copy, once, and nothing else."""
    fake = SchemingFake()
    sync_once(fake, tree, config)
    ds = fake.datasets["1374-db1-ppwp-2019"]
    [res] = [r for r in ds["resources"] if r["kpu_path"] == "datapackage.json"]
    local = (tree / "b" / "datapackage.json").read_bytes()
    fake.files[res["id"]] = local
    res["hash"] = hashlib.sha256(local).hexdigest()
    del res["kpu_source_hash"]
    plan, _, _ = sync_once(fake, tree, config)
    [action] = plan.datasets
    assert action.status == "update" and "portal URLs" in action.reason.en, action.to_dict("en")
    assert "URL portal" in action.reason.id
    assert [r.path for r in action.resources if r.__class__.__name__ == "UploadFile"] == [
        "datapackage.json"
    ]
    urls = {r["kpu_path"]: r["url"] for r in ds["resources"]}
    assert fake.files[res["id"]] == portal_descriptor(local, urls)
    assert sync_once(fake, tree, config)[0].empty


# --- publisher pull --------------------------------------------------------------------------


def _pull(fake: FakeCkan, dest: Path, config: Config, **options: Any) -> Any:
    from publisher.ckan import Ckan
    from publisher.pull import pull

    with Ckan("http://ckan.test", None, transport=fake.transport()) as ckan:
        return pull(ckan, dest, config, **options)


def test_pull_writes_the_published_folder_back(tree: Path, tmp_path: Path, config: Config) -> None:
    fake = SchemingFake()
    sync_once(fake, tree, config)
    done = _pull(fake, tmp_path / "back", config, dataset="1374-db1-ppwp-2019")
    assert done.exit_code == 0 and [d.folder for d in done.datasets] == [
        "13_KPU_PROV_SUMATERA_BARAT/1374_KPU_KAB_CONTOH/PL.01.8/DB1-PPWP"
    ]
    folder = tmp_path / "back" / done.datasets[0].folder
    for name in ("db1.csv", "scan.pdf", "datapackage.json"):
        assert (folder / name).read_bytes() == (tree / "b" / name).read_bytes(), name
    assert _pull(fake, tmp_path / "back", config).exit_code == 0  # again: same bytes, fine


def test_pull_never_overwrites_and_checks_hashes(
    tree: Path, tmp_path: Path, config: Config
) -> None:
    fake = SchemingFake()
    sync_once(fake, tree, config)
    first = _pull(fake, tmp_path / "a", config)
    folder = tmp_path / "a" / first.datasets[0].folder
    (folder / "db1.csv").write_bytes(b"kode\nedited\n")
    again = _pull(fake, tmp_path / "a", config)
    assert again.exit_code == 1 and "tidak ditimpa" in again.datasets[0].problem
    assert (folder / "db1.csv").read_bytes() == b"kode\nedited\n"
    [res] = [r for r in fake.datasets["1374-db1-ppwp-2019"]["resources"] if r["name"] == "scan.pdf"]
    fake.files[res["id"]] = b"%PDF-1.4 something else\n"  # served bytes not the recorded ones
    broken = _pull(fake, tmp_path / "b", config)
    assert broken.exit_code == 1 and "sha256" in broken.datasets[0].problem_en
    assert not list((tmp_path / "b").rglob("scan.pdf"))


@pytest.mark.parametrize("path", ["../../etc/evil", "/etc/evil", "a\\\\b"])
def test_pull_refuses_unsafe_paths_from_the_portal(
    tree: Path, tmp_path: Path, config: Config, path: str
) -> None:
    fake = SchemingFake()
    sync_once(fake, tree, config)
    [res] = [r for r in fake.datasets["1374-db1-ppwp-2019"]["resources"] if r["name"] == "db1.csv"]
    res["kpu_path"] = path
    done = _pull(fake, tmp_path / "dest", config)
    assert done.exit_code == 1 and "unsafe" in done.datasets[0].problem_en
    assert not (tmp_path / "etc").exists() and not list((tmp_path / "dest").rglob("evil"))


def test_pull_takes_files_only_from_the_portal(tree: Path, tmp_path: Path, config: Config) -> None:
    fake = SchemingFake()
    sync_once(fake, tree, config)
    [res] = [r for r in fake.datasets["1374-db1-ppwp-2019"]["resources"] if r["name"] == "db1.csv"]
    res["url"] = "http://elsewhere.test/db1.csv"
    done = _pull(fake, tmp_path / "dest", config)
    assert done.exit_code == 1 and "not on the portal" in done.datasets[0].problem_en


def test_a_big_table_is_read_in_batches_not_whole(tmp_path: Path) -> None:
    """The DataStore loader's memory does not grow with the table: 50,000 rows cost what
    10,000 do (one batch of 5,000 at a time); benchmarks/bench_datastore.py loads 1 M."""
    import tracemalloc

    from publisher.datastore import BATCH, fields, records

    columns = fields(
        {"fields": [{"name": "kode", "type": "string"}, {"name": "n", "type": "integer"}]}
    )

    def peak(rows: int) -> tuple[int, int]:
        path = tmp_path / f"t{rows}.csv"
        path.write_text("kode,n\n" + "".join(f"{i:010d},{i}\n" for i in range(rows)))
        tracemalloc.start()
        count = sum(len(batch) for batch in records(path, columns))
        top = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return count, top

    small, big = peak(10_000), peak(50_000)
    assert small[0] == 10_000 and big[0] == 50_000 and BATCH == 5000
    assert big[1] < small[1] * 1.5, (small, big)


def test_pull_through_the_cli(
    tree: Path,
    tmp_path: Path,
    config: Config,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from publisher import ckan as ckan_lib
    from publisher.config import Portal

    fake = SchemingFake()
    sync_once(fake, tree, config)

    def connect(cfg: Portal, **_: object) -> ckan_lib.Ckan:
        return ckan_lib.Ckan("http://ckan.test", None, transport=fake.transport())

    monkeypatch.setattr(ckan_lib, "connect", connect)
    args = ["--config", str(REPO / "config"), "pull", str(tmp_path / "out")]
    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "1 dataset ditarik, 0 gagal, 3 berkas" in out  # two files and datapackage.json
    assert (
        "  ditarik 13_KPU_PROV_SUMATERA_BARAT/1374_KPU_KAB_CONTOH/PL.01.8/DB1-PPWP (3 berkas)"
        in out
    )
    with pytest.raises(SystemExit) as done:
        main([*args[:2], "--lang", "en", *args[2:]])
    out = capsys.readouterr().out
    assert (
        "  pulled 13_KPU_PROV_SUMATERA_BARAT/1374_KPU_KAB_CONTOH/PL.01.8/DB1-PPWP (3 files)" in out
    )
    assert "1 dataset(s) pulled, 0 failed, 3 file(s) into" in out
    with pytest.raises(SystemExit) as done:
        main([*args[:2], "--lang", "en", *args[2:], "--dataset", "no-such", "--format", "json"])
    assert done.value.code == 2  # the dataset asked for is not there: could not run
    assert "no-such is not on the portal" in capsys.readouterr().err
    with pytest.raises(SystemExit) as done:
        main([*args, "--format", "json"])
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert done.value.code == 0 and summary == {"pulled": 1, "failed": 0, "files": 3}
