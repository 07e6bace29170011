"""House rules that keep one way of doing a thing: one slug rule, the descriptor's file name
spelt once, one stable JSON form for what commands print."""

from __future__ import annotations

import ast
from pathlib import Path

from publisher import mapping, names

REPO = Path(__file__).resolve().parents[1]
SOURCES = sorted((REPO / "publisher").rglob("*.py"))


def _trees() -> list[tuple[Path, ast.AST]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in SOURCES]


def test_one_slug_rule() -> None:
    defs = [
        f"{p.relative_to(REPO)}:{n.name}"
        for p, tree in _trees()
        for n in ast.walk(tree)
        if isinstance(n, ast.FunctionDef) and n.name in ("slug", "_slug")
    ]
    assert defs == ["publisher/mapping/keys.py:slug", "publisher/names.py:slug"]
    assert names.slug("KAB. SIJUNJUNG") == "kab-sijunjung"
    assert names.slug("DPT / L", "_") == "dpt_l"
    assert mapping.slug("1303_KPU KAB") == names.slug("1303_KPU KAB", keep="_-") == "1303_kpu-kab"


def test_the_descriptor_name_is_spelt_once() -> None:
    spelt = [
        f"{p.relative_to(REPO)}:{n.lineno}"
        for p, tree in _trees()
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and n.value == "datapackage.json"
    ]
    assert spelt == [s for s in spelt if s.startswith("publisher/layout/names.py:")] and spelt


def test_commands_print_json_through_one_writer() -> None:
    """`json.dumps(..., indent=...)` (JSON for people and programs to read) only in the one
    writer for stdout (`render.to_json`), the build's file writer and the report's renderer."""
    writers = sorted(
        str(p.relative_to(REPO))
        for p, tree in _trees()
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr == "dumps"
        and any(k.arg == "indent" for k in n.keywords)
    )
    assert writers == [
        "publisher/build/files.py",
        "publisher/render.py",
        "publisher/report/render.py",
    ]


def test_constraints_pin_every_declared_dependency() -> None:
    """`make install` installs exactly the versions in constraints.txt: each dependency of
    pyproject.toml (and its dev extra) is pinned there with ==."""
    import re
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    wanted = {re.sub(r"[-_.]+", "-", re.split(r"[<>=!~\[ ;]", d)[0]).lower() for d in declared}
    assert sorted(wanted - set(pins)) == []
    assert all(re.fullmatch(r"\d+(\.\w+)*", v) for v in pins.values()), pins
    assert "-c constraints.txt" in (REPO / "Makefile").read_text(encoding="utf-8")


def test_every_module_with_texts_is_a_source_of_the_catalogue() -> None:
    """A message never depends on which stages a command imported: `problems.SOURCES` names
    every module that registers texts, and a code without texts says so."""
    from publisher.problems import SOURCES, Problem

    registering = sorted(
        ".".join(p.relative_to(REPO).with_suffix("").parts)
        for p, tree in _trees()
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "register"
    )
    assert registering == sorted(SOURCES) and len(SOURCES) == len(set(SOURCES))
    odd = Problem.make("tidak-ada-kode-ini", "a/b.csv", jumlah=3)
    assert "tidak-ada-kode-ini" in odd.message() and "jumlah=3" in odd.message()
    assert "tidak dikenal" in odd.message() and "no text" in odd.message("en") and odd.fix()
