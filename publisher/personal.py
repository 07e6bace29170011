"""Labels + a sample of rows → reasons a table holds personal data (never to be published).

Three signs, any one enough: a column named like a national id (NIK, NKK, KTP, KK); a column whose
sampled values are mostly NIK-shaped — 16 digits (also with spaces or dots, or as Excel numbers)
starting with a province code, with a plausible birth date in digits 7–12, whatever the column
is called; a by-name list — a person's name column (`nama`, `nama_pemilih`, `Nama Lengkap`...)
together with a birth date/place, an address or another attribute of a person (sex, marital
status, disability...), as in a voter list (DPT). Region, party and candidate-name columns are
not names of persons for this purpose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from publisher.problems import Text, register

_ID_LABEL = re.compile(
    r"^(no_?|nomor_?)?(nik|nkk|kk|ktp|e_?ktp|nomor_induk_kependudukan|kartu_keluarga|"
    r"no_kartu_keluarga|nomor_kartu_keluarga|id_number|national_id)$"
    # or the word NIK/NKK/KTP inside a longer label: "NIK KETUA PPK", "nomor_nik_pemilih"
    r"|(^|_)(nik|nkk|ktp|e_ktp)(_|$)"
)
_PERSON_NAME = re.compile(
    r"^(nama|name|full_name|nama_(?!(wilayah|partai|parpol|desa|kelurahan|kecamatan|kabupaten|"
    r"kota|provinsi|daerah|dapil|tps|calon|caleg|paslon|kandidat|pasangan|kegiatan|dokumen|"
    r"lembaga|instansi|kantor|jalan|barang|file|berkas)(_|$))[a-z_]+)$"
)  # a person's name column, not that of a region, party or (public) candidate
_BIRTH = re.compile(
    r"(tanggal|tgl)_?lahir|tempat_?lahir|^ttl$|tempat_tanggal_lahir|birth|^umur$|^usia$"
)
_ADDRESS = re.compile(r"^(alamat|address|alamat_.*|jalan|dusun)$|^rt$|^rw$|^rt_rw$")
_PERSONAL = re.compile(
    r"^(jenis_kelamin|jk|l_p|gender|sex|status_perkawinan|status_kawin|kawin|disabilitas|"
    r"jenis_disabilitas|pekerjaan|agama)$"
)  # other attributes of a person, beside a name: a by-name list
_SIXTEEN = re.compile(r"^\d{16}$")
PROVINCES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "18",
        "19",
        "21",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "51",
        "52",
        "53",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "72",
        "73",
        "74",
        "75",
        "76",
        "81",
        "82",
        "91",
        "92",
        "94",
    }
)  # fmt: skip  (the first two digits of every NIK and NKK: the province that issued it)
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
    columns = list(zip_longest(*rows)) if rows else []
    width = max(len(labels), len(columns))
    for i in range(width):  # every column, also those the label row does not reach
        label = labels[i] if i < len(labels) and labels[i] not in (None, "") else _letter(i)
        column = columns[i] if i < len(columns) else ()
        values = [v for v in column if v is not None and v != ""]
        # a NIK has 16 digits, so a shorter cell cannot be one: when fewer than half the cells
        # are long enough, the column cannot qualify and no cell reaches the regex
        long = [v for v in values if (len(v) >= 16 if type(v) is str else _long(v))]
        if len(long) * 2 < len(values) or len(long) < MIN_HITS:
            continue
        hits = sum(1 for v in long if is_nik_like(_digits(v)))
        named = i < len(folded) and _ID_LABEL.match(folded[i])
        if hits >= MIN_HITS and hits * 2 >= len(values) and not named:
            signs.append(
                Sign(
                    str(label),
                    f"kolom '{label}' berisi nomor seperti NIK/NKK: 16 digit dengan kode provinsi "
                    f"dan tanggal lahir yang masuk akal ({hits} ditemukan)",
                    f"column '{label}' holds numbers like NIK/NKK: 16 digits with a plausible "
                    f"province code and birth date ({hits} seen)",
                )
            )
    names = [labels[i] for i, f in enumerate(folded) if _PERSON_NAME.match(f)]
    births = [labels[i] for i, f in enumerate(folded) if _BIRTH.search(f)]
    addresses = [labels[i] for i, f in enumerate(folded) if _ADDRESS.search(f)]
    attributes = [labels[i] for i, f in enumerate(folded) if _PERSONAL.match(f)]
    if names and (births or addresses or attributes):
        other = ", ".join(f"'{x}'" for x in births + addresses + attributes)
        signs.append(
            Sign(
                str(names[0]),
                f"daftar nama orang: kolom '{names[0]}' bersama {other}",
                f"a by-name list: column '{names[0]}' with {other}",
            )
        )
    return signs


def is_nik_like(digits: str) -> bool:
    """16 digits shaped like a NIK/NKK: a province code, then the regency and district, then a
    birth date DDMMYY (40 added to the day for women; an NKK's issue date has the same shape)."""
    if not _SIXTEEN.match(digits) or digits[:2] not in PROVINCES:
        return False
    day, month = int(digits[6:8]), int(digits[8:10])
    return (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12


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


register(
    {
        "personal-data": Text(
            id="{path}: {reason_id}. Data pribadi tidak boleh diterbitkan; paket ini diblokir "
            "(masalah lain di berkas ini tidak ditampilkan agar isinya tidak tersalin ke "
            "laporan).",
            en="{path}: {reason_en}. Personal data may not be published; this package is blocked "
            "(other problems of this file are not shown, so that its contents are not copied "
            "into reports).",
            fix_id="Hapus kolom data pribadi (NIK, NKK, nama, tanggal lahir, alamat) dari berkas, "
            "atau keluarkan berkasnya dari folder: yang diterbitkan hanya rekapitulasinya "
            "(jumlah per wilayah atau TPS), bukan daftar orang. Lalu jalankan `publisher build` "
            "lagi.",
            fix_en="Remove the personal-data columns (NIK, NKK, names, birth date, address) from "
            "the file, or take the file out of the folder: publish only its aggregate (counts "
            "per region or TPS), never a list of persons. Then run `publisher build` again.",
        ),
    }
)
