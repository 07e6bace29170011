"""The command line: `up | stop | reset | status` → exit code 0 done, 2 could not run.

Checks need no root; every command that changes something does, and runs under a lock so that
one ckan-local command at a time works on a checkout."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from .instance import LocalCkan
from .settings import CKAN_URL, CKAN_VERSION, LOCALCKAN, CannotRun, say

COMMANDS = ("up", "stop", "reset", "status")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] not in COMMANDS:
        print(f"usage: ckan-local.sh {{{'|'.join(COMMANDS)}}}", file=sys.stderr)
        return 2
    try:
        local = LocalCkan(LOCALCKAN.parent)
        if args[0] == "status":
            return local.status()
        if args[0] == "up" and local.running_and_ready():  # needs no root: just a check
            say(f"CKAN {CKAN_VERSION} already running on {CKAN_URL} (env: {local.lay.env})")
            return 0
        if os.geteuid() != 0:
            raise CannotRun("run this as root: it manages PostgreSQL as the postgres user")
        with locked(local.lay.lock):
            getattr(local, args[0])()
    except CannotRun as exc:
        say(f"error: {exc}")
        return 2
    except KeyboardInterrupt:
        say("interrupted")
        return 2
    return 0


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """One ckan-local command at a time per checkout."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
