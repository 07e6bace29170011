"""Long work → a progress bar on stderr when it is a terminal (items done/total, rate, ETA).

The library takes a `Tick` (`advance(total)` → a callable per item done); `bar` makes one with
rich when stderr is a terminal and a no-op otherwise, so stdout stays data and logs stay clean.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Tick = Callable[[], None]
Start = Callable[[int], Tick]  # total items → the callable to call once per item


def silent(total: int) -> Tick:
    return lambda: None


@contextmanager
def bar(label: str, *, enabled: bool | None = None) -> Iterator[Start]:
    """A `Start` for the library: rich's bar on stderr (a terminal only), else silent."""
    if not (sys.stderr.isatty() if enabled is None else enabled):
        yield silent
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as shown:

        def start(total: int) -> Tick:
            task = shown.add_task(label, total=total, rate="")

            def tick() -> None:
                shown.advance(task)
                speed = shown.tasks[task].speed
                shown.update(task, rate=f"{speed:.0f}/s" if speed else "")

            return tick

        yield start
