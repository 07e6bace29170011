"""A package's resources → the key values their foreign keys refer to (`Lookups`).

As frictionless builds its lookup: each referenced table ("" or its own name: the table itself)
is read whole, its reference fields parsed with their types, rows whose reference cells are all
missing left out. A reference to a resource the package does not have is a `resource-error`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from publisher import containment
from publisher.config import Config
from publisher.validate.rows import Collector, TableChecker
from publisher.validate.source import records, split_content
from publisher.validate.spec import ForeignKey, compile_schema

Lookups = dict[ForeignKey, frozenset[tuple[Any, ...]]]


def lookups(
    package_dir: Path,
    resource: Mapping[str, Any],
    resources: Sequence[Mapping[str, Any]],
    config: Config,
    out: Collector,
) -> Lookups:
    """The lookups of one resource's foreign keys (empty when it has none)."""
    schema = resource.get("schema")
    if not isinstance(schema, Mapping) or not schema.get("foreignKeys"):
        return {}
    try:
        spec = compile_schema(schema)
    except (ValueError, KeyError, TypeError):
        return {}  # the resource's own check says why
    by_name = {str(r.get("name")): r for r in resources if isinstance(r, Mapping)}
    found: Lookups = {}
    for fk in spec.foreign_keys:
        target = resource if fk.resource in ("", resource.get("name")) else by_name.get(fk.resource)
        if target is None:
            out.add(
                "resource-error",
                reason=f'a foreign key refers to resource "{fk.resource}", which the package '
                "does not have",
            )
            continue
        values = _key_values(package_dir, target, fk.reference_fields, config)
        if values is not None:
            found[fk] = values
    return found


def _key_values(
    package_dir: Path, resource: Mapping[str, Any], fields: tuple[str, ...], config: Config
) -> frozenset[tuple[Any, ...]] | None:
    schema = resource.get("schema")
    path = resource.get("path")
    if not isinstance(schema, Mapping) or not isinstance(path, str):
        return None
    try:
        spec = compile_schema({**schema, "foreignKeys": []})
        checked = containment.check(package_dir, path)
        rows, frame = records(checked.path, resource)
        content = split_content(rows, frame)
        checker = TableChecker(spec, Collector("", 0), regions=config.regions, regions_source="")
        if content.labels is not None:
            checker.check_header(content.labels, header_case=frame.header_case)
        where = [checker.position.get(n) for n in fields]
        if any(i is None for i in where):
            return frozenset()
        keys = set()
        for number, cells in content.rows:
            values = checker.check_row(number, cells, track_keys=False)
            key = tuple(values[i] for i in where if i is not None)
            if any(v is not None for v in key):
                keys.add(key)
        return frozenset(keys)
    except Exception:  # an unreadable table: its own check reports why; nothing to find in it
        return frozenset()
