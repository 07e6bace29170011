"""Two folders → exchanged in one system call; the store's lock; the crash hook for tests.

`exchange` is Linux's `renameat2(RENAME_EXCHANGE)`: both names always exist and each points at a
whole folder, before and after — there is no moment at which an office folder is missing or half
replaced. A filesystem without it is a "could not run", never a silent non-atomic fallback.
`checkpoint(name)` ends the process at once when `$KPU_PROVINCE_CRASH_AT` names that point: the
tests use it to crash a real `publisher collect` between its steps.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from publisher.errors import InputError

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
CRASH_ENV = "KPU_PROVINCE_CRASH_AT"
CRASH_EXIT = 75


def checkpoint(name: str) -> None:
    """Test hook: stop dead here (no cleanup, no flush) when $KPU_PROVINCE_CRASH_AT == name."""
    if os.environ.get(CRASH_ENV) == name:
        os._exit(CRASH_EXIT)


def exchange(a: Path, b: Path) -> None:
    """Swap two existing folders atomically."""
    libc = ctypes.CDLL(None, use_errno=True)
    func = getattr(libc, "renameat2", None)
    if func is not None:
        done = func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
        if done == 0:
            return
        code = ctypes.get_errno()
    else:
        code = errno.ENOSYS
    raise InputError(
        f"{b}: folder tidak dapat ditukar secara atomik ({os.strerror(code)})",
        hint="simpan pohon provinsi di sistem berkas Linux biasa (ext4, xfs, btrfs, tmpfs)",
        en=f"{b}: the folder cannot be exchanged atomically ({os.strerror(code)})",
        hint_en="keep the province tree on a plain Linux filesystem (ext4, xfs, btrfs, tmpfs)",
    )


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(store: Path) -> Iterator[None]:
    """One collect or undo at a time on a province tree."""
    store.mkdir(parents=True, exist_ok=True)
    with (store / "lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(
                f"{store}: pengumpulan lain sedang berjalan di pohon ini",
                hint="tunggu sampai selesai, lalu ulangi",
                en=f"{store}: another collect is running on this tree",
                hint_en="wait until it ends, then try again",
            ) from None
        yield
