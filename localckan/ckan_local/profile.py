"""The KPU portal profile (docs/portal.md): the pinned extensions and our ckanext-kpu in CKAN's
venv, and the ckan.ini options it sets. CKAN_LOCAL_PROFILE=plain: only activity and datastore."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from .processes import run
from .settings import LOCALCKAN, CannotRun, Layout, say

# Extensions pinned to exact versions (docker/kpu-profile.sh installs the same), and ours.
PROFILE_PACKAGES = ("ckanext-scheming==3.1.0", "ckanext-dcat==2.4.4")
PROFILE_PLUGINS = (
    "activity datastore datatables_view webpage_view kpu scheming_datasets dcat structured_data"
)
PLAIN_PLUGINS = "activity datastore"
PLUGIN = LOCALCKAN / "ckanext-kpu"


def profile_name() -> str:
    name = os.environ.get("CKAN_LOCAL_PROFILE", "") or "kpu"
    if name not in ("kpu", "plain"):
        raise CannotRun(f"CKAN_LOCAL_PROFILE={name!r}: use kpu (the default) or plain")
    return name


def profile_digest() -> str:
    """What the profile installs: the pinned extensions and our plugin's files."""
    digest = hashlib.sha256(" ".join(PROFILE_PACKAGES).encode())
    for path in sorted(PLUGIN.rglob("*")):
        skip = {"__pycache__", "build"} & set(path.parts) or ".egg-info" in str(path)
        if path.is_file() and not skip:
            digest.update(str(path.relative_to(PLUGIN)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def profile_current(lay: Layout) -> bool:
    if profile_name() == "plain":
        return True
    return (lay.venv / f".kpu-profile-{profile_digest()}").exists()


def ensure_profile(lay: Layout) -> None:
    """ckanext-scheming, ckanext-dcat (exact versions) and ckanext-kpu (ours) in CKAN's venv."""
    if profile_current(lay):
        return
    say("installing the KPU portal profile (ckanext-scheming, ckanext-dcat, ckanext-kpu)")
    pip: list[str | Path] = [lay.venv / "bin" / "python", "-m", "pip"]
    run(
        [*pip, "install", "--disable-pip-version-check", *PROFILE_PACKAGES],
        what="pip install " + " ".join(PROFILE_PACKAGES),
        log=lay.logs / "pip.log",
    )
    with tempfile.TemporaryDirectory(prefix="ckanext-kpu-") as folder:
        copy = Path(folder) / "ckanext-kpu"  # built outside the checkout: no build/ left
        shutil.copytree(PLUGIN, copy, ignore=shutil.ignore_patterns("build", "*.egg-info"))
        i18n = copy / "ckanext" / "kpu" / "i18n"
        run(  # the translations, compiled with CKAN's own Babel
            [lay.venv / "bin" / "pybabel", "compile", "-D", "ckanext-kpu", "-d", i18n],
            what="pybabel compile (ckanext-kpu)",
            log=lay.logs / "pip.log",
        )
        flags = ["--disable-pip-version-check", "--force-reinstall", "--no-deps"]
        run(
            [*pip, "install", *flags, str(copy)],
            what="pip install localckan/ckanext-kpu",
            log=lay.logs / "pip.log",
        )
    for old in lay.venv.glob(".kpu-profile-*"):
        old.unlink()
    (lay.venv / f".kpu-profile-{profile_digest()}").write_text("installed\n")


def profile_options() -> dict[str, str]:
    if profile_name() == "plain":
        return {"ckan.plugins": PLAIN_PLUGINS, "ckan.locale_default": "en"}
    return {
        "ckan.plugins": PROFILE_PLUGINS,
        "scheming.dataset_schemas": "ckanext.kpu:schemas/dataset.yaml",
        "scheming.presets": "ckanext.scheming:presets.json ckanext.kpu:schemas/presets.yaml",
        "scheming.dataset_fallback": "false",
        "ckan.locale_default": "id",
        "ckan.locales_offered": "id en",
        "ckan.site_title": "Portal Data Terbuka KPU (lokal)",
        "ckanext.dcat.rdf.profiles": "euro_dcat_ap_3 kpu_dcat_ap",
        "ckanext.dcat.enable_content_negotiation": "false",
    }
