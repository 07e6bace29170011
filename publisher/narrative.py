"""A narrative file (key–value `NARASI_*.txt` or Markdown with YAML front matter) → `Narrative`.

Both forms carry the same keys (docs/layout.md): `Judul:`, `Unit Kerja:`, ... and `Deskripsi:`
followed by free text to the end of the file (in Markdown, the body after the front matter is the
description). Keys are matched without regard to case or spacing. Problems (missing required keys
from `config/publisher.yaml: narrative.required`, an unknown licence, too many tags...) are values
returned beside the narrative, never exceptions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from publisher.config import Config
from publisher.mapping import tag_ok
from publisher.problems import Problem, Text, register
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
_CONTACT = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^<>@\s]+@[^<>\s]+)>\s*$")
_EMAIL = re.compile(r"[^<>@\s,;]+@[^<>\s,;]+\.[a-z]{2,}", re.IGNORECASE)

register(
    {
        "narrative-unreadable": Text(
            id="Narasi {path} tidak dapat dibaca: {reason}.",
            en="Narrative {path} cannot be read: {reason}.",
            fix_id="Simpan ulang narasi sebagai teks UTF-8 (Notepad: Simpan Sebagai → UTF-8).",
            fix_en="Save the narrative again as plain UTF-8 text (Notepad: Save As → UTF-8).",
        ),
        "narrative-encoding": Text(
            id="Narasi {path} tidak tersimpan sebagai UTF-8; dibaca sebagai Windows-1252.",
            en="Narrative {path} is not saved as UTF-8; it was read as Windows-1252.",
            fix_id="Simpan ulang narasi dengan encoding UTF-8 agar huruf tidak berubah.",
            fix_en="Save the narrative again as UTF-8 so no letter is changed.",
        ),
        "narrative-front-matter": Text(
            id="Narasi {path} tidak diawali blok YAML '---' yang benar: {reason}.",
            en="Narrative {path} does not start with a valid '---' YAML block: {reason}.",
            fix_id="Awali berkas dengan baris '---', lalu 'Kunci: nilai' per baris, lalu '---' "
            "dan deskripsi (lihat docs/layout.md).",
            fix_en="Start the file with a '---' line, then 'Key: value' lines, then '---' and the "
            "description (see docs/layout.md).",
        ),
        "narrative-missing-key": Text(
            id="Narasi {path} tidak memuat: {keys}.",
            en="Narrative {path} lacks: {keys}.",
            fix_id="Tambahkan baris 'Kunci: nilai' untuk setiap kunci itu (contoh di "
            "docs/layout.md).",
            fix_en="Add a 'Key: value' line for each of these keys (example in docs/layout.md).",
        ),
        "narrative-unknown-key": Text(
            id="Narasi {path}: kunci '{key}' tidak dikenal; diabaikan.",
            en="Narrative {path}: key '{key}' is not known; it was ignored.",
            fix_id="Gunakan kunci yang dikenal: {known}.",
            fix_en="Use the known keys: {known}.",
        ),
        "narrative-duplicate-key": Text(
            id="Narasi {path}: kunci '{key}' muncul lebih dari sekali; yang pertama dipakai.",
            en="Narrative {path}: key '{key}' appears more than once; the first one is used.",
            fix_id="Hapus baris yang berulang.",
            fix_en="Remove the repeated line.",
        ),
        "narrative-title-long": Text(
            id="Judul pada narasi {path} terlalu panjang ({length} karakter, paling banyak {max}).",
            en="The title in narrative {path} is too long ({length} characters, at most {max}).",
            fix_id="Persingkat judul; rincian dapat ditulis di Deskripsi.",
            fix_en="Shorten the title; details belong in the description.",
        ),
        "narrative-too-many-tags": Text(
            id="Narasi {path} memuat {count} tag; hanya {max} pertama yang dipakai.",
            en="Narrative {path} has {count} tags; only the first {max} are used.",
            fix_id="Pilih paling banyak {max} tag.",
            fix_en="Choose at most {max} tags.",
        ),
        "narrative-bad-tag": Text(
            id="Tag '{tag}' pada narasi {path} tidak dapat dipakai di portal; diabaikan.",
            en="Tag '{tag}' in narrative {path} cannot be used on the portal; it was ignored.",
            fix_id="Tag 2–100 karakter: huruf, angka, spasi, '-', '_' atau '.'.",
            fix_en="A tag is 2–100 characters: letters, digits, spaces, '-', '_' or '.'.",
        ),
        "narrative-license-unknown": Text(
            id="Lisensi '{value}' pada narasi {path} tidak dikenal.",
            en="Licence '{value}' in narrative {path} is not known.",
            fix_id="Tulis salah satu: {known} (CC-BY disarankan), atau tambahkan ejaan ini di "
            "config/publisher.yaml: licenses.",
            fix_en="Write one of: {known} (CC-BY recommended), or add this spelling to "
            "config/publisher.yaml: licenses.",
        ),
        "narrative-year": Text(
            id="Tahun '{value}' pada narasi {path} bukan tahun (empat angka).",
            en="Year '{value}' in narrative {path} is not a year (four digits).",
            fix_id="Tulis tahun dengan empat angka, mis. 'Tahun: 2019'.",
            fix_en="Write the year with four digits, e.g. 'Tahun: 2019'.",
        ),
        "narrative-date": Text(
            id="Tanggal Penetapan '{value}' pada narasi {path} bukan tanggal yang sah; tidak "
            "dicantumkan.",
            en="Tanggal Penetapan '{value}' in narrative {path} is not a valid date; it was left "
            "out.",
            fix_id="Tulis tanggal sebagai 2019-05-21 atau 21-05-2019 atau 21 Mei 2019.",
            fix_en="Write the date as 2019-05-21, 21-05-2019 or 21 Mei 2019.",
        ),
        "narrative-date-serial": Text(
            id="Tanggal Penetapan '{value}' pada narasi {path} berupa nomor seri Excel; dibaca "
            "sebagai {date}.",
            en="Tanggal Penetapan '{value}' in narrative {path} is an Excel serial number; it was "
            "read as {date}.",
            fix_id="Tulis tanggalnya sebagai teks, mis. {date}.",
            fix_en="Write the date as text, e.g. {date}.",
        ),
        "narrative-mismatch": Text(
            id="Narasi {path} menyebut {key} '{value}', tetapi foldernya {expected}.",
            en="Narrative {path} gives {key} '{value}', but its folder says {expected}.",
            fix_id="Samakan narasi dengan folder (atau pindahkan folder bila narasinya benar).",
            fix_en="Make the narrative match its folder (or move the folder if the narrative is "
            "right).",
        ),
        "narrative-file-absent": Text(
            id="Narasi {path} menyebut berkas {file} yang tidak ada di foldernya.",
            en="Narrative {path} lists file {file}, which is not in its folder.",
            fix_id="Tambahkan berkas itu, atau hapus namanya dari 'Berkas:'.",
            fix_en="Add the file, or remove its name from 'Berkas:'.",
        ),
        "narrative-file-unlisted": Text(
            id="Berkas {file} ada di folder tetapi tidak disebut di 'Berkas:' narasi {path}.",
            en="File {file} is in the folder but not listed under 'Berkas:' in narrative {path}.",
            fix_id="Tambahkan nama berkas itu ke 'Berkas:' pada narasi.",
            fix_en="Add the file's name to 'Berkas:' in the narrative.",
        ),
    }
)


@dataclass(frozen=True)
class Contact:
    name: str
    email: str


@dataclass(frozen=True)
class Narrative:
    """What a narrative says; `values` holds every known key as text (lists joined by ', ')."""

    file: str
    values: Mapping[str, str]
    tags: tuple[str, ...] = ()
    berkas: tuple[str, ...] = ()
    tahun: int | None = None
    license_id: str | None = None
    contact: Contact | None = None
    tanggal: str | None = None  # Tanggal Penetapan as YYYY-MM-DD, when it is a valid date

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    @property
    def judul(self) -> str:
        return self.get("Judul")

    @property
    def deskripsi(self) -> str:
        return self.get("Deskripsi")


@dataclass(frozen=True)
class NarrativeResult:
    narrative: Narrative | None
    problems: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.narrative is not None and not any(p.severity == "error" for p in self.problems)


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
    narrative, checked = _interpret(raw, path.name, where, config)
    return NarrativeResult(narrative, tuple(problems + checked))


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


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items = [str(v) for v in value]
    else:
        items = re.split(r"[,;\n]", str(value))
    return [s for s in (re.sub(r"^\s*[-*•]\s*", "", i).strip() for i in items) if s]


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value).strip()


def _interpret(
    raw: Mapping[str, Any], file: str, where: str, config: Config
) -> tuple[Narrative, list[Problem]]:
    problems: list[Problem] = []
    values = {k: _as_text(v) for k, v in raw.items()}
    missing = [k for k in config.narrative.required if not values.get(k)]
    if missing:
        problems.append(
            Problem.make("narrative-missing-key", where, field=missing[0], keys=", ".join(missing))
        )
    title = values.get("Judul", "")
    if len(title) > config.narrative.max_title_length:
        problems.append(
            Problem.make(
                "narrative-title-long",
                where,
                severity="warning",
                field="Judul",
                length=len(title),
                max=config.narrative.max_title_length,
            )
        )
    tags = _tags(_as_list(raw.get("Tag")), where, config.narrative.max_tags, problems)
    license_id = _license(values.get("Lisensi", ""), where, config, problems)
    tahun = _year(values.get("Tahun", ""), where, problems)
    narrative = Narrative(
        file=file,
        values=dict(sorted(values.items())),
        tags=tags,
        berkas=tuple(_as_list(raw.get("Berkas"))),
        tahun=tahun,
        license_id=license_id,
        contact=parse_contact(values.get("Kontak", "")),
        tanggal=_date(values.get("Tanggal Penetapan", ""), where, problems),
    )
    return narrative, problems


def _tags(items: Sequence[str], where: str, limit: int, out: list[Problem]) -> tuple[str, ...]:
    good: list[str] = []
    for tag in items:
        if not tag_ok(tag):
            out.append(
                Problem.make("narrative-bad-tag", where, severity="warning", field="Tag", tag=tag)
            )
        elif tag.lower() not in (t.lower() for t in good):
            good.append(tag)
    if len(good) > limit:
        out.append(
            Problem.make(
                "narrative-too-many-tags",
                where,
                severity="warning",
                field="Tag",
                count=len(good),
                max=limit,
            )
        )
    return tuple(good[:limit])


def _license(text: str, where: str, config: Config, out: list[Problem]) -> str | None:
    if not text:
        return None
    found = config.resolve_license(text)
    if found is None:
        known = ", ".join(config.licenses)
        out.append(
            Problem.make(
                "narrative-license-unknown", where, field="Lisensi", value=text, known=known
            )
        )
    return found


def _year(text: str, where: str, out: list[Problem]) -> int | None:
    if not text:
        return None
    if re.fullmatch(r"(19|20)\d\d", text.strip()):
        return int(text)
    out.append(Problem.make("narrative-year", where, field="Tahun", value=text))
    return None


MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("januari", "january", "jan"),
            ("februari", "february", "feb", "pebruari"),
            ("maret", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("agustus", "august", "agu", "aug", "agt"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nopember", "nov", "nop"),
            ("desember", "december", "des", "dec"),
        ]
    )
    for name in names
}
EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(text: str) -> date | None:
    """2019-05-21, 21-05-2019, 21/05/2019, 21.05.2019, '21 Mei 2019' → date; else None."""
    text = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    elif m := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text):
        d, mo, y = (int(g) for g in m.groups())
    elif m := re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})", text):
        month = MONTHS.get(m.group(2).lower())
        if month is None:
            return None
        d, mo, y = int(m.group(1)), month, int(m.group(3))
    else:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _date(text: str, where: str, out: list[Problem]) -> str | None:
    if not text:
        return None
    found = parse_date(text)
    if found is not None:
        return found.isoformat()
    if re.fullmatch(r"\d{5}", text.strip()) and 20000 <= int(text) <= 60000:
        serial = (EXCEL_EPOCH + timedelta(days=int(text))).isoformat()
        out.append(
            Problem.make(
                "narrative-date-serial",
                where,
                severity="warning",
                field="Tanggal Penetapan",
                value=text,
                date=serial,
            )
        )
        return serial
    out.append(
        Problem.make(
            "narrative-date", where, severity="warning", field="Tanggal Penetapan", value=text
        )
    )
    return None


def parse_contact(text: str) -> Contact | None:
    """ "Name <email>", "Name, email" or a bare name → Contact; empty → None."""
    if not text:
        return None
    m = _CONTACT.match(text)
    if m:
        return Contact(m.group("name").strip(" ,-"), m.group("email"))
    email = _EMAIL.search(text)
    if email:
        name = (text[: email.start()] + text[email.end() :]).strip(" ,;-()<>")
        return Contact(" ".join(name.split()), email.group(0))
    return Contact(text, "")
