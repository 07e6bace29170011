"""Sync safety against the real CKAN: containment, tokens bound to their host, one-run convergence.

- A package naming a file outside its folder (absolute path, `..`, a link) is never uploaded,
  under `--no-validate` and `--publish-invalid` too, while the other packages are published.
- The local CKAN's token file is never sent to another address: a loopback proxy standing for
  "another portal" sees no Authorization header, and the run stops with exit 2.
- A full publish through a proxy injecting 20 % faults of every kind (502 before/after, 503,
  429 with Retry-After, resets, stalls past the timeout, creates delivered late) converges in
  one run: no failure, no duplicate, orphan or partial resource, and the next plan is empty.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from portal_support import Portal

from publisher.ckan import Ckan
from publisher.config import Config, load_config
from tests.faultproxy import MODES, FaultProxy
from tests.integration.test_sync_ckan import (  # noqa: F401 - fixtures
    PUBLISHER,
    REPO,
    config,
    download,
    portal,
    run_id,
    show,
    sync,
    tree,
)
from tests.test_containment import SECRET, absolute, dotdot, link_file, link_folder
from tests.test_sync import make_package

pytestmark = pytest.mark.integration


def publisher(cfg: Config, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PUBLISHER), "--config", str(cfg.directory), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=180,
        cwd=REPO,
    )


@pytest.mark.parametrize("flag", ["--no-validate", "--publish-invalid"])
def test_files_outside_the_package_never_reach_the_portal(
    portal: Portal,  # noqa: F811
    tree: Path,  # noqa: F811
    config: Config,  # noqa: F811
    run_id: str,  # noqa: F811
    tmp_path: Path,
    flag: str,
) -> None:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_bytes(SECRET)
    names = []
    for n, make in enumerate((absolute, dotdot, link_file, link_folder)):
        name = f"kt{run_id}-bad{n}"
        names.append(name)
        folder = make_package(tree / f"bad{n}", name, "1303", {"db1.csv": b"kode\n1303\n"})
        make(folder, secret)
    env = {"CKAN_URL": portal.url, "CKAN_API_TOKEN": portal.token}
    done = publisher(config, "sync", str(tree), flag, env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    with Ckan(portal.url, portal.token) as ckan:
        for name in names:
            found = ckan.call("package_search", {"fq": f"name:{name}", "include_private": True})
            assert found["count"] == 0, f"{name} reached the portal"
    for good in (f"kt{run_id}-1303-db1", f"kt{run_id}-1374-db1"):
        for res in show(portal, good)["resources"]:
            assert SECRET not in download(portal, res["url"])


def test_the_token_file_goes_to_its_own_portal_only(
    portal: Portal,  # noqa: F811
    tree: Path,  # noqa: F811
    config: Config,  # noqa: F811
    tmp_path: Path,
) -> None:
    """config with token_file = a token issued for the real CKAN (its URL beside it), no
    $CKAN_API_TOKEN: for the real address plan uses it; for any other it is never sent."""
    folder = tmp_path / "cfg-file-token"
    shutil.copytree(config.directory, folder)
    token_file = tmp_path / "issued" / "api-token"
    token_file.parent.mkdir()
    token_file.write_text(portal.token + "\n")
    Path(f"{token_file}.url").write_text(portal.url + "\n")
    text = (folder / "publisher.yaml").read_text(encoding="utf-8")
    text = text.replace("token_file: .local/ckan/api-token", f"token_file: {token_file}")
    (folder / "publisher.yaml").write_text(text, encoding="utf-8")
    own = load_config(folder)
    env = {"CKAN_API_TOKEN": ""}
    home = publisher(own, "plan", str(tree), "--no-validate", env={**env, "CKAN_URL": portal.url})
    assert home.returncode == 0, home.stderr
    assert "tanpa token" not in home.stderr  # the token was used there
    with FaultProxy(portal.url, rate=0.0) as elsewhere:
        for command in ("plan", "sync"):
            done = publisher(own, command, str(tree), env={**env, "CKAN_URL": elsewhere.url})
            assert done.returncode == 2, done.stdout + done.stderr
            assert "tidak dikirim" in done.stderr and portal.token not in done.stderr
        assert not [h for h in elsewhere.headers if "Authorization" in h]


@pytest.mark.parametrize(
    ("modes", "rate"), [(MODES, 0.2), (("late",), 0.3)], ids=["every-fault", "late-creates"]
)
def test_one_run_converges_through_every_kind_of_fault(
    modes: tuple[str, ...],
    rate: float,
    portal: Portal,  # noqa: F811
    config: Config,  # noqa: F811
    run_id: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    root = tmp_path / "many"
    expected = {}
    for n, kode in enumerate(("1303", "1374", "6172", "1303", "1374", "6172")):
        name = f"kt{run_id}-{kode}-d{n}"
        files = {
            "db1.csv": f"kode\n{kode}\n{n}\n".encode(),
            "scan.pdf": b"%PDF-1.4 " + hashlib.sha256(name.encode()).digest() * 64,
        }
        make_package(root / f"p{n}", name, kode, files)
        expected[name] = {k: hashlib.sha256(v).hexdigest() for k, v in files.items()}
    seed = int(os.environ.get("KPU_FAULT_SEED", "20261202"))
    with FaultProxy(portal.url, rate=rate, seed=seed, stall=2.5, modes=modes) as proxy:
        _plan, report, _ = sync(portal, root, config, url=proxy.url, timeout=1.5)
        proxy.settle()  # every late create has landed before we look
    kinds = {mode for _, mode in proxy.faults}
    assert len(kinds) >= min(3, len(modes)), proxy.faults  # (which ones: thread timing)
    assert not report.failed, (report.to_dict(), proxy.faults)
    assert report.count("created") == len(expected), report.to_dict()
    for name, hashes in expected.items():
        resources = show(portal, name)["resources"]
        paths = [r["kpu_path"] for r in resources]
        assert sorted(paths) == sorted({*hashes, "datapackage.json"}), (name, paths)
        for res in resources:
            data = download(portal, res["url"])
            assert hashlib.sha256(data).hexdigest() == res["hash"], (name, res["kpu_path"])
            if res["kpu_path"] in hashes:
                assert res["hash"] == hashes[res["kpu_path"]]
    plan, _, ckan = sync(portal, root, config)
    assert plan.count("unchanged") == len(expected) and plan.empty, plan.to_dict()
    assert ckan.counters.writes == 0
