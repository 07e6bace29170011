"""Province hand-off codes (`province-*`) → bilingual messages and fixes, in the shared catalogue.

What `bundle` leaves out of an office's archive, and why `collect` refuses a bundle: damaged,
tampered, unsafe, for an office of another province, or invalid at the province.
"""

from __future__ import annotations

from publisher.problems import Text, register

register(
    {
        "province-not-ready": Text(
            id="Paket {path} tidak dimasukkan ke bundel: belum siap unggah ({reasons}).",
            en="Package {path} was left out of the bundle: not ready to upload ({reasons_en}).",
            fix_id="Perbaiki masalahnya (lihat `publisher report` atau `publisher validate`), "
            "bangun ulang, lalu buat bundel lagi.",
            fix_en="Fix its problems (see `publisher report` or `publisher validate`), build "
            "again, then make the bundle again.",
        ),
        "province-personal-data": Text(
            id="Paket {path} memuat data pribadi (NIK/daftar nama); tidak pernah dimasukkan ke "
            "bundel.",
            en="Package {path} holds personal data (NIK/by-name list); it is never bundled.",
            fix_id="Hapus daftar pemilih dengan NIK dari folder itu; yang boleh diunggah hanya "
            "rekap tanpa data pribadi.",
            fix_en="Remove the voter list with NIK from that folder; only recaps without personal "
            "data may be uploaded.",
        ),
        "province-unsafe-file": Text(
            id="Berkas {path} adalah tautan atau bukan berkas biasa; paketnya tidak dimasukkan.",
            en="File {path} is a link or not a regular file; its package was left out.",
            fix_id="Ganti tautan itu dengan berkasnya sendiri.",
            fix_en="Replace the link with the file itself.",
        ),
        "province-no-package": Text(
            id="Tidak ada paket yang siap unggah di {path}; bundel tidak dibuat.",
            en="No package ready to upload in {path}; no bundle was written.",
            fix_id="Jalankan `publisher build` lalu `publisher validate` dan perbaiki masalahnya.",
            fix_en="Run `publisher build` then `publisher validate` and fix the problems.",
        ),
        "province-bundle-unreadable": Text(
            id="Bundel {path} tidak dapat dibaca (terpotong atau rusak: {reason}).",
            en="Bundle {path} cannot be read (truncated or damaged: {reason}).",
            fix_id="Minta kantor mengirim bundelnya lagi (salin ulang berkasnya utuh).",
            fix_en="Ask the office to send the bundle again (copy the whole file).",
        ),
        "province-bundle-unsafe": Text(
            id="Bundel {path} memuat anggota yang tidak aman: '{member}' ({reason}); ditolak.",
            en="Bundle {path} holds an unsafe member: '{member}' ({reason}); refused.",
            fix_id="Buat bundel hanya dengan `publisher bundle`; jangan mengemas arsip sendiri.",
            fix_en="Make bundles only with `publisher bundle`; do not pack archives by hand.",
        ),
        "province-bundle-tampered": Text(
            id="Bundel {path}: berkas '{member}' tidak sesuai manifes ({reason}); ditolak.",
            en="Bundle {path}: file '{member}' does not match the manifest ({reason}); refused.",
            fix_id="Berkas diubah atau rusak setelah bundel dibuat; minta kantor membuat bundel "
            "baru dengan `publisher bundle`.",
            fix_en="A file was changed or damaged after the bundle was made; ask the office for "
            "a new bundle made with `publisher bundle`.",
        ),
        "province-bundle-manifest": Text(
            id="Bundel {path}: manifest.json tidak ada atau tidak sah ({reason}); ditolak.",
            en="Bundle {path}: manifest.json is missing or invalid ({reason}); refused.",
            fix_id="Buat bundel dengan `publisher bundle` (versi alat yang sama dengan provinsi).",
            fix_en="Make the bundle with `publisher bundle` (the province's tool version).",
        ),
        "province-foreign-office": Text(
            id="Bundel {path} berasal dari kantor {office}, bukan kantor kabupaten/kota di "
            "provinsi {province}; ditolak.",
            en="Bundle {path} comes from office {office}, not a kab/kota office of province "
            "{province}; refused.",
            fix_id="Kirim bundel itu ke provinsinya sendiri; periksa kode kantor pada folder.",
            fix_en="Send that bundle to its own province; check the office code of its folder.",
        ),
        "province-invalid-here": Text(
            id="Bundel {path}: paket {package} tidak lolos pemeriksaan dengan konfigurasi "
            "provinsi ({count} galat, mis. {first}); seluruh bundel ditolak.",
            en="Bundle {path}: package {package} fails the checks with the province's config "
            "({count} errors, e.g. {first}); the whole bundle was refused.",
            fix_id="Jalankan `publisher validate` pada folder kantor dengan konfigurasi provinsi, "
            "perbaiki, lalu kirim bundel baru.",
            fix_en="Run `publisher validate` on the office's folder with the province's config, "
            "fix it, then send a new bundle.",
        ),
    }
)
