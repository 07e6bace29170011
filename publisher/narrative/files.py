"""A narrative's `Berkas` list + the folder's files → the files missing or not listed."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from publisher.narrative.model import NarrativeResult
from publisher.problems import Problem


def check_files(result: NarrativeResult, files: Iterable[str], *, shown: str) -> list[Problem]:
    """Files listed under Berkas but absent, and data files present but not listed."""
    if result.narrative is None or not result.narrative.berkas:
        return []
    present = {f.casefold(): f for f in files}
    listed = {Path(b).name.casefold(): b for b in result.narrative.berkas}
    out = [
        Problem.make("narrative-file-absent", shown, severity="warning", field="Berkas", file=name)
        for key, name in sorted(listed.items())
        if key not in present
    ]
    out += [
        Problem.make(
            "narrative-file-unlisted", shown, severity="warning", field="Berkas", file=name
        )
        for key, name in sorted(present.items())
        if key not in listed
    ]
    return out
