"""Local packages + the portal's state → `Preflight`: what would stop a sync, before any write.

The portal answers and says its version; the API token may create datasets (and organisations,
when some are missing), probed with empty creates that CKAN refuses at validation, so nothing is
written. Then the data: CKAN-safe names and tags, licences the portal knows, files under the upload
limit, and the fields a ckanext-scheming dataset schema requires. `problems` (the portal or the
token) mean exit 2, `data_problems` exit 1; either way nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from publisher.ckan import Ckan, NotAuthorized, UnknownAction, ValidationFailed
from publisher.errors import PortalError
from publisher.mapping import LocalDataset, name_ok, tag_ok
from publisher.plan import RemoteState


@dataclass(frozen=True)
class Preflight:
    """What the portal is and whether we may write to it; `problems` block every write."""

    version: str
    problems: tuple[str, ...]
    data_problems: tuple[str, ...]
    extensions: frozenset[str] = frozenset()  # the portal's plugins, as status_show lists them

    def error(self) -> PortalError | None:
        """The could-not-run error for `problems` (Bahasa Indonesia, with the English)."""
        if not self.problems:
            return None
        refused = any("refused" in p for p in self.problems)
        return PortalError(
            "portal menolak token API (atau penggunanya tidak boleh membuat dataset/organisasi)"
            if refused
            else "portal menjawab di luar dugaan: " + "; ".join(self.problems),
            hint="periksa token di $CKAN_API_TOKEN atau portal.token_file dan hak pengguna"
            " di portal; tidak ada yang ditulis ke portal",
            en="; ".join(self.problems),
            hint_en="nothing was written to the portal",
        )


def preflight(
    ckan: Ckan,
    local: Sequence[LocalDataset],
    remote: RemoteState,
    *,
    max_upload_mb: int,
    need_organizations: bool,
    probe_token: bool = True,
    schema: Mapping[str, Any] | None = None,
) -> Preflight:
    """`schema`: the portal's scheming dataset schema as `dataset_schema` read it (empty: none)."""
    status = ckan.call("status_show")
    problems: list[str] = []
    data: list[str] = []
    for action, what in (("package_create", "create datasets"), ("organization_create", "")):
        if not probe_token or (action == "organization_create" and not need_organizations):
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
    data += _check_scheming(dataset_schema(ckan) if schema is None else schema, local)
    plugins = frozenset(str(p) for p in status.get("extensions") or [])
    version = str(status.get("ckan_version", "?"))
    return Preflight(version, tuple(problems), tuple(data), plugins)


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


def dataset_schema(ckan: Ckan) -> Mapping[str, Any]:
    """The portal's ckanext-scheming dataset schema, or {} on a portal without scheming."""
    try:
        schema = ckan.call("scheming_dataset_schema_show", {"type": "dataset"})
    except (UnknownAction, PortalError):
        return {}
    return schema if isinstance(schema, Mapping) else {}


def schema_fields(schema: Mapping[str, Any]) -> frozenset[str]:
    return frozenset(
        str(f["field_name"]) for f in schema.get("dataset_fields") or [] if f.get("field_name")
    )


def _check_scheming(schema: Mapping[str, Any], local: Sequence[LocalDataset]) -> list[str]:
    if not schema:
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
