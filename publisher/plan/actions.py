"""Plan actions as values: one frozen dataclass per thing sync may do to a dataset or resource.

Each action says what it is (`status` for a dataset, `kind` for a resource: the words of the JSON
form), whether it writes, describes itself in one line (`describe`, in Bahasa Indonesia or
English: `WORDS`) and as JSON (`to_dict`: the codes as they are, the reason in the language
asked). `publisher.sync` applies them by type; nothing dispatches on strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from publisher.mapping import LocalDataset
from publisher.problems import NOTHING_SAID, Bilingual, Lang

Status = Literal["create", "update", "unchanged", "conflict", "delete", "foreign", "skipped"]
Kind = Literal["upload", "update", "delete", "unchanged", "kept"]

# What a plan's lines call each action, per language: datasets (`Status`), resources (`Kind`,
# under "res-"), a field's change and the organisations and groups to create.
WORDS: dict[Lang, dict[str, str]] = {
    "id": {
        "create": "buat",
        "update": "perbarui",
        "unchanged": "tetap",
        "conflict": "konflik",
        "delete": "hapus",
        "foreign": "milik lain",
        "skipped": "ditahan",
        "res-upload": "unggah",
        "res-update": "perbarui",
        "res-delete": "hapus",
        "res-unchanged": "tetap",
        "res-kept": "dibiarkan",
        "field": "isian",
        "organization": "organisasi",
        "group": "grup",
    },
    "en": {
        "create": "create",
        "update": "update",
        "unchanged": "unchanged",
        "conflict": "conflict",
        "delete": "delete",
        "foreign": "foreign",
        "skipped": "skipped",
        "res-upload": "upload",
        "res-update": "update",
        "res-delete": "delete",
        "res-unchanged": "unchanged",
        "res-kept": "kept",
        "field": "field",
        "organization": "organization",
        "group": "group",
    },
}


def word(key: str, lang: Lang) -> str:
    """An action's word, padded to the column every line of `lang` shares."""
    words = WORDS[lang]
    width = max(len(words[k]) for k in words if k not in ("organization", "group"))
    return words[key].ljust(width)


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "old": self.old, "new": self.new}


# --- resources ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ResourceStep:
    """What happens to one resource (by its path in the package, `kpu_path`)."""

    kind: ClassVar[Kind]
    path: str
    reason: Bilingual = NOTHING_SAID
    resource_id: str | None = None
    resource: Mapping[str, Any] = field(default_factory=dict)
    changes: tuple[FieldChange, ...] = ()

    def describe(self, lang: Lang = "id") -> str:
        extra_text = f" ({self.reason.text(lang)})" if self.reason else ""
        changed = "".join(f"\n      {c.field}: {c.old!r} → {c.new!r}" for c in self.changes)
        return f"    {word('res-' + self.kind, lang)} {self.path}{extra_text}{changed}"

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "action": self.kind,
            "path": self.path,
            "reason": self.reason.text(lang),
            "resource_id": self.resource_id,
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass(frozen=True, kw_only=True)
class UploadFile(ResourceStep):
    """A new file (resource_create) or a changed one (resource_patch with the upload)."""

    kind: ClassVar[Kind] = "upload"


@dataclass(frozen=True, kw_only=True)
class PatchResource(ResourceStep):
    """Same bytes, other metadata: resource_patch without an upload."""

    kind: ClassVar[Kind] = "update"
    resource_id: str


@dataclass(frozen=True, kw_only=True)
class DeleteResource(ResourceStep):
    """A file removed locally (with --prune), or a duplicate of the same file."""

    kind: ClassVar[Kind] = "delete"
    resource_id: str


@dataclass(frozen=True, kw_only=True)
class SameResource(ResourceStep):
    """Nothing to do: the portal has this file as it is."""

    kind: ClassVar[Kind] = "unchanged"
    resource_id: str


@dataclass(frozen=True, kw_only=True)
class LeaveOnPortal(ResourceStep):
    """A file removed locally that stays on the portal (no --prune)."""

    kind: ClassVar[Kind] = "kept"


# --- datasets ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class DatasetAction:
    """What happens to one dataset (by its CKAN name)."""

    status: ClassVar[Status]
    writes: ClassVar[bool] = False  # changes the portal
    holds_back: ClassVar[bool] = False  # leaves the dataset behind its folder
    name: str
    reason: Bilingual = NOTHING_SAID
    changes: tuple[FieldChange, ...] = ()
    resources: tuple[ResourceStep, ...] = ()
    reorder: bool = False

    def describe(self, lang: Lang = "id") -> str:
        why = f" ({self.reason.text(lang)})" if self.reason else ""
        lines = [f"  {word(self.status, lang)} {self.name}{why}"]
        lines += [
            f"    {word('field', lang)} {c.field}: {c.old!r} → {c.new!r}" for c in self.changes
        ]
        lines += [r.describe(lang) for r in self.resources if not isinstance(r, SameResource)]
        return "\n".join(lines)

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "dataset": self.name,
            "action": self.status,
            "reason": self.reason.text(lang),
            "fields": [c.to_dict() for c in self.changes],
            "resources": [r.to_dict(lang) for r in self.resources],
        }


@dataclass(frozen=True, kw_only=True)
class CreateDataset(DatasetAction):
    """Not on the portal: package_create, then every file uploaded."""

    status: ClassVar[Status] = "create"
    writes: ClassVar[bool] = True
    local: LocalDataset
    fingerprint: str


@dataclass(frozen=True, kw_only=True)
class UpdateDataset(DatasetAction):
    """On the portal as we left it (or ours, interrupted, forced): fields patched, files synced.

    `created`: made by this run a moment ago (no first patch needed)."""

    status: ClassVar[Status] = "update"
    writes: ClassVar[bool] = True
    local: LocalDataset
    remote: Mapping[str, Any]
    fingerprint: str
    created: bool = False


@dataclass(frozen=True, kw_only=True)
class UnchangedDataset(DatasetAction):
    """Nothing to write (or a dataset whose folder is gone, kept without --prune)."""

    status: ClassVar[Status] = "unchanged"


@dataclass(frozen=True, kw_only=True)
class Conflict(DatasetAction):
    """Edited on the portal since our last sync: left alone unless --force."""

    status: ClassVar[Status] = "conflict"
    holds_back: ClassVar[bool] = True


@dataclass(frozen=True, kw_only=True)
class NameTaken(DatasetAction):
    """The name belongs to a dataset kpu-publisher did not make: never touched."""

    status: ClassVar[Status] = "foreign"
    holds_back: ClassVar[bool] = True


@dataclass(frozen=True, kw_only=True)
class HeldBack(DatasetAction):
    """Not published: invalid, personal data, or a path outside its folder (the reason says)."""

    status: ClassVar[Status] = "skipped"
    holds_back: ClassVar[bool] = True


@dataclass(frozen=True, kw_only=True)
class DeleteDataset(DatasetAction):
    """Ours, its folder gone, --prune given: package_delete (and purge with --purge)."""

    status: ClassVar[Status] = "delete"
    writes: ClassVar[bool] = True
