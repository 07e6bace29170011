"""The names the mapping writes into CKAN (our marker, fingerprint, extras), the descriptor's
file name, and CKAN's rules for names and tags."""

from __future__ import annotations

import re

from publisher import names
from publisher.layout.names import GENERATED_FILE

MARKER_KEY = "kpu_publisher"


MARKER_VALUE = "kpu-publisher"


FINGERPRINT_KEY = "kpu_fingerprint"


PENDING_KEY = "kpu_pending"


# Extras the tool manages for itself; never part of the compared state.
BOOKKEEPING = frozenset({MARKER_KEY, FINGERPRINT_KEY, PENDING_KEY})


# x-kpu properties of a data package carried as dataset extras (prefixed kpu_).
XKPU_KEYS = (
    "unit_kerja",
    "kode_wilayah",
    "kode_tahapan",
    "jenis_dokumen",
    "tingkat",
    "tahun",
    "narrative",
    "sumber",
    "cakupan_wilayah",
    "periode",
    "frekuensi",
    "tanggal_penetapan",
)


DESCRIPTOR = GENERATED_FILE


_NAME_OK = re.compile(r"^[a-z0-9_-]{2,100}$")


_TAG_OK = re.compile(r"^[\w .-]{2,100}$")


def slug(text: str) -> str:
    """CKAN-safe form of a code or name: lowercase, `_` and `-` kept, runs of other characters
    become one dash (`names.slug`)."""
    return names.slug(text, keep="_-")


def name_ok(name: str) -> bool:
    return bool(_NAME_OK.match(name))


def tag_ok(tag: str) -> bool:
    return bool(_TAG_OK.match(tag))


SOURCE_HASH_KEY = "kpu_source_hash"


NARRATIVE_KIND = "narasi"


# --- comparing and reading back ------------------------------------------------------------

RESOURCE_FIELDS = ("name", "description", "format", "mimetype", "hash", "kpu_path", "schema")
