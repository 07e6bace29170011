"""One contract, two portals: the Action API answers sync relies on, asked through the
publisher's own client (`publisher.ckan.Ckan`, the one seam) of the fake portal the unit tests
use (tests/fakeckan.py) and of the real CKAN 2.12. The fake cannot drift from CKAN unnoticed:
each test runs against both (`-m "not integration"` runs the fake's half).
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from publisher.ckan import Ckan, NotAuthorized, NotFound, RetryPolicy, ValidationFailed
from publisher.mapping import MARKER_KEY, MARKER_VALUE
from tests.fakeckan import FakeCkan


@dataclass
class Contract:
    """A client of one portal, a client with a bad token, and what the test made there."""

    ckan: Ckan
    anonymous_bad: Ckan
    made: list[tuple[str, str]] = field(default_factory=list)  # (purge action, id)

    def name(self, prefix: str) -> str:
        return f"kpu-contract-{prefix}-{uuid.uuid4().hex[:10]}"

    def org(self) -> dict[str, Any]:
        org = self.ckan.call("organization_create", {"name": self.name("org"), "title": "KPU Uji"})
        self.made.append(("organization_purge", org["id"]))
        return dict(org)

    def dataset(self, org: dict[str, Any], **fields: Any) -> dict[str, Any]:
        body = {"name": self.name("ds"), "title": "Uji", "owner_org": org["name"], **fields}
        made = self.ckan.call("package_create", body)
        self.made.append(("dataset_purge", made["id"]))
        return dict(made)


@pytest.fixture(params=["fake", pytest.param("real", marks=pytest.mark.integration)])
def portal(request: pytest.FixtureRequest) -> Iterator[Contract]:
    quick = RetryPolicy(attempts=2, base=0.1, cap=0.5)
    if request.param == "fake":
        fake = FakeCkan()
        url, token = "http://ckan.test", fake.token
        make = lambda tok: Ckan(  # noqa: E731
            url, tok, transport=fake.transport(), sleep=lambda s: None, retry=quick
        )
    else:
        real = request.getfixturevalue("ckan_portal")
        url, token = real.url, real.token
        make = lambda tok: Ckan(url, tok, retry=quick)  # noqa: E731
    contract = Contract(make(token), make("not-a-token"))
    yield contract
    for action, ident in reversed(contract.made):  # datasets before their organisations
        with contextlib.suppress(NotFound):
            contract.ckan.call(action, {"id": ident})
    contract.ckan.close()
    contract.anonymous_bad.close()


def _marker() -> list[dict[str, str]]:
    return [{"key": MARKER_KEY, "value": MARKER_VALUE}, {"key": "kpu_uji", "value": "satu"}]


def test_organisations_are_made_once_by_name(portal: Contract) -> None:
    org = portal.org()
    assert portal.ckan.call("organization_show", {"id": org["name"]})["id"] == org["id"]
    assert org["name"] in portal.ckan.call("organization_list", {"limit": 1000, "offset": 0})
    with pytest.raises(ValidationFailed) as taken:
        portal.ckan.call("organization_create", {"name": org["name"]}, safe=False)
    assert "name" in taken.value.errors


def test_datasets_keep_their_extras_and_are_found_by_marker_and_name(portal: Contract) -> None:
    org = portal.org()
    made = portal.dataset(org, extras=_marker())
    shown = portal.ckan.call("package_show", {"id": made["name"]})
    assert {e["key"]: e["value"] for e in shown["extras"]}["kpu_uji"] == "satu"
    assert shown["organization"]["name"] == org["name"]
    fq = f'extras_{MARKER_KEY}:"{MARKER_VALUE}"'
    found = portal.ckan.call("package_search", {"fq": fq, "rows": 1000, "include_private": True})
    assert made["name"] in [d["name"] for d in found["results"]]
    by_name = portal.ckan.call("package_search", {"fq": f"name:({made['name']} OR x-none)"})
    assert [d["name"] for d in by_name["results"]] == [made["name"]]
    with pytest.raises(ValidationFailed) as taken:
        portal.ckan.call("package_create", {"name": made["name"], "owner_org": org["name"]})
    assert "name" in taken.value.errors


def test_patch_delete_and_purge(portal: Contract) -> None:
    org = portal.org()
    made = portal.dataset(org, extras=_marker())
    extras = [{"key": MARKER_KEY, "value": MARKER_VALUE}, {"key": "kpu_uji", "value": "dua"}]
    portal.ckan.call("package_patch", {"id": made["id"], "title": "Diubah", "extras": extras})
    shown = portal.ckan.call("package_show", {"id": made["id"]})
    assert shown["title"] == "Diubah"
    assert {e["key"]: e["value"] for e in shown["extras"]}["kpu_uji"] == "dua"
    portal.ckan.call("package_delete", {"id": made["id"]})
    assert portal.ckan.call("package_show", {"id": made["id"]})["state"] == "deleted"
    fq = f"name:({made['name']})"
    assert portal.ckan.call("package_search", {"fq": fq})["count"] == 0
    portal.ckan.call("dataset_purge", {"id": made["id"]})
    with pytest.raises(NotFound):
        portal.ckan.call("package_show", {"id": made["id"]})


def test_resources_take_our_id_are_patched_reordered_and_deleted(
    portal: Contract, tmp_path: Path
) -> None:
    org = portal.org()
    made = portal.dataset(org)
    first, second = tmp_path / "satu.csv", tmp_path / "dua.csv"
    first.write_bytes(b"kode,nama\n1303,SIJUNJUNG\n")
    second.write_bytes(b"kode\n1374\n")
    ours = str(uuid.uuid4())
    digest = "sha256:" + hashlib.sha256(first.read_bytes()).hexdigest()
    body = {"package_id": made["id"], "id": ours, "name": "satu", "hash": digest}
    res = portal.ckan.upload("resource_create", {**body, "kpu_path": "satu.csv"}, first)
    assert res["id"] == ours and res["kpu_path"] == "satu.csv" and res["hash"] == digest
    other = portal.ckan.upload(
        "resource_create", {"package_id": made["id"], "name": "dua", "kpu_path": "dua.csv"}, second
    )
    first.write_bytes(b"kode\n1303\n1304\n")
    portal.ckan.upload("resource_patch", {"id": ours, "hash": "sha256:baru"}, first)
    order = [other["id"], ours]
    portal.ckan.call("package_resource_reorder", {"id": made["id"], "order": order})
    shown = portal.ckan.call("package_show", {"id": made["id"]})
    assert [r["id"] for r in shown["resources"]] == order
    assert {r["id"]: r["hash"] for r in shown["resources"]}[ours] == "sha256:baru"
    portal.ckan.call("resource_delete", {"id": other["id"]})
    shown = portal.ckan.call("package_show", {"id": made["id"]})
    assert [r["id"] for r in shown["resources"]] == [ours]


def test_missing_things_and_bad_tokens(portal: Contract) -> None:
    with pytest.raises(NotFound):
        portal.ckan.call("package_show", {"id": "kpu-contract-tidak-ada"})
    with pytest.raises(NotAuthorized):
        portal.anonymous_bad.call("organization_create", {"name": portal.name("org")})
    assert "cc-by" in portal.ckan.license_ids()
