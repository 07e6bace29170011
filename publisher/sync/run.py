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

from publisher import containment
from publisher.ckan import (
    Ckan,
    NotAuthorized,
    Unavailable,
)
from publisher.errors import PortalError
from publisher.plan import (
    Conflict,
    CreateDataset,
    DatasetAction,
    DeleteDataset,
    HeldBack,
    NameTaken,
    Plan,
    UnchangedDataset,
    UpdateDataset,
)
from publisher.problems import NOTHING_SAID, Bilingual
from publisher.sync.dataset import LateCreates, create, create_named, sweep, write
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
    broken: dict[str, Bilingual] = {}  # organisation or group name → why it could not be made
    late = LateCreates()
    for kind, wanted, made in (
        ("organization", plan.organizations, report.organizations),
        ("group", plan.groups, report.groups),
    ):
        for item in wanted:
            try:
                show = {"id": item["name"], "include_datasets": False}
                create_named(ckan, f"{kind}_create", item, show)
                made.append(str(item["name"]))
            except (Unavailable, NotAuthorized):
                raise  # the portal is down or refuses us: nothing else can work either
            except PortalError as exc:
                what = {"organization": "organisasi", "group": "grup"}[kind]
                broken[str(item["name"])] = Bilingual(
                    f"{what} {item['name']}: {exc.text('id')}",
                    f"{kind} {item['name']}: {exc.text('en')}",
                )
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = [
            pool.submit(
                _apply_one, ckan, item, purge=purge, datastore=datastore, broken=broken, late=late
            )
            for item in plan.datasets
        ]
        for future in as_completed(futures):
            result = future.result()
            report.results.append(result)
            if progress:
                progress(result)
    # a create given up on may still land: once it cannot any more, remove what landed twice
    report.late_removed = sweep(ckan, late, wait=ckan.timeout)
    report.results.sort(key=lambda r: r.name)
    report.counters = ckan.counters.as_dict()
    report.seconds = time.monotonic() - began
    return report


def _apply_one(
    ckan: Ckan,
    item: DatasetAction,
    *,
    purge: bool,
    datastore: bool,
    broken: Mapping[str, Bilingual],
    late: LateCreates,
) -> DatasetResult:
    if isinstance(item, CreateDataset | UpdateDataset):
        wanted = (item.local.organization["name"], item.local.group["name"])
        missing = [broken[n] for n in wanted if n in broken]
        if missing:
            return DatasetResult(item.name, "failed", Bilingual.join(missing))
    try:
        return _apply_action(ckan, item, purge=purge, datastore=datastore, late=late)
    except PortalError as exc:
        return DatasetResult(item.name, "failed", Bilingual(exc.text("id"), exc.text("en")))
    except containment.UnsafePath as exc:
        return DatasetResult(item.name, "failed", _not_uploaded(exc))


def _not_uploaded(exc: containment.UnsafePath) -> Bilingual:
    """A file refused where it was opened for upload: which one, and why."""
    return Bilingual(
        f"ditolak, tidak diunggah: {exc.declared}: {exc.text('id')}",
        f"refused, not uploaded: {exc.declared}: {exc.text('en')}",
    )


def _apply_action(
    ckan: Ckan, item: DatasetAction, *, purge: bool, datastore: bool, late: LateCreates
) -> DatasetResult:
    """One dataset's action applied, by its type."""
    match item:
        case UnchangedDataset():
            return DatasetResult(item.name, "unchanged", item.reason)
        case HeldBack():
            return DatasetResult(item.name, "skipped", item.reason)
        case Conflict():
            return DatasetResult(item.name, "conflict", item.reason)
        case NameTaken():
            return DatasetResult(item.name, "foreign", item.reason)
        case DeleteDataset():
            ckan.call("package_delete", {"id": item.name})
            if purge:
                ckan.call("dataset_purge", {"id": item.name})
            purged = Bilingual("dimusnahkan (purge)", "purged") if purge else NOTHING_SAID
            return DatasetResult(item.name, "deleted", purged)
        case CreateDataset():
            made = create(ckan, item)
            if isinstance(made, UnchangedDataset):  # found, ours, already as wanted
                return DatasetResult(item.name, "unchanged", made.reason)
            uploads = write(ckan, made, datastore=datastore, late=late)
            outcome: Outcome = "created" if made.created else "updated"
            return DatasetResult(item.name, outcome, NOTHING_SAID, uploads)
        case UpdateDataset():
            uploads = write(ckan, item, datastore=datastore, late=late)
            return DatasetResult(item.name, "updated", item.reason, uploads)
    raise TypeError(f"no way to apply {type(item).__name__}")  # a new action without a case
