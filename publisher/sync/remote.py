"""Local packages + the portal → the portal's state: organisations, groups, our datasets, licences.

A handful of bulk requests, whatever the size of the collection: `package_search` by our ownership
marker (1,000 datasets a page), then by name for the local datasets it did not find (a name held by
someone else, or a dataset created but never finished), and the organisation, group and licence
lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from publisher.ckan import Ckan
from publisher.mapping import MARKER_KEY, MARKER_VALUE, LocalDataset
from publisher.plan import RemoteState

PAGE = 1000


def read_remote(ckan: Ckan, local: Sequence[LocalDataset]) -> RemoteState:
    """Organisations, groups, our datasets and the licence list, in a handful of requests."""
    datasets: dict[str, Mapping[str, Any]] = {}
    for dataset in ckan.search(f'extras_{MARKER_KEY}:"{MARKER_VALUE}"', page=PAGE):
        datasets[str(dataset["name"])] = dataset
    missing = sorted({d.name for d in local} - set(datasets))
    for start in range(0, len(missing), 50):
        names = " OR ".join(missing[start : start + 50])
        for dataset in ckan.search(f"name:({names})", page=PAGE):
            datasets[str(dataset["name"])] = dataset
    licenses = ckan.license_ids()
    return RemoteState(
        organizations=frozenset(_list(ckan, "organization_list")),
        groups=frozenset(_list(ckan, "group_list")),
        datasets=datasets,
        licenses=licenses,
    )


def _list(ckan: Ckan, action: str) -> list[str]:
    names: list[str] = []
    while True:
        page = ckan.call(action, {"limit": PAGE, "offset": len(names)})
        names += [str(n) for n in page]
        if len(page) < PAGE:
            return names
