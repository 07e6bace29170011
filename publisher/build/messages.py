"""Build problem codes → bilingual messages and fixes (registered in the shared catalogue).

The `build-*` codes are the build's own: an unusable package name, a folder not built because of
its layout problems, a read or write failure, a program error in one folder, a `.pdf` that is no
PDF. What the build finds in a folder's files is reported with the codes of the stage that reads
them (`narrative-*`, `csv-*`, `xlsx-*`).
"""

from __future__ import annotations

from publisher.problems import Text, register

register(
    {
        "build-name": Text(
            id="Nama paket '{name}' dari pola config/publisher.yaml: naming.dataset tidak dapat "
            "dipakai (harus 2–100 karakter a-z 0-9 - _).",
            en="Package name '{name}' from the pattern config/publisher.yaml: naming.dataset "
            "cannot be used (2–100 characters of a-z 0-9 - _).",
            fix_id="Ubah pola naming.dataset agar menghasilkan nama yang lebih pendek.",
            fix_en="Change the naming.dataset pattern so that it gives a shorter name.",
        ),
        "build-not-placed": Text(
            id="Folder {path} tidak dibangun karena masalah di atas.",
            en="Folder {path} was not built because of the problems above.",
            fix_id="Perbaiki masalah bertanda error, lalu jalankan `publisher build` lagi.",
            fix_en="Fix the problems marked error, then run `publisher build` again.",
        ),
        "build-not-pdf": Text(
            id="Berkas {path} tidak tampak seperti PDF (tidak diawali %PDF).",
            en="File {path} does not look like a PDF (it does not start with %PDF).",
            fix_id="Ekspor ulang dokumen sebagai PDF dari aplikasi pemindai atau pengolah kata.",
            fix_en="Export the document again as PDF from the scanner or word-processor.",
        ),
        "build-internal": Text(
            id="Folder {path} tidak dapat dibangun karena kesalahan program: {reason}.",
            en="Folder {path} could not be built because of a program error: {reason}.",
            fix_id="Jalankan `publisher --debug build` dan laporkan keluarannya ke tim data.",
            fix_en="Run `publisher --debug build` and report its output to the data team.",
        ),
        "build-io": Text(
            id="Tidak dapat membaca atau menulis {path}: {reason}.",
            en="Cannot read or write {path}: {reason}.",
            fix_id="Periksa izin folder dan ruang disk, lalu jalankan lagi.",
            fix_en="Check the folder's permissions and the free disk space, then run again.",
        ),
    }
)
