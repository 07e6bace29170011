"""A narrative file → its keys and raw values: decoded, then read as key–value lines or Markdown.

Key–value form (`NARASI_*.txt`): one `Key: value` per line, a line without a key continuing the
previous value, `Deskripsi:` taking the rest of the file. Markdown form (`narasi.md`): the keys as
YAML front matter between `---` lines, the body after it being the description. Keys are matched
through `KEYS` without regard to case, spacing, dots or underscores; unknown and repeated keys
are warnings.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from publisher.config import Config
from publisher.narrative.model import NarrativeResult
from publisher.narrative.values import interpret
from publisher.problems import Problem
from publisher.tables import decode

# Canonical key → the spellings accepted for it (folded: lowercase, single spaces).
KEYS: dict[str, tuple[str, ...]] = {
    "Judul": ("judul", "title", "judul dataset"),
    "Unit Kerja": ("unit kerja", "satker", "satuan kerja"),
    "Kode Tahapan": ("kode tahapan", "tahapan"),
    "Jenis Dokumen": ("jenis dokumen", "jenis"),
    "Tingkat Penyajian": ("tingkat penyajian", "tingkat", "level penyajian"),
    "Cakupan Wilayah": ("cakupan wilayah", "cakupan", "wilayah"),
    "Tahun": ("tahun",),
    "Periode": ("periode", "periode data"),
    "Tanggal Penetapan": ("tanggal penetapan", "tanggal"),
    "Sumber": ("sumber", "sumber data"),
    "Frekuensi": ("frekuensi", "frekuensi penerbitan"),
    "Lisensi": ("lisensi", "license", "licence"),
    "Kontak": ("kontak", "contact", "narahubung"),
    "Tag": ("tag", "tags", "kata kunci"),
    "Berkas": ("berkas", "file", "files", "daftar berkas"),
    "Deskripsi": ("deskripsi", "description", "uraian"),
}
LIST_KEYS = ("Tag", "Berkas")
_ALIASES = {alias: key for key, aliases in KEYS.items() for alias in aliases}
_KEY_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z ._/-]{0,40}?)\s*:\s?(.*)$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.DOTALL)


def read(path: Path, config: Config, *, shown: str | None = None) -> NarrativeResult:
    """Read and check one narrative; `shown` is the path used in problems (default: as given)."""
    where = shown or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _failed(where, exc.strerror or type(exc).__name__)
    decoded = decode(data)
    if decoded is None or not decoded.text.strip():
        return _failed(where, "the file is empty" if decoded else "unknown text encoding")
    problems: list[Problem] = []
    if decoded.encoding == "cp1252":
        problems.append(Problem.make("narrative-encoding", where, severity="warning"))
    text = decoded.text.replace("\r\n", "\n")
    if path.suffix.lower() == ".md":
        raw, found = _parse_markdown(text, where)
    else:
        raw, found = _parse_key_values(text, where)
    problems += found
    if raw is None:
        return NarrativeResult(None, tuple(problems))
    narrative, checked = interpret(raw, path.name, where, config)
    return NarrativeResult(narrative, tuple(problems + checked))


def _failed(where: str, reason: str) -> NarrativeResult:
    return NarrativeResult(None, (Problem.make("narrative-unreadable", where, reason=reason),))


def _fold_key(key: str) -> str:
    return " ".join(re.sub(r"[_.\-]+", " ", key).split()).lower()


def _parse_key_values(text: str, where: str) -> tuple[dict[str, Any], list[Problem]]:
    """'Key: value' lines; unknown lines continue the previous key; Deskripsi takes the rest."""
    raw: dict[str, Any] = {}
    problems: list[Problem] = []
    current: str | None = None
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = _KEY_LINE.match(line)
        key = _ALIASES.get(_fold_key(m.group(1))) if m else None
        if m and key == "Deskripsi":
            rest = "\n".join([m.group(2), *lines[i + 1 :]])
            _store(raw, key, rest.strip(), where, problems)
            break
        if m and key is not None:
            current = key
            _store(raw, key, m.group(2).strip(), where, problems)
        elif m:
            problems.append(_unknown_key(m.group(1), where))
            current = None
        elif current is not None and line.strip():
            raw[current] = f"{raw[current]}\n{line.strip()}".strip()
    return raw, problems


def _store(raw: dict[str, Any], key: str, value: Any, where: str, out: list[Problem]) -> None:
    if key in raw:
        out.append(
            Problem.make("narrative-duplicate-key", where, severity="warning", field=key, key=key)
        )
        return
    raw[key] = value


def _unknown_key(key: str, where: str) -> Problem:
    return Problem.make(
        "narrative-unknown-key",
        where,
        severity="warning",
        field=key,
        key=key,
        known=", ".join(KEYS),
    )


def _parse_markdown(text: str, where: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    m = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if m is None:
        return None, [Problem.make("narrative-front-matter", where, reason="no front matter")]
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError as exc:
        reason = str(exc).replace("\n", " ")
        return None, [Problem.make("narrative-front-matter", where, reason=reason)]
    if not isinstance(data, dict):
        reason = "it is not a list of 'Key: value' lines"
        return None, [Problem.make("narrative-front-matter", where, reason=reason)]
    raw: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, value in data.items():
        key = _ALIASES.get(_fold_key(str(name)))
        if key is None:
            problems.append(_unknown_key(str(name), where))
        else:
            _store(raw, key, value, where, problems)
    body = m.group(2).strip()
    if body:
        raw["Deskripsi"] = body
    return raw, problems
