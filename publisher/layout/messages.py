"""Layout problem codes → bilingual messages and fixes (registered in the shared catalogue).

The `layout-*` codes are what the walk over the folder tree reports: folders that cannot be placed
(no office code, unknown stage or type, misfiled), files that will not be published (loose,
legacy, unsupported, empty, temporary, copies) and links that lead where they should not.
Placeholders are filled from the Problem: {path} and its params.
"""

from __future__ import annotations

from publisher.problems import Text, register

register(
    {
        "layout-unit-no-code": Text(
            id="Folder {path} bukan folder Unit Kerja (kode wilayah + _KPU_ atau _KIP_ + nama); "
            "isinya tidak diperiksa.",
            en="Folder {path} is not an office folder (region code + _KPU_ or _KIP_ + name); its "
            "contents were not examined.",
            fix_id="Ganti nama folder menjadi kode + nama, mis. 1303_KPU_KAB_SIJUNJUNG "
            "(00_KPU_RI untuk KPU RI).",
            fix_en="Rename the folder to code + name, e.g. 1303_KPU_KAB_SIJUNJUNG (00_KPU_RI for "
            "KPU RI).",
        ),
        "layout-unit-misfiled": Text(
            id="Unit Kerja {path} berada di dalam folder {parent} ({parent_name}), padahal"
            " provinsinya {home}.",
            en="Office folder {path} sits inside {parent} ({parent_name}), but its province is"
            " {home}.",
            fix_id="Pindahkan folder ke tingkat teratas atau ke dalam folder provinsinya.",
            fix_en="Move the folder to the top level or into its own province's folder.",
        ),
        "layout-unit-unknown-region": Text(
            id="Kode {kode} pada folder {path} tidak ada dalam daftar kode wilayah.",
            en="Code {kode} of folder {path} is not in the region-code list.",
            fix_id="Periksa kode wilayah (Permendagri 137/2017); yang terdekat: {maybe}.",
            fix_en="Check the region code (Permendagri 137/2017); the nearest: {maybe}.",
        ),
        "layout-unit-name": Text(
            id="Nama folder {path} tidak sesuai kode {kode}: di rujukan wilayah kode itu"
            " '{expected}'.",
            en="The name of folder {path} does not match code {kode}: in the region reference"
            " that code is '{expected}'.",
            fix_id="Periksa kodenya atau nama foldernya. Maksud Anda {maybe}?",
            fix_en="Check the code or the folder's name. Did you mean {maybe}?",
        ),
        "layout-stage-alias": Text(
            id="Folder tahapan {path} dibaca sebagai {to}.",
            en="Stage folder {path} was read as {to}.",
            fix_id="Ganti nama folder menjadi {to}.",
            fix_en="Rename the folder to {to}.",
        ),
        "layout-stage-unknown": Text(
            id="Folder {path} bukan Kode Tahapan yang dikenal; isinya tidak dapat ditempatkan."
            "{maybe_id}",
            en="Folder {path} is not a known stage code; its contents cannot be placed.{maybe_en}",
            fix_id="Ganti nama folder dengan salah satu Kode Tahapan ({accepted}), atau tambahkan "
            "ejaan ini sebagai alias di config/tahapan.yaml.",
            fix_en="Rename the folder to one of the stage codes ({accepted}), or add this spelling "
            "as an alias in config/tahapan.yaml.",
        ),
        "layout-type-alias": Text(
            id="Folder jenis dokumen {path} dibaca sebagai {to}.",
            en="Document-type folder {path} was read as {to}.",
            fix_id="Ganti nama folder menjadi {to}.",
            fix_en="Rename the folder to {to}.",
        ),
        "layout-type-unknown": Text(
            id="Folder {path} bukan Jenis Dokumen yang dikenal.{maybe_id}",
            en="Folder {path} is not a known document type.{maybe_en}",
            fix_id="Ganti nama folder dengan salah satu kode jenis dokumen ({accepted}), atau "
            "tambahkan ejaan ini sebagai alias di config/jenis-dokumen.yaml.",
            fix_en="Rename the folder to one of the document-type codes ({accepted}), or add this "
            "spelling as an alias in config/jenis-dokumen.yaml.",
        ),
        "layout-type-misfiled": Text(
            id="Jenis dokumen {jenis} tidak termasuk tahapan {tahapan} ({path}).",
            en="Document type {jenis} does not belong to stage {tahapan} ({path}).",
            fix_id="Pindahkan folder ke tahapan {expected}.",
            fix_en="Move the folder to stage {expected}.",
        ),
        "layout-duplicate-folder": Text(
            id="Folder {path} dan {others} berisi Unit Kerja, tahapan dan jenis dokumen yang sama.",
            en="Folders {path} and {others} hold the same office, stage and document type.",
            fix_id="Gabungkan isinya dalam satu folder dan hapus yang lain.",
            fix_en="Merge their contents into one folder and remove the others.",
        ),
        "layout-loose-file": Text(
            id="Berkas {path} tidak berada di dalam folder Jenis Dokumen; tidak diterbitkan.",
            en="File {path} is not inside a document-type folder; it will not be published.",
            fix_id="Pindahkan ke folder Unit Kerja/Kode Tahapan/Jenis Dokumen yang sesuai, atau "
            "hapus.",
            fix_en="Move it into the right office/stage/document-type folder, or delete it.",
        ),
        "layout-no-narrative": Text(
            id="Folder {path} tidak memiliki narasi.",
            en="Folder {path} has no narrative.",
            fix_id="Tambahkan NARASI_<JENIS>.txt atau narasi.md (lihat docs/layout.md).",
            fix_en="Add NARASI_<TYPE>.txt or narasi.md (see docs/layout.md).",
        ),
        "layout-several-narratives": Text(
            id="Folder {path} memiliki lebih dari satu narasi: {files}.",
            en="Folder {path} has more than one narrative: {files}.",
            fix_id="Simpan satu narasi saja per folder.",
            fix_en="Keep a single narrative per folder.",
        ),
        "layout-no-table": Text(
            id="Folder {path} hanya berisi PDF, tanpa tabel XLSX atau CSV (bukan data siap olah).",
            en="Folder {path} holds only PDFs, no XLSX or CSV table (not ready-to-use data).",
            fix_id="Tambahkan tabel XLSX atau CSV dari dokumen ini.",
            fix_en="Add an XLSX or CSV table of these documents.",
        ),
        "layout-no-data": Text(
            id="Folder {path} tidak berisi PDF, XLSX atau CSV yang dapat diterbitkan.",
            en="Folder {path} holds no PDF, XLSX or CSV file that can be published.",
            fix_id="Tambahkan dokumen PDF dan tabel XLSX atau CSV-nya.",
            fix_en="Add the PDF documents and their XLSX or CSV tables.",
        ),
        "layout-empty-folder": Text(
            id="Folder {path} kosong.",
            en="Folder {path} is empty.",
            fix_id="Isi folder dengan berkas dan narasinya, atau hapus.",
            fix_en="Fill the folder with its files and narrative, or remove it.",
        ),
        "layout-duplicate-file": Text(
            id="Berkas {files} tampaknya salinan dari berkas yang sama.",
            en="Files {files} look like copies of the same file.",
            fix_id="Simpan hanya versi akhir dengan nama tanpa 'final', '(1)', 'revisi' atau "
            "'copy'; hapus yang lain.",
            fix_en="Keep only the final version, named without 'final', '(1)', 'revisi' or "
            "'copy'; delete the others.",
        ),
        "layout-legacy-xls": Text(
            id="Berkas {path} berformat .xls lama; tidak dibaca dan tidak diterbitkan.",
            en="File {path} is a legacy .xls; it is not read nor published.",
            fix_id="Buka di Excel/LibreOffice dan simpan sebagai .xlsx.",
            fix_en="Open it in Excel/LibreOffice and save it as .xlsx.",
        ),
        "layout-unsupported-file": Text(
            id="Berkas {path} bukan PDF, XLSX, CSV atau narasi; tidak diterbitkan.",
            en="File {path} is not a PDF, XLSX, CSV or narrative; it will not be published.",
            fix_id="Ubah ke PDF, XLSX atau CSV, atau pindahkan dari folder ini.",
            fix_en="Convert it to PDF, XLSX or CSV, or move it out of this folder.",
        ),
        "layout-empty-file": Text(
            id="Berkas {path} kosong (0 bita).",
            en="File {path} is empty (0 bytes).",
            fix_id="Salin ulang berkas yang benar, atau hapus.",
            fix_en="Copy the real file again, or delete it.",
        ),
        "layout-hidden-file": Text(
            id="Berkas tersembunyi atau sementara {path} diabaikan.",
            en="Hidden or temporary file {path} was ignored.",
            fix_id="Hapus berkas ini (biasanya sisa Excel atau sistem operasi).",
            fix_en="Delete it (usually left over by Excel or the operating system).",
        ),
        "layout-symlink-outside": Text(
            id="Tautan {path} menunjuk ke luar koleksi ({target}); diabaikan.",
            en="Link {path} points outside the collection ({target}); it was ignored.",
            fix_id="Salin berkasnya ke dalam folder ini sebagai ganti tautan.",
            fix_en="Copy the file itself into this folder instead of linking to it.",
        ),
        "layout-unreadable": Text(
            id="{path} tidak dapat dibaca: {reason}.",
            en="{path} cannot be read: {reason}.",
            fix_id="Periksa izin berkas dan tautannya.",
            fix_en="Check the file's permissions and links.",
        ),
        "layout-symlink-folder": Text(
            id="Tautan ke folder {path} diabaikan (folder aslinya diperiksa di tempatnya).",
            en="Link to a folder {path} was ignored (the folder itself is scanned where it is).",
            fix_id="Hapus tautan ini, atau pindahkan folder aslinya ke sini.",
            fix_en="Remove the link, or move the folder itself here.",
        ),
        "layout-nested-folder": Text(
            id="Subfolder {path} di dalam folder Jenis Dokumen diabaikan.",
            en="Sub-folder {path} inside a document-type folder was ignored.",
            fix_id="Pindahkan berkasnya langsung ke folder Jenis Dokumen.",
            fix_en="Move its files directly into the document-type folder.",
        ),
    }
)
