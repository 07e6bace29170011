"""Local data packages + the portal's current state → a plan of actions. Pure and deterministic.

Per dataset the planner compares three fingerprints of the fields the tool owns (`managed_view`):
what we want (local), what the portal holds now (current) and what we wrote last time (the
`kpu_fingerprint` extra). current == local → unchanged; current == stored → the portal is as we
left it, so update; a `kpu_pending` extra → our own sync was interrupted, so update; anything
else → somebody edited it on the portal: a conflict, left alone unless forced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from publisher.mapping import (
    DESCRIPTOR,
    FINGERPRINT_KEY,
    MARKER_KEY,
    MARKER_VALUE,
    PENDING_KEY,
    SOURCE_HASH_KEY,
    LocalDataset,
    extra,
    fingerprint,
    managed_view,
    source_hash,
)
from publisher.plan.actions import (
    Conflict,
    CreateDataset,
    DatasetAction,
    DeleteDataset,
    DeleteResource,
    FieldChange,
    HeldBack,
    LeaveOnPortal,
    NameTaken,
    PatchResource,
    ResourceStep,
    SameResource,
    Status,
    UnchangedDataset,
    UpdateDataset,
    UploadFile,
)


@dataclass(frozen=True)
class RemoteState:
    """What the portal holds that concerns us, read in a few bulk requests."""

    organizations: frozenset[str]
    groups: frozenset[str]
    datasets: Mapping[str, Mapping[str, Any]]
    licenses: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Plan:
    organizations: tuple[Mapping[str, Any], ...]
    groups: tuple[Mapping[str, Any], ...]
    datasets: tuple[DatasetAction, ...]

    def count(self, status: Status) -> int:
        return sum(1 for d in self.datasets if d.status == status)

    @property
    def uploads(self) -> int:
        return sum(1 for d in self.datasets for r in d.resources if isinstance(r, UploadFile))

    @property
    def holds_back(self) -> bool:
        """Whether applying this plan leaves a dataset behind (held back, conflict, name taken)."""
        return any(d.holds_back for d in self.datasets)

    @property
    def empty(self) -> bool:
        writes = any(d.writes for d in self.datasets)
        return not (self.organizations or self.groups or writes)

    def to_dict(self) -> dict[str, Any]:
        summary = {
            s: self.count(s) for s in ("create", "update", "unchanged", "conflict", "delete")
        }
        summary["foreign"] = self.count("foreign")
        summary["skipped"] = self.count("skipped")
        summary["uploads"] = self.uploads
        return {
            "organizations": [{"action": "create", "name": o["name"]} for o in self.organizations],
            "groups": [{"action": "create", "name": g["name"]} for g in self.groups],
            "datasets": [d.to_dict() for d in self.datasets],
            "summary": summary,
        }


def is_ours(dataset: Mapping[str, Any]) -> bool:
    return extra(dataset, MARKER_KEY) == MARKER_VALUE


def desired_view(local: LocalDataset) -> dict[str, Any]:
    return managed_view({**local.dataset, "resources": [f.resource for f in local.files]})


def owned_view(remote: Mapping[str, Any], only: set[str] | None = None) -> dict[str, Any]:
    """The remote dataset's managed view, counting only resources we put there (kpu_path)."""
    ours = [
        r
        for r in remote.get("resources") or []
        if r.get("kpu_path") and (only is None or r["kpu_path"] in only)
    ]
    return managed_view({**remote, "resources": ours})


def make_plan(
    local: Sequence[LocalDataset],
    remote: RemoteState,
    *,
    force: bool = False,
    prune: bool = False,
    skip: Mapping[str, str] | None = None,
    owners: re.Pattern[str] | None = None,
) -> Plan:
    """`skip` names datasets held back (invalid, personal data) with the reason: not touched.

    `owners` limits pruning to datasets whose organisation name matches it (the organisations
    this configuration names), so one collection never prunes another's datasets.
    """
    skip = dict(skip or {})
    for item in local:  # whatever the flags: a path outside its package is never uploaded
        if item.refused:
            skip[item.name] = "refused, never published: " + "; ".join(item.refused)
    local = [item for item in local if item.name not in skip]
    orgs: dict[str, Mapping[str, Any]] = {}
    groups: dict[str, Mapping[str, Any]] = {}
    for item in local:
        if item.organization["name"] not in remote.organizations:
            orgs.setdefault(item.organization["name"], item.organization)
        if item.group["name"] not in remote.groups:
            groups.setdefault(item.group["name"], item.group)
    plans = [
        plan_dataset(item, remote.datasets.get(item.name), force=force, prune=prune)
        for item in local
    ]
    plans += [HeldBack(name=name, reason=reason) for name, reason in sorted(skip.items())]
    wanted = {item.name for item in local} | set(skip)
    for name, dataset in sorted(remote.datasets.items()):
        if name in wanted or not is_ours(dataset) or dataset.get("state") == "deleted":
            continue
        org = (dataset.get("organization") or {}).get("name", "")
        if owners is not None and not owners.fullmatch(str(org)):
            continue
        if prune:
            plans.append(DeleteDataset(name=name, reason="folder removed"))
        else:
            reason = "folder removed; kept (--prune deletes it)"
            plans.append(UnchangedDataset(name=name, reason=reason))
    return Plan(
        organizations=tuple(orgs[k] for k in sorted(orgs)),
        groups=tuple(groups[k] for k in sorted(groups)),
        datasets=tuple(sorted(plans, key=lambda p: p.name)),
    )


def plan_dataset(
    local: LocalDataset,
    remote: Mapping[str, Any] | None,
    *,
    force: bool = False,
    prune: bool = False,
) -> DatasetAction:
    want = fingerprint(desired_view(local))
    if remote is None:
        return _plan_create(local, want)
    if not is_ours(remote):
        reason = "name in use by a dataset kpu-publisher did not make"
        return NameTaken(name=local.name, reason=reason)
    paths = {str(f.resource["kpu_path"]) for f in local.files}
    doubles = _duplicates(local, remote)
    if doubles:  # compared without them: they go, whatever else is decided
        kept = [r for r in remote.get("resources") or [] if str(r.get("id")) not in doubles]
        remote = {**remote, "resources": kept}
    current_view = owned_view(remote, only=paths)
    current = fingerprint(current_view)
    stored = extra(remote, FINGERPRINT_KEY)
    as_left = stored in (current, fingerprint(owned_view(remote)))
    pending = bool(extra(remote, PENDING_KEY))
    resources = _resource_actions(local, remote, prune=prune) + tuple(
        DeleteResource(path=path, reason="duplicate of the same file", resource_id=rid)
        for rid, path in sorted(doubles.items(), key=lambda kv: (kv[1], kv[0]))
    )
    status, reason = _status(
        want=want, current=current, stored=stored, as_left=as_left, pending=pending, force=force
    )
    status, reason = _repairs(status, reason, remote, doubles, resources)
    changes = _field_changes(current_view, desired_view(local))
    if status == "conflict":
        edited = ", ".join(c.field for c in changes) or "resources"
        reason = f"changed on the portal since the last sync ({edited}); --force overwrites"
    reorder = _order(remote, paths) != [f.resource["kpu_path"] for f in local.files]
    common: dict[str, Any] = {
        "name": local.name,
        "reason": reason,
        "changes": tuple(changes),
        "resources": resources,
        "reorder": reorder,
    }
    if status == "update":
        return UpdateDataset(**common, local=local, remote=remote, fingerprint=want)
    return (Conflict if status == "conflict" else UnchangedDataset)(**common)


def _plan_create(local: LocalDataset, want: str) -> CreateDataset:
    """A dataset not on the portal yet: create it and upload every file."""
    uploads = tuple(
        UploadFile(path=str(f.resource["kpu_path"]), reason="new", resource=f.resource)
        for f in local.files
    )
    return CreateDataset(name=local.name, resources=uploads, local=local, fingerprint=want)


def _repairs(
    status: Status,
    reason: str,
    remote: Mapping[str, Any],
    doubles: Mapping[str, str],
    resources: Sequence[ResourceStep],
) -> tuple[Status, str]:
    """Turn the status into an update when the portal needs repair: restore, dedupe, prune."""
    if status == "unchanged" and remote.get("state") == "deleted":
        status, reason = "update", "deleted on the portal"
    if status in ("unchanged", "update") and doubles:
        status, reason = "update", f"removing {len(doubles)} duplicate resource(s)"
    if status == "unchanged" and any(isinstance(r, DeleteResource) for r in resources):
        status, reason = "update", "removing files deleted locally"
    if status == "unchanged" and any(isinstance(r, UploadFile) for r in resources):
        status, reason = "update", "datapackage.json to name its files by their portal URLs"
    return status, reason


def _status(
    *, want: str, current: str, stored: str | None, as_left: bool, pending: bool, force: bool
) -> tuple[Status, str]:
    if current == want and stored == want and not pending:
        return "unchanged", ""
    if pending:
        return "update", "resuming an interrupted sync"
    if current == want:
        return "update", "recording the fingerprint"
    if as_left:
        return "update", ""
    if force:
        return "update", "forced over changes made on the portal"
    return "conflict", ""


def _duplicates(local: LocalDataset, remote: Mapping[str, Any]) -> dict[str, str]:
    """Our resources that repeat a path (a create that landed twice): id → path, of all but one.

    The one kept for a path is the first whose hash is the local file's, else the first."""
    want = {str(f.resource["kpu_path"]): str(f.resource["hash"]) for f in local.files}
    by_path: dict[str, list[Mapping[str, Any]]] = {}
    for res in remote.get("resources") or []:
        if res.get("kpu_path"):
            by_path.setdefault(str(res["kpu_path"]), []).append(res)
    out: dict[str, str] = {}
    for path, found in by_path.items():
        if len(found) < 2:
            continue
        same = [r for r in found if source_hash(r) == want.get(path)]
        keep = (same or found)[0]
        out.update({str(r["id"]): path for r in found if r is not keep})
    return out


def _order(remote: Mapping[str, Any], paths: set[str]) -> list[str]:
    found = (str(r.get("kpu_path", "")) for r in remote.get("resources") or [])
    return [p for p in found if p in paths]


def _field_changes(current: Mapping[str, Any], want: Mapping[str, Any]) -> list[FieldChange]:
    changes = []
    for key in ("title", "notes", "license_id", "owner_org", "tags", "groups"):
        if current[key] != want[key]:
            changes.append(FieldChange(key, _show(current[key]), _show(want[key])))
    old_extras, new_extras = current["extras"], want["extras"]
    for key in sorted(set(old_extras) | set(new_extras)):
        if old_extras.get(key) != new_extras.get(key):
            changes.append(
                FieldChange(f"extras.{key}", old_extras.get(key, ""), new_extras.get(key, ""))
            )
    return changes


def _show(value: Any) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def _resource_actions(
    local: LocalDataset, remote: Mapping[str, Any], *, prune: bool
) -> tuple[ResourceStep, ...]:
    by_path = {str(r["kpu_path"]): r for r in remote.get("resources") or [] if r.get("kpu_path")}
    actions: list[ResourceStep] = [
        _resource_step(str(item.resource["kpu_path"]), item.resource, by_path)
        for item in local.files
    ]
    for path, old in sorted(by_path.items()):
        if prune:
            rid = str(old.get("id"))
            actions.append(DeleteResource(path=path, reason="file removed", resource_id=rid))
        else:
            reason = "file removed locally; stays on the portal (--prune deletes it)"
            actions.append(LeaveOnPortal(path=path, reason=reason))
    return tuple(actions)


def _resource_step(
    path: str, resource: Mapping[str, Any], by_path: dict[str, Mapping[str, Any]]
) -> ResourceStep:
    """One local file against the portal's resource of the same path (taken out of by_path)."""
    old = by_path.pop(path, None)
    if old is None:
        return UploadFile(path=path, reason="new", resource=resource)
    rid = str(old.get("id"))
    if source_hash(old) != resource["hash"]:
        return UploadFile(path=path, reason="changed", resource_id=rid, resource=resource)
    if path == DESCRIPTOR and not old.get(SOURCE_HASH_KEY):  # published before the portal's copy
        return UploadFile(path=path, reason="portal URLs", resource_id=rid, resource=resource)
    changes = _resource_changes(old, resource)
    if changes:
        return PatchResource(path=path, resource_id=rid, resource=resource, changes=changes)
    return SameResource(path=path, resource_id=rid, resource=resource)


def _resource_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[FieldChange, ...]:
    old_view = managed_view({"resources": [old]})["resources"][0]
    new_view = managed_view({"resources": [new]})["resources"][0]
    return tuple(
        FieldChange(key, old_view[key], new_view[key])
        for key in sorted(new_view)
        if old_view[key] != new_view[key]
    )


def summary_line(plan: Plan) -> str:
    parts = [f"{plan.count(s)} {s}" for s in ("create", "update", "unchanged", "conflict")]
    if plan.count("delete"):
        parts.append(f"{plan.count('delete')} delete")
    if plan.count("foreign"):
        parts.append(f"{plan.count('foreign')} name taken")
    if plan.count("skipped"):
        parts.append(f"{plan.count('skipped')} held back")
    return ", ".join(parts) + f"; {plan.uploads} uploads"


def describe(plan: Plan, *, verbose: bool = False) -> Iterable[str]:
    for org in plan.organizations:
        yield f"  create    organization {org['name']} ({org.get('title', '')})"
    for group in plan.groups:
        yield f"  create    group {group['name']} ({group.get('title', '')})"
    for item in plan.datasets:
        stale = any(isinstance(r, LeaveOnPortal) for r in item.resources)
        if not isinstance(item, UnchangedDataset) or verbose or item.reorder or stale:
            yield item.describe()
