"""Bytes → files on disk, deterministic and atomic: stable JSON, streamed hashes, no idle writes.

A file is written through a temporary file and a rename, and only when its bytes change, so a
second build of an unchanged tree changes no byte and no modification time; `_build` files no
longer produced are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def dump_json(data: Any) -> bytes:
    """Deterministic JSON: sorted keys, 2-space indent, UTF-8, trailing newline."""
    return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def file_hash(path: Path) -> tuple[int, str]:
    """(bytes, sha256 hex), reading the file in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def write_if_changed(path: Path, content: bytes) -> bool:
    """Atomic write (temp file + rename) unless the file already holds these bytes."""
    try:
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return False
    except FileNotFoundError:
        pass
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_stale(out_dir: Path, keep: set[str]) -> None:
    """Delete the files of `out_dir` not in `keep`, and the folder itself when nothing is kept."""
    if not out_dir.is_dir():
        return
    for child in out_dir.iterdir():
        if child.is_file() and child.name not in keep:
            child.unlink()
    if not keep and not any(out_dir.iterdir()):
        out_dir.rmdir()
