"""Problem codes + parameters → messages a data steward can act on, in Bahasa Indonesia or English.

Every problem any stage finds (scan, build, validate, sync) is a `Problem` value: a stable `code`,
a severity, where it is (path relative to the collection root, and row/field when it has them) and
the parameters of its message. The texts live in `CATALOGUE`, one entry per code, each with what
went wrong and what to do, in both languages. A test keeps every code used in the package in the
catalogue. What is not a problem of the data but is still said to people (a plan's reason, a sync
outcome's message, a preflight finding) is a `Bilingual` text, made in both languages where it
is said.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal

Severity = Literal["error", "warning", "info"]
Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")


@dataclass(frozen=True)
class Text:
    """One catalogue entry: the message and the advice, in each language."""

    id: str
    en: str
    fix_id: str = ""
    fix_en: str = ""

    def message(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.id

    def fix(self, lang: Lang) -> str:
        return self.fix_en if lang == "en" else self.fix_id


@dataclass(frozen=True)
class Bilingual:
    """A text made in both languages where it is said (a plan's reason, a sync outcome's
    message, a preflight finding); `text(lang)` is the one the run speaks. Empty: nothing said."""

    id: str = ""
    en: str = ""

    def text(self, lang: Lang = "id") -> str:
        return self.en if lang == "en" else self.id

    def __bool__(self) -> bool:
        return bool(self.id or self.en)

    @staticmethod
    def join(parts: Iterable[Bilingual], sep: str = "; ") -> Bilingual:
        items = list(parts)
        return Bilingual(sep.join(p.id for p in items), sep.join(p.en for p in items))


NOTHING_SAID = Bilingual()  # the default of a reason or message: nothing to say


@dataclass(frozen=True)
class Problem:
    """A problem found in the data; `params` fill the placeholders of its catalogue texts."""

    code: str
    path: str
    severity: Severity = "error"
    row: int | None = None
    field: str | None = None
    value: str | None = None
    params: tuple[tuple[str, str], ...] = ()

    @classmethod
    def make(
        cls,
        code: str,
        path: str,
        *,
        severity: Severity = "error",
        row: int | None = None,
        field: str | None = None,
        value: object = None,
        **params: object,
    ) -> Problem:
        return cls(
            code=code,
            path=path,
            severity=severity,
            row=row,
            field=field,
            value=None if value is None else str(value),
            params=tuple(sorted((k, str(v)) for k, v in params.items())),
        )

    def _fill(self, template: str, lang: Lang = "id") -> str:
        """The template with the problem's params; a param `x_id` / `x_en` fills `{x}` in
        that language (a part of the message that is itself words, not data)."""
        values = dict(self.params)
        for key, value in self.params:
            if key.endswith(f"_{lang}"):
                values[key[: -len(lang) - 1]] = value
        values.setdefault("code", self.code)
        values.setdefault("params", "".join(f" {k}={v}" for k, v in self.params))
        values.setdefault("path", self.path)
        values.setdefault("row", "" if self.row is None else str(self.row))
        values.setdefault("field", self.field or "")
        values.setdefault("value", self.value or "")
        try:
            return template.format(**values)
        except (KeyError, IndexError):
            return template

    def message(self, lang: Lang = "id") -> str:
        text = text_of(self.code)
        message = self._fill(text.message(lang), lang)
        where = dict(self.params)
        if "sheet" in where and "cell" in where:  # a table built from a workbook: say where
            sheet, cell = where["sheet"], where["cell"]
            cell_word = (
                ("cell" if lang == "en" else "sel")
                if cell[:1].isalpha()
                else ("row" if lang == "en" else "baris")
            )
            message += (
                f" (sheet '{sheet}', {cell_word} {cell})"
                if lang == "en"
                else f" (lembar '{sheet}', {cell_word} {cell})"
            )
        return message

    def fix(self, lang: Lang = "id") -> str:
        return self._fill(text_of(self.code).fix(lang), lang)

    def record(self) -> dict[str, object]:
        """The problem as kept in a file (`_build/problems.json`, the validation cache): no
        message, which is rendered in the reader's language when reported."""
        return {
            "code": self.code,
            "path": self.path,
            "severity": self.severity,
            "row": self.row,
            "field": self.field,
            "value": self.value,
            "params": dict(self.params),
        }

    @classmethod
    def from_record(cls, r: Mapping[str, object]) -> Problem:
        """`record` read back (raises KeyError/TypeError/AttributeError on a damaged one)."""
        severity = r["severity"]
        params = r.get("params") or {}
        assert isinstance(params, Mapping)
        row = r.get("row")
        return cls(
            code=str(r["code"]),
            path=str(r["path"]),
            severity=severity if severity in ("error", "warning", "info") else "info",
            row=int(row) if isinstance(row, int) else None,
            field=None if r.get("field") is None else str(r.get("field")),
            value=None if r.get("value") is None else str(r.get("value")),
            params=tuple(sorted((str(k), str(v)) for k, v in params.items())),
        )

    def to_dict(self, lang: Lang = "id") -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "path": self.path,
            "row": self.row,
            "field": self.field,
            "value": self.value,
            "params": dict(self.params),
            "message": self.message(lang),
            "fix": self.fix(lang),
        }


def register(entries: Mapping[str, Text]) -> None:
    """Add a stage's codes to the catalogue (each module of `SOURCES` registers its own)."""
    clash = set(entries) & set(CATALOGUE)
    if clash:
        raise ValueError(f"problem codes registered twice: {sorted(clash)}")
    CATALOGUE.update(entries)


CATALOGUE: dict[str, Text] = {}

# Where the texts are: every module that registers codes. `catalogue()` loads them all before
# the first look-up, so a message never depends on which stages a command happened to import.
SOURCES = (
    "publisher.layout.messages",
    "publisher.narrative.messages",
    "publisher.xlsx.messages",
    "publisher.build.messages",
    "publisher.validate.messages",
    "publisher.province.messages",
    "publisher.personal",
    "publisher.tables",
)

# A code this version has no texts for (a record kept by another version): said as such, never
# passed off as a message.
UNKNOWN = Text(
    id="Masalah berkode '{code}' (teksnya tidak dikenal versi alat ini):{params}",
    en="Problem coded '{code}' (this version of the tool has no text for it):{params}",
    fix_id="Jalankan `publisher build` lagi dengan versi alat yang sama; bila tetap muncul, "
    "laporkan kode ini.",
    fix_en="Run `publisher build` again with the same version of the tool; if it stays, report "
    "the code.",
)


def text_of(code: str) -> Text:
    """A code's texts. The module that makes a problem has registered its texts; a code not
    registered yet loads every source first (a record read back, a renderer of another stage's
    problems), so the answer never depends on what was imported; still unknown: `UNKNOWN`."""
    found = CATALOGUE.get(code)
    if found is None:
        found = catalogue().get(code, UNKNOWN)
    return found


def catalogue() -> Mapping[str, Text]:
    """Every code's texts, all stages' (their modules imported once, on the first call)."""
    _load_sources()
    return CATALOGUE


@cache
def _load_sources() -> None:
    import importlib

    for name in SOURCES:
        importlib.import_module(name)
