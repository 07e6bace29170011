"""A git ref + a collection root → the package folders changed since that ref (for pull requests).

Changed means: a file under the folder differs between the ref and the working tree (committed,
staged or not), or is new and not ignored. Cross-package rules still read every package (a
kecamatan recap is checked against its kab/kota recap even when only one of them changed); only
the problems of touched packages are reported.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from publisher.errors import InputError


def _git(args: list[str], cwd: Path) -> list[str]:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=60
        )
    except FileNotFoundError as exc:
        raise InputError(
            "git belum terpasang",
            hint="pasang git, atau jalankan tanpa --changed-since",
            en="git is not installed",
            hint_en="install git, or drop --changed-since",
        ) from exc
    except subprocess.CalledProcessError as exc:
        raise InputError(
            f"git {' '.join(args)}: {exc.stderr.strip() or 'gagal'}",
            hint="periksa ref yang diberikan ke --changed-since (di CI, ambil dulu riwayatnya:"
            " fetch-depth: 0)",
            en=f"git {' '.join(args)}: {exc.stderr.strip() or 'failed'}",
            hint_en="check the ref given to --changed-since (fetch it first in CI: fetch-depth: 0)",
        ) from exc
    return [line for line in done.stdout.splitlines() if line.strip()]


def changed_files(root: Path, ref: str) -> set[Path]:
    """Absolute paths of files under root changed since ref, or new and untracked."""
    top = Path(_git(["rev-parse", "--show-toplevel"], root)[0])
    rel = str(root.resolve().relative_to(top)) if root.resolve() != top else "."
    if ref == "HEAD" and not _has_commits(top):  # a fresh repository: everything is new
        names = _git(["ls-files", "--cached", "--others", "--exclude-standard", "--", rel], top)
        return {(top / n).resolve() for n in names}
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
    names = _git(["diff", "--name-only", ref, "--", rel], top)
    names += _git(["ls-files", "--others", "--exclude-standard", "--", rel], top)
    return {(top / n).resolve() for n in names}


def _has_commits(top: Path) -> bool:
    done = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", "HEAD^{commit}"],
        cwd=top, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return done.returncode == 0


def packages_touched(packages: Iterable[Path], files: set[Path]) -> list[Path]:
    """The package folders (leaf folders) that contain one of `files`."""
    out = []
    for folder in packages:
        base = folder.resolve()
        if any(base == f.parent or base in f.parents for f in files):
            out.append(folder)
    return sorted(out)
