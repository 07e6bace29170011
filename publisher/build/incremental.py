"""A leaf's inputs and config → its fingerprint; the last build's outputs → skip the leaf or not.

The fingerprint is a sha256 over the build format version, the leaf's path, every input file's
name, size and sha256, and the config entries that shape the output. A folder whose
`datapackage.json` carries the same fingerprint, and whose `_build` files still have their recorded
size and hash, is skipped; what the build that made them found is kept in `_build/problems.json`
so that a skipped folder still reports it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from publisher.build.files import file_hash
from publisher.config import Config
from publisher.layout import GENERATED_DIR, GENERATED_FILE, Leaf
from publisher.problems import Problem

BUILD_FORMAT = 4  # bump when the same input gives a different output (forces a rebuild)
# What the build found in a folder's files, kept so that a skipped folder still reports it.
PROBLEMS_FILE = "problems.json"
DESCRIPTOR_DIGEST = "descriptor.sha256"
"""The sha256 of the datapackage.json this build wrote: `validate` knows it for the build's own
(whose shape the tests check against the Data Package profile) until someone edits it."""


def leaf_fingerprint(leaf: Leaf, config: Config, hashes: Mapping[str, tuple[int, str]]) -> str:
    """sha256 over the format, the leaf's path, its inputs' (size, sha256) and the config used."""
    assert leaf.jenis is not None and leaf.tahapan is not None
    jenis = config.jenis[leaf.jenis]
    region = config.regions.get(leaf.unit.kode)
    facts = {
        "format": BUILD_FORMAT,
        "leaf": leaf.path,
        "unit": leaf.unit.path,
        "inputs": {name: list(value) for name, value in hashes.items()},
        "jenis": dataclasses.asdict(jenis),
        "tahapan": dataclasses.asdict(config.tahapan[leaf.tahapan]),
        "schema": [config.schema(name) for name in jenis.schemas] or None,
        "region": region._asdict() if region else None,
        "naming": config.naming.dataset,
        "defaults": dataclasses.asdict(config.defaults),
        "narrative_rules": dataclasses.asdict(config.narrative),
        "licenses": {k: list(v) for k, v in config.licenses.items()},
    }
    text = json.dumps(facts, sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def unchanged(folder: Path, fingerprint: str) -> str | None:
    """The package name when the existing descriptor has this fingerprint and its `_build` files
    are as it describes them; None when the folder must be built."""
    try:
        package = json.loads((folder / GENERATED_FILE).read_text(encoding="utf-8"))
        if package["x-kpu"]["fingerprint"] != fingerprint:
            return None
        for resource in package["resources"]:
            path = str(resource["path"])
            if path.startswith(GENERATED_DIR + "/"):
                size, digest = file_hash(folder / path)
                if resource["bytes"] != size or resource["hash"] != f"sha256:{digest}":
                    return None
        return str(package["name"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def problem_record(problem: Problem) -> dict[str, Any]:
    """A problem as kept in `_build/problems.json` (no message: it is rendered when reported)."""
    return problem.record()


def load_problems(path: Path) -> list[Problem]:
    """The problems a previous build of this folder recorded; none when the file is unusable."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
        return [Problem.from_record(r) for r in records]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []
