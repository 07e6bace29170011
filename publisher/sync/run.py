"""A plan → the portal brought in line: organisations and groups, then datasets in parallel.

Organisations and groups are created first (one that exists already, after a lost answer, is
fine); then each dataset goes to a worker, which writes it (`dataset`) or records why not. One
dataset's failure (a `PortalError`) is recorded as its outcome and the others go on; results come
back sorted by name, with the requests the client counted.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

from publisher.ckan import Ambiguous, Ckan, ValidationFailed
from publisher.errors import PortalError
from publisher.plan import DatasetPlan, Plan
from publisher.sync.dataset import create, write
from publisher.sync.result import DatasetResult, Outcome, Progress, SyncReport


def apply(
    ckan: Ckan,
    plan: Plan,
    *,
    workers: int = 4,
    purge: bool = False,
    datastore: bool = False,
    progress: Progress | None = None,
) -> SyncReport:
    began = time.monotonic()
    report = SyncReport()
    for org in plan.organizations:
        _ensure(ckan, "organization_create", org)
        report.organizations.append(str(org["name"]))
    for group in plan.groups:
        _ensure(ckan, "group_create", group)
        report.groups.append(str(group["name"]))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [
            pool.submit(_apply_one, ckan, item, purge=purge, datastore=datastore)
            for item in plan.datasets
        ]
        for future in as_completed(futures):
            result = future.result()
            report.results.append(result)
            if progress:
                progress(result)
    report.results.sort(key=lambda r: r.name)
    report.counters = ckan.counters.as_dict()
    report.seconds = time.monotonic() - began
    return report


def _ensure(ckan: Ckan, action: str, data: Mapping[str, Any]) -> None:
    """Create an organisation or group; one that exists already (a lost answer) is fine."""
    try:
        ckan.call(action, data, safe=False)
    except (Ambiguous, ValidationFailed) as exc:
        kind = action.split("_")[0] + "_show"
        try:
            ckan.call(kind, {"id": data["name"], "include_datasets": False})
        except PortalError:
            raise exc from None


def _apply_one(ckan: Ckan, item: DatasetPlan, *, purge: bool, datastore: bool) -> DatasetResult:
    try:
        if item.status == "unchanged":
            return DatasetResult(item.name, "unchanged", item.reason)
        if item.status in ("conflict", "foreign"):
            return DatasetResult(item.name, item.status, item.reason)
        if item.status == "skipped":
            return DatasetResult(item.name, "skipped", item.reason)
        if item.status == "delete":
            ckan.call("package_delete", {"id": item.name})
            if purge:
                ckan.call("dataset_purge", {"id": item.name})
            return DatasetResult(item.name, "deleted", "purged" if purge else "")
        assert item.local is not None
        if item.status == "create":
            item = create(ckan, item)
            if item.status == "foreign":
                return DatasetResult(item.name, "foreign", item.reason)
            outcome: Outcome = "created" if item.status == "create" else "updated"
        else:
            outcome = "updated"
        uploads = write(ckan, item, datastore=datastore)
        return DatasetResult(item.name, outcome, item.reason, uploads)
    except PortalError as exc:
        return DatasetResult(item.name, "failed", str(exc))
