"""Collection folder → the built packages to publish, mapped; and those validate holds back.

Every folder holding a `datapackage.json` (outside `_build/` and hidden folders, as
`validate` finds them) is read and mapped to CKAN dicts; a
descriptor that cannot be read is a could-not-run error, since `publisher build` has not done its
work. A package validate blocked (personal data) never leaves; an invalid one only with
`--publish-invalid`. Why a package is held back is said in both languages (`HELD_BACK`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.collection import Collection
from publisher.errors import InputError
from publisher.layout import GENERATED_FILE, package_folders
from publisher.mapping import LocalDataset, Unreadable
from publisher.problems import Bilingual

if TYPE_CHECKING:  # annotation only: sync does not load the validator's dependencies
    from publisher.validate import PackageReport


# what validate finds when a file changed after `publisher build` wrote its descriptor
STALE = frozenset({"hash-count", "byte-count", "scheme-error"})

# Why validate's verdict holds a package back (`{folder}`: the package's folder), (id, en).
HELD_BACK: dict[str, tuple[str, str]] = {
    "personal": (
        "memuat data pribadi (tidak pernah diterbitkan): lihat `publisher validate {folder}`",
        "personal data found (never published): see `publisher validate {folder}`",
    ),
    "unsafe": (
        "ada path di luar foldernya (tidak pernah diterbitkan): lihat"
        " `publisher validate {folder}`",
        "a path outside its folder (never published): see `publisher validate {folder}`",
    ),
    "stale": (
        "berkas berubah sejak build: jalankan `publisher build {folder}` dulu",
        "files changed since the build: run `publisher build {folder}` first",
    ),
    "invalid": (
        "tidak valid: lihat `publisher validate {folder}`",
        "invalid: see `publisher validate {folder}`",
    ),
}


def held_back(why: str, folder: str) -> Bilingual:
    id_text, en_text = HELD_BACK[why]
    return Bilingual(id_text.format(folder=folder), en_text.format(folder=folder))


def find_packages(root: Path) -> list[Path]:
    """Every built package folder under root, sorted: the folders `validate` checks."""
    return package_folders(root)


def load_local(collection: Collection) -> tuple[LocalDataset, ...]:
    """Every built package of the collection, mapped; a broken descriptor is a could-not-run
    error."""
    found = []
    for rel in collection.packages:
        try:
            found.append(collection.local(rel))
        except (ValueError, KeyError, OSError) as exc:
            descriptor = collection.folder(rel) / GENERATED_FILE
            said = exc.said if isinstance(exc, Unreadable) else Bilingual(str(exc), str(exc))
            raise InputError(
                f"{descriptor}: tidak dapat dibaca ({said.id})",
                hint="jalankan `publisher build` lagi untuk folder ini",
                en=f"{descriptor}: cannot be read ({said.en})",
                hint_en="run `publisher build` again for this folder",
            ) from exc
    if not found:
        raise InputError(
            f"{collection.root}: tidak ada {GENERATED_FILE}",
            hint="jalankan `publisher build` dulu",
            en=f"{collection.root}: no {GENERATED_FILE} found",
            hint_en="run `publisher build` first",
        )
    return tuple(found)


def hold_back(
    local: Sequence[LocalDataset],
    verdicts: Iterable[PackageReport],
    *,
    publish_invalid: bool = False,
) -> tuple[tuple[LocalDataset, ...], dict[str, Bilingual]]:
    """Packages validate found wanting stay home: personal data always, invalid unless allowed.

    Returns what may be published and, per dataset name held back, why.
    """
    skip: dict[str, Bilingual] = {}
    for pkg in verdicts:
        folder = pkg.shown.path(pkg.folder)  # as `publisher validate` shows it
        codes = {p.code for p in pkg.all_problems() if p.severity == "error"}
        if pkg.blocked:
            skip[pkg.name] = held_back("personal", folder)
        elif "unsafe-path" in codes:
            skip[pkg.name] = held_back("unsafe", folder)
        elif codes & STALE and not publish_invalid:
            skip[pkg.name] = held_back("stale", folder)
        elif not pkg.valid and not publish_invalid:
            skip[pkg.name] = held_back("invalid", folder)
    return tuple(item for item in local if item.name not in skip), skip


def gather(
    collection: Collection, *, validate: bool = True, publish_invalid: bool = False
) -> tuple[tuple[LocalDataset, ...], dict[str, Bilingual]]:
    """The packages to publish and those held back with why: what `plan` shows and `sync`
    applies, the same verdicts for both. Without `validate` only containment holds packages
    back (in the planner: `plan.make_plan`)."""
    local = load_local(collection)
    if not validate:
        return local, {}
    from publisher.validate import validate_paths  # only when validating: its dependencies

    checked = validate_paths([collection.root], collection.config, collection=collection)
    return hold_back(local, checked.packages, publish_invalid=publish_invalid)
