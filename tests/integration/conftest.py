"""The real CKAN for integration tests: CKAN_URL/CKAN_API_TOKEN if given, else the local CKAN.

The session fixture `ckan_portal` uses the environment variables when both are set; otherwise it
runs `bash localckan/ckan-local.sh up` (seconds when it already runs, minutes the first time) and
reads `.local/ckan/env`. If CKAN cannot be reached or started the tests FAIL with the reason:
nothing is skipped silently.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import ckanapi
import httpx
import pytest
from portal_support import ENV_FILE, Cleanup, Portal, start_local_ckan


@pytest.fixture(scope="session")
def ckan_portal() -> Portal:
    url, token = os.environ.get("CKAN_URL", ""), os.environ.get("CKAN_API_TOKEN", "")
    if not (url and token):
        values = start_local_ckan()
        url, token = values.get("CKAN_URL", ""), values.get("CKAN_API_TOKEN", "")
        if not (url and token):
            pytest.fail(f"{ENV_FILE} lacks CKAN_URL or CKAN_API_TOKEN", pytrace=False)
    try:
        status = httpx.get(f"{url.rstrip('/')}/api/action/status_show", timeout=10).json()
    except (httpx.HTTPError, ValueError) as exc:
        pytest.fail(f"CKAN at {url} does not answer status_show: {exc}", pytrace=False)
    if not status.get("success"):
        pytest.fail(f"CKAN at {url} answered status_show with an error: {status}", pytrace=False)
    return Portal(url=url.rstrip("/"), token=token)


@pytest.fixture(scope="session")
def ckan(ckan_portal: Portal) -> Iterator[ckanapi.RemoteCKAN]:
    with ckan_portal.client() as client:
        yield client


@pytest.fixture
def created(ckan: ckanapi.RemoteCKAN) -> Iterator[Cleanup]:
    cleanup = Cleanup(ckan)
    yield cleanup
    cleanup.purge()


@pytest.fixture
def unique() -> Callable[[str], str]:
    """CKAN-safe names unique to one test run: kpu-test-<prefix>-<hex>."""
    run = uuid.uuid4().hex[:8]

    def make(prefix: str) -> str:
        return f"kpu-test-{prefix}-{run}-{uuid.uuid4().hex[:6]}"

    return make


@pytest.fixture
def make_org(
    ckan: ckanapi.RemoteCKAN, created: Cleanup, unique: Callable[[str], str]
) -> Callable[..., dict[str, Any]]:
    def make(**fields: Any) -> dict[str, Any]:
        fields.setdefault("name", unique("org"))
        org: dict[str, Any] = ckan.action.organization_create(**fields)
        created.organizations.append(org["id"])
        return org

    return make


@pytest.fixture
def make_dataset(
    ckan: ckanapi.RemoteCKAN, created: Cleanup, unique: Callable[[str], str]
) -> Callable[..., dict[str, Any]]:
    def make(**fields: Any) -> dict[str, Any]:
        fields.setdefault("name", unique("ds"))
        dataset: dict[str, Any] = ckan.action.package_create(**fields)
        created.datasets.append(dataset["id"])
        return dataset

    return make
