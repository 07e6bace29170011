"""Bundle, collect, history and undo results → text for people, in Bahasa Indonesia or English."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from publisher.problems import Lang, Problem
from publisher.province.bundle import BundleResult
from publisher.province.collect import CollectResult
from publisher.province.undo import UndoResult

STATES = {
    "id": {"new": "baru", "replaced": "mengganti", "unchanged": "tidak berubah"},
    "en": {"new": "new", "replaced": "replaces", "unchanged": "unchanged"},
}


def _problem(p: Problem, lang: Lang) -> list[str]:
    word = {"id": "galat", "en": "error"}[lang]
    return [f"{word}: {p.message(lang)}", f"  → {p.fix(lang)}"]


def bundle_text(result: BundleResult, lang: Lang) -> str:
    lines = []
    for p in result.left_out:
        lines += _problem(p, lang)
    if result.archive is not None:
        lines.append(
            f"{result.archive}: {len(result.packages)} paket, {result.files} berkas"
            if lang == "id"
            else f"{result.archive}: {len(result.packages)} packages, {result.files} files"
        )
        lines += [f"  {p}" for p in result.packages]
    return "\n".join(lines)


def collect_text(result: CollectResult, lang: Lang) -> str:
    states = STATES[lang]
    lines = []
    for ident in result.recovered:
        lines.append(
            f"dipulihkan: pengumpulan {ident} yang terhenti dicatat"
            if lang == "id"
            else f"recovered: interrupted collect {ident} filed"
        )
    for o in result.outcomes:
        if o.refusal is not None:
            lines += _problem(o.refusal, lang)
            continue
        where = f"#{o.seq}" if o.seq else ("tidak ada perubahan" if lang == "id" else "no change")
        lines.append(f"{o.bundle} → {o.office} ({where})")
        lines += [f"  {states[s]:<13} {p}" for p, s in o.packages.items()]
    return "\n".join(lines)


def history_text(entries: Sequence[dict[str, Any]], lang: Lang) -> str:
    if not entries:
        return "belum ada pengumpulan" if lang == "id" else "no collect yet"
    lines = []
    for e in entries:
        office = e.get("office", {}).get("path", "?")
        if e.get("kind") == "undo":
            what = f"batal #{e['undoes']}" if lang == "id" else f"undo #{e['undoes']}"
        else:
            what = f"{e['bundle']['file']} (sha256 {e['bundle']['sha256'][:12]}…)"
            if e.get("undone"):
                what += (
                    f" [dibatalkan #{e['undone']}]" if lang == "id" else f" [undone #{e['undone']}]"
                )
        lines.append(f"#{e['seq']:<4} {e.get('at', '')}  {e.get('by', '')}  {office}: {what}")
        for package, state in (e.get("packages") or {}).items():
            lines.append(f"        {STATES[lang].get(state, state):<13} {package}")
    return "\n".join(lines)


def undo_text(result: UndoResult, lang: Lang) -> str:
    if lang == "en":
        done = "removed (it was new)" if result.removed else "put back as it was"
        return f"collect #{result.undone} undone: {result.office} {done} (#{result.seq})"
    done = "dihapus (sebelumnya baru)" if result.removed else "dikembalikan seperti semula"
    return f"pengumpulan #{result.undone} dibatalkan: {result.office} {done} (#{result.seq})"
