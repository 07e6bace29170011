"""Collection folder tree → `BuildResult`: every leaf built, skipped or failed, office by office.

The tree is walked once (`layout`); a leaf the layout blocks is not built. A problem in one folder
never stops the others: a read or write failure and even a program error become that folder's
problem (with `debug`, a program error propagates for its traceback).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from publisher.build.leaf import LeafBuilder
from publisher.build.result import BuildResult, LeafResult
from publisher.config import Config
from publisher.layout import Layout, Leaf, walk
from publisher.problems import Problem
from publisher.progress import Start, silent


def build_tree(
    root: str | os.PathLike[str],
    config: Config,
    *,
    force: bool = False,
    debug: bool = False,
    progress: Start = silent,
    layout: Layout | None = None,
) -> BuildResult:
    """Build every leaf under root; InputError only when root is not a folder.

    With `debug`, an unexpected error in a folder propagates (for its traceback) instead of being
    recorded as that folder's problem. `progress` is told the number of folders, then each one.
    `layout`: the tree already walked (a `Collection`'s), else it is walked here.
    """
    layout = layout or walk(root, config)
    # office by office (a province before the offices inside it), as `scan` lists them
    leaves = sorted(layout.leaves, key=lambda leaf: (leaf.unit.path, leaf.path))
    tick = progress(len(leaves))
    results = []
    for leaf in leaves:
        results.append(build_leaf(layout, leaf, config, force=force, debug=debug))
        tick()
    return BuildResult(root=layout.root, leaves=tuple(results), problems=layout.outside_leaves())


def build_leaf(
    layout: Layout, leaf: Leaf, config: Config, *, force: bool = False, debug: bool = False
) -> LeafResult:
    """One leaf → built, skipped (unchanged) or failed; never raises for bad data or I/O."""
    base = LeafResult(leaf.path, leaf.unit.folder, leaf.tahapan, leaf.jenis, "failed")
    blocking = [p for p in leaf.problems if p.severity == "error"]
    if blocking or leaf.tahapan is None or leaf.jenis is None or leaf.narrative is None:
        stop = Problem.make("build-not-placed", leaf.path)
        return dataclasses.replace(base, problems=(*leaf.problems, stop))
    try:
        return LeafBuilder(layout.root, leaf, config).run(base, force=force)
    except OSError as exc:
        failure = Problem.make(
            "build-io",
            _rel(layout.root, exc.filename) if exc.filename else leaf.path,
            reason=exc.strerror or type(exc).__name__,
        )
        return dataclasses.replace(base, problems=(*leaf.problems, failure))
    except Exception as exc:  # one folder's surprise must not stop the others
        if debug:
            raise
        crash = Problem.make("build-internal", leaf.path, reason=f"{type(exc).__name__}: {exc}")
        return dataclasses.replace(base, problems=(*leaf.problems, crash))


def _rel(root: Path, filename: object) -> str:
    try:
        return Path(str(filename)).relative_to(root).as_posix()
    except ValueError:
        return str(filename)


def leaf_findings(root: Path, leaf: Leaf, config: Config) -> tuple[Problem, ...]:
    """What a build of this leaf would find (nothing written); none when the layout blocks it
    (its own problems say why)."""
    blocking = any(p.severity == "error" for p in leaf.problems)
    if blocking or leaf.tahapan is None or leaf.jenis is None or leaf.narrative is None:
        return ()
    try:
        return LeafBuilder(root, leaf, config).findings()
    except OSError as exc:
        where = _rel(root, exc.filename) if exc.filename else leaf.path
        return (Problem.make("build-io", where, reason=exc.strerror or type(exc).__name__),)
    except Exception as exc:  # the report goes on: this folder's surprise is its problem
        return (Problem.make("build-internal", leaf.path, reason=f"{type(exc).__name__}: {exc}"),)
