"""Collection tree (+ validation, + the portal) → the whole status: provinces, totals, ranking.

`status` walks the tree once (or takes the walk it is given), builds every office's entry, adds
offices into provinces and provinces into the national totals, and adds the ranking and the recap
differences. `build_status` is the whole path for the CLI: scan, validate the built packages, and
read the portal's state when it answers (a warning, not a failure, when it does not).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from publisher import layout
from publisher.collection import Collection
from publisher.config import Config
from publisher.plan import RemoteState
from publisher.progress import Start, silent
from publisher.report.model import add_totals, empty_totals, office_entry, province_entry, verdicts
from publisher.report.rank import COUNTING_RULE, ranking
from publisher.report.recap import recap_differences


def status(
    root: Path,
    config: Config,
    *,
    validation: Mapping[str, Mapping[str, Any]] | None = None,
    remote: RemoteState | None = None,
    portal_url: str | None = None,
    lang: str = "id",
    inventory: layout.Layout | None = None,
    collection: Collection | None = None,
) -> dict[str, Any]:
    """The whole picture. `validation`: package folder (relative to root) → {valid, problems}.

    `inventory`, `collection`: the tree already walked, its descriptors read, when the caller
    has them.
    """
    collection = collection or Collection.open(root, config)
    inventory = inventory or collection.layout
    validation = validation or {}
    provinces: dict[str, dict[str, Any]] = {}
    for unit in inventory.units:
        prov = provinces.setdefault(unit.provinsi, province_entry(unit.provinsi, config))
        office = office_entry(unit, inventory.leaves, collection, validation, remote, portal_url)
        prov["offices"].append(office)
        add_totals(prov["totals"], office["totals"])
    totals = empty_totals()
    for prov in provinces.values():
        add_totals(totals, prov["totals"])
    ordered = [provinces[k] for k in sorted(provinces)]
    return {
        "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "root": str(root),
        "portal": portal_url,
        "counting_rule": COUNTING_RULE["en" if lang == "en" else "id"],
        "totals": totals,
        "provinces": ordered,
        "ranking": ranking(ordered),
        "recap": recap_differences(root, inventory, ordered),
    }


def build_status(
    root: Path,
    config: Config,
    *,
    offline: bool,
    lang: str,
    progress: Start = silent,
    require_portal: bool = False,
) -> dict[str, Any]:
    """scan + validate + (the portal, when it answers) → `status`. Raises InputError on no root;
    PortalError when `require_portal` and the portal cannot be read (else a warning)."""
    from publisher import validate

    collection = Collection.open(root, config)  # walked once, each descriptor parsed once
    built = bool(collection.packages)
    judged: dict[str, dict[str, Any]] = {}
    if built:
        checked = validate.validate_paths(
            [collection.root], config, progress=progress, collection=collection
        )
        judged = verdicts(checked.packages, collection)
    remote, url = None, None
    if not offline and built:
        remote, url = _read_portal(collection, require_portal=require_portal, lang=lang)
    return status(
        root,
        config,
        validation=judged,
        remote=remote,
        portal_url=url,
        lang=lang,
        inventory=collection.layout,
        collection=collection,
    )


def _read_portal(
    collection: Collection, *, require_portal: bool, lang: str
) -> tuple[RemoteState | None, str | None]:
    """The portal's state for the collection's packages; when it cannot be read, a warning
    (or the PortalError, when `require_portal`)."""
    import sys

    from publisher.ckan import connect
    from publisher.errors import PortalError
    from publisher.sync import load_local, read_remote

    try:
        with connect(collection.config.portal, need_token=False, strict=False) as ckan:
            return read_remote(ckan, load_local(collection)), ckan.url
    except PortalError as exc:
        if require_portal:
            raise
        text = (
            f"warning: the portal was not read ({exc.text('en')}); --offline leaves it out"
            if lang == "en"
            else f"peringatan: portal tidak dapat dibaca ({exc.text('id')}); "
            "--offline untuk tidak menanyakannya"
        )
        print(text, file=sys.stderr)
        return None, None
