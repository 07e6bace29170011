"""The KPU portal profile: one set of pins and options for the native CKAN and the Docker stack."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _local() -> Any:
    spec = importlib.util.spec_from_file_location(
        "ckan_local", ROOT / "localckan" / "ckan_local.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("ckan_local", module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_docker_installs_the_same_pinned_extensions_and_plugins() -> None:
    local = _local()
    pins = set(
        re.findall(r'"(ckanext-[a-z]+==[0-9.]+)"', (ROOT / "docker" / "kpu-profile.sh").read_text())
    )
    assert pins == set(local.PROFILE_PACKAGES)
    compose = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())
    plugins = compose["x-ckan-environment"]["CKAN__PLUGINS"].split()
    assert [p for p in plugins if p != "envvars"] == local.PROFILE_PLUGINS.split()


def test_the_schema_labels_every_kpu_field_and_requires_none() -> None:
    schema = yaml.safe_load(
        (ROOT / "localckan/ckanext-kpu/ckanext/kpu/schemas/dataset.yaml").read_text()
    )
    fields = {f["field_name"]: f for f in schema["dataset_fields"]}
    from publisher.mapping import XKPU_KEYS

    for key in (*XKPU_KEYS, "kontak", "provinsi"):
        assert f"kpu_{key}" in fields, key
    assert not any(f.get("required") for f in fields.values())
    # bookkeeping stays a free extra: a schema field of that name would refuse the extra
    assert not {"kpu_publisher", "kpu_fingerprint", "kpu_pending"} & set(fields)
    shown = [
        f
        for f in fields.values()
        if f.get("preset") != "kpu_internal" and f["field_name"].startswith("kpu_")
    ]
    assert all(set(f["label"]) == {"id", "en"} for f in shown)
