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
) -> dict[str, Any]:
    """The whole picture. `validation`: package folder (relative to root) → {valid, problems}.

    `inventory`: the tree already walked, when the caller has it.
    """
    inventory = inventory or layout.walk(root, config)
    validation = validation or {}
    provinces: dict[str, dict[str, Any]] = {}
    for unit in inventory.units:
        prov = provinces.setdefault(unit.provinsi, province_entry(unit.provinsi, config))
        office = office_entry(unit, inventory.leaves, root, config, validation, remote, portal_url)
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
    from publisher.ckan import connect
    from publisher.errors import PortalError
    from publisher.sync import find_packages, load_local, read_remote

    inventory = layout.walk(root, config)
    built = bool(find_packages(root))
    judged: dict[str, dict[str, Any]] = {}
    if built:
        checked = validate.validate_paths([root], config, progress=progress)
        judged = verdicts(checked.packages, inventory.leaves)
    remote, url = None, None
    if not offline and built:
        try:
            with connect(config.portal, need_token=False, strict=False) as ckan:
                remote = read_remote(ckan, load_local(root, config))
                url = ckan.url
        except PortalError as exc:
            if require_portal:
                raise
            import sys

            text = (
                f"warning: the portal was not read ({exc.text('en')}); --offline leaves it out"
                if lang == "en"
                else f"peringatan: portal tidak dapat dibaca ({exc.text('id')}); "
                "--offline untuk tidak menanyakannya"
            )
            print(text, file=sys.stderr)
    return status(
        root,
        config,
        validation=judged,
        remote=remote,
        portal_url=url,
        lang=lang,
        inventory=inventory,
    )
