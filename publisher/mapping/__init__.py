"""Data package (datapackage.json) ⇄ CKAN dicts: organisation, group, dataset, resources. Pure.

Field by field in docs/ckan-mapping.md. The same functions build what we send and read back what
the portal holds, so a published dataset maps back to the data package it came from
(`dataset_to_package`), and the planner compares like with like (`managed_view`).

Modules: `keys` (the names we write into CKAN, CKAN's name and tag rules), `outgoing` (a package
→ the organisation, group, dataset and resource dicts), `descriptors` (`datapackage.json` as a
resource, with portal URLs or local paths), `local` (a package folder → `LocalDataset`, its files
kept inside the folder), `incoming` (the portal's dataset → the planner's view, and back to a
data package).
"""

from publisher.mapping.descriptors import (
    descriptor_resource,
    local_descriptor,
    portal_descriptor,
    source_hash,
)
from publisher.mapping.incoming import (
    dataset_to_package,
    extra,
    fingerprint,
    kpu_values,
    managed_view,
)
from publisher.mapping.keys import (
    BOOKKEEPING,
    DESCRIPTOR,
    FINGERPRINT_KEY,
    MARKER_KEY,
    MARKER_VALUE,
    NARRATIVE_KIND,
    PENDING_KEY,
    RESOURCE_FIELDS,
    SOURCE_HASH_KEY,
    XKPU_KEYS,
    name_ok,
    slug,
    tag_ok,
)
from publisher.mapping.local import (
    LocalDataset,
    LocalFile,
    Unreadable,
    narrative_resource,
    read_package,
)
from publisher.mapping.outgoing import (
    dataset_dict,
    for_portal,
    group_dict,
    office_title,
    organization_dict,
    organization_name,
    province,
    resource_dict,
)

__all__ = [
    "BOOKKEEPING",
    "DESCRIPTOR",
    "FINGERPRINT_KEY",
    "MARKER_KEY",
    "MARKER_VALUE",
    "NARRATIVE_KIND",
    "PENDING_KEY",
    "RESOURCE_FIELDS",
    "SOURCE_HASH_KEY",
    "XKPU_KEYS",
    "LocalDataset",
    "LocalFile",
    "Unreadable",
    "dataset_dict",
    "dataset_to_package",
    "descriptor_resource",
    "extra",
    "fingerprint",
    "for_portal",
    "group_dict",
    "kpu_values",
    "local_descriptor",
    "managed_view",
    "name_ok",
    "narrative_resource",
    "office_title",
    "organization_dict",
    "organization_name",
    "portal_descriptor",
    "province",
    "read_package",
    "resource_dict",
    "slug",
    "source_hash",
    "tag_ok",
]
