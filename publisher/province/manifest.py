"""A bundle's facts ⇄ its `manifest.json`: the office, every file's sha256 and size, each
package's verdict, the tool's and the config's versions, who made it and when.

`check` reads a manifest back and says what is wrong with it (a reason, not an exception); the
hashes it lists are compared with the files themselves by `collect`. A manifest proves that the
files arrived as they left the office (integrity), not who made them: it is not signed.
"""

from __future__ import annotations

import getpass
import hashlib
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher import __version__

FORMAT = "kpu-bundle/1"


@dataclass(frozen=True)
class Manifest:
    """A checked manifest: the office and the files it declares."""

    office_kode: str
    office_path: str
    packages: tuple[str, ...]
    files: Mapping[str, tuple[int, str]]
    created: str
    created_by: str
    raw: Mapping[str, Any]


def config_version(directory: Path) -> dict[str, Any]:
    """sha256 over every config file's path and bytes: the same config, the same digest."""
    digest, count = hashlib.sha256(), 0
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        rel = path.relative_to(directory).as_posix()
        if rel.startswith(".") or "/." in rel or "__pycache__" in rel:
            continue
        digest.update(rel.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
        count += 1
    return {"sha256": digest.hexdigest(), "files": count}


def who(by: str | None) -> str:
    if by:
        return by
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    return f"{user}@{socket.gethostname()}"


def make(
    *,
    office: Mapping[str, str],
    packages: list[dict[str, Any]],
    files: Mapping[str, tuple[int, str]],
    config_dir: Path,
    by: str | None,
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "office": dict(office),
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "created_by": who(by),
        "tool": {"name": "kpu-publisher", "version": __version__},
        "config": config_version(config_dir),
        "packages": packages,
        "files": [
            {"path": rel, "bytes": size, "sha256": digest}
            for rel, (size, digest) in sorted(files.items())
        ],
    }


def check(raw: Mapping[str, Any]) -> Manifest | str:
    """The manifest, or why it cannot be used."""
    if raw.get("format") != FORMAT:
        return f"format {raw.get('format')!r}, expected {FORMAT!r}"
    try:
        office = raw["office"]
        files = {
            str(f["path"]): (int(f["bytes"]), str(f["sha256"]))
            for f in raw["files"]
            if isinstance(f, Mapping)
        }
        manifest = Manifest(
            office_kode=str(office["kode"]),
            office_path=str(office["path"]),
            packages=tuple(str(p["path"]) for p in raw["packages"]),
            files=files,
            created=str(raw.get("created", "")),
            created_by=str(raw.get("created_by", "")),
            raw=raw,
        )
    except (KeyError, TypeError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"
    if len(files) != len(raw["files"]):
        return "a file listed twice"
    return manifest
