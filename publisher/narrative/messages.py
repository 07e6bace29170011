"""Narrative problem codes → bilingual messages and fixes (registered in the shared catalogue).

The `narrative-*` codes are what reading a narrative reports: a file that cannot be read or is
not UTF-8, a broken front matter, keys missing, unknown or repeated, values that cannot be used
(title, tags, licence, year, date), a narrative that disagrees with its folder, and `Berkas`
entries that do not match the folder's files. Placeholders are filled from the Problem: {path}
and its params.
"""

from __future__ import annotations

from publisher.problems import Text, register

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
