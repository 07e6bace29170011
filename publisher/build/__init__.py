"""Walked tree → one Frictionless data package per Jenis Dokumen folder, written in place.

Each leaf gets `datapackage.json` beside its files and, for each XLSX table, a clean UTF-8 CSV in
`_build/`. Output is deterministic (sorted keys, stable resource order, trailing newline). A leaf
whose inputs and relevant config are unchanged (same fingerprint in `x-kpu.fingerprint`, `_build`
files intact) is skipped. A problem in one folder never stops the others: it is recorded in the
`BuildResult`, and the folder counts as failed when a problem is an error.

Modules: `tree` (the run over every leaf), `leaf` (one folder → its package), `resources` (data
files → resource descriptors and `_build` CSVs), `incremental` (fingerprint, skipping unchanged
folders), `files` (deterministic, atomic writes), `result` (outcomes as values), `messages`
(bilingual texts of the `build-*` codes).
"""

from __future__ import annotations

from publisher.build import messages as _messages  # registers the problem texts
from publisher.build.files import dump_json, file_hash, write_if_changed
from publisher.build.incremental import BUILD_FORMAT, PROBLEMS_FILE
from publisher.build.resources import MEDIA_TYPES
from publisher.build.result import BuildResult, LeafResult, Outcome
from publisher.build.tree import build_leaf, build_tree, leaf_findings

del _messages

__all__ = [
    "BUILD_FORMAT",
    "MEDIA_TYPES",
    "PROBLEMS_FILE",
    "BuildResult",
    "LeafResult",
    "Outcome",
    "build_leaf",
    "build_tree",
    "dump_json",
    "file_hash",
    "leaf_findings",
    "write_if_changed",
]
