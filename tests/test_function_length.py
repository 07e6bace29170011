"""No function in publisher/ or localckan/ (the local CKAN set-up, the Solr stand-in, ckanext-kpu)
is longer than MAX_LINES lines.

A function's length is `end_lineno - lineno + 1` of its `def` (decorators excluded, docstring
included), nested functions and methods counted on their own as well as inside their parent.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (ROOT / "publisher", ROOT / "localckan")
MAX_LINES = 50

# Functions still over MAX_LINES while they are being split into helpers, keyed by (path relative
# to the repository, function name). Remove an entry as soon as its function is short enough:
# test_allow_list_is_not_stale fails until you do, so the list cannot outlive the work.
BEING_SPLIT: frozenset[tuple[str, str]] = frozenset()


def function_lengths() -> list[tuple[str, int, str, int]]:
    """(relative path, line, name, length) of every function and method in PACKAGES."""
    found = []
    for path in sorted(p for package in PACKAGES for p in package.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                found.append((relative, node.lineno, node.name, node.end_lineno - node.lineno + 1))
    return sorted(found)


def test_no_function_is_too_long() -> None:
    too_long = [
        f"{relative}:{line} {name} ({length} lines)"
        for relative, line, name, length in function_lengths()
        if length > MAX_LINES and (relative, name) not in BEING_SPLIT
    ]
    assert not too_long, f"functions over {MAX_LINES} lines:\n" + "\n".join(too_long)


def test_allow_list_is_not_stale() -> None:
    longest: dict[tuple[str, str], int] = {}
    for relative, _, name, length in function_lengths():
        longest[relative, name] = max(length, longest.get((relative, name), 0))
    stale = []
    for key in sorted(BEING_SPLIT):
        if key not in longest:
            stale.append(f"{key[0]} {key[1]}: no longer exists")
        elif longest[key] <= MAX_LINES:
            stale.append(f"{key[0]} {key[1]}: {longest[key]} lines now")
    assert not stale, "remove from BEING_SPLIT:\n" + "\n".join(stale)
