"""Local packages + the portal → `Prepared`: its state read, the plan made, the preflight run.

What `publisher plan` shows and `publisher sync` applies. Only datasets in organisations this
configuration can name (`naming.organization`) may be pruned, so publishing one collection never
prunes another's. Writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from publisher.ckan import Ckan
from publisher.config import Config
from publisher.mapping import LocalDataset
from publisher.plan import Plan, RemoteState, make_plan
from publisher.problems import Bilingual
from publisher.sync.preflight import Preflight, dataset_schema, preflight, schema_fields
from publisher.sync.remote import read_remote


@dataclass(frozen=True)
class Prepared:
    local: tuple[LocalDataset, ...]
    remote: RemoteState
    plan: Plan
    check: Preflight | None


def owner_pattern(template: str) -> re.Pattern[str]:
    """naming.organization ("kpu-{kode_wilayah}") → the organisation names it can produce."""
    parts = re.split(r"\{[a-z_]+\}", template)
    return re.compile("[a-z0-9_-]+".join(re.escape(p.lower()) for p in parts))


def prepare(
    ckan: Ckan,
    local: Sequence[LocalDataset],
    config: Config,
    *,
    force: bool = False,
    prune: bool = False,
    check: bool = True,
    skip: Mapping[str, Bilingual] | None = None,
    probe_token: bool = True,
) -> Prepared:
    """Read the portal, plan, and run the preflight checks (`check`). Writes nothing.

    `probe_token=False` (an anonymous plan) leaves out the check of the token's rights."""
    schema = dataset_schema(ckan)
    fields = schema_fields(schema)  # our values as the portal's own fields, when it has them
    local = [replace(item, portal_fields=fields) for item in local]
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
            probe_token=probe_token,
            schema=schema,
        )
    return Prepared(tuple(local), remote, plan, checked)
