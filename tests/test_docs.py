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
