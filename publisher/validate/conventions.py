"""A data package descriptor → problems with the metadata conventions a CKAN portal needs.

The dataset name and tags must be ones CKAN accepts (`mapping.name_ok`, `mapping.tag_ok`, the
rules `sync` uses), the licence one of `config/publisher.yaml: licenses` (and of the portal's
licence list when `validate` is asked to consult a portal), the title no longer than
`narrative.max_title_length` (for a package `publisher build` made, its narrative's `Judul` was
checked and the finding recorded), and no data file empty. These hold for a lone `datapackage.json`
too, so a descriptor written by hand is checked like one from `publisher build`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from publisher.config import Config
from publisher.mapping import name_ok, tag_ok
from publisher.validate.rows import Collector


def check_descriptor(
    package: Mapping[str, Any],
    folder: Path,
    config: Config,
    out: Collector,
    *,
    portal_licenses: frozenset[str] | None = None,
) -> None:
    name = str(package.get("name") or "")
    if not name_ok(name):
        out.add("package-name", field="name", value=name)
    for tag in package.get("keywords") or []:
        if not tag_ok(str(tag)):
            out.add("package-tag", field="keywords", value=tag)
    _licenses(package, config, out, portal_licenses)
    title = str(package.get("title") or "")
    limit = config.narrative.max_title_length
    built = isinstance(package.get("x-kpu"), Mapping) and package["x-kpu"].get("narrative")
    if len(title) > limit and not built:  # a built one: the narrative's Judul was checked
        out.add("package-title", field="title", severity="warning", length=len(title), max=limit)
    for resource in package.get("resources") or []:
        path = resource.get("path") if isinstance(resource, Mapping) else None
        if isinstance(path, str) and "://" not in path:
            file = folder / path
            if file.is_file() and file.stat().st_size == 0:
                out.add("package-empty-file", field="resources", value=path)


def _licenses(
    package: Mapping[str, Any],
    config: Config,
    out: Collector,
    portal_licenses: frozenset[str] | None,
) -> None:
    licenses = [x for x in package.get("licenses") or [] if isinstance(x, Mapping)]
    if not licenses:
        out.add(
            "package-license",
            field="licenses",
            value="",
            severity="warning",
            known=", ".join(config.licenses),
        )
        return
    for item in licenses:
        lic = str(item.get("name") or "")
        if config.resolve_license(lic) is None:
            out.add(
                "package-license", field="licenses", value=lic, known=", ".join(config.licenses)
            )
        elif portal_licenses is not None and lic not in portal_licenses:
            out.add(
                "package-license-portal",
                field="licenses",
                value=lic,
                known=", ".join(sorted(portal_licenses)),
            )
