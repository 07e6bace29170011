"""Labels + a sample of rows → reasons a table holds personal data (never to be published).

Three signs, any one enough: a column named like a national id (NIK, NKK, KTP, KK); a column whose
sampled values are mostly 16-digit numbers (the shape of NIK and NKK, also with spaces or dots, or
as Excel numbers); a by-name list — a person's name column together with a birth date/place or an
address column, as in a voter list (DPT). Region, party and candidate-name columns are not names
of persons for this purpose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

_ID_LABEL = re.compile(
    r"^(no_?|nomor_?)?(nik|nkk|kk|ktp|e_?ktp|nomor_induk_kependudukan|kartu_keluarga|"
    r"no_kartu_keluarga|nomor_kartu_keluarga|id_number|national_id)$"
    # or the word NIK/NKK/KTP inside a longer label: "NIK KETUA PPK", "nomor_nik_pemilih"
    r"|(^|_)(nik|nkk|ktp|e_ktp)(_|$)"
)
_PERSON_NAME = re.compile(r"^(nama|name|nama_(pemilih|lengkap|penduduk|warga|orang)|full_name)$")
_BIRTH = re.compile(
    r"(tanggal|tgl)_?lahir|tempat_?lahir|^ttl$|tempat_tanggal_lahir|birth|^umur$|^usia$"
)
_ADDRESS = re.compile(r"^(alamat|address|alamat_.*|jalan|dusun)$|^rt$|^rw$|^rt_rw$")
_SIXTEEN = re.compile(r"^\d{16}$")
MIN_HITS = 3


def fold(label: object) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(label or "").lower()).strip("_")


@dataclass(frozen=True)
class Sign:
    """One reason a table looks like personal data: the column, and the reason in both languages."""

    field: str
    reason_id: str
    reason_en: str


def personal_data(labels: Sequence[Any], rows: Sequence[Sequence[Any]]) -> list[Sign]:
    """The signs that the table holds personal data; [] when none."""
    folded = [fold(x) for x in labels]
    signs = [
        Sign(
            str(labels[i]),
            f"kolom '{labels[i]}' bernama seperti nomor identitas kependudukan",
            f"column '{labels[i]}' is named like a national id",
        )
        for i, f in enumerate(folded)
        if _ID_LABEL.match(f)
    ]
    width = max([len(labels), *(len(r) for r in rows)])
    for i in range(width):  # every column, also those the label row does not reach
        label = labels[i] if i < len(labels) and labels[i] not in (None, "") else _letter(i)
        values = [r[i] for r in rows if i < len(r) and r[i] not in (None, "")]
        # a NIK has 16 digits, so a shorter cell cannot be one: when fewer than half the cells
        # are long enough, the column cannot qualify and no cell reaches the regex
        long = [v for v in values if _long(v)]
        if len(long) * 2 < len(values) or len(long) < MIN_HITS:
            continue
        hits = sum(1 for v in long if _SIXTEEN.match(_digits(v)))
        named = i < len(folded) and _ID_LABEL.match(folded[i])
        if hits >= MIN_HITS and hits * 2 >= len(values) and not named:
            signs.append(
                Sign(
                    str(label),
                    f"kolom '{label}' berisi angka 16 digit seperti NIK/NKK ({hits} ditemukan)",
                    f"column '{label}' holds 16-digit numbers like NIK/NKK ({hits} seen)",
                )
            )
    names = [labels[i] for i, f in enumerate(folded) if _PERSON_NAME.match(f)]
    births = [labels[i] for i, f in enumerate(folded) if _BIRTH.search(f)]
    addresses = [labels[i] for i, f in enumerate(folded) if _ADDRESS.search(f)]
    if names and (births or addresses):
        other = ", ".join(f"'{x}'" for x in births + addresses)
        signs.append(
            Sign(
                str(names[0]),
                f"daftar nama orang: kolom '{names[0]}' bersama {other}",
                f"a by-name list: column '{names[0]}' with {other}",
            )
        )
    return signs


def _letter(index: int) -> str:
    """0 → 'A', 26 → 'AA': a column without a label is named as Excel does."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def header_row(rows: Sequence[Sequence[Any]], scan: int = 20) -> int:
    """The row of a presentation sheet that holds the labels: the one (of the first `scan`)
    with the most cells holding words (titles above it have one or two)."""
    best, most = 0, -1
    for number, row in enumerate(rows[:scan]):  # words, not column numbers such as "(4)"
        texts = sum(1 for c in row if isinstance(c, str) and any(ch.isalpha() for ch in c))
        if texts > most:
            best, most = number, texts
    return best


def _long(value: Any) -> bool:
    if isinstance(value, str):
        return len(value) >= 16
    return isinstance(value, int | float) and abs(value) >= 1e15


def _digits(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return re.sub(r"[\s.\-]", "", str(value))
