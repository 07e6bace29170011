"""One dataset's plan → the dataset written on the portal, always in the same order.

Each dataset is written in the same order, so an interruption at any point is recognised and
finished by the next run:

  1. package_create / package_patch with the metadata and `kpu_pending` = the target fingerprint;
  2. resources: new files uploaded (resource_create), changed files re-uploaded (resource_patch),
     metadata patched, files removed only with --prune; the order fixed when it differs;
  3. package_patch of the extras: `kpu_fingerprint` = target, `kpu_pending` removed.

A create whose answer was lost (timeout, 502) is never repeated blindly: the dataset or resource
is looked up first (ckan.Ambiguous). With the DataStore on, each table uploaded (or whose schema
changed, or all of them after an interrupted run) is loaded too.
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from publisher import containment
from publisher import datastore as tables
from publisher.ckan import Ambiguous, Ckan, NotFound, ValidationFailed
from publisher.errors import PortalError
from publisher.mapping import DESCRIPTOR, FINGERPRINT_KEY, PENDING_KEY, LocalDataset, extra
from publisher.plan import (
    CreateDataset,
    DeleteResource,
    PatchResource,
    ResourceStep,
    UnchangedDataset,
    UpdateDataset,
    UploadFile,
    is_ours,
    plan_dataset,
)


def create_named(
    ckan: Ckan,
    action: str,
    body: Mapping[str, Any],
    show: Mapping[str, Any],
    *,
    attempts: int | None = None,
) -> tuple[Mapping[str, Any], bool]:
    """A create of something with a unique name (dataset, organisation, group), and whether this
    call made it. After a lost answer, or "name taken", it is looked up by name (`show`, for the
    matching `*_show`): there → that one; absent after a lost answer → sent again after a pause.
    Names are unique, so a create that lands late cannot make a second one."""
    attempts = attempts or ckan.retry.attempts
    looker = action.replace("_create", "_show")
    for attempt in range(attempts):
        try:
            return ckan.call(action, body, safe=False), True
        except (Ambiguous, ValidationFailed) as exc:
            if isinstance(exc, ValidationFailed) and "name" not in exc.errors:
                raise
            try:
                return ckan.call(looker, show), False
            except NotFound:
                if isinstance(exc, ValidationFailed):
                    raise exc from None
                ckan.pause(attempt + 1)  # not there (yet): send it again after a while
    raise PortalError(
        f"CKAN {action}: {show['id']} gagal dibuat setelah {attempts} kali percobaan",
        hint="pastikan portal dapat diakses, lalu jalankan sync lagi; sync melanjutkan dari"
        " tempat ia berhenti",
        en=f"CKAN {action}: {show['id']} could not be made after {attempts} tries",
        hint_en="check that the portal is up and run sync again; it resumes where it stopped",
    )


def create(ckan: Ckan, item: CreateDataset) -> UpdateDataset | UnchangedDataset:
    """package_create (`create_named`); a dataset found by its name is re-planned, if ours.
    Returns what to write next, `created` when this run made the dataset (a lost answer
    included)."""
    body = {**item.local.dataset, "extras": _extras(item.local, pending=item.fingerprint)}
    found, made = create_named(ckan, "package_create", body, {"id": item.name})
    if made:
        return UpdateDataset(
            name=item.name,
            resources=item.resources,
            local=item.local,
            remote=found,
            fingerprint=item.fingerprint,
            created=True,
        )
    if not is_ours(found):
        raise PortalError(
            f"CKAN package_create: {item.name}: nama ini sudah dipakai dataset lain",
            hint="periksa dataset bernama itu di portal",
            en=f"CKAN package_create: {item.name}: the name is taken by another dataset",
            hint_en="look at the dataset of that name on the portal",
        )
    made_now = extra(found, PENDING_KEY) == item.fingerprint and not extra(found, FINGERPRINT_KEY)
    again = plan_dataset(item.local, found, force=True)
    if isinstance(again, UpdateDataset):
        return replace(again, created=made_now)
    if isinstance(again, UnchangedDataset):
        return again
    raise PortalError(  # forced and ours: nothing else can come back
        f"CKAN package_create: {item.name}: keadaan dataset tidak terduga ({again.status})",
        hint="jalankan sync lagi",
        en=f"CKAN package_create: {item.name}: unexpected state of the dataset ({again.status})",
        hint_en="run sync again",
    )


def write(
    ckan: Ckan, item: UpdateDataset, *, datastore: bool = False, late: LateCreates | None = None
) -> int:
    """Steps 1–3 of the module docstring for a dataset that exists (or was just created)."""
    late = late if late is not None else LateCreates()
    dataset_id = str(item.remote["id"])
    revive = item.remote.get("state") == "deleted"
    if not item.created and (item.changes or _touches(item) or revive):
        fields = {c.field for c in item.changes if not c.field.startswith("extras.")}
        body: dict[str, Any] = {"id": dataset_id, "state": "active"}
        body.update({k: item.local.dataset[k] for k in fields})
        body["extras"] = _extras(item.local, pending=item.fingerprint)
        ckan.call("package_patch", body)
    ids = {
        a.path: a.resource_id
        for a in item.resources
        if a.resource_id and not isinstance(a, DeleteResource)
    }
    # DataStore tables are (re)loaded for new files, for a changed schema (the dictionary), and
    # all of them when an earlier run stopped in this dataset, perhaps between an upload and its
    # load: that run's files are not uploaded again
    resumed = bool(extra(item.remote, PENDING_KEY))
    files = {str(f.resource["kpu_path"]): f.path for f in item.local.files}
    uploads = 0
    for action in item.resources:
        rid = _resource(ckan, dataset_id, action, item.local, late)
        if rid:
            ids[action.path] = rid
        uploads += int(isinstance(action, UploadFile))
        reload = (
            isinstance(action, UploadFile)
            or any(change.field == "schema" for change in action.changes)
            or (resumed and action.path in files)
        )
        if datastore and rid and reload and action.resource.get("schema"):
            tables.load(ckan, rid, files[action.path], str(action.resource["schema"]))
    order = [ids[str(f.resource["kpu_path"])] for f in item.local.files]
    if item.reorder:
        ckan.call("package_resource_reorder", {"id": dataset_id, "order": order})
    ckan.call("package_patch", {"id": dataset_id, "extras": _extras(item.local, done=item)})
    return uploads


def _touches(item: UpdateDataset) -> bool:
    return any(isinstance(r, UploadFile | PatchResource | DeleteResource) for r in item.resources)


def _extras(
    local: LocalDataset, *, pending: str | None = None, done: UpdateDataset | None = None
) -> list[dict[str, str]]:
    extras = [e for e in local.dataset["extras"] if e["key"] not in (PENDING_KEY, FINGERPRINT_KEY)]
    if pending:
        extras.append({"key": PENDING_KEY, "value": pending})
    if done is not None:
        extras.append({"key": FINGERPRINT_KEY, "value": done.fingerprint})
    return sorted(extras, key=lambda e: e["key"])


def _resource(
    ckan: Ckan, dataset_id: str, action: ResourceStep, local: LocalDataset, late: LateCreates
) -> str | None:
    """One resource step applied, by its type; the resource's id after it (None: deleted)."""
    if isinstance(action, PatchResource):
        fields = {k: v for k, v in action.resource.items() if k not in ("url_type", "size")}
        ckan.call("resource_patch", {**fields, "id": action.resource_id})
        return action.resource_id
    if isinstance(action, DeleteResource):
        with contextlib.suppress(NotFound):  # deleted already (a lost answer): as wanted
            ckan.call("resource_delete", {"id": action.resource_id})
        return None
    if not isinstance(action, UploadFile):
        return action.resource_id
    file, verify = _contained(local, action.path)
    body = {k: v for k, v in action.resource.items() if k != "size"}
    if action.resource_id:
        ckan.upload("resource_patch", {**body, "id": action.resource_id}, file, verify=verify)
        return action.resource_id
    return _create_resource(ckan, dataset_id, body, file, verify, late)


def _contained(local: LocalDataset, kpu_path: str) -> tuple[Path, Callable[[BinaryIO], None]]:
    """The file to upload, checked again now (containment), and a check that the file opened
    for the upload is that same file; anything else stops the upload (`UnsafePath`)."""
    match = [f for f in local.files if f.resource["kpu_path"] == kpu_path]
    if len(match) != 1 or match[0].checked is None:
        raise containment.UnsafePath(kpu_path, "missing")
    first = match[0].checked
    now = containment.check(local.directory, kpu_path, root=local.root)
    if (now.device, now.inode) != (first.device, first.inode):
        raise containment.UnsafePath(kpu_path, "outside")
    declared = match[0].resource.get("size")
    if isinstance(declared, int) and kpu_path != DESCRIPTOR and declared != now.size:
        raise containment.UnsafePath(kpu_path, "changed")

    def verify(handle: BinaryIO) -> None:
        if not containment.still_same(now, handle.fileno()):
            raise containment.UnsafePath(kpu_path, "outside")

    return match[0].path, verify


@dataclass
class LateCreates:
    """Resource creates given up on after a lost answer: one may still reach CKAN late.

    Each attempt of a resource_create carries an id chosen here (a fresh one per attempt: CKAN
    2.12 mishandles a second create with the same id, see docs/sync.md), so one that lands late
    is recognised by its id and removed by `sweep` at the end of the run."""

    items: list[tuple[str, str, str, float]] = field(default_factory=list)  # dataset, id, path, t
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, dataset_id: str, rid: str, path: str) -> None:
        with self.lock:
            self.items.append((dataset_id, rid, path, time.monotonic()))


def sweep(ckan: Ckan, late: LateCreates, *, wait: float) -> int:
    """Once every given-up create is `wait` seconds old, delete those that landed next to the
    resource that did get made for the same path. Returns how many were removed."""
    if not late.items:
        return 0
    ckan.wait_until(max(t for *_, t in late.items) + wait)
    removed = 0
    for dataset_id in sorted({d for d, *_ in late.items}):
        given_up = {rid for d, rid, _, _ in late.items if d == dataset_id}
        resources = ckan.call("package_show", {"id": dataset_id}).get("resources") or []
        kept = {str(r.get("kpu_path")) for r in resources if str(r["id"]) not in given_up}
        for res in resources:
            if str(res["id"]) in given_up and str(res.get("kpu_path")) in kept:
                with contextlib.suppress(NotFound):
                    ckan.call("resource_delete", {"id": res["id"]})
                removed += 1
    return removed


def _create_resource(
    ckan: Ckan,
    dataset_id: str,
    body: Mapping[str, Any],
    file: Path,
    verify: Callable[[BinaryIO], None],
    late: LateCreates,
    *,
    attempts: int | None = None,
) -> str:
    """resource_create with the upload, under an id chosen here.

    After a lost answer the dataset is looked at (twice, a while apart): our id there means
    done. Otherwise the create goes again under a new id, and the old one is left to `sweep`.
    """
    attempts = attempts or ckan.retry.attempts
    for attempt in range(attempts):
        rid = str(uuid.uuid4())
        data = {**body, "package_id": dataset_id, "id": rid}
        try:
            made = ckan.upload("resource_create", data, file, safe=False, verify=verify)
            return str(made["id"])
        except Ambiguous:
            for look in range(2):
                current = ckan.call("package_show", {"id": dataset_id})
                if any(res.get("id") == rid for res in current.get("resources") or []):
                    return rid
                if look == 0:
                    ckan.pause(attempt + 1)
            late.add(dataset_id, rid, str(body["kpu_path"]))
    raise PortalError(
        f"CKAN resource_create: {file.name} gagal diunggah setelah {attempts} kali percobaan",
        hint="pastikan portal dapat diakses, lalu jalankan sync lagi; sync melanjutkan dari"
        " tempat ia berhenti",
        en=f"CKAN resource_create: {file.name} could not be uploaded after {attempts} tries",
        hint_en="check that the portal is up and run sync again; it resumes where it stopped",
    )
