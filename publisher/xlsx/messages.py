"""XLSX problem codes → bilingual messages and fixes (registered in the shared catalogue).

The `xlsx-*` codes are what reading a presentation-style workbook reports: a file that cannot be
opened, hidden or empty sheets, a header that does not match the schema, columns left out, rows
after the table, totals and notes kept apart, one sheet per area. Placeholders are filled from the
Problem: {path} and its params ({sheet}, {schema}, ...).
"""

from __future__ import annotations

from publisher.problems import Text, register

register(
    {
        "xlsx-unreadable": Text(
            id="Berkas {path} tidak dapat dibuka sebagai XLSX: {reason}.",
            en="File {path} cannot be opened as XLSX: {reason}.",
            fix_id="Buka di Excel/LibreOffice, simpan ulang sebagai .xlsx, lalu jalankan lagi.",
            fix_en="Open it in Excel/LibreOffice, save it again as .xlsx, and run again.",
        ),
        "xlsx-hidden-sheet": Text(
            id="Lembar tersembunyi '{sheet}' di {path} diabaikan.",
            en="Hidden sheet '{sheet}' in {path} was ignored.",
            fix_id="Tampilkan lembar itu bila berisi data yang harus diterbitkan, atau hapus.",
            fix_en="Unhide the sheet if it holds data to publish, or delete it.",
        ),
        "xlsx-empty-sheet": Text(
            id="Lembar '{sheet}' di {path} kosong; dilewati.",
            en="Sheet '{sheet}' in {path} is empty; skipped.",
        ),
        "xlsx-no-table": Text(
            id="Lembar '{sheet}' di {path} tidak berisi tabel yang cocok dengan skema {schema}; "
            "tidak diubah ke CSV.",
            en="Sheet '{sheet}' in {path} holds no table matching schema {schema}; it was not "
            "converted to CSV.",
            fix_id="Bila lembar itu berisi data, beri judul kolom seperti pada skema.",
            fix_en="If the sheet holds data, give it column headers as in the schema.",
        ),
        "xlsx-header": Text(
            id="Judul kolom lembar '{sheet}' di {path} tidak cocok dengan skema {schema}: kolom "
            "{missing} tidak ditemukan. Judul yang terbaca: {found}.",
            en="The header of sheet '{sheet}' in {path} does not match schema {schema}: columns "
            "{missing} were not found. Headers read: {found}.",
            fix_id="Ubah judul kolom agar sesuai (lihat x-kpu-headers di config/schemas/{schema}), "
            "atau tambahkan ejaan ini ke sana.",
            fix_en="Rename the column headers to match (see x-kpu-headers in "
            "config/schemas/{schema}), or add these spellings there.",
        ),
        "xlsx-extra-column": Text(
            id="Kolom {column} ('{label}') lembar '{sheet}' di {path} tidak ada dalam skema; tidak "
            "dimasukkan ke CSV.",
            en="Column {column} ('{label}') of sheet '{sheet}' in {path} is not in the schema; it "
            "was left out of the CSV.",
            fix_id="Hapus kolom itu, atau beri judul seperti pada skema bila memang datanya.",
            fix_en="Remove the column, or give it a header from the schema if it is its data.",
        ),
        "xlsx-rows-after-table": Text(
            id="Lembar '{sheet}' di {path} berisi baris data di bawah akhir tabel (baris {rows}); "
            "disimpan sebagai catatan, bukan data.",
            en="Sheet '{sheet}' in {path} has data rows below the end of the table (rows {rows}); "
            "they were kept as notes, not data.",
            fix_id="Satu tabel per lembar: hapus baris kosong atau judul sela di tengah tabel, "
            "atau pindahkan tabel kedua ke lembar lain.",
            fix_en="One table per sheet: remove blank or sub-title rows inside the table, or move "
            "the second table to its own sheet.",
        ),
        "xlsx-sheet-per-area": Text(
            id="{path} berisi {count} lembar dengan kolom yang sama ({sheets}); tiap lembar "
            "diterbitkan sebagai tabel CSV tersendiri.",
            en="{path} holds {count} sheets with the same columns ({sheets}); each sheet is "
            "published as a CSV table of its own.",
            fix_id="Sebaiknya satu tabel di satu lembar untuk semua wilayah (dengan kolom kode "
            "wilayah), agar pengguna tidak perlu menggabungkannya.",
            fix_en="Better one table on one sheet for all areas (with a region code column), so "
            "users need not combine them.",
        ),
        "xlsx-separated": Text(
            id="Lembar '{sheet}' di {path}: {totals} baris jumlah dan {notes} baris catatan "
            "dipisahkan dari data dan disimpan di datapackage.json.",
            en="Sheet '{sheet}' in {path}: {totals} total rows and {notes} note rows were "
            "separated from the data and kept in datapackage.json.",
        ),
    }
)
