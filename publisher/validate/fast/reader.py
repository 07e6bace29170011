"""A CSV file → what the streaming reader needs: records that span lines found, blocks read ahead.

pyarrow's reader is told that no value holds a newline, so that it reports each row it cannot fit
with its line number; `has_multiline_records` finds the files where that is not so, which go to
the exact path (`Fallback`, raised by any part of the vectorised path that cannot decide).
`prefetch` parses the next blocks in a thread while the current one is checked.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from queue import Full, Queue
from typing import Any

import numpy as np
import pyarrow as pa


class Fallback(Exception):
    """The file needs the exact Python path (a record spans lines, an unusual pattern, ...)."""


def has_multiline_records(path: Path, quote: str) -> bool:
    """True when a newline sits inside quotes: then lines and records differ."""
    q = quote.encode()
    inside = False
    with path.open("rb") as fh:
        while chunk := fh.read(16 << 20):
            count = chunk.count(q)
            if count > 100_000:
                if _newline_in_quotes(chunk, q[0], inside):
                    return True
                inside = inside != (count % 2 == 1)
                continue
            pos = 0
            at = chunk.find(q)
            while at >= 0:
                if inside and chunk.find(b"\n", pos, at) >= 0:
                    return True
                inside, pos = not inside, at + 1
                at = chunk.find(q, pos)
            if inside and chunk.find(b"\n", pos) >= 0:
                return True
    return False


def _newline_in_quotes(chunk: bytes, quote: int, inside: bool) -> bool:
    arr = np.frombuffer(chunk, dtype=np.uint8)
    quotes = np.flatnonzero(arr == quote)
    newlines = np.flatnonzero(arr == ord("\n"))
    before = np.searchsorted(quotes, newlines) + (1 if inside else 0)
    return bool(np.any(before % 2 == 1))


def prefetch(reader: Any, depth: int = 2) -> Iterator[pa.RecordBatch]:
    """Parse the next blocks in a thread (pyarrow releases the GIL) while this one is checked."""
    queue: Queue[Any] = Queue(maxsize=depth)
    done = object()
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                queue.put(item, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def work() -> None:
        try:
            for batch in reader:
                if not put(batch):
                    return
            put(done)
        except BaseException as exc:  # handed to the consumer, raised there
            put(exc)

    thread = threading.Thread(target=work, name="csv-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = queue.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()
