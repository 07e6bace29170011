"""Local packages + the portal's state → `Preflight`: what would stop a sync, before any write.

The portal answers and says its version; the API token may create datasets (and organisations,
when some are missing), probed with empty creates that CKAN refuses at validation, so nothing is
written. Then the data: CKAN-safe names and tags, licences the portal knows, files under the upload
limit, and the fields a ckanext-scheming dataset schema requires. `problems` (the portal or the
token) mean exit 2, `data_problems` exit 1; either way nothing is written. Each is said in both
languages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher.ckan import Ckan, NotAuthorized, UnknownAction, ValidationFailed
from publisher.errors import PortalError
from publisher.mapping import LocalDataset, name_ok, tag_ok
from publisher.plan import RemoteState
from publisher.problems import Bilingual


@dataclass(frozen=True)
class Preflight:
    """What the portal is and whether we may write to it; `problems` block every write."""

    version: str
    problems: tuple[Bilingual, ...]
    data_problems: tuple[Bilingual, ...]
    extensions: frozenset[str] = frozenset()  # the portal's plugins, as status_show lists them

    def error(self) -> PortalError | None:
        """The could-not-run error for `problems` (Bahasa Indonesia, with the English)."""
        if not self.problems:
            return None
        said = Bilingual.join(self.problems)
        return PortalError(
            said.id,
            hint="periksa token di $CKAN_API_TOKEN atau portal.token_file dan hak pengguna"
            " di portal; tidak ada yang ditulis ke portal",
            en=said.en,
            hint_en="check the token in $CKAN_API_TOKEN or portal.token_file and the user's"
            " rights on the portal; nothing was written to the portal",
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
    problems: list[Bilingual] = []
    data: list[Bilingual] = []
    for action, what in (("package_create", "dataset"), ("organization_create", "organisasi")):
        if not probe_token or (action == "organization_create" and not need_organizations):
            continue
        try:
            ckan.call(action, {})  # empty data never creates anything: safe to repeat
            problems.append(
                Bilingual(
                    f"portal menjawab di luar dugaan: {action} tanpa data berhasil",
                    f"{action} with no data succeeded unexpectedly",
                )
            )
        except ValidationFailed:
            pass  # authorised: CKAN got as far as validating the (empty) data
        except NotAuthorized:
            problems.append(_token_refused(what))
            break
    data += _check_local(local, remote, max_upload_mb=max_upload_mb)
    data += _check_scheming(dataset_schema(ckan) if schema is None else schema, local)
    plugins = frozenset(str(p) for p in status.get("extensions") or [])
    version = str(status.get("ckan_version", "?"))
    return Preflight(version, tuple(problems), tuple(data), plugins)


def _token_refused(what: str) -> Bilingual:
    english = {"dataset": "create datasets", "organisasi": "create organisations"}[what]
    return Bilingual(
        f"portal menolak token API (atau penggunanya tidak boleh membuat {what})",
        f"the API token was refused (or the user may not {english})",
    )


def _check_local(
    local: Sequence[LocalDataset], remote: RemoteState, *, max_upload_mb: int
) -> list[Bilingual]:
    out = []
    limit = max_upload_mb * 1024 * 1024
    for item in local:
        ds = item.dataset
        if not name_ok(item.name):
            out.append(_bad_name(item.name))
        if remote.licenses and ds["license_id"] not in remote.licenses:
            out.append(_unknown_licence(item.name, str(ds["license_id"]), remote.licenses))
        out += [_bad_tag(item.name, str(t["name"])) for t in ds["tags"] if not tag_ok(t["name"])]
        out += [
            _too_big(f.path, f.path.stat().st_size, max_upload_mb)
            for f in item.files
            if f.path.stat().st_size > limit
        ]
    return out


def _bad_name(name: str) -> Bilingual:
    return Bilingual(
        f"{name}: nama dataset harus 2-100 karakter a-z 0-9 - _: periksa `naming.dataset`"
        " di config/publisher.yaml",
        f"{name}: dataset name must be 2-100 characters of a-z 0-9 - _: check"
        " `naming.dataset` in config/publisher.yaml",
    )


def _unknown_licence(name: str, licence: str, known: frozenset[str]) -> Bilingual:
    listed = ", ".join(sorted(known))
    return Bilingual(
        f"{name}: lisensi {licence!r} tidak dikenal portal ({listed}): tulis salah satunya di"
        " `Lisensi` narasi paket itu, atau petakan di `licenses` (config/publisher.yaml)",
        f"{name}: licence {licence!r} unknown to the portal ({listed}): write one of them as"
        " the narrative's `Lisensi`, or map it in `licenses` (config/publisher.yaml)",
    )


def _bad_tag(name: str, tag: str) -> Bilingual:
    return Bilingual(
        f"{name}: tag {tag!r} tidak diizinkan CKAN (2-100 huruf, angka, -_.): ubah `Tag` di"
        " narasi paket itu",
        f"{name}: tag {tag!r} is not allowed by CKAN (2-100 letters, digits, -_.): change the"
        " narrative's `Tag`",
    )


def _too_big(path: Path, size: int, max_mb: int) -> Bilingual:
    return Bilingual(
        f"{path}: {size} bita melebihi batas unggah portal ({max_mb} MB,"
        " portal.max_upload_mb di config/publisher.yaml)",
        f"{path}: {size} bytes is over the portal's upload limit ({max_mb} MB,"
        " portal.max_upload_mb)",
    )


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


def _check_scheming(schema: Mapping[str, Any], local: Sequence[LocalDataset]) -> list[Bilingual]:
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
            fields = ", ".join(lacking)
            out.append(
                Bilingual(
                    f"{item.name}: skema dataset portal mewajibkan {fields}: isi kunci"
                    " narasinya yang bernama sama (docs/portal.md)",
                    f"{item.name}: the portal's dataset schema requires {fields}: fill in the"
                    " narrative's keys of the same names (docs/portal.md)",
                )
            )
    return out
