"""Bundle files ⇄ a gzip'd tar archive: written whole or not at all, read back member by member
into a staging folder with every member's name and type checked before a byte is written.

An archive holds `manifest.json` and the office's files under `data/<path from the collection
root>`. Reading refuses (as a `Refusal`, a value) any member that is not a regular file or a
folder — links, devices —, whose name is absolute, has `..`, a backslash or is not under `data/`,
that comes twice, and an archive that is truncated or not an archive at all.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from publisher.render import to_json

MANIFEST = "manifest.json"
DATA = "data"
CHUNK = 1 << 20


@dataclass(frozen=True)
class Refusal:
    """Why an archive was refused: a problem code and its parameters."""

    code: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass
class Unpacked:
    """What was read: the manifest, and each data file's (size, sha256) as staged."""

    manifest: dict[str, Any] | None = None
    files: dict[str, tuple[int, str]] = field(default_factory=dict)
    refusal: Refusal | None = None


def write(out: Path, manifest: dict[str, Any], files: Iterable[tuple[str, Path]]) -> None:
    """`files`: (path from the collection root, file on disk). Written to a temporary file in
    the same folder, then renamed: a crash leaves no half archive under `out`."""
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        with tarfile.open(tmp, "w:gz", format=tarfile.PAX_FORMAT) as tar:
            body = (to_json(manifest) + "\n").encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode = len(body), 0o644
            tar.addfile(info, io.BytesIO(body))
            for rel, source in files:
                info = tarfile.TarInfo(f"{DATA}/{rel}")
                info.size, info.mode = source.stat().st_size, 0o644
                with source.open("rb") as handle:
                    tar.addfile(info, handle)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)


def unsafe(name: str) -> str | None:
    """Why a member name may not be extracted; None when it is a plain path under `data/`."""
    if "\\" in name or "\x00" in name:
        return "backslash or NUL"
    path = PurePosixPath(name)
    if path.is_absolute() or name.startswith("/"):
        return "absolute path"
    if any(part in ("..", "") for part in name.rstrip("/").split("/")):
        return "'..' or an empty part"
    if name != MANIFEST and (path.parts[0] != DATA or len(path.parts) < 2):
        return "outside data/"
    return None


def read(archive: Path, staging: Path) -> Unpacked:
    """Every member checked, data files streamed to `staging/<path>` with their sha256."""
    out = Unpacked()
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                refusal = _member(tar, member, staging, out)
                if refusal is not None:
                    out.refusal = refusal
                    return out
    except (tarfile.TarError, EOFError, zlib.error, OSError, ValueError) as exc:
        out.refusal = Refusal("province-bundle-unreadable", (("reason", _reason(exc)),))
    return out


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".split("\n")[0][:200]


def _member(
    tar: tarfile.TarFile, member: tarfile.TarInfo, staging: Path, out: Unpacked
) -> Refusal | None:
    why = unsafe(member.name)
    if why is None and not (member.isreg() or member.isdir()):
        why = "link or special file"
    if why is not None:
        return Refusal("province-bundle-unsafe", (("member", member.name), ("reason", why)))
    if member.isdir():
        return None
    handle = tar.extractfile(member)
    assert handle is not None  # a regular file always has one
    if member.name == MANIFEST:
        return _manifest(handle.read(), out)
    rel = member.name[len(DATA) + 1 :]
    if rel in out.files:
        return Refusal("province-bundle-unsafe", (("member", member.name), ("reason", "twice")))
    target = staging / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    with target.open("xb") as sink:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            sink.write(chunk)
    out.files[rel] = (size, digest.hexdigest())
    return None


def _manifest(body: bytes, out: Unpacked) -> Refusal | None:
    try:
        manifest = json.loads(body.decode("utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("not an object")
    except ValueError as exc:
        return Refusal("province-bundle-manifest", (("reason", _reason(exc)),))
    out.manifest = manifest
    return None


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_tree(path: Path) -> None:
    """Flush a staged folder's files to disk before it is swapped in."""
    for dirpath, _dirs, names in os.walk(path):
        for name in names:
            fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
