"""Local data packages + the portal's current state → a plan of actions. Pure and deterministic.

Per dataset the planner compares three fingerprints of the fields the tool owns (`managed_view`):
what we want (local), what the portal holds now (current) and what we wrote last time (the
`kpu_fingerprint` extra). current == local → unchanged; current == stored → the portal is as we
left it, so update; a `kpu_pending` extra → our own sync was interrupted, so update; anything
else → somebody edited it on the portal: a conflict, left alone unless forced. Each reason is
said in both languages (`REASONS`); `describe` and `summary_line` speak the language asked.
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
    WORDS,
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
    word,
)
from publisher.problems import NOTHING_SAID, Bilingual, Lang

# Why an action is what it is, (id, en); `{placeholders}` filled by `_why`.
REASONS: dict[str, tuple[str, str]] = {
    "refused": ("ditolak, tidak pernah diterbitkan: {why}", "refused, never published: {why}"),
    "folder-removed": ("foldernya sudah dihapus", "folder removed"),
    "folder-kept": (
        "foldernya sudah dihapus; dibiarkan di portal (--prune menghapusnya)",
        "folder removed; kept (--prune deletes it)",
    ),
    "name-taken": (
        "nama ini dipakai dataset yang tidak dibuat kpu-publisher: periksa dataset itu di portal",
        "name in use by a dataset kpu-publisher did not make: look at that dataset on the portal",
    ),
    "duplicate": ("duplikat dari berkas yang sama", "duplicate of the same file"),
    "conflict": (
        "diubah di portal sejak sync terakhir ({edited}); --force menimpanya",
        "changed on the portal since the last sync ({edited}); --force overwrites",
    ),
    "new": ("baru", "new"),
    "changed": ("berubah", "changed"),
    "portal-urls": ("URL portal", "portal URLs"),
    "restore": ("dihapus di portal", "deleted on the portal"),
    "dedupe": (
        "menghapus {count} sumber daya duplikat",
        "removing {count} duplicate resource(s)",
    ),
    "prune-files": (
        "menghapus berkas yang sudah dihapus dari folder",
        "removing files deleted locally",
    ),
    "descriptor-urls": (
        "datapackage.json agar menyebut berkasnya dengan URL portal",
        "datapackage.json to name its files by their portal URLs",
    ),
    "resume": ("melanjutkan sync yang terputus", "resuming an interrupted sync"),
    "fingerprint": ("mencatat sidik (fingerprint)", "recording the fingerprint"),
    "forced": (
        "dipaksa (--force) menimpa perubahan di portal",
        "forced over changes made on the portal",
    ),
    "file-removed": ("berkas dihapus", "file removed"),
    "file-kept": (
        "berkas dihapus dari folder; tetap di portal (--prune menghapusnya)",
        "file removed locally; stays on the portal (--prune deletes it)",
    ),
}


def _why(key: str, **params: str | int) -> Bilingual:
    id_text, en_text = REASONS[key]
    return Bilingual(id_text.format(**params), en_text.format(**params))


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

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        """The plan for programs: its codes as they are, the reasons in `lang`."""
        summary = {
            s: self.count(s) for s in ("create", "update", "unchanged", "conflict", "delete")
        }
        summary["foreign"] = self.count("foreign")
        summary["skipped"] = self.count("skipped")
        summary["uploads"] = self.uploads
        return {
            "organizations": [{"action": "create", "name": o["name"]} for o in self.organizations],
            "groups": [{"action": "create", "name": g["name"]} for g in self.groups],
            "datasets": [d.to_dict(lang) for d in self.datasets],
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
    skip: Mapping[str, Bilingual] | None = None,
    owners: re.Pattern[str] | None = None,
) -> Plan:
    """`skip` names datasets held back (invalid, personal data) with the reason: not touched.

    `owners` limits pruning to datasets whose organisation name matches it (the organisations
    this configuration names), so one collection never prunes another's datasets.
    """
    skip = dict(skip or {})
    for item in local:  # whatever the flags: a path outside its package is never uploaded
        if item.refused:
            skip[item.name] = _refused(item.refused)
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
            plans.append(DeleteDataset(name=name, reason=_why("folder-removed")))
        else:
            plans.append(UnchangedDataset(name=name, reason=_why("folder-kept")))
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
        return NameTaken(name=local.name, reason=_why("name-taken"))
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
        DeleteResource(path=path, reason=_why("duplicate"), resource_id=rid)
        for rid, path in sorted(doubles.items(), key=lambda kv: (kv[1], kv[0]))
    )
    status, reason = _status(
        want=want, current=current, stored=stored, as_left=as_left, pending=pending, force=force
    )
    status, reason = _repairs(status, reason, remote, doubles, resources)
    changes = _field_changes(current_view, desired_view(local))
    if status == "conflict":
        reason = _conflict(changes)
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
        UploadFile(path=str(f.resource["kpu_path"]), reason=_why("new"), resource=f.resource)
        for f in local.files
    )
    return CreateDataset(name=local.name, resources=uploads, local=local, fingerprint=want)


def _refused(reasons: Sequence[Bilingual]) -> Bilingual:
    why = Bilingual.join(reasons)
    return Bilingual(
        REASONS["refused"][0].format(why=why.id), REASONS["refused"][1].format(why=why.en)
    )


def _conflict(changes: Sequence[FieldChange]) -> Bilingual:
    edited = ", ".join(c.field for c in changes)
    return Bilingual(
        REASONS["conflict"][0].format(edited=edited or "sumber daya"),
        REASONS["conflict"][1].format(edited=edited or "resources"),
    )


def _repairs(
    status: Status,
    reason: Bilingual,
    remote: Mapping[str, Any],
    doubles: Mapping[str, str],
    resources: Sequence[ResourceStep],
) -> tuple[Status, Bilingual]:
    """Turn the status into an update when the portal needs repair: restore, dedupe, prune."""
    if status == "unchanged" and remote.get("state") == "deleted":
        status, reason = "update", _why("restore")
    if status in ("unchanged", "update") and doubles:
        status, reason = "update", _why("dedupe", count=len(doubles))
    if status == "unchanged" and any(isinstance(r, DeleteResource) for r in resources):
        status, reason = "update", _why("prune-files")
    if status == "unchanged" and any(isinstance(r, UploadFile) for r in resources):
        status, reason = "update", _why("descriptor-urls")
    return status, reason


def _status(
    *, want: str, current: str, stored: str | None, as_left: bool, pending: bool, force: bool
) -> tuple[Status, Bilingual]:
    if current == want and stored == want and not pending:
        return "unchanged", NOTHING_SAID
    if pending:
        return "update", _why("resume")
    if current == want:
        return "update", _why("fingerprint")
    if as_left:
        return "update", NOTHING_SAID
    if force:
        return "update", _why("forced")
    return "conflict", NOTHING_SAID


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
            actions.append(DeleteResource(path=path, reason=_why("file-removed"), resource_id=rid))
        else:
            actions.append(LeaveOnPortal(path=path, reason=_why("file-kept")))
    return tuple(actions)


def _resource_step(
    path: str, resource: Mapping[str, Any], by_path: dict[str, Mapping[str, Any]]
) -> ResourceStep:
    """One local file against the portal's resource of the same path (taken out of by_path)."""
    old = by_path.pop(path, None)
    if old is None:
        return UploadFile(path=path, reason=_why("new"), resource=resource)
    rid = str(old.get("id"))
    if source_hash(old) != resource["hash"]:
        return UploadFile(path=path, reason=_why("changed"), resource_id=rid, resource=resource)
    if path == DESCRIPTOR and not old.get(SOURCE_HASH_KEY):  # published before the portal's copy
        why = _why("portal-urls")
        return UploadFile(path=path, reason=why, resource_id=rid, resource=resource)
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


# The plan's closing line, per language: how many datasets of each status, and the uploads.
SUMMARY: dict[Lang, dict[str, str]] = {
    "id": {
        "create": "dibuat",
        "update": "diperbarui",
        "unchanged": "tetap",
        "conflict": "konflik",
        "delete": "dihapus",
        "foreign": "nama milik lain",
        "skipped": "ditahan",
        "uploads": "berkas diunggah",
    },
    "en": {
        "create": "create",
        "update": "update",
        "unchanged": "unchanged",
        "conflict": "conflict",
        "delete": "delete",
        "foreign": "name taken",
        "skipped": "held back",
        "uploads": "uploads",
    },
}


def summary_line(plan: Plan, lang: Lang = "id") -> str:
    words = SUMMARY[lang]
    statuses: tuple[Status, ...] = ("create", "update", "unchanged", "conflict")
    parts = [f"{plan.count(s)} {words[s]}" for s in statuses]
    for status in ("delete", "foreign", "skipped"):
        if plan.count(status):
            parts.append(f"{plan.count(status)} {words[status]}")
    return ", ".join(parts) + f"; {plan.uploads} {words['uploads']}"


def describe(plan: Plan, *, lang: Lang = "id", verbose: bool = False) -> Iterable[str]:
    create, words = word("create", lang), WORDS[lang]
    for org in plan.organizations:
        yield f"  {create} {words['organization']} {org['name']} ({org.get('title', '')})"
    for group in plan.groups:
        yield f"  {create} {words['group']} {group['name']} ({group.get('title', '')})"
    for item in plan.datasets:
        stale = any(isinstance(r, LeaveOnPortal) for r in item.resources)
        if not isinstance(item, UnchangedDataset) or verbose or item.reorder or stale:
            yield item.describe(lang)
