"""A resource path declared in a data package → the file it names, only if it is inside the package.

The one rule for what may be read for upload, applied where sync opens a file (`sync.dataset`),
when packages are loaded for sync (`sync.local`) and by `validate` (`unsafe-path`), under every
flag: a declared path is a relative POSIX path without `..`, naming a regular file that, after
every symbolic link is resolved, lies inside its package folder (and the package folder inside
the collection root given). Absolute paths, `..`, links that lead out, hard links (the same file
may be elsewhere), device files, FIFOs, folders and paths that do not exist are refused with the
reason, in both languages.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

REASONS: dict[str, tuple[str, str]] = {
    "not-text": ("path bukan teks", "the path is not text"),
    "remote": ("alamat jarak jauh (URL), bukan berkas di folder", "a remote URL, not a file"),
    "absolute": ("path absolut, harus relatif terhadap folder paket", "an absolute path"),
    "parent": ("path memakai `..` (keluar folder paket)", "the path uses `..`"),
    "backslash": ("path memakai `\\`; tulis dengan `/`", "the path uses `\\`; write `/`"),
    "missing": ("berkasnya tidak ada", "the file does not exist"),
    "outside": (
        "tautan (symlink) yang menunjuk ke luar folder paket",
        "a symbolic link that leads outside the package folder",
    ),
    "folder-outside": (
        "folder paket berada di luar folder koleksi (lewat tautan)",
        "the package folder lies outside the collection (through a link)",
    ),
    "not-regular": (
        "bukan berkas biasa (folder, perangkat, atau FIFO)",
        "not a regular file (a folder, a device or a FIFO)",
    ),
    "changed": (
        "berkasnya berubah sejak `publisher build`; jalankan build lagi",
        "the file changed since `publisher build`; run build again",
    ),
    "hard-link": (
        "berkas bertaut keras (hard link): isinya bisa berasal dari luar folder; salin berkasnya",
        "a hard link: its content may be a file elsewhere; copy the file instead",
    ),
}


class UnsafePath(ValueError):
    """A declared path that must never be read for upload; `reason` is a key of REASONS."""

    def __init__(self, declared: object, reason: str) -> None:
        self.declared = str(declared)
        self.reason = reason
        super().__init__(f"{self.declared}: {REASONS[reason][1]}")

    def text(self, lang: str = "id") -> str:
        return REASONS[self.reason][0 if lang != "en" else 1]


@dataclass(frozen=True)
class Checked:
    """A declared path found safe: the resolved file and the identity it had when checked."""

    path: Path
    rel: str  # the declared path, normalised (`lexical`)
    device: int
    inode: int
    size: int


def lexical(declared: object) -> str:
    """The checks that need no file system: text, relative, POSIX, no `..`; the path normalised."""
    if not isinstance(declared, str) or not declared.strip():
        raise UnsafePath(declared, "not-text")
    if "://" in declared or declared.startswith("data:"):
        raise UnsafePath(declared, "remote")
    if "\\" in declared:
        raise UnsafePath(declared, "backslash")
    if declared.startswith("/") or (len(declared) > 1 and declared[1] == ":"):
        raise UnsafePath(declared, "absolute")
    parts = PurePosixPath(declared).parts
    if ".." in parts:
        raise UnsafePath(declared, "parent")
    return PurePosixPath(*parts).as_posix()


def check(folder: Path, declared: object, *, root: Path | None = None) -> Checked:
    """The file `declared` names in package `folder`, or UnsafePath with the reason."""
    rel = lexical(declared)
    base = folder.resolve()
    if root is not None and not base.is_relative_to(root.resolve()):
        raise UnsafePath(declared, "folder-outside")
    candidate = folder / rel
    try:
        resolved = candidate.resolve(strict=True)
    except (FileNotFoundError, NotADirectoryError):
        raise UnsafePath(declared, "outside" if candidate.is_symlink() else "missing") from None
    except (OSError, RuntimeError):  # a link loop
        raise UnsafePath(declared, "outside") from None
    if not resolved.is_relative_to(base):
        raise UnsafePath(declared, "outside")
    info = resolved.stat()
    if not stat.S_ISREG(info.st_mode):
        raise UnsafePath(declared, "not-regular")
    if info.st_nlink > 1:
        raise UnsafePath(declared, "hard-link")
    return Checked(resolved, rel, info.st_dev, info.st_ino, info.st_size)


def still_same(checked: Checked, handle_fd: int) -> bool:
    """Whether an opened file is the one that was checked (not swapped for a link since)."""
    info = os.fstat(handle_fd)
    return (info.st_dev, info.st_ino) == (checked.device, checked.inode) and stat.S_ISREG(
        info.st_mode
    )
