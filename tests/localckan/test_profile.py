"""The KPU portal profile: one set of pins and options for the native CKAN and the Docker stack."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "localckan") not in sys.path:
    sys.path.insert(0, str(ROOT / "localckan"))

from ckan_local import profile  # noqa: E402


def test_docker_installs_the_same_pinned_extensions_and_plugins() -> None:
    pins = set(
        re.findall(r'"(ckanext-[a-z]+==[0-9.]+)"', (ROOT / "docker" / "kpu-profile.sh").read_text())
    )
    assert pins == set(profile.PROFILE_PACKAGES)
    compose = yaml.safe_load((ROOT / "docker" / "compose.yaml").read_text())
    plugins = compose["x-ckan-environment"]["CKAN__PLUGINS"].split()
    assert [p for p in plugins if p != "envvars"] == profile.PROFILE_PLUGINS.split()


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
