"""A plan + the portal → the portal brought in line, and a report of what happened.

Reading the portal (`read_remote`, a few bulk requests), checking it before any write
(`preflight`) and applying a plan (`apply`). Organisations and groups first, then datasets in
parallel workers. Each dataset is written in the same order, so an interruption at any point is
recognised and finished by the next run:

  1. package_create / package_patch with the metadata and `kpu_pending` = the target fingerprint;
  2. resources: new files uploaded (resource_create), changed files re-uploaded (resource_patch),
     metadata patched, files removed only with --prune; the order fixed when it differs;
  3. package_patch of the extras: `kpu_fingerprint` = target, `kpu_pending` removed.

A create whose answer was lost (timeout, 502) is never repeated blindly: the dataset or resource
is looked up first (ckan.Ambiguous). One dataset's failure is recorded and the others go on.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from publisher import datastore as tables
from publisher.ckan import Ambiguous, Ckan, NotAuthorized, UnknownAction, ValidationFailed
from publisher.config import Config
from publisher.errors import InputError, PortalError
from publisher.mapping import (
    FINGERPRINT_KEY,
    MARKER_KEY,
    MARKER_VALUE,
    PENDING_KEY,
    LocalDataset,
    extra,
    name_ok,
    read_package,
    tag_ok,
)
from publisher.plan import (
    DatasetPlan,
    Plan,
    RemoteState,
    ResourceAction,
    is_ours,
    make_plan,
    plan_dataset,
)

if TYPE_CHECKING:  # annotation only: sync does not load the validator's dependencies
    from publisher.validate import PackageReport

PAGE = 1000
Outcome = Literal[
    "created", "updated", "unchanged", "deleted", "conflict", "failed", "skipped", "foreign"
]


# --- reading the portal --------------------------------------------------------------------


def read_remote(ckan: Ckan, local: Sequence[LocalDataset]) -> RemoteState:
    """Organisations, groups, our datasets and the licence list, in a handful of requests."""
    datasets: dict[str, Mapping[str, Any]] = {}
    for dataset in _search(ckan, f'extras_{MARKER_KEY}:"{MARKER_VALUE}"'):
        datasets[str(dataset["name"])] = dataset
    missing = sorted({d.name for d in local} - set(datasets))
    for start in range(0, len(missing), 50):
        names = " OR ".join(missing[start : start + 50])
        for dataset in _search(ckan, f"name:({names})"):
            datasets[str(dataset["name"])] = dataset
    licenses = frozenset(str(item["id"]) for item in ckan.call("license_list"))
    return RemoteState(
        organizations=frozenset(_list(ckan, "organization_list")),
        groups=frozenset(_list(ckan, "group_list")),
        datasets=datasets,
        licenses=licenses,
    )


def _search(ckan: Ckan, fq: str) -> Iterable[Mapping[str, Any]]:
    start = 0
    while True:
        result = ckan.call(
            "package_search",
            {"fq": fq, "rows": PAGE, "start": start, "include_private": True, "sort": "name asc"},
        )
        yield from result["results"]
        start += PAGE
        if start >= int(result["count"]):
            return


def _list(ckan: Ckan, action: str) -> list[str]:
    names: list[str] = []
    while True:
        page = ckan.call(action, {"limit": PAGE, "offset": len(names)})
        names += [str(n) for n in page]
        if len(page) < PAGE:
            return names


# --- preflight -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Preflight:
    """What the portal is and whether we may write to it; `problems` block every write."""

    version: str
    problems: tuple[str, ...]
    data_problems: tuple[str, ...]


def preflight(
    ckan: Ckan,
    local: Sequence[LocalDataset],
    remote: RemoteState,
    *,
    max_upload_mb: int,
    need_organizations: bool,
) -> Preflight:
    status = ckan.call("status_show")
    problems: list[str] = []
    data: list[str] = []
    for action, what in (("package_create", "create datasets"), ("organization_create", "")):
        if action == "organization_create" and not need_organizations:
            continue
        try:
            ckan.call(action, {})  # empty data never creates anything: safe to repeat
            problems.append(f"{action} with no data succeeded unexpectedly")
        except ValidationFailed:
            pass  # authorised: CKAN got as far as validating the (empty) data
        except NotAuthorized:
            problems.append(
                "the API token was refused (or the user may not "
                f"{what or 'create organisations'}): check the token in "
                "$CKAN_API_TOKEN or portal.token_file"
            )
            break
    data += _check_local(local, remote, max_upload_mb=max_upload_mb)
    data += _check_scheming(ckan, local)
    return Preflight(str(status.get("ckan_version", "?")), tuple(problems), tuple(data))


def _check_local(
    local: Sequence[LocalDataset], remote: RemoteState, *, max_upload_mb: int
) -> list[str]:
    out = []
    limit = max_upload_mb * 1024 * 1024
    for item in local:
        ds = item.dataset
        if not name_ok(item.name):
            out.append(f"{item.name}: dataset name must be 2-100 characters of a-z 0-9 - _")
        if remote.licenses and ds["license_id"] not in remote.licenses:
            known = ", ".join(sorted(remote.licenses))
            out.append(f"{item.name}: licence {ds['license_id']!r} unknown to the portal ({known})")
        out += [
            f"{item.name}: tag {t['name']!r} is not allowed by CKAN (2-100 letters, digits, -_.)"
            for t in ds["tags"]
            if not tag_ok(t["name"])
        ]
        out += [
            f"{f.path}: {f.path.stat().st_size} bytes is over the portal's upload limit "
            f"({max_upload_mb} MB, portal.max_upload_mb)"
            for f in item.files
            if f.path.stat().st_size > limit
        ]
    return out


def _check_scheming(ckan: Ckan, local: Sequence[LocalDataset]) -> list[str]:
    try:
        schema = ckan.call("scheming_dataset_schema_show", {"type": "dataset"})
    except (UnknownAction, PortalError):
        return []
    required = [
        str(f["field_name"])
        for f in schema.get("dataset_fields", [])
        if f.get("required") and f.get("field_name")
    ]
    out = []
    for item in local:
        extras = {e["key"] for e in item.dataset["extras"]}
        lacking = [k for k in required if not item.dataset.get(k) and k not in extras]
        if lacking:
            out.append(f"{item.name}: the portal's dataset schema requires {', '.join(lacking)}")
    return out


# --- applying ------------------------------------------------------------------------------


@dataclass
class DatasetResult:
    name: str
    outcome: Outcome
    message: str = ""
    uploads: int = 0


@dataclass
class SyncReport:
    results: list[DatasetResult] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def failed(self) -> list[DatasetResult]:
        bad = ("failed", "conflict", "foreign", "skipped")
        return [r for r in self.results if r.outcome in bad]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    def to_dict(self) -> dict[str, Any]:
        return {
            "organizations_created": self.organizations,
            "groups_created": self.groups,
            "datasets": [r.__dict__ for r in self.results],
            "requests": self.counters,
            "seconds": round(self.seconds, 2),
        }


Progress = Callable[[DatasetResult], None]


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
            item = _create(ckan, item)
            if item.status == "foreign":
                return DatasetResult(item.name, "foreign", item.reason)
            outcome: Outcome = "created" if item.status == "create" else "updated"
        else:
            outcome = "updated"
        uploads = _write(ckan, item, datastore=datastore)
        return DatasetResult(item.name, outcome, item.reason, uploads)
    except PortalError as exc:
        return DatasetResult(item.name, "failed", str(exc))


def _create(ckan: Ckan, item: DatasetPlan) -> DatasetPlan:
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


def _write(ckan: Ckan, item: DatasetPlan, *, datastore: bool = False) -> int:
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


def find_packages(root: Path) -> list[Path]:
    """Every built package folder under root (those holding a datapackage.json), sorted."""
    if (root / "datapackage.json").is_file():
        return [root]
    return sorted(p.parent for p in root.rglob("datapackage.json") if "_build" not in p.parts)


# --- the whole path, for the CLI -----------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    local: tuple[LocalDataset, ...]
    remote: RemoteState
    plan: Plan
    check: Preflight | None


def load_local(root: Path, config: Config) -> tuple[LocalDataset, ...]:
    """Every built package under root, mapped; a broken descriptor is a could-not-run error."""
    if not root.exists():
        raise InputError(f"{root}: folder not found", hint="give the collection folder to publish")
    found = []
    for folder in find_packages(root):
        try:
            found.append(read_package(folder, config))
        except (ValueError, KeyError, OSError) as exc:
            raise InputError(
                f"{folder / 'datapackage.json'}: cannot be read ({exc})",
                hint="run `publisher build` again for this folder",
            ) from exc
    if not found:
        raise InputError(f"{root}: no datapackage.json found", hint="run `publisher build` first")
    return tuple(found)


def owner_pattern(template: str) -> re.Pattern[str]:
    """naming.organization ("kpu-{kode_wilayah}") → the organisation names it can produce."""
    parts = re.split(r"\{[a-z_]+\}", template)
    return re.compile("[a-z0-9_-]+".join(re.escape(p.lower()) for p in parts))


def hold_back(
    local: Sequence[LocalDataset],
    verdicts: Iterable[PackageReport],
    *,
    publish_invalid: bool = False,
) -> tuple[tuple[LocalDataset, ...], dict[str, str]]:
    """Packages validate found wanting stay home: personal data always, invalid unless allowed.

    Returns what may be published and, per dataset name held back, why.
    """
    skip: dict[str, str] = {}
    for pkg in verdicts:
        if pkg.blocked:
            skip[pkg.name] = "personal data found (never published)"
        elif not pkg.valid and not publish_invalid:
            skip[pkg.name] = f"invalid: see `publisher validate {pkg.path.rsplit('/', 1)[0]}`"
    return tuple(item for item in local if item.name not in skip), skip


def prepare(
    ckan: Ckan,
    local: Sequence[LocalDataset],
    config: Config,
    *,
    force: bool = False,
    prune: bool = False,
    check: bool = True,
    skip: Mapping[str, str] | None = None,
) -> Prepared:
    """Read the portal, plan, and (for sync) run the preflight checks. Writes nothing."""
    remote = read_remote(ckan, local)
    owners = owner_pattern(config.naming.organization)
    plan = make_plan(local, remote, force=force, prune=prune, skip=skip, owners=owners)
    checked = None
    if check and not plan.empty:
        checked = preflight(
            ckan,
            local,
            remote,
            max_upload_mb=config.portal.max_upload_mb,
            need_organizations=bool(plan.organizations),
        )
    return Prepared(tuple(local), remote, plan, checked)


def summary(report: SyncReport, url: str) -> str:
    """The closing lines of `publisher sync` for people."""
    lines = []
    for result in report.results:
        if result.outcome in ("failed", "conflict", "foreign", "skipped"):
            lines.append(f"  {result.outcome:<9} {result.name}: {result.message}")
    counts = ", ".join(
        f"{report.count(o)} {o}"
        for o in ("created", "updated", "unchanged", "deleted", "conflict", "skipped", "failed")
        if report.count(o) or o in ("created", "updated", "unchanged")
    )
    c = report.counters
    lines.append(
        f"{counts}; {c.get('uploads', 0)} uploads, {c.get('requests', 0)} requests"
        f" ({c.get('retries', 0)} retried) in {report.seconds:.1f} s"
    )
    lines.append(f"portal: {url}/dataset/")
    return "\n".join(lines)
