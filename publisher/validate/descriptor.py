"""A data package descriptor → its problems against the Data Package profile, as frictionless
reports them (`package-error`, `resource-error`, `schema-error`, `field-error`, ...).

frictionless's own metadata validation is the judge (the same profiles, the same extra rules:
unique resource names, `created` a datetime, `required` inside `constraints`, ...). It costs
~7 ms a package, most of it in the Table Schemas, which a collection repeats from package to
package: each distinct schema is judged once per process, the package without its schemas every
time (~1.5 ms).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from publisher.validate.rows import Collector
from publisher.validate.spec import field_shape

DESCRIPTOR_CODES = (
    "package-error",
    "resource-error",
    "schema-error",
    "field-error",
    "dialect-error",
)
_SCHEMAS: dict[str, list[tuple[str, str]]] = {}


def check_profile(package: Mapping[str, Any], basepath: str, out: Collector) -> bool:
    """Add the descriptor's problems to `out`; True when it is valid."""
    from frictionless import Package, system

    found: list[tuple[str, str]] = []
    stripped = dict(package)
    resources = []
    for resource in package.get("resources") or []:
        if isinstance(resource, dict) and isinstance(resource.get("schema"), dict):
            found += _schema_errors(resource["schema"])
            resource = {**resource, "schema": {"fields": []}}
        resources.append(resource)
    stripped["resources"] = resources
    with system.use_context(trusted=False):
        report = Package.validate_descriptor(stripped, basepath=basepath)
    found += [(e.type, e.note) for e in report.errors]
    for kind, note in dict.fromkeys(found):
        code = kind if kind in DESCRIPTOR_CODES else "package-error"
        out.add(code, reason=note)
    return not found


def _schema_errors(schema: Mapping[str, Any]) -> list[tuple[str, str]]:
    key = json.dumps(schema, sort_keys=True, default=str)
    known = _SCHEMAS.get(key)
    if known is None:
        from frictionless import Schema

        report = Schema.validate_descriptor(_one_field_per_shape(schema))
        known = [(e.type, e.note) for e in report.errors]
        fields = schema.get("fields")
        names = (
            [f.get("name") for f in fields if isinstance(f, dict)]
            if isinstance(fields, list)
            else []
        )
        if len(names) != len(set(map(str, names))) and not any(
            "not unique" in note for _, note in known
        ):
            known.append(("schema-error", "names of the fields are not unique"))
        if len(_SCHEMAS) > 256:
            _SCHEMAS.clear()
        _SCHEMAS[key] = known
    return known


def _one_field_per_shape(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The schema with one field of each shape (plus those its keys name) — the same verdict
    as the whole (each field is judged on its own; names are compared here), in time that
    grows with the kinds of fields, not their number."""
    fields = schema.get("fields")
    if not isinstance(fields, list) or not all(isinstance(f, dict) for f in fields):
        return dict(schema)
    named: set[str] = set()
    pk = schema.get("primaryKey")
    named.update([pk] if isinstance(pk, str) else pk if isinstance(pk, list) else [])
    for fk in schema.get("foreignKeys") or []:
        if isinstance(fk, dict):
            own = fk.get("fields")
            named.update([own] if isinstance(own, str) else own if isinstance(own, list) else [])
    seen: set[str] = set()
    kept = []
    for f in fields:
        shape = field_shape(f) + ("" if isinstance(f.get("name"), str) else "#no-name")
        if shape not in seen or f.get("name") in named:
            seen.add(shape)
            kept.append(f)
    return {**schema, "fields": kept}
