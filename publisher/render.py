"""Result values → text for people (aligned tables, problem lists) and JSON for programs.

Shared by the commands: `table` lays out rows in columns, `problems` lists problems with what to do,
`to_json` is the one JSON form (sorted keys, 2-space indent, UTF-8, always parses).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from publisher.problems import Lang, Problem

if TYPE_CHECKING:
    from publisher.build import BuildResult

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABEL: dict[str, tuple[str, str]] = {
    "error": ("error", "error"),
    "warning": ("peringatan", "warning"),
    "info": ("info", "info"),
}


def to_json(data: Any) -> str:
    """Stable JSON text (no trailing newline: the caller's echo adds one)."""
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, right: int = -1) -> str:
    """Columns padded to their widest cell; columns from index `right` on are right-aligned."""
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        parts = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - _width(cell))
            parts.append(pad + cell if 0 <= right <= i else cell + pad)
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def label(severity: str, lang: Lang) -> str:
    pair = SEVERITY_LABEL.get(severity, (severity, severity))
    return pair[1] if lang == "en" else pair[0]


def problems(items: Iterable[Problem], lang: Lang, *, verbose: bool = False) -> list[str]:
    """One block per problem, errors first: severity, message (which names the file), the fix."""
    chosen = [p for p in items if verbose or p.severity != "info"]
    # stable: within a severity, problems keep the order they were found in
    chosen.sort(key=lambda p: SEVERITY_ORDER.get(p.severity, 3))
    lines: list[str] = []
    for p in chosen:
        where = f" ({'baris' if lang == 'id' else 'row'} {p.row})" if p.row else ""
        message = p.message(lang)
        if p.path and p.path not in message:
            message = f"{p.path}: {message}"
        lines.append(f"{label(p.severity, lang)}: {message}{where}")
        fix = p.fix(lang)
        if fix:
            lines.append(f"    → {fix}")
    return lines


def severity_counts(items: Iterable[Problem]) -> dict[str, int]:
    out = dict.fromkeys(SEVERITY_ORDER, 0)
    for p in items:
        out[p.severity] = out.get(p.severity, 0) + 1
    return out


# --- build -------------------------------------------------------------------------------------

OUTCOME_LABEL = {
    "built": ("dibangun", "built"),
    "skipped": ("dilewati", "skipped"),
    "failed": ("gagal", "failed"),
}


def build_text(result: BuildResult, lang: Lang, *, verbose: bool = False) -> str:
    """Per-office table of outcomes, the problems with what to do, and the summary line."""
    en = lang == "en"
    if en:
        headers = ("Office", "Stage", "Type", "Result", "Package", "Errors", "Warnings")
    else:
        headers = ("Unit Kerja", "Tahapan", "Jenis", "Hasil", "Paket", "Error", "Peringatan")
    rows = []
    for leaf in result.leaves:
        counts = severity_counts(leaf.problems)
        pair = OUTCOME_LABEL[leaf.outcome]
        rows.append(
            (
                leaf.unit,
                leaf.tahapan or "?",
                leaf.jenis or f"? {leaf.path.rsplit('/', 1)[-1]}",
                pair[1] if en else pair[0],
                leaf.name or "-",
                counts["error"],
                counts["warning"],
            )
        )
    parts = [table(headers, rows) if rows else ("(no folders)" if en else "(tidak ada folder)")]
    all_problems = [*result.problems, *(p for leaf in result.leaves for p in leaf.problems)]
    lines = problems(dict.fromkeys(all_problems), lang, verbose=verbose)
    if lines:
        parts += ["", "Problems:" if en else "Masalah:", *lines]
    parts += ["", build_summary(result, lang)]
    return "\n".join(parts)


def build_summary(result: BuildResult, lang: Lang) -> str:
    built, skipped, failed = (result.count(o) for o in ("built", "skipped", "failed"))
    if lang == "en":
        return f"{built} packages built, {skipped} skipped (unchanged), {failed} failed"
    return f"{built} paket dibangun, {skipped} dilewati (tidak berubah), {failed} gagal"
