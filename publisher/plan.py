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
from dataclasses import dataclass, field
from typing import Any, Literal

from publisher.mapping import (
    FINGERPRINT_KEY,
    MARKER_KEY,
    MARKER_VALUE,
    PENDING_KEY,
    LocalDataset,
    extra,
    fingerprint,
    managed_view,
)

Status = Literal["create", "update", "unchanged", "conflict", "delete", "foreign", "skipped"]


@dataclass(frozen=True)
class RemoteState:
    """What the portal holds that concerns us, read in a few bulk requests."""

    organizations: frozenset[str]
    groups: frozenset[str]
    datasets: Mapping[str, Mapping[str, Any]]
    licenses: frozenset[str] = frozenset()


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class ResourceAction:
    """One resource: upload (new file or changed hash), update (metadata only), delete, keep."""

    kind: Literal["upload", "update", "delete", "unchanged", "kept"]
    path: str
    reason: str = ""
    resource_id: str | None = None
    resource: Mapping[str, Any] = field(default_factory=dict)
    changes: tuple[FieldChange, ...] = ()

    def describe(self) -> str:
        extra_text = f" ({self.reason})" if self.reason else ""
        changed = "".join(f"\n      {c.field}: {c.old!r} → {c.new!r}" for c in self.changes)
        return f"    {self.kind:<9} {self.path}{extra_text}{changed}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.kind,
            "path": self.path,
            "reason": self.reason,
            "resource_id": self.resource_id,
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass(frozen=True)
class DatasetPlan:
    name: str
    status: Status
    reason: str = ""
    changes: tuple[FieldChange, ...] = ()
    resources: tuple[ResourceAction, ...] = ()
    local: LocalDataset | None = None
    remote: Mapping[str, Any] | None = None
    fingerprint: str = ""
    reorder: bool = False

    @property
    def writes(self) -> bool:
        return self.status in ("create", "update", "delete")

    def describe(self) -> str:
        head = f"  {self.status:<9} {self.name}" + (f" ({self.reason})" if self.reason else "")
        lines = [head]
        lines += [f"    field     {c.field}: {c.old!r} → {c.new!r}" for c in self.changes]
        lines += [r.describe() for r in self.resources if r.kind != "unchanged"]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.name,
            "action": self.status,
            "reason": self.reason,
            "fields": [c.to_dict() for c in self.changes],
            "resources": [r.to_dict() for r in self.resources],
        }


@dataclass(frozen=True)
class Plan:
    organizations: tuple[Mapping[str, Any], ...]
    groups: tuple[Mapping[str, Any], ...]
    datasets: tuple[DatasetPlan, ...]

    def count(self, status: Status) -> int:
        return sum(1 for d in self.datasets if d.status == status)

    @property
    def uploads(self) -> int:
        return sum(1 for d in self.datasets for r in d.resources if r.kind == "upload")

    @property
    def holds_back(self) -> bool:
        """Whether applying this plan leaves a dataset behind (held back, conflict, name taken)."""
        return any(d.status in ("skipped", "conflict", "foreign") for d in self.datasets)

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
    plans += [DatasetPlan(name, "skipped", reason) for name, reason in sorted(skip.items())]
    wanted = {item.name for item in local} | set(skip)
    for name, dataset in sorted(remote.datasets.items()):
        if name in wanted or not is_ours(dataset) or dataset.get("state") == "deleted":
            continue
        org = (dataset.get("organization") or {}).get("name", "")
        if owners is not None and not owners.fullmatch(str(org)):
            continue
        if prune:
            plans.append(DatasetPlan(name, "delete", "folder removed", remote=dataset))
        else:
            plans.append(
                DatasetPlan(name, "unchanged", "folder removed; kept (--prune deletes it)")
            )
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
) -> DatasetPlan:
    want = fingerprint(desired_view(local))
    if remote is None:
        return _plan_create(local, want)
    if not is_ours(remote):
        reason = "name in use by a dataset kpu-publisher did not make"
        return DatasetPlan(local.name, "foreign", reason, remote=remote)
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
        ResourceAction("delete", path, "duplicate of the same file", rid)
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
    return DatasetPlan(
        local.name,
        status,
        reason,
        tuple(changes),
        resources,
        local=local,
        remote=remote,
        fingerprint=want,
        reorder=_order(remote, paths) != [f.resource["kpu_path"] for f in local.files],
    )


def _plan_create(local: LocalDataset, want: str) -> DatasetPlan:
    """A dataset not on the portal yet: create it and upload every file."""
    uploads = tuple(
        ResourceAction("upload", f.resource["kpu_path"], "new", resource=f.resource)
        for f in local.files
    )
    return DatasetPlan(local.name, "create", resources=uploads, local=local, fingerprint=want)


def _repairs(
    status: Status,
    reason: str,
    remote: Mapping[str, Any],
    doubles: Mapping[str, str],
    resources: Sequence[ResourceAction],
) -> tuple[Status, str]:
    """Turn the status into an update when the portal needs repair: restore, dedupe, prune."""
    if status == "unchanged" and remote.get("state") == "deleted":
        status, reason = "update", "deleted on the portal"
    if status in ("unchanged", "update") and doubles:
        status, reason = "update", f"removing {len(doubles)} duplicate resource(s)"
    if status == "unchanged" and any(r.kind == "delete" for r in resources):
        status, reason = "update", "removing files deleted locally"
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
        same = [r for r in found if str(r.get("hash", "")) == want.get(path)]
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
) -> tuple[ResourceAction, ...]:
    by_path = {str(r["kpu_path"]): r for r in remote.get("resources") or [] if r.get("kpu_path")}
    actions = []
    for item in local.files:
        path = str(item.resource["kpu_path"])
        old = by_path.pop(path, None)
        if old is None:
            actions.append(ResourceAction("upload", path, "new", resource=item.resource))
            continue
        rid = str(old.get("id"))
        if str(old.get("hash", "")) != item.resource["hash"]:
            actions.append(ResourceAction("upload", path, "changed", rid, resource=item.resource))
            continue
        changes = _resource_changes(old, item.resource)
        kind: Literal["update", "unchanged"] = "update" if changes else "unchanged"
        actions.append(ResourceAction(kind, path, "", rid, resource=item.resource, changes=changes))
    for path, old in sorted(by_path.items()):
        if prune:
            actions.append(ResourceAction("delete", path, "file removed", str(old.get("id"))))
        else:
            actions.append(
                ResourceAction(
                    "kept", path, "file removed locally; stays on the portal (--prune deletes it)"
                )
            )
    return tuple(actions)


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
        stale = any(r.kind == "kept" for r in item.resources)
        if item.status != "unchanged" or verbose or item.reorder or stale:
            yield item.describe()
