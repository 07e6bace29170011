"""Validation problem codes → bilingual messages and fixes (registered in the shared catalogue).

Codes mirror frictionless-py's error types where one corresponds (`type-error`, `primary-key`, ...);
the election rules, region checks and the personal-data guard have codes of ours. Placeholders
are filled from the Problem: {path} {row} {field} {value} and its params.
"""

from __future__ import annotations

import re

from publisher.problems import Text, register

FRICTIONLESS_CODES = frozenset(
    {
        "type-error",
        "constraint-error",
        "primary-key",
        "unique-error",
        "foreign-key",
        "blank-row",
        "extra-cell",
        "missing-cell",
        "blank-label",
        "duplicate-label",
        "extra-label",
        "missing-label",
        "incorrect-label",
        "blank-header",
        "unmatched-header",
        "schema-error",
        "package-error",
        "resource-error",
        "field-error",
        "dialect-error",
        "encoding-error",
        "hash-count",
        "byte-count",
        "scheme-error",
        "source-error",
    }
)
"""Codes that `frictionless validate` also reports (same name, same row and field)."""

_CONSTRAINT_FIX_ID = {
    "required": "Isi sel ini; kolom {field} wajib diisi.",
    "pattern": "Tulis nilainya sebagai {constraint_value} (kode dengan nol di depan, "
    "tanpa titik atau notasi ilmiah; format sel sebagai Teks di Excel).",
    "minimum": "Nilai tidak boleh kurang dari {constraint_value}; periksa angka di dokumen sumber.",
    "maximum": "Nilai tidak boleh lebih dari {constraint_value}; periksa angka di dokumen sumber.",
    "exclusiveMinimum": "Nilai harus lebih dari {constraint_value}.",
    "exclusiveMaximum": "Nilai harus kurang dari {constraint_value}.",
    "enum": "Gunakan salah satu nilai yang diizinkan: {constraint_value}.",
    "minLength": "Teks terlalu pendek (minimal {constraint_value} karakter).",
    "maxLength": "Teks terlalu panjang (maksimal {constraint_value} karakter).",
}
_CONSTRAINT_FIX_EN = {
    "required": "Fill in this cell; column {field} is required.",
    "pattern": "Write the value as {constraint_value} (codes with their leading "
    "zeros, no dots or scientific notation; format the cells as Text in Excel).",
    "minimum": "The value may not be below {constraint_value}; check the source document.",
    "maximum": "The value may not be above {constraint_value}; check the source document.",
    "exclusiveMinimum": "The value must be above {constraint_value}.",
    "exclusiveMaximum": "The value must be below {constraint_value}.",
    "enum": "Use one of the allowed values: {constraint_value}.",
    "minLength": "The text is too short (at least {constraint_value} characters).",
    "maxLength": "The text is too long (at most {constraint_value} characters).",
}


_DIGITS = re.compile(r"^(?:\[0-9\]|\\d)\{(\d+)(?:,(\d*))?\}$")
_LETTERS = re.compile(r"^\[A-Z\]\{(\d+)\}$")


def describe_pattern(pattern: str, lang: str) -> str:
    """A Table Schema `pattern` in words a steward reads ("10 angka, tanpa titik"), never the
    regex itself: the common shapes of codes are recognised, anything else is named as the
    form the schema requires."""
    core = pattern.removeprefix("^").removesuffix("$")
    en = lang == "en"
    nested = _nested_lengths(core)
    if nested:
        lengths = (" or " if en else " atau ").join(
            [", ".join(map(str, nested[:-1])), str(nested[-1])]
        )
        return (
            f"{lengths} digits, no dots or spaces"
            if en
            else f"{lengths} angka, tanpa titik atau spasi"
        )
    found = _DIGITS.match(core)
    if found:
        low, high = found.group(1), found.group(2)
        if high is None:
            count = low
        elif high == "":
            count = f"at least {low}" if en else f"minimal {low}"
        else:
            count = f"{low} to {high}" if en else f"{low} sampai {high}"
        return (
            f"{count} digits, no dots or spaces" if en else f"{count} angka, tanpa titik atau spasi"
        )
    if core in ("[0-9]+", "\\d+"):
        return "digits only" if en else "angka saja"
    found = _LETTERS.match(core)
    if found:
        n = found.group(1)
        return f"{n} capital letters" if en else f"{n} huruf kapital"
    choice = re.fullmatch(r"\(?([A-Za-z0-9 _-]+(?:\|[A-Za-z0-9 _-]+)+)\)?", core)
    if choice:
        words = [f"'{w}'" for w in choice.group(1).split("|")]
        joined = ", ".join(words[:-1]) + (" or " if en else " atau ") + words[-1]
        return f"one of {joined}" if en else f"salah satu dari {joined}"
    return (
        "the form the schema sets for this column"
        if en
        else "bentuk yang ditetapkan skema untuk kolom ini"
    )


def _nested_lengths(core: str) -> list[int]:
    """`[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{4})?)?)?` → [2, 4, 6, 10] (region codes of any level)."""
    parts = re.fullmatch(r"((?:\[0-9\]\{\d+\}\()*\[0-9\]\{\d+\}(?:\)\?)*)", core)
    if not parts or "(" not in core:
        return []
    sizes = [int(n) for n in re.findall(r"\{(\d+)\}", core)]
    if core.count("(") != core.count(")?") or len(sizes) != core.count("(") + 1:
        return []
    total, out = 0, []
    for n in sizes:
        total += n
        out.append(total)
    return out


def describe_constraint(constraint: str, value: object, lang: str) -> str:
    """A constraint's value as a steward reads it (a pattern in words)."""
    if constraint == "pattern":
        return describe_pattern(str(value), lang)
    if constraint == "required":
        return "must be filled in" if lang == "en" else "wajib diisi"
    return str(value)


def constraint_fix(constraint: str, lang: str) -> str:
    table = _CONSTRAINT_FIX_EN if lang == "en" else _CONSTRAINT_FIX_ID
    return table.get(constraint, "")


register(
    {
        "type-error": Text(
            id="Baris {row}, kolom {field}: '{value}' bukan {type} yang sah.",
            en="Row {row}, column {field}: '{value}' is not a valid {type}.",
            fix_id="Tulis bilangan bulat polos tanpa titik ribuan, koma atau huruf "
            "(2488733, bukan 2.488.733); sel kosong bila memang tidak ada.",
            fix_en="Write a plain whole number with no thousands dots, commas or letters "
            "(2488733, not 2.488.733); leave the cell empty when there is no value.",
        ),
        "constraint-error": Text(
            id="Baris {row}, kolom {field}: '{value}' melanggar aturan {constraint} ({rule_id}).",
            en="Row {row}, column {field}: '{value}' breaks the {constraint} rule ({rule_en}).",
            fix_id="{hint_id}",
            fix_en="{hint_en}",
        ),
        "primary-key": Text(
            id="Baris {row}: kunci ({key_fields}) = ({key}) {reason_id}.",
            en="Row {row}: key ({key_fields}) = ({key}) {reason_en}.",
            fix_id="Setiap baris harus punya kunci yang unik dan terisi; hapus baris ganda atau "
            "perbaiki kodenya.",
            fix_en="Every row needs a unique, filled-in key; delete the duplicate row or fix its "
            "codes.",
        ),
        "unique-error": Text(
            id="Baris {row}, kolom {field}: '{value}' sudah dipakai di baris {other_row}.",
            en="Row {row}, column {field}: '{value}' is already used in row {other_row}.",
            fix_id="Nilai kolom {field} harus unik; perbaiki atau hapus baris ganda.",
            fix_en="Values of {field} must be unique; fix or delete the duplicate row.",
        ),
        "foreign-key": Text(
            id="Baris {row}: ({key}) tidak ditemukan di {reference}.",
            en="Row {row}: ({key}) is not found in {reference_en}.",
            fix_id="Gunakan nilai yang ada di tabel rujukan, atau lengkapi tabel rujukannya.",
            fix_en="Use a value present in the referenced table, or complete that table.",
        ),
        "blank-row": Text(
            id="Baris {row} kosong.",
            en="Row {row} is blank.",
            fix_id="Hapus baris kosong di tengah tabel.",
            fix_en="Delete blank rows inside the table.",
        ),
        "extra-cell": Text(
            id="Baris {row} punya sel lebih ({column}: '{value}') di luar kolom tabel.",
            en="Row {row} has an extra cell ({column}: '{value}') beyond the table's columns.",
            fix_id="Hapus isi di luar kolom tabel, atau periksa pemisah (koma/titik koma) "
            "di dalam sel.",
            fix_en="Remove content beyond the table's columns, or check for a delimiter "
            "(comma/semicolon) inside a cell.",
        ),
        "missing-cell": Text(
            id="Baris {row} kekurangan sel untuk kolom {field}.",
            en="Row {row} lacks a cell for column {field}.",
            fix_id="Lengkapi baris sampai kolom terakhir (sel kosong pun harus dipisah koma).",
            fix_en="Complete the row up to the last column (empty cells still need their "
            "delimiter).",
        ),
        "blank-label": Text(
            id="Judul kolom ke-{column} kosong (seharusnya {field}).",
            en="Header of column {column} is blank (expected {field}).",
            fix_id="Isi baris judul dengan nama kolom dari skema.",
            fix_en="Fill in the header row with the schema's field names.",
        ),
        "duplicate-label": Text(
            id="Judul kolom ke-{column} '{value}' ganda (sudah ada di kolom {other}).",
            en="Header of column {column} '{value}' is a duplicate (also column {other}).",
            fix_id="Setiap kolom harus punya judul yang berbeda, sesuai skema.",
            fix_en="Each column needs its own header, as in the schema.",
        ),
        "extra-label": Text(
            id="Kolom ke-{column} '{value}' tidak ada di skema.{did_you_mean_id}",
            en="Column {column} '{value}' is not in the schema.{did_you_mean_en}",
            fix_id="Hapus kolom itu atau tambahkan ke skema tabel.",
            fix_en="Delete that column or add it to the table schema.",
        ),
        "missing-label": Text(
            id="Kolom {field} dari skema tidak ada di berkas.",
            en="Column {field} of the schema is missing from the file.",
            fix_id="Tambahkan kolom {field} (urutan kolom seperti di skema).",
            fix_en="Add column {field} (columns in the schema's order).",
        ),
        "incorrect-label": Text(
            id="Judul kolom ke-{column} '{value}' seharusnya '{field}'.",
            en="Header of column {column} '{value}' should be '{field}'.",
            fix_id="Ganti judul kolom menjadi '{field}' atau urutkan kolom seperti di skema.",
            fix_en="Rename the header to '{field}' or put the columns in the schema's order.",
        ),
        "unmatched-header": Text(
            id="Tidak satu pun judul kolom di {path} cocok dengan nama kolom di skema.",
            en="Not one header label of {path} matches a field name of the schema.",
            fix_id="Tulis judul kolom persis seperti nama kolom di skema (huruf besar/kecil sama).",
            fix_en="Write the header labels exactly as the schema's field names (same case).",
        ),
        "package-error": Text(
            id="{path} tidak sah menurut profil Data Package: {reason}.",
            en="{path} is not valid by the Data Package profile: {reason}.",
            fix_id="Perbaiki datapackage.json (atau buat ulang dengan `publisher build`).",
            fix_en="Correct datapackage.json (or make it again with `publisher build`).",
        ),
        "resource-error": Text(
            id="Sumber daya (resource) di {path} tidak sah menurut profil Data Package: {reason}.",
            en="A resource of {path} is not valid by the Data Package profile: {reason}.",
            fix_id="Perbaiki datapackage.json (atau buat ulang dengan `publisher build`).",
            fix_en="Correct datapackage.json (or make it again with `publisher build`).",
        ),
        "field-error": Text(
            id="Definisi kolom di skema {path} tidak sah menurut profil Data Package: {reason}.",
            en="A field definition in the schema of {path} is not valid by the Data Package "
            "profile: {reason}.",
            fix_id="Perbaiki datapackage.json (atau buat ulang dengan `publisher build`).",
            fix_en="Correct datapackage.json (or make it again with `publisher build`).",
        ),
        "dialect-error": Text(
            id="Dialek (dialect) di {path} tidak sah menurut profil Data Package: {reason}.",
            en="The dialect in {path} is not valid by the Data Package profile: {reason}.",
            fix_id="Perbaiki datapackage.json (atau buat ulang dengan `publisher build`).",
            fix_en="Correct datapackage.json (or make it again with `publisher build`).",
        ),
        "schema-error": Text(
            id="Skema tabel {path} tidak sah: {reason}.",
            en="The Table Schema of {path} is not valid: {reason}.",
            fix_id="Perbaiki skema (lihat docs/validate.md); jalankan `publisher build` lagi.",
            fix_en="Correct the schema (see docs/validate.md); run `publisher build` again.",
        ),
        "blank-header": Text(
            id="Berkas {path} tidak punya baris judul.",
            en="File {path} has no header row.",
            fix_id="Baris pertama harus berisi nama kolom.",
            fix_en="The first row must hold the column names.",
        ),
        "encoding-error": Text(
            id="Berkas {path} tidak dapat dibaca sebagai {encoding}{where_id}: {reason}.",
            en="File {path} cannot be read as {encoding}{where_en}: {reason}.",
            fix_id="Simpan ulang sebagai CSV UTF-8, atau jalankan `publisher build` lagi.",
            fix_en="Save it again as CSV UTF-8, or run `publisher build` again.",
        ),
        "hash-count": Text(
            id="Isi berkas {path} berubah sejak datapackage.json dibuat (sha256 berbeda).",
            en="File {path} changed since datapackage.json was made (sha256 differs).",
            fix_id="Jalankan `publisher build` lagi agar metadata sesuai isi berkas.",
            fix_en="Run `publisher build` again so the metadata matches the file.",
        ),
        "byte-count": Text(
            id="Ukuran berkas {path} ({actual} byte) tidak sesuai datapackage.json "
            "({expected} byte).",
            en="Size of {path} ({actual} bytes) differs from datapackage.json ({expected} bytes).",
            fix_id="Jalankan `publisher build` lagi agar metadata sesuai isi berkas.",
            fix_en="Run `publisher build` again so the metadata matches the file.",
        ),
        "scheme-error": Text(
            id="Berkas {path} yang disebut di datapackage.json tidak ada.",
            en="File {path} named in datapackage.json does not exist.",
            fix_id="Kembalikan berkasnya, atau jalankan `publisher build` lagi.",
            fix_en="Put the file back, or run `publisher build` again.",
        ),
        "unsafe-path": Text(
            id="Berkas {value} yang disebut di datapackage.json tidak boleh dibaca atau"
            " diterbitkan: {reason_id}.",
            en="File {value} named in datapackage.json may not be read or published: {reason_en}.",
            fix_id="Taruh berkasnya sendiri (bukan tautan) di dalam folder paket dan jalankan"
            " `publisher build` lagi; paket ini tidak akan diunggah sebelum itu.",
            fix_en="Put the file itself (not a link) inside the package folder and run"
            " `publisher build` again; the package is not uploaded until then.",
        ),
        "source-error": Text(
            id="Berkas {path} tidak dapat dibaca sebagai tabel: {reason}.",
            en="File {path} cannot be read as a table: {reason}.",
            fix_id="Buka berkasnya, periksa isinya, simpan ulang sebagai CSV UTF-8 atau XLSX.",
            fix_en="Open the file, check its content, save it again as CSV UTF-8 or XLSX.",
        ),
        "package-invalid": Text(
            id="{path} bukan datapackage.json yang sah: {reason}.",
            en="{path} is not a valid datapackage.json: {reason}.",
            fix_id="Jalankan `publisher build` lagi untuk membuatnya ulang.",
            fix_en="Run `publisher build` again to regenerate it.",
        ),
        "schema-unsupported": Text(
            id="Skema {path} memakai {feature}, yang belum diperiksa oleh validator ini.",
            en="The schema of {path} uses {feature}, which this validator does not check yet.",
            fix_id="Periksa bagian itu dengan `frictionless validate`.",
            fix_en="Check that part with `frictionless validate`.",
        ),
        "rule-sum": Text(
            id="Baris {row}: {rule_message}: {terms} = {expected}, tetapi {field} = {value}.",
            en="Row {row}: {rule_message_en}: {terms} = {expected}, but {field} = {value}.",
            fix_id="Cocokkan angka baris ini dengan dokumen sumber (formulir C/D); salah satu "
            "angkanya keliru ketik.",
            fix_en="Compare this row with the source form; one of its numbers is mistyped.",
        ),
        "rule-compare": Text(
            id="Baris {row}: {rule_message}: {field} = {value}, {right} = {right_value}.",
            en="Row {row}: {rule_message_en}: {field} = {value}, {right} = {right_value}.",
            fix_id="Cocokkan angka baris ini dengan dokumen sumber; salah satu angkanya keliru.",
            fix_en="Compare this row with the source form; one of the numbers is wrong.",
        ),
        "total-row": Text(
            id="Baris {row} adalah baris jumlah ('{label}') di dalam data: pengguna yang "
            "menjumlahkan kolom akan menghitungnya dua kali.",
            en="Row {row} is a total row ('{label}') inside the data: users who add up a column "
            "will count it twice.",
            fix_id="Hapus baris jumlah dari tabel CSV (dari XLSX, `publisher build` memisahkannya "
            "sendiri).",
            fix_en="Remove the total row from the CSV table (from XLSX, `publisher build` takes "
            "it out itself).",
        ),
        "total-mismatch": Text(
            id="Baris total '{label}' (baris {row}), kolom {field}: {value}, tetapi jumlah "
            "baris-barisnya {expected} (selisih {difference}).",
            en="Total row '{label}' (row {row}), column {field}: {value}, but its rows add up to "
            "{expected} (difference {difference}).",
            fix_id="Perbaiki angka di baris total atau di baris yang keliru; jumlahkan ulang "
            "dengan rumus SUM.",
            fix_en="Fix the total or the wrong row; add the rows up again with a SUM formula.",
        ),
        "level-mismatch": Text(
            id="Total {field} = {value} untuk wilayah {kode} di {path} tidak sama dengan baris "
            "wilayah itu di rekap satu tingkat di atas ({other_path}, baris {other_row}): "
            "{expected}.",
            en="Total {field} = {value} for region {kode} in {path} differs from that region's "
            "row in the recap one level up ({other_path}, row {other_row}): {expected}.",
            fix_id="Satu dari dua rekap keliru; cocokkan keduanya dengan formulir sumber.",
            fix_en="One of the two recaps is wrong; compare both with the source forms.",
        ),
        "region-unknown": Text(
            id="Baris {row}, kolom {field}: kode wilayah '{value}' tidak ada di rujukan wilayah.",
            en="Row {row}, column {field}: region code '{value}' is not in the region reference.",
            fix_id="Gunakan kode Kemendagri (Permendagri 137/2017) dengan nol di depan; bukan "
            "kode internal KPU. Maksud Anda: {maybe}? Lihat {reference}.",
            fix_en="Use the Kemendagri code (Permendagri 137/2017) with its leading zeros, not a "
            "KPU internal id. Did you mean: {maybe}? See {reference}.",
        ),
        "region-name": Text(
            id="Baris {row}, kolom {field}: '{value}' tidak sesuai nama wilayah {kode} di "
            "rujukan ('{expected}').",
            en="Row {row}, column {field}: '{value}' does not match the name of region {kode} "
            "in the reference ('{expected}').",
            fix_id="Tulis nama seperti di rujukan wilayah, atau periksa kodenya.",
            fix_en="Write the name as in the region reference, or check the code.",
        ),
        "package-name": Text(
            id="Nama dataset '{value}' di {path} tidak diterima CKAN (2–100 karakter: huruf kecil "
            "a-z, angka, - dan _).",
            en="Dataset name '{value}' in {path} is not one CKAN accepts (2–100 characters: "
            "lowercase a-z, digits, - and _).",
            fix_id="Periksa pola `naming.dataset` di config/publisher.yaml, lalu jalankan "
            "`publisher build` lagi.",
            fix_en="Check `naming.dataset` in config/publisher.yaml, then run `publisher build` "
            "again.",
        ),
        "package-tag": Text(
            id="Tag '{value}' di {path} tidak diterima CKAN (2–100 karakter: huruf, angka, spasi, "
            "- _ .).",
            en="Tag '{value}' in {path} is not one CKAN accepts (2–100 characters: letters, "
            "digits, spaces, - _ .).",
            fix_id="Perbaiki tag itu di narasi (kunci Tag).",
            fix_en="Fix that tag in the narrative (key Tag).",
        ),
        "package-license": Text(
            id="Lisensi '{value}' di {path} tidak dikenal (yang dikenal: {known}).",
            en="Licence '{value}' in {path} is not known (known: {known}).",
            fix_id="Tulis salah satu lisensi itu di narasi (kunci Lisensi), atau tambahkan ke "
            "`licenses` di config/publisher.yaml.",
            fix_en="Give one of those licences in the narrative (key Lisensi), or add it to "
            "`licenses` in config/publisher.yaml.",
        ),
        "package-license-portal": Text(
            id="Lisensi '{value}' di {path} tidak ada di daftar lisensi portal ({known}).",
            en="Licence '{value}' in {path} is not in the portal's licence list ({known}).",
            fix_id="Pilih lisensi yang dikenal portal, atau minta pengelola portal menambahkannya.",
            fix_en="Choose a licence the portal knows, or ask the portal's administrators to add "
            "it.",
        ),
        "package-title": Text(
            id="Judul dataset di {path} terlalu panjang ({length} karakter, paling banyak {max}).",
            en="The dataset title in {path} is too long ({length} characters, at most {max}).",
            fix_id="Persingkat Judul di narasi.",
            fix_en="Shorten Judul in the narrative.",
        ),
        "package-empty-file": Text(
            id="Berkas {value} di {path} kosong (0 bita).",
            en="File {value} in {path} is empty (0 bytes).",
            fix_id="Ganti dengan berkas yang benar, atau hapus dari folder.",
            fix_en="Replace it with the right file, or remove it from the folder.",
        ),
        "package-not-built": Text(
            id="Folder {path} tidak punya datapackage.json, jadi tidak dapat diterbitkan; "
            "{reason_id}.",
            en="Folder {path} has no datapackage.json, so it cannot be published; {reason_en}.",
        ),
        "party-unknown": Text(
            id="Baris {row}, kolom {field}: partai nomor urut {value} tidak ada di surat suara "
            "Pemilu 2019 (nomor {numbers}).",
            en="Row {row}, column {field}: there is no party number {value} on the 2019 ballot "
            "(numbers {numbers}).",
            fix_id="Periksa nomor urut partai di formulir sumber (mungkin salah ketik atau "
            "kolomnya tertukar); daftar partai: config/schemas/ aturan {rule}.",
            fix_en="Check the party number on the source form (a typo, or swapped columns?); the "
            "list of parties: config/schemas/ rule {rule}.",
        ),
        "party-region": Text(
            id="Baris {row}, kolom {field}: partai {value} ({nama}) hanya ada di surat suara di "
            "provinsi {provinces}, sedangkan baris ini di provinsi {province}.",
            en="Row {row}, column {field}: party {value} ({nama}) is on the ballot only in "
            "province {provinces}, but this row is in province {province}.",
            fix_id="Periksa nomor urut partai (partai lokal Aceh 15–18) atau kode wilayah "
            "baris ini.",
            fix_en="Check the party number (Aceh's local parties are 15–18) or this row's region "
            "code.",
        ),
        "party-name": Text(
            id="Baris {row}, kolom {field}: '{value}' bukan nama partai nomor urut {no} "
            "({expected}).",
            en="Row {row}, column {field}: '{value}' is not the name of party number {no} "
            "({expected}).",
            fix_id="Tulis nama (atau singkatan) partai sesuai nomor urutnya, atau perbaiki "
            "nomornya.",
            fix_en="Write the party's name (or abbreviation) for its number, or correct the "
            "number.",
        ),
        "party-outside": Text(
            id="Baris {row}, kolom {field}: kolom partai lokal Aceh berisi suara ({value}) di "
            "provinsi {province}; partai ini hanya ada di surat suara di provinsi {provinces}.",
            en="Row {row}, column {field}: the column of an Aceh local party holds votes "
            "({value}) in province {province}; the party is on the ballot only in province "
            "{provinces}.",
            fix_id="Isi 0 di kolom ini, dan pindahkan suaranya ke kolom partai yang benar.",
            fix_en="Write 0 in this column, and move the votes to the right party's column.",
        ),
        "dapil-unknown": Text(
            id="Baris {row}, kolom {field}: dapil '{value}' tidak ada di daftar dapil {lembaga} "
            "({reference}); wilayah {kode} ada di dapil {expected}.",
            en="Row {row}, column {field}: dapil '{value}' is not in the list of {lembaga} dapil "
            "({reference}); region {kode} is in dapil {expected}.",
            fix_id="Tulis nama dapil seperti di daftar itu, atau tambahkan dapilnya ke daftar "
            "(format: config/dapil/README.md).",
            fix_en="Write the dapil's name as in that list, or add the dapil to the list (format: "
            "config/dapil/README.md).",
        ),
        "dapil-region": Text(
            id="Baris {row}, kolom {field}: wilayah {kode} tidak termasuk dapil '{value}' "
            "({lembaga}): calon dan suara di baris ini milik dapil lain; wilayah ini ada di "
            "dapil {expected}.",
            en="Row {row}, column {field}: region {kode} is not part of dapil '{value}' "
            "({lembaga}): the candidate and votes of this row belong to another dapil; the region "
            "is in dapil {expected}.",
            fix_id="Periksa dapil dan calon baris ini di formulir sumber: isi dapil wilayahnya dan "
            "calon dari daftar calon tetap dapil itu (atau perbaiki kode wilayahnya).",
            fix_en="Check this row's dapil and candidate on the source form: give the region's "
            "dapil and a candidate of that dapil's list (or correct the region code).",
        ),
        "breakdown-mismatch": Text(
            id="Baris {row}, kolom {field}: {value} untuk {kode}, tetapi rinciannya di "
            "{other_path} (suara partai saja + suara calon, mulai baris {other_row}) berjumlah "
            "{expected} (selisih {difference}).",
            en="Row {row}, column {field}: {value} for {kode}, but its breakdown in {other_path} "
            "(party-only votes + the candidates' votes, from row {other_row}) adds up to "
            "{expected} (difference {difference}).",
            fix_id="Cocokkan jumlah partai (atau suara sah) dengan suara partai dan calonnya di "
            "formulir sumber; salah satu dari dua tabel keliru.",
            fix_en="Compare the party's total (or the valid votes) with its party and candidate "
            "votes on the source form; one of the two tables is wrong.",
        ),
        "dpt-ballots": Text(
            id="Baris {row}, kolom {field}: DPT {value} di {kode} untuk surat suara {ballot}, "
            "tetapi {expected} untuk {other_ballot} di {other_path} baris {other_row}; kelima "
            "surat suara memakai DPT yang sama di satu TPS.",
            en="Row {row}, column {field}: DPT {value} at {kode} for the {ballot} ballot, but "
            "{expected} for {other_ballot} in {other_path} row {other_row}; all five ballots use "
            "the same DPT at a TPS.",
            fix_id="Cocokkan data pemilih kedua formulir C1 dengan DPT TPS itu; salah satunya "
            "keliru ketik.",
            fix_en="Compare the voter figures of both C1 forms with the TPS's DPT; one of them is "
            "mistyped.",
        ),
        "cross-skipped": Text(
            id="Tabel {path} terlalu besar untuk {what}: lebih dari {limit} baris atau kunci; "
            "pemeriksaan itu dilewati untuk tabel ini (pemeriksaan tabel itu sendiri tetap "
            "dijalankan).",
            en="Table {path} is too large for {what}: more than {limit} rows or keys; that "
            "check was skipped for this table (the table's own checks still ran).",
            fix_id="Bila pemeriksaan itu diperlukan, pecah tabel per wilayah (mis. satu berkas "
            "per kabupaten/kota).",
            fix_en="If that check is needed, split the table by region (e.g. one file per "
            "kab/kota).",
        ),
        "candidate-unknown": Text(
            id="Baris {row}, kolom {field}: calon {value} tidak ada di daftar calon tetap (DCT) "
            "{ballot} untuk {area} dalam koleksi ini.",
            en="Row {row}, column {field}: candidate {value} is not on the {ballot} candidate list "
            "(DCT) of {area} in this collection.",
            fix_id="Periksa nomor urut calon di formulir sumber dengan DCT dapil (DPD: provinsi) "
            "itu.",
            fix_en="Check the candidate's number on the source form against that dapil's (DPD: "
            "province's) DCT.",
        ),
        "candidate-name": Text(
            id="Baris {row}, kolom {field}: calon {value}, tetapi DCT {ballot} {area} "
            "({other_path}, baris {other_row}) menyebut '{expected}' untuk nomor itu.",
            en="Row {row}, column {field}: candidate {value}, but the {ballot} DCT of {area} "
            "({other_path}, row {other_row}) names '{expected}' for that number.",
            fix_id="Tulis nama calon seperti di DCT, atau perbaiki nomor urutnya.",
            fix_en="Write the candidate's name as on the DCT, or correct the number.",
        ),
        "candidate-area": Text(
            id="Baris {row}, kolom {field}: calon {value} bukan calon {ballot} {area}: ia ada di "
            "DCT {other_area} ({other_path}, baris {other_row}, nomor {other_number}).",
            en="Row {row}, column {field}: candidate {value} is not a {ballot} candidate of "
            "{area}: they are on the DCT of {other_area} ({other_path}, row {other_row}, number "
            "{other_number}).",
            fix_id="Baris ini memuat calon dari dapil (DPD: provinsi) lain: ganti dengan calon "
            "{area} dari formulir sumber, atau pindahkan barisnya ke tabel wilayah yang benar.",
            fix_en="This row holds a candidate of another dapil (DPD: province): give the "
            "candidate of {area} from the source form, or move the row to the right area's table.",
        ),
        "problems-truncated": Text(
            id="{path}: {count} masalah lain berkode {problem_code} tidak ditampilkan.",
            en="{path}: {count} more problems with code {problem_code} are not shown.",
            fix_id="Perbaiki yang ditampilkan dulu; pola yang sama biasanya berulang.",
            fix_en="Fix the ones shown first; the same pattern usually repeats.",
        ),
    }
)
