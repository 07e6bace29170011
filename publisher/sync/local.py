"""Collection folder → the built packages to publish, mapped; and those validate holds back.

Every folder holding a `datapackage.json` (outside `_build/` and hidden folders, as
`validate` finds them) is read and mapped to CKAN dicts; a
descriptor that cannot be read is a could-not-run error, since `publisher build` has not done its
work. A package validate blocked (personal data) never leaves; an invalid one only with
`--publish-invalid`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.config import Config
from publisher.errors import InputError
from publisher.layout import package_folders
from publisher.mapping import LocalDataset, read_package

if TYPE_CHECKING:  # annotation only: sync does not load the validator's dependencies
    from publisher.validate import PackageReport


def find_packages(root: Path) -> list[Path]:
    """Every built package folder under root, sorted: the folders `validate` checks."""
    return package_folders(root)


def load_local(root: Path, config: Config) -> tuple[LocalDataset, ...]:
    """Every built package under root, mapped; a broken descriptor is a could-not-run error."""
    if not root.exists():
        raise InputError(f"{root}: folder not found", hint="give the collection folder to publish")
    found = []
    for folder in find_packages(root):
        try:
            found.append(read_package(folder, config))
        except (ValueError, KeyError, OSError) as exc:
            raise InputError(
                f"{folder / 'datapackage.json'}: cannot be read ({exc})",
                hint="run `publisher build` again for this folder",
            ) from exc
    if not found:
        raise InputError(f"{root}: no datapackage.json found", hint="run `publisher build` first")
    return tuple(found)


def hold_back(
    local: Sequence[LocalDataset],
    verdicts: Iterable[PackageReport],
    *,
    publish_invalid: bool = False,
) -> tuple[tuple[LocalDataset, ...], dict[str, str]]:
    """Packages validate found wanting stay home: personal data always, invalid unless allowed.

    Returns what may be published and, per dataset name held back, why.
    """
    skip: dict[str, str] = {}
    for pkg in verdicts:
        if pkg.blocked:
            skip[pkg.name] = "personal data found (never published)"
        elif not pkg.valid and not publish_invalid:
            skip[pkg.name] = f"invalid: see `publisher validate {pkg.path.rsplit('/', 1)[0]}`"
    return tuple(item for item in local if item.name not in skip), skip
