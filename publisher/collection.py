"""A collection folder → `Collection`: its root, walked once, each package keyed by its path
relative to the root, each descriptor read and mapped once, on demand.

One value a command builds and hands to every stage it runs (report: the walk, validation, the
portal's comparison), so the tree is walked once and each `datapackage.json` parsed once. Paths
are relative to the root (`Leaf.path`, package keys, and validate's results), whatever the
working directory; only renderers show them (validate's with the root's own name first).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from publisher.config import Config
from publisher.layout import (
    GENERATED_FILE,
    Layout,
    Leaf,
    package_folders,
    require_folder,
    walk,
)
from publisher.mapping import LocalDataset, read_package

DESCRIPTOR = GENERATED_FILE


@dataclass
class Collection:
    """The root (absolute), what is under it, read lazily and kept."""

    root: Path
    config: Config
    _descriptors: dict[str, Any] = field(default_factory=dict, repr=False)
    _mapped: dict[str, LocalDataset] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, root: Path, config: Config) -> Collection:
        """The collection at `root` (a folder); InputError when there is none (the walk's own)."""
        return cls(require_folder(root).resolve(), config)

    @cached_property
    def layout(self) -> Layout:
        """The tree walked (names and sizes), once."""
        return walk(self.root, self.config)

    @cached_property
    def leaves(self) -> dict[str, Leaf]:
        """Every Jenis Dokumen folder, by its path relative to the root."""
        return {leaf.path: leaf for leaf in self.layout.leaves}

    @cached_property
    def packages(self) -> tuple[str, ...]:
        """The built package folders (holding a datapackage.json), relative to the root, sorted
        (`layout.package_folders`: the one rule for validate and sync)."""
        return tuple(self.relative(folder) for folder in package_folders(self.root))

    @cached_property
    def built(self) -> frozenset[str]:
        """`packages` as a set: whether a folder holds a built package."""
        return frozenset(self.packages)

    def folder(self, rel: str) -> Path:
        return self.root / rel if rel else self.root

    def relative(self, path: Path) -> str:
        """A path under the root → its path relative to the root ("" for the root itself)."""
        rel = path.resolve().relative_to(self.root).as_posix()
        return "" if rel == "." else rel

    def descriptor(self, rel: str) -> Any:
        """The package's `datapackage.json`, parsed once (OSError, ValueError as json raises)."""
        if rel not in self._descriptors:
            text = (self.folder(rel) / DESCRIPTOR).read_text(encoding="utf-8")
            self._descriptors[rel] = json.loads(text)
        return self._descriptors[rel]

    def local(self, rel: str) -> LocalDataset:
        """The package mapped for the portal (containment checked), once; ValueError, KeyError
        or OSError when its descriptor is broken."""
        if rel not in self._mapped:
            self._mapped[rel] = read_package(
                self.folder(rel), self.config, root=self.root, package=self.descriptor(rel)
            )
        return self._mapped[rel]
