"""A province tree's `.kpu-province/` store → its collect history, crash recovery and undo.

Every change to an office folder is one transaction: the new folder is made complete under
`work/<id>/tree/…`, marked with `.kpu-collect` (its id), then exchanged with the live folder in
one system call (`swap.exchange`), and the work folder — now holding the folder as it was — is
renamed to `history/<seq>-<office>/`. A crash before the exchange leaves the tree as it was (the
work folder is thrown away by the next run); after it, the next run finds the live folder marked
with the work's id and files the entry. `undo` is the same transaction in reverse, and recorded.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher.errors import InputError
from publisher.province.manifest import who
from publisher.province.swap import checkpoint, exchange, fsync_dir
from publisher.render import to_json

STORE = ".kpu-province"
MARKER = ".kpu-collect"
ENTRY = "entry.json"


@dataclass(frozen=True)
class Work:
    """One transaction in progress: its folder, and the office folder it changes."""

    root: Path
    folder: Path
    live_rel: str

    @property
    def staged(self) -> Path:
        """The office folder as it will be (as it was, once exchanged)."""
        return self.folder / "tree" / self.live_rel

    @property
    def live(self) -> Path:
        return self.root / self.live_rel

    @property
    def id(self) -> str:
        return self.folder.name


def store(root: Path) -> Path:
    return root / STORE


def begin(root: Path, live_rel: str) -> Work:
    folder = store(root) / "work" / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    return Work(root=root, folder=folder, live_rel=live_rel)


def marker(folder: Path) -> str | None:
    try:
        return (folder / MARKER).read_text(encoding="utf-8").strip()
    except OSError:
        return None


def commit(work: Work, entry: dict[str, Any], *, remove: bool = False) -> int:
    """Swap the staged folder in (or, with `remove`, take the live one out), then file the
    entry. Returns the entry's sequence number."""
    seq = next_seq(work.root)
    entry = {**entry, "id": work.id, "seq": seq, "live": work.live_rel, "remove": remove}
    entry.setdefault("at", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    entry.setdefault("by", who(None))
    if not remove:
        (work.staged / MARKER).write_text(work.id + "\n", encoding="utf-8")
    _write_json(work.folder / ENTRY, entry)
    fsync_dir(work.folder)
    checkpoint("swap")
    if remove:
        work.staged.parent.mkdir(parents=True, exist_ok=True)
        os.rename(work.live, work.staged)
    elif work.live.exists():
        exchange(work.staged, work.live)
    else:
        work.live.parent.mkdir(parents=True, exist_ok=True)
        os.rename(work.staged, work.live)
    checkpoint("swapped")
    _file(work.folder, seq, entry)
    return seq


def _file(folder: Path, seq: int, entry: dict[str, Any]) -> None:
    history = folder.parent.parent / "history"
    history.mkdir(exist_ok=True)
    kode = str(entry.get("office", {}).get("kode", "x"))
    os.rename(folder, history / f"{seq:06d}-{kode}")


def abandon(work: Work) -> None:
    shutil.rmtree(work.folder, ignore_errors=True)


def recover(root: Path) -> list[str]:
    """Finish or throw away what a crash left in `work/`: the ids filed as done."""
    done = []
    base = store(root) / "work"
    for folder in sorted(base.iterdir()) if base.is_dir() else []:
        entry = _read_json(folder / ENTRY)
        live = root / str(entry.get("live", "")) if entry else None
        happened = live is not None and (
            not live.exists() if entry.get("remove") else marker(live) == folder.name
        )
        if happened:
            _file(folder, next_seq(root), entry)
            done.append(folder.name)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return done


def tree(root: Path) -> Path:
    """The province tree, which must exist (nothing is created for a mistyped path)."""
    if not root.is_dir():
        raise InputError(
            f"{root}: folder pohon provinsi tidak ada",
            hint="periksa jalurnya; pohon provinsi adalah folder yang memuat folder provinsinya",
            en=f"{root}: the province tree folder does not exist",
            hint_en="check the path; a province tree is the folder holding its province folder",
        )
    return root


def entries(root: Path, office: str | None = None) -> list[dict[str, Any]]:
    """Every filed entry (of one office, when given), oldest first, each with `undone` (seq of
    the undo, or None)."""
    found = _entries(tree(root))
    return [e for e in found if office is None or e.get("office", {}).get("kode") == office]


def _entries(root: Path) -> list[dict[str, Any]]:
    base = store(root) / "history"
    found = []
    for folder in sorted(base.iterdir()) if base.is_dir() else []:
        entry = _read_json(folder / ENTRY)
        if entry:
            found.append({**entry, "seq": int(folder.name.split("-")[0]), "folder": folder.name})
    undone = {e["undoes"]: e["seq"] for e in found if e.get("kind") == "undo"}
    return [{**e, "undone": undone.get(e["seq"])} for e in found]


def next_seq(root: Path) -> int:
    base = store(root) / "history"
    numbers = [int(p.name.split("-")[0]) for p in base.iterdir()] if base.is_dir() else []
    return max(numbers, default=0) + 1


def previous_of(root: Path, entry: dict[str, Any]) -> Path:
    """Where an entry keeps the office folder as it was before it."""
    return store(root) / "history" / str(entry["folder"]) / "tree" / str(entry["live"])


def _write_json(path: Path, data: dict[str, Any]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(to_json(data) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}
