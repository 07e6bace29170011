"""A narrative's raw values → `Narrative`: lists, title, tags, licence, year, date, contact.

Each value is checked against the config (`narrative.required`, `narrative.max_title_length`,
`narrative.max_tags`, `licenses`); what cannot be used is a problem beside the narrative, and the
value is left out (a bad tag, an impossible date) or read as what it stands for (an Excel serial
date).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from publisher.config import Config
from publisher.mapping import tag_ok
from publisher.narrative.model import Contact, Narrative
from publisher.problems import Problem

_CONTACT = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^<>@\s]+@[^<>\s]+)>\s*$")
_EMAIL = re.compile(r"[^<>@\s,;]+@[^<>\s,;]+\.[a-z]{2,}", re.IGNORECASE)


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


def interpret(
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
