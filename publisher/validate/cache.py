"""A package's verdict, kept beside it (`_build/validation.json`) and reused while nothing changed.

Validating an unchanged national tree again (8,264 tables) costs what reading it costs, not
what checking it costs: each built package's `PackageReport` is stored in its `_build/` folder
under a key over everything the verdict depends on — every file of the package folder (name,
size, mode, link target, sha256 of its content), the config folder's files (the same), the
tool's version, the options, and the package's path relative to its collection root (the
paths its report holds; how they are shown is not kept). The key is an HMAC with a key of this
machine's user (`$XDG_CACHE_HOME/kpu-publisher/cache-key`, made on first use, mode 600), so a
verdict that travelled in a bundle or was written by hand never matches: it is checked again.
Any miss or unreadable cache simply validates. `validate --no-cache` turns it off.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
from collections import Counter
from pathlib import Path
from typing import Any

from publisher import __version__
from publisher.layout import GENERATED_DIR, GENERATED_FILE
from publisher.problems import Problem
from publisher.validate.model import Options, PackageReport, ResourceReport

CACHE_FILE = "validation.json"
FORMAT = 5  # 3: wide tables keep their DPT rows (`keyed`); 4: and the candidates named;
# 5: paths relative to the collection root, not as shown


def machine_key() -> bytes | None:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kpu-publisher"
    path = base / "cache-key"
    try:
        return bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        pass
    try:
        base.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        key = secrets.token_bytes(32)
        with os.fdopen(fd, "w") as fh:
            fh.write(key.hex())
        return key
    except OSError:
        return None


def tree_state(folder: Path, *, skip: str = "") -> list[tuple[Any, ...]]:
    """(path, size, mode, link target, sha256) of every file under `folder`, sorted."""
    out: list[tuple[Any, ...]] = []
    for top, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(top, d))]):
            path = os.path.join(top, name)
            rel = os.path.relpath(path, folder)
            if rel == skip:
                continue
            try:
                info = os.lstat(path)
                target = os.readlink(path) if os.path.islink(path) else ""
                digest = _sha256(path) if stat.S_ISREG(info.st_mode) else ""
            except OSError:
                continue
            out.append((rel, info.st_size, info.st_mode, target, digest))
    return out


def _sha256(path: str) -> str:
    """The content, not the modification time: a same-size edit within the file system's clock
    tick would keep size and mtime (sha256 of the national tree's 107 MB: ~0.1 s)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


class Cache:
    """One run's view: the machine key and the config's fingerprint, computed once."""

    def __init__(self, config_dir: Path, options: Options) -> None:
        self.key = machine_key()
        state = tree_state(config_dir)
        basis = {
            "format": FORMAT,
            "version": __version__,
            "config": state,
            "limit": options.limit,
            "hashes": options.hashes,
            "licenses": sorted(options.portal_licenses or []),
        }
        self.base = json.dumps(basis, sort_keys=True)

    def digest(self, folder: Path, rel: str) -> str | None:
        """The key of a package's verdict: `rel`, its descriptor's path relative to the
        collection root (the paths its report holds), and everything it depends on."""
        if self.key is None:
            return None
        state = tree_state(folder, skip=f"{GENERATED_DIR}/{CACHE_FILE}")
        text = json.dumps([self.base, rel, state])
        return hmac.new(self.key, text.encode("utf-8"), hashlib.sha256).hexdigest()

    def load(self, folder: Path, digest: str | None) -> PackageReport | None:
        if digest is None:
            return None
        try:
            data = json.loads((folder / GENERATED_DIR / CACHE_FILE).read_text(encoding="utf-8"))
            if not hmac.compare_digest(str(data.get("key")), digest):
                return None
            return _package(data["report"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError, AssertionError):
            return None

    def store(
        self, folder: Path, digest: str | None, report: PackageReport, *, package: Any = None
    ) -> None:
        """Kept in the package's `_build/` (made when missing) of a package `build` made;
        never in a folder of someone else's (a hand-written datapackage.json). `package`: its
        descriptor, when the caller has it parsed."""
        out_dir = folder / GENERATED_DIR
        if digest is None or not _built(folder, package):
            return
        text = json.dumps({"key": digest, "report": _dump(report)}, ensure_ascii=False)
        tmp = out_dir / f".{CACHE_FILE}.{os.getpid()}"
        try:
            out_dir.mkdir(exist_ok=True)
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, out_dir / CACHE_FILE)
        except OSError:
            tmp.unlink(missing_ok=True)  # a read-only tree: validate without keeping it


def _built(folder: Path, package: Any = None) -> bool:
    """`publisher build` made this package (its fingerprint is in the descriptor). `package`:
    the descriptor as the caller parsed it already (a `Collection` parses each one once)."""
    try:
        if package is None:
            package = json.loads((folder / GENERATED_FILE).read_text(encoding="utf-8"))
        return bool(package["x-kpu"]["fingerprint"])
    except (OSError, ValueError, KeyError, TypeError):
        return False


def _dump(report: PackageReport) -> dict[str, Any]:
    """By hand: dataclasses.asdict deep-copies every recap row (slow) and would rebuild a
    Counter from its (key, count) pairs."""
    return {
        "path": report.path,
        "name": report.name,
        "kode_wilayah": report.kode_wilayah,
        "jenis_dokumen": report.jenis_dokumen,
        "tingkat": report.tingkat,
        "problems": [p.record() for p in report.problems],
        "resources": [
            {
                "name": r.name,
                "path": r.path,
                "rows": r.rows,
                "seconds": r.seconds,
                "engine": r.engine,
                "problems": [p.record() for p in r.problems],
                "counts": dict(r.counts),
                "totals": r.totals,
                "recap_rows": {k: [row, values] for k, (row, values) in r.recap_rows.items()},
                "covered": r.covered,
                "keyed": _dpt_only(r.keyed),
                "candidates": r.candidates,
                "outside": r.outside,
            }
            for r in report.resources
        ],
    }


DPT_FIELDS = ("dpt_l", "dpt_p", "dpt_jumlah")
"""What the check of the DPT across ballots needs of a wide table's rows."""


def _dpt_only(keyed: dict[str, tuple[int, dict[str, int]]]) -> dict[str, list[int]]:
    """Key → [row, dpt_l, dpt_p, dpt_jumlah] (compact: a national C1 table has a row per TPS);
    a row missing one of them is left out."""
    out = {}
    for key, (row, values) in keyed.items():
        if all(f in values for f in DPT_FIELDS):
            out[key] = [row, *(values[f] for f in DPT_FIELDS)]
    return out


def _problem(data: dict[str, Any]) -> Problem:
    return Problem.from_record(data)


def _package(data: dict[str, Any]) -> PackageReport:
    resources = []
    for res in data.pop("resources"):
        res["problems"] = [_problem(p) for p in res["problems"]]
        res["counts"] = Counter(res["counts"])
        res["recap_rows"] = {k: (int(v[0]), dict(v[1])) for k, v in res["recap_rows"].items()}
        keyed = res.pop("keyed", {})
        res["keyed"] = {
            k: (v[0], dict(zip(DPT_FIELDS, v[1:], strict=False))) for k, v in keyed.items()
        }
        resources.append(ResourceReport(**res))
    data["problems"] = [_problem(p) for p in data["problems"]]
    return PackageReport(**data, resources=resources)
