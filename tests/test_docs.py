"""Docs that cannot drift: every config key is documented."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def key_paths(data: object, prefix: str = "") -> list[str]:
    if not isinstance(data, dict):
        return [prefix]
    out: list[str] = []
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        out += key_paths(value, path) if prefix != "licenses" and key != "licenses" else [path]
    return out


def test_every_publisher_yaml_key_is_documented() -> None:
    doc = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    data = yaml.safe_load((REPO / "config" / "publisher.yaml").read_text(encoding="utf-8"))
    for path in key_paths(data):
        top = path.split(".")[0]
        name = "licenses.<id>" if top == "licenses" else path
        assert f"`{name}`" in doc, f"config key {path} is not documented in docs/configuration.md"


def test_every_problem_code_is_documented() -> None:
    """Every code a stage can report appears, in backticks, in docs/ (what it means, its
    severity): stewards and CI authors look codes up there."""
    import importlib
    import pkgutil

    import publisher
    from publisher.problems import CATALOGUE

    for module in pkgutil.walk_packages(publisher.__path__, "publisher."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)  # each stage registers its codes at import

    docs = " ".join(p.read_text(encoding="utf-8") for p in (REPO / "docs").glob("*.md"))
    missing = [code for code in sorted(CATALOGUE) if f"`{code}`" not in docs]
    assert missing == [], f"problem codes not documented in docs/: {missing}"


def test_cli_reference_is_the_command_lines_own_help() -> None:
    """docs/cli.md (English) and docs/cli.id.md (Bahasa Indonesia) are generated from `--help`
    (`tools/cli_docs.py`): every command and option."""
    import sys

    sys.path.insert(0, str(REPO / "tools"))
    import cli_docs

    assert (REPO / "docs" / "cli.md").read_text(encoding="utf-8") == cli_docs.render(), (
        "docs/cli.md is out of date: run `.venv/bin/python tools/cli_docs.py`"
    )
    assert (REPO / "docs" / "cli.id.md").read_text(encoding="utf-8") == cli_docs.render("id"), (
        "docs/cli.id.md is out of date: run `.venv/bin/python tools/cli_docs.py`"
    )


def test_every_module_is_in_the_architecture_page() -> None:
    page = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = []
    for path in sorted((REPO / "publisher").rglob("*.py")):
        parts = list(path.relative_to(REPO / "publisher").with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if parts and f"| `{'.'.join(parts)}` |" not in page:
            missing.append(".".join(parts))
    assert missing == [], f"modules missing from docs/architecture.md: {missing}"


def test_every_code_a_stage_reports_has_its_texts() -> None:
    """A problem whose code has no texts would show stewards its bare code (the catalogue's
    fallback): every code passed to `Problem.make` or a collector's `add` is registered."""
    import ast
    import importlib
    import pkgutil
    import re

    import publisher
    from publisher.problems import CATALOGUE

    for module in pkgutil.walk_packages(publisher.__path__, "publisher."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    code = re.compile(r"^[a-z]+(-[a-z0-9]+)+$")
    unknown, seen = [], set()
    for path in sorted((REPO / "publisher").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("make", "add")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and code.match(node.args[0].value)
            ):
                seen.add(node.args[0].value)
                if node.args[0].value not in CATALOGUE:
                    unknown.append(f"{path.relative_to(REPO)}:{node.lineno} {node.args[0].value}")
    assert len(seen) > 80  # the calls are found: the stages' codes
    assert unknown == [], "codes without texts:\n" + "\n".join(unknown)
