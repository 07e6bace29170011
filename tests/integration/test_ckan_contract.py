"""Contract: the CKAN Action API calls the publisher relies on, against the real CKAN 2.12.

Each test creates uniquely named objects and purges them afterwards (fixtures in conftest.py).
The expected answers to bad input are the ones recorded in CKAN-LOCAL.md.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Callable
from typing import Any

import ckanapi
import httpx
import pytest
from portal_support import Cleanup, Portal

pytestmark = pytest.mark.integration

Factory = Callable[..., dict[str, Any]]


def extras_of(dataset: dict[str, Any]) -> dict[str, str]:
    return {e["key"]: e["value"] for e in dataset.get("extras", [])}


def download(portal: Portal, url: str) -> bytes:
    resp = httpx.get(url, headers={"Authorization": portal.token}, timeout=30)
    assert resp.status_code == 200, f"GET {url} → {resp.status_code}"
    return resp.content


def test_status_show_reports_ckan_2_12_with_the_datastore(ckan: ckanapi.RemoteCKAN) -> None:
    status = ckan.action.status_show()
    if not os.environ.get("CKAN_URL"):  # the local CKAN we set up ourselves
        assert status["ckan_version"] == "2.12.0"
    assert status["ckan_version"].startswith(("2.11.", "2.12."))
    assert "datastore" in status["extensions"]


def test_organization_create_and_show(ckan: ckanapi.RemoteCKAN, make_org: Factory) -> None:
    org = make_org(title="KPU Provinsi Uji", description="Organisasi uji kontrak")
    assert org["is_organization"] is True
    by_name = ckan.action.organization_show(id=org["name"])
    by_id = ckan.action.organization_show(id=org["id"], include_datasets=True)
    assert by_name["id"] == by_id["id"] == org["id"]
    assert by_name["title"] == "KPU Provinsi Uji"
    assert by_name["description"] == "Organisasi uji kontrak"
    assert by_id["package_count"] == 0
    assert org["name"] in ckan.action.organization_list()


def test_group_create_and_show(
    ckan: ckanapi.RemoteCKAN, created: Cleanup, unique: Callable[[str], str]
) -> None:
    group = ckan.action.group_create(name=unique("grp"), title="Pemilu 2019")
    created.groups.append(group["id"])
    shown = ckan.action.group_show(id=group["name"])
    assert shown["id"] == group["id"]
    assert shown["title"] == "Pemilu 2019"
    assert shown["is_organization"] is False
    assert shown["package_count"] == 0


def test_dataset_create_patch_show_delete_purge(
    ckan: ckanapi.RemoteCKAN,
    make_org: Factory,
    make_dataset: Factory,
    unique: Callable[[str], str],
    created: Cleanup,
) -> None:
    org = make_org()
    group = ckan.action.group_create(name=unique("grp"))
    created.groups.append(group["id"])
    extras = [
        {"key": "kode_tahapan", "value": "PPWP"},
        {"key": "kpu_fingerprint", "value": "sha256:" + "ab" * 32},
    ]
    dataset = make_dataset(
        title="Hasil Rekapitulasi PPWP",
        notes="Deskripsi",
        owner_org=org["id"],
        license_id="cc-by",
        tags=[{"name": "pemilu"}, {"name": "ppwp 2019"}],
        groups=[{"name": group["name"]}],
        extras=extras,
    )
    assert dataset["organization"]["name"] == org["name"]
    assert extras_of(dataset) == {e["key"]: e["value"] for e in extras}
    assert sorted(t["name"] for t in dataset["tags"]) == ["pemilu", "ppwp 2019"]

    patched = ckan.action.package_patch(id=dataset["id"], title="Judul baru")
    assert patched["title"] == "Judul baru"
    assert extras_of(patched) == extras_of(dataset)  # patch keeps what it was not sent
    assert [t["name"] for t in patched["tags"]] == [t["name"] for t in dataset["tags"]]
    assert [g["name"] for g in patched["groups"]] == [group["name"]]

    new_extras = [{"key": "kode_tahapan", "value": "PILEG"}]
    patched = ckan.action.package_patch(id=dataset["id"], extras=new_extras)
    assert extras_of(patched) == {"kode_tahapan": "PILEG"}  # a sent list replaces the list
    shown = ckan.action.package_show(id=dataset["name"])
    assert shown["title"] == "Judul baru"
    assert shown["license_id"] == "cc-by"
    assert shown["num_tags"] == 2

    ckan.action.package_delete(id=dataset["id"])
    assert ckan.action.package_show(id=dataset["name"])["state"] == "deleted"
    found = ckan.action.package_search(fq=f'name:"{dataset["name"]}"')
    assert found["count"] == 0
    # CKAN 2.12.0 does NOT keep a soft-deleted dataset's name reserved: a new dataset may take
    # it, and the deleted one is renamed to its id.
    successor = make_dataset(name=dataset["name"], owner_org=org["id"])
    assert successor["id"] != dataset["id"]
    old = ckan.action.package_show(id=dataset["id"])
    assert (old["name"], old["state"]) == (dataset["id"], "deleted")
    assert ckan.action.package_show(id=dataset["name"])["id"] == successor["id"]

    ckan.action.dataset_purge(id=dataset["id"])
    with pytest.raises(ckanapi.NotFound):
        ckan.action.package_show(id=dataset["id"])


def test_resource_upload_downloads_back_byte_identical(
    ckan: ckanapi.RemoteCKAN, ckan_portal: Portal, make_org: Factory, make_dataset: Factory
) -> None:
    dataset = make_dataset(owner_org=make_org()["id"])
    payload = os.urandom(256 * 1024) + b"kode,nama\n11,ACEH\n"
    digest = "sha256:" + hashlib.sha256(payload).hexdigest()
    table_schema = {"fields": [{"name": "kode", "type": "string"}]}
    resource = ckan.action.resource_create(
        package_id=dataset["id"],
        name="hasil.csv",
        format="CSV",
        hash=digest,
        schema=json.dumps(table_schema),  # multipart fields are strings: nested values as JSON
        upload=("hasil.csv", io.BytesIO(payload)),
    )
    assert resource["url_type"] == "upload"
    assert resource["url"].endswith("/download/hasil.csv")
    assert resource["size"] == len(payload)
    assert resource["hash"] == digest
    assert json.loads(resource["schema"]) == table_schema
    assert download(ckan_portal, resource["url"]) == payload


def test_resource_patch_with_a_new_upload(
    ckan: ckanapi.RemoteCKAN, ckan_portal: Portal, make_org: Factory, make_dataset: Factory
) -> None:
    dataset = make_dataset(owner_org=make_org()["id"])
    first = ckan.action.resource_create(
        package_id=dataset["id"], name="data", upload=("v1.csv", io.BytesIO(b"a,b\n1,2\n"))
    )
    second_bytes = b"a,b\n1,2\n3,4\n" * 1000
    patched = ckan.action.resource_patch(
        id=first["id"],
        hash="sha256:" + hashlib.sha256(second_bytes).hexdigest(),
        upload=("v2.csv", io.BytesIO(second_bytes)),
    )
    assert patched["id"] == first["id"]
    assert patched["name"] == "data"  # patch keeps the fields it was not sent
    assert patched["size"] == len(second_bytes)
    assert patched["url"].endswith("/download/v2.csv")
    assert download(ckan_portal, patched["url"]) == second_bytes
    shown = ckan.action.package_show(id=dataset["id"])
    assert [r["id"] for r in shown["resources"]] == [first["id"]]  # replaced, not duplicated


def test_resource_create_takes_our_id_but_never_the_same_one_twice(
    ckan: ckanapi.RemoteCKAN, make_org: Factory, make_dataset: Factory
) -> None:
    """sync chooses each resource_create's id, so a create that lands late (after the client
    gave up on it) is recognised by that id. CKAN accepts an id (a UUID, for any user who may
    edit the dataset). A second create with the same id is accepted too, but CKAN 2.12 then
    leaves a gap in the resource positions and every later resource_create of that dataset
    fails with a 500 (package_update's copy_resources): so sync uses a fresh id per attempt."""
    import uuid

    dataset = make_dataset(owner_org=make_org()["id"])
    ckan.action.resource_create(package_id=dataset["id"], name="a", url="http://x/a")
    rid = str(uuid.uuid4())
    made = ckan.action.resource_create(
        package_id=dataset["id"], id=rid, name="x.csv", upload=("x.csv", io.BytesIO(b"a\n1\n"))
    )
    assert made["id"] == rid
    with pytest.raises(ckanapi.ValidationError):  # not a UUID
        ckan.action.resource_create(package_id=dataset["id"], id="mine-1", name="y", url="x")
    other = make_dataset(owner_org=make_org()["id"])
    with pytest.raises(ckanapi.ValidationError):  # the id of another dataset's resource
        ckan.action.resource_create(package_id=other["id"], id=rid, name="y", url="http://x")
    ckan.action.resource_create(package_id=dataset["id"], id=rid, name="x.csv", url="http://x")
    shown = ckan.action.package_show(id=dataset["id"])
    assert [r["position"] for r in shown["resources"]] == [0, 2]  # the gap
    with pytest.raises(ckanapi.CKANAPIError):
        ckan.action.resource_create(package_id=dataset["id"], name="b", url="http://x/b")


def test_license_list_has_the_usual_licences(ckan: ckanapi.RemoteCKAN) -> None:
    licences = {lic["id"]: lic for lic in ckan.action.license_list()}
    assert {"cc-by", "cc-by-sa", "cc-zero", "odc-odbl", "notspecified"} <= set(licences)
    assert all(lic["title"] for lic in licences.values())


def test_package_search_by_organization_and_by_extra(
    ckan: ckanapi.RemoteCKAN, make_org: Factory, make_dataset: Factory
) -> None:
    org_a, org_b = make_org(), make_org()
    stage = "T" + os.urandom(4).hex()  # an extra value no other dataset has
    names = []
    for index, org in enumerate((org_a, org_a, org_a, org_b)):
        dataset = make_dataset(
            owner_org=org["id"],
            extras=[{"key": "kode_tahapan", "value": stage if index != 1 else "OTHER"}],
        )
        names.append(dataset["name"])

    by_org = ckan.action.package_search(fq=f'organization:"{org_a["name"]}"', sort="name asc")
    assert by_org["count"] == 3
    assert [d["name"] for d in by_org["results"]] == sorted(names[:3])
    assert ckan.action.organization_show(id=org_a["id"])["package_count"] == 3

    by_extra = ckan.action.package_search(fq=f'kode_tahapan:"{stage}"', sort="name asc")
    assert [d["name"] for d in by_extra["results"]] == sorted([names[0], names[2], names[3]])
    both = ckan.action.package_search(
        fq=f'kode_tahapan:"{stage}" +owner_org:"{org_b["id"]}"', q="*:*"
    )
    assert [d["name"] for d in both["results"]] == [names[3]]

    page = ckan.action.package_search(
        fq=f'kode_tahapan:"{stage}"', sort="name asc", rows=1, start=1
    )
    assert page["count"] == 3
    assert [d["name"] for d in page["results"]] == [sorted([names[0], names[2], names[3]])[1]]
    facets = ckan.action.package_search(
        fq=f'kode_tahapan:"{stage}"', rows=0, **{"facet.field": json.dumps(["organization"])}
    )["facets"]["organization"]
    assert facets == {org_a["name"]: 2, org_b["name"]: 1}


def test_bad_input_answers(
    ckan: ckanapi.RemoteCKAN,
    ckan_portal: Portal,
    make_org: Factory,
    make_dataset: Factory,
    unique: Callable[[str], str],
) -> None:
    org = make_org()
    taken = make_dataset(owner_org=org["id"])

    # CKAN's own words in English: the KPU profile's portal speaks Bahasa Indonesia by default
    # (ckan.locale_default = id), and the /en/ prefix asks for English
    english = ckanapi.RemoteCKAN(ckan_portal.url + "/en", apikey=ckan_portal.token)

    def rejected(**fields: Any) -> dict[str, list[str]]:
        with pytest.raises(ckanapi.ValidationError) as info:
            english.action.package_create(**fields)
        errors: dict[str, list[str]] = info.value.error_dict
        return errors

    lowercase = "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"
    assert rejected(name="Hasil PPWP", owner_org=org["id"])["name"] == [lowercase]
    assert "Must be at least 2 characters long" in rejected(name="x", owner_org=org["id"])["name"]
    assert rejected(name=taken["name"], owner_org=org["id"])["name"] == [
        "That URL is already in use."
    ]
    unknown_org = rejected(name=unique("ds"), owner_org=unique("no-such-org"))
    assert unknown_org["owner_org"] == ["Organization does not exist"]
    no_org = rejected(name=unique("ds"))
    assert no_org["owner_org"] == ["An organization must be provided"]
    bad_tag = rejected(name=unique("ds"), owner_org=org["id"], tags=[{"name": "bad/tag!"}])
    assert "can only contain alphanumeric characters" in json.dumps(bad_tag["tags"])
    # an unknown licence id is accepted silently: the publisher must check license_list itself
    lax = make_dataset(owner_org=org["id"], license_id="no-such-licence")
    assert (lax["license_id"], lax["license_title"]) == ("no-such-licence", "no-such-licence")

    with pytest.raises(ckanapi.NotFound):
        ckan.action.package_show(id=unique("missing"))
    with pytest.raises(ckanapi.ValidationError, match="still has datasets"):
        english.action.organization_purge(id=org["id"])  # datasets must be purged first

    with ckanapi.RemoteCKAN(ckan_portal.url + "/en", apikey="not-a-valid-token") as intruder:
        with pytest.raises(ckanapi.NotAuthorized) as denied:
            intruder.action.package_create(name=unique("ds"), owner_org=org["id"])
        assert "not authorized to create packages" in str(denied.value)
        with pytest.raises(ckanapi.NotAuthorized):
            intruder.action.organization_create(name=unique("org"))
        # a bad token on a read is treated as anonymous: no error
        assert intruder.action.package_show(id=taken["id"])["id"] == taken["id"]
