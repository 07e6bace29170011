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

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from publisher import datastore as tables
from publisher.ckan import Ambiguous, Ckan, ValidationFailed
from publisher.errors import PortalError
from publisher.mapping import FINGERPRINT_KEY, PENDING_KEY, LocalDataset, extra
from publisher.plan import DatasetPlan, ResourceAction, is_ours, plan_dataset


def create(ckan: Ckan, item: DatasetPlan) -> DatasetPlan:
    """package_create; if the name turns out taken (a lost answer, an earlier run), re-plan."""
    assert item.local is not None
    body = {**item.local.dataset, "extras": _extras(item.local, pending=item.fingerprint)}
    try:
        created = ckan.call("package_create", body, safe=False)
        return DatasetPlan(
            item.name,
            "create",
            resources=item.resources,
            local=item.local,
            remote=created,
            fingerprint=item.fingerprint,
        )
    except (Ambiguous, ValidationFailed) as exc:
        if isinstance(exc, ValidationFailed) and "name" not in exc.errors:
            raise
        existing = ckan.call("package_show", {"id": item.name})
        if not is_ours(existing):
            raise
        return plan_dataset(item.local, existing, force=True)


def write(ckan: Ckan, item: DatasetPlan, *, datastore: bool = False) -> int:
    """Steps 1–3 of the module docstring for a dataset that exists (or was just created)."""
    assert item.local is not None and item.remote is not None
    dataset_id = str(item.remote["id"])
    revive = item.remote.get("state") == "deleted"
    if item.status != "create" and (item.changes or _touches(item) or revive):
        fields = {c.field for c in item.changes if not c.field.startswith("extras.")}
        body: dict[str, Any] = {"id": dataset_id, "state": "active"}
        body.update({k: item.local.dataset[k] for k in fields})
        body["extras"] = _extras(item.local, pending=item.fingerprint)
        ckan.call("package_patch", body)
    ids = {str(r.get("kpu_path")): str(r["id"]) for r in item.remote.get("resources") or []}
    # DataStore tables are (re)loaded for new files, for a changed schema (the dictionary), and
    # all of them when an earlier run stopped in this dataset, perhaps between an upload and its
    # load: that run's files are not uploaded again
    resumed = bool(extra(item.remote, PENDING_KEY))
    files = {str(f.resource["kpu_path"]): f.path for f in item.local.files}
    uploads = 0
    for action in item.resources:
        rid = _resource(ckan, dataset_id, action)
        if rid:
            ids[action.path] = rid
        uploads += int(action.kind == "upload")
        reload = (
            action.kind == "upload"
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


def _touches(item: DatasetPlan) -> bool:
    return any(r.kind in ("upload", "update", "delete") for r in item.resources)


def _extras(
    local: LocalDataset, *, pending: str | None = None, done: DatasetPlan | None = None
) -> list[dict[str, str]]:
    extras = [e for e in local.dataset["extras"] if e["key"] not in (PENDING_KEY, FINGERPRINT_KEY)]
    if pending:
        extras.append({"key": PENDING_KEY, "value": pending})
    if done is not None:
        extras.append({"key": FINGERPRINT_KEY, "value": done.fingerprint})
    return sorted(extras, key=lambda e: e["key"])


def _resource(ckan: Ckan, dataset_id: str, action: ResourceAction) -> str | None:
    if action.kind == "update":
        fields = {k: v for k, v in action.resource.items() if k not in ("url_type", "size")}
        ckan.call("resource_patch", {**fields, "id": action.resource_id})
        return action.resource_id
    if action.kind == "delete":
        ckan.call("resource_delete", {"id": action.resource_id})
        return None
    if action.kind != "upload":
        return action.resource_id
    assert action.file is not None
    body = {k: v for k, v in action.resource.items() if k != "size"}
    if action.resource_id:
        ckan.upload("resource_patch", {**body, "id": action.resource_id}, action.file)
        return action.resource_id
    return _create_resource(ckan, dataset_id, body, action.file)


def _create_resource(ckan: Ckan, dataset_id: str, body: Mapping[str, Any], file: Path) -> str:
    """resource_create with the upload; after a lost answer, look before uploading again."""
    for _ in range(4):
        try:
            data = {**body, "package_id": dataset_id}
            made = ckan.upload("resource_create", data, file, safe=False)
            return str(made["id"])
        except Ambiguous:
            current = ckan.call("package_show", {"id": dataset_id})
            for res in current.get("resources") or []:
                if res.get("kpu_path") == body["kpu_path"] and res.get("hash") == body["hash"]:
                    return str(res["id"])
    raise PortalError(f"CKAN resource_create: {file.name} could not be uploaded after 4 tries")
