"""An office's code → its last collect undone: the office folder put back as it was before it.

The folder as it was is copied out of that collect's history entry (the entry stays), marked, and
exchanged with the live folder in one system call, as a collect is; an office the collect
brought in new is taken out of the tree. The undo is itself an entry, holding the folder it took
away, so nothing is ever lost. It is refused when the live folder is not the one that collect
put there (another change since, by hand).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher.errors import InputError
from publisher.problems import Lang
from publisher.province import history
from publisher.province.swap import locked


@dataclass(frozen=True)
class UndoResult:
    office: str
    undone: int
    seq: int
    removed: bool

    def to_dict(self, lang: Lang = "id") -> dict[str, Any]:
        return {
            "office": self.office,
            "undone": self.undone,
            "history": self.seq,
            "removed": self.removed,
        }


def last_collect(root: Path, kode: str) -> dict[str, Any]:
    collects = [
        e
        for e in history.entries(root)
        if e.get("kind") == "collect" and e["office"]["kode"] == kode and e["undone"] is None
    ]
    if not collects:
        raise InputError(
            f"{root}: tidak ada pengumpulan kantor {kode} yang dapat dibatalkan",
            hint="lihat `publisher history` untuk riwayatnya",
            en=f"{root}: no collect of office {kode} to undo",
            hint_en="see `publisher history` for the record",
        )
    return collects[-1]


def undo(root: Path, kode: str) -> UndoResult:
    """Undo the last collect of office `kode` that is not undone yet."""
    with locked(history.store(history.tree(root))):
        history.recover(root)
        entry = last_collect(root, kode)
        work = history.begin(root, str(entry["live"]))
        latest = [e for e in history.entries(root) if e["office"]["kode"] == kode][-1]
        if history.marker(work.live) != latest["id"]:
            history.abandon(work)
            raise InputError(
                f"{work.live}: folder ini sudah berubah sejak pengumpulan #{entry['seq']}",
                hint="folder diganti di luar `publisher collect`; pulihkan dengan tangan dari "
                f"{history.previous_of(root, entry)}",
                en=f"{work.live}: this folder changed since collect #{entry['seq']}",
                hint_en="it was replaced outside `publisher collect`; restore it by hand from "
                f"{history.previous_of(root, entry)}",
            )
        previous = history.previous_of(root, entry)
        removed = not previous.exists()
        if not removed:
            shutil.copytree(previous, work.staged, symlinks=True)
        record = {"kind": "undo", "undoes": entry["seq"], "office": entry["office"]}
        seq = history.commit(work, record, remove=removed)
    return UndoResult(office=str(entry["live"]), undone=int(entry["seq"]), seq=seq, removed=removed)
