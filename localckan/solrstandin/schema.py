"""CKAN's schema.xml → field types, text analysis and documents as the index holds them."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

SCHEMA_NAME = "ckan-2.12"
SCHEMA_XML = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<schema name="{SCHEMA_NAME}" version="1.6">'
    "<!-- kpu-publisher Solr stand-in: a test stand-in for search only --></schema>\n"
)
UNIQUE_KEY = "index_id"
REQUIRED_FIELDS = ("index_id", "id", "site_id")

# ---------------------------------------------------------------------------------------------
# Schema: the field types of CKAN 2.12's schema.xml
# ---------------------------------------------------------------------------------------------

STRING, TEXT, TEXT_GENERAL = "string", "text", "text_general"
NGRAM, INT, DATE = "ngram", "int", "date"


@dataclass(frozen=True)
class FieldType:
    kind: str
    stored: bool
    multi: bool


_STR_FIELDS = [
    *("index_id", "id", "site_id", "entity_type", "dataset_type", "state", "name"),
    *("revision_id", "version", "url", "ckan_url", "download_url", "license", "license_id"),
    *("organization", "capacity", "_version_"),
]
_FIELDS: dict[str, FieldType] = {name: FieldType(STRING, True, False) for name in _STR_FIELDS}
_FIELDS.update(
    {
        "title": FieldType(TEXT, True, False),
        "notes": FieldType(TEXT, True, False),
        "title_ngram": FieldType(NGRAM, True, False),
        "name_ngram": FieldType(NGRAM, True, False),
        "author": FieldType(TEXT_GENERAL, True, False),
        "author_email": FieldType(TEXT_GENERAL, True, False),
        "maintainer": FieldType(TEXT_GENERAL, True, False),
        "maintainer_email": FieldType(TEXT_GENERAL, True, False),
        "tags": FieldType(STRING, True, True),
        "groups": FieldType(STRING, True, True),
        "permission_labels": FieldType(STRING, False, True),
        "res_name": FieldType(TEXT_GENERAL, True, True),
        "res_description": FieldType(TEXT_GENERAL, True, True),
        "res_format": FieldType(STRING, True, True),
        "res_url": FieldType(STRING, True, True),
        "res_type": FieldType(STRING, True, True),
        "text": FieldType(TEXT, False, True),
        "urls": FieldType(TEXT, False, True),
        "metadata_created": FieldType(DATE, True, False),
        "metadata_modified": FieldType(DATE, True, False),
        "indexed_ts": FieldType(DATE, True, False),
        "title_string": FieldType(STRING, False, False),
        "data_dict": FieldType(STRING, True, False),
        "validated_data_dict": FieldType(STRING, True, False),
    }
)
_RELATIONS = [
    *("depends_on", "dependency_of", "derives_from", "has_derivation", "links_to"),
    *("linked_from", "child_of", "parent_of"),
]
_COUNTERS = ["views_total", "views_recent", "resources_accessed_total", "resources_accessed_recent"]
for _rel in _RELATIONS:
    _FIELDS[_rel] = FieldType(TEXT, False, True)
for _counter in _COUNTERS:
    _FIELDS[_counter] = FieldType(INT, False, False)
_NOT_INDEXED = {"data_dict", "validated_data_dict"}

# copyField rules (source pattern, destination); Solr applies them to input fields only.
_COPY_FIELDS = [
    ("url", "urls"),
    ("title", "title_ngram"),
    ("name", "name_ngram"),
    ("ckan_url", "urls"),
    ("download_url", "urls"),
    ("res_url", "urls"),
    ("extras_*", "text"),
    ("res_extras_*", "text"),
    ("vocab_*", "text"),
    ("urls", "text"),
    ("name", "text"),
    ("title", "text"),
    ("license", "text"),
    ("notes", "text"),
    ("tags", "text"),
    ("groups", "text"),
    ("organization", "text"),
    ("res_name", "text"),
    ("res_description", "text"),
    ("maintainer", "text"),
    ("author", "text"),
]


def field_type(name: str) -> FieldType:
    """The type of a field, following schema.xml's explicit and dynamic fields."""
    if name in _FIELDS:
        return _FIELDS[name]
    if name.endswith("_date"):
        return FieldType(DATE, True, False)
    if name.startswith("extras_"):
        return FieldType(TEXT, True, False)
    if name.startswith("res_extras_"):
        return FieldType(TEXT, True, True)
    if name.startswith("vocab_"):
        return FieldType(STRING, True, True)
    return FieldType(STRING, False, False)  # <dynamicField name="*" type="string" stored="false">


def _copy_targets(source: str) -> list[str]:
    targets = []
    for pattern, dest in _COPY_FIELDS:
        if pattern == source or (pattern.endswith("*") and source.startswith(pattern[:-1])):
            targets.append(dest)
    return targets


# ---------------------------------------------------------------------------------------------
# Analysis: lower-case, accent folding, word splitting, plural stripping for stemmed text
# ---------------------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
_CASE_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+|[^\W\d_a-zA-Z]+")
_PART_RE = re.compile(r"[a-zA-Z]+|[0-9]+|[^\W\d_a-zA-Z]+")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _stem(word: str) -> str:
    """Plural endings only (a small part of what Solr's Snowball Porter filter does)."""
    if len(word) > 3 and word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("us", "ss")):
        return word[:-1]
    return word


def analyze(text: str, kind: str, *, index: bool = False) -> tuple[list[str], set[str]]:
    """Token sequence of a text value, plus the catenated words added at index time."""
    words: list[str] = []
    extra: set[str] = set()
    splitter = _CASE_RE if kind == TEXT else _PART_RE
    for chunk in fold(text).split():
        parts = [p for w in _WORD_RE.findall(chunk) for p in splitter.findall(w)]
        parts = [p.lower() for p in parts]
        if kind == TEXT:
            parts = [_stem(p) for p in parts]
        words.extend(parts)
        if index and len(parts) > 1:
            joined = "".join(p.lower() for p in _WORD_RE.findall(fold(chunk)))
            extra.add(_stem(joined) if kind == TEXT else joined)
    return words, extra


# ---------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------


class SolrError(Exception):
    """A request the stand-in refuses, answered like Solr: HTTP 400 with error.msg."""

    def __init__(self, msg: str, code: int = 400) -> None:
        super().__init__(msg)
        self.msg = msg
        self.code = code


def _as_strings(value: Any, name: str) -> list[str]:
    values = value if isinstance(value, list | tuple) else [value]
    out = []
    for item in values:
        if item is None:
            continue
        if isinstance(item, dict):
            raise SolrError(
                f"field {name!r} holds an object; Solr reads objects as atomic updates "
                "(the stand-in does not support them)"
            )
        if isinstance(item, bool):
            out.append("true" if item else "false")
        else:
            out.append(str(item))
    return out


@dataclass
class Doc:
    seq: int
    stored: dict[str, Any]
    values: dict[str, list[str]] = field(default_factory=dict)
    _tokens: dict[str, list[tuple[list[str], set[str]]]] = field(default_factory=dict)

    @classmethod
    def build(cls, seq: int, raw: dict[str, Any]) -> Doc:
        values: dict[str, list[str]] = {}
        for name, value in raw.items():
            strings = _as_strings(value, name)
            if name not in _NOT_INDEXED:
                values.setdefault(name, []).extend(strings)
            for dest in _copy_targets(name):
                values.setdefault(dest, []).extend(strings)
        return cls(seq=seq, stored=raw, values=values)

    def tokens(self, name: str, kind: str) -> list[tuple[list[str], set[str]]]:
        if name not in self._tokens:
            self._tokens[name] = [analyze(v, kind, index=True) for v in self.values.get(name, [])]
        return self._tokens[name]


def normalise_doc(raw: dict[str, Any], version: int) -> dict[str, Any]:
    """Check a document as Solr would and add the fields Solr fills in itself."""
    doc = {k: v for k, v in raw.items() if v is not None and v != []}
    for name in REQUIRED_FIELDS:
        if name not in doc or doc[name] in ("", None):
            raise SolrError(f"[doc={doc.get(UNIQUE_KEY)}] missing required field: {name}")
    for name, value in doc.items():
        _as_strings(value, name)  # rejects objects
        if isinstance(value, list) and len(value) > 1 and not field_type(name).multi:
            raise SolrError(
                f"ERROR: [doc={doc[UNIQUE_KEY]}] multiple values encountered for non "
                f"multiValued field {name}: {value!r}"
            )
    doc.setdefault("indexed_ts", now_utc().strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z")
    doc["_version_"] = str(version)
    return doc


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
