"""Add/delete operations → the documents of each core, in memory and in SQLite."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from .query import Context, Parser, score
from .schema import UNIQUE_KEY, Doc, normalise_doc


class Index:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS docs (core TEXT NOT NULL, key TEXT NOT NULL,"
            " seq INTEGER NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (core, key))"
        )
        self.lock = threading.RLock()
        self.cores: dict[str, dict[str, Doc]] = {}
        self.seq = 0
        for core, key, seq, text in self.db.execute("SELECT core, key, seq, doc FROM docs"):
            self.cores.setdefault(core, {})[key] = Doc.build(seq, json.loads(text))
            self.seq = max(self.seq, seq)

    def docs(self, core: str) -> list[Doc]:
        with self.lock:
            return sorted(self.cores.get(core, {}).values(), key=lambda d: d.seq)

    def apply(self, core: str, ops: list[tuple[str, Any]]) -> None:
        """Apply add/delete operations in order, all or nothing."""
        with self.lock:
            current = dict(self.cores.get(core, {}))
            added: dict[str, Doc] = {}
            removed: set[str] = set()
            for op, arg in ops:
                if op == "add":
                    self.seq += 1
                    doc = Doc.build(self.seq, normalise_doc(arg, self.seq))
                    key = doc.stored[UNIQUE_KEY]
                    current[key] = added[key] = doc
                    removed.discard(key)
                elif op in ("delete_id", "delete_query"):
                    keys = [arg] if op == "delete_id" else self._matching_keys(current, arg)
                    for key in keys:
                        if key in current:
                            del current[key]
                            added.pop(key, None)
                            removed.add(key)
            self.db.execute("BEGIN")
            try:
                for key in removed:
                    self.db.execute("DELETE FROM docs WHERE core=? AND key=?", (core, key))
                for key, doc in added.items():
                    self.db.execute(
                        "INSERT OR REPLACE INTO docs (core, key, seq, doc) VALUES (?,?,?,?)",
                        (core, key, doc.seq, json.dumps(doc.stored, ensure_ascii=False)),
                    )
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.cores[core] = current

    @staticmethod
    def _matching_keys(docs: dict[str, Doc], query: str) -> list[str]:
        node = Parser(query, default_and=False).parse()
        ctx = Context([("text", 1.0)])
        return [key for key, doc in docs.items() if score(doc, node, ctx) is not None]
