"""The command line's English `--help` → the same help in Bahasa Indonesia, the default.

The English texts stay where they are, in `publisher/cli.py` (docs/cli.md is generated from
them); this module holds their Indonesian side, keyed by command and long option name, and the
click classes that choose one when help is shown: `--lang`, else `defaults.language` of the
config, else id. `tests/test_cli_help.py` fails when an English text has no Indonesian one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

import click
import yaml

from publisher.config import find_config_dir
from publisher.errors import PublisherError
from publisher.problems import Lang


@dataclass(frozen=True)
class Texts:
    """A command's help in Bahasa Indonesia."""

    summary: str  # its line in `publisher --help`, whole (short enough not to be cut)
    details: str = ""  # the paragraphs after the summary in the command's own help
    options: Mapping[str, str] = field(default_factory=dict)  # "--long-name" → its help
    epilog: str = ""


COMMON = {  # options whose English help is the same on every command that has them
    "--help": "Tampilkan bantuan ini lalu keluar.",
    "--format": "text untuk dibaca orang, json untuk program (selalu bisa dibaca program;"
    " pesan proses ke stderr).",
    "--verbose": "Tampilkan juga catatan info.",
    "--into": "Pohon koleksi provinsi (folder yang berisi folder provinsinya).",
}

_PORTAL = {  # the options plan and sync share
    "--prune": "Hapus dataset yang foldernya sudah tidak ada (hanya dataset terbitan alat ini).",
    "--force": "Timpa dataset yang diubah langsung di portal.",
    "--portal-url": "Alamat dasar portal (bawaan: $CKAN_URL, jika kosong portal.url). Token dari"
    " berkas token hanya dikirim ke alamat tempat token itu diterbitkan.",
    "--publish-invalid": "Terbitkan juga paket yang punya galat validasi (tidak pernah paket"
    " berisi data pribadi atau berkas di luar foldernya).",
    "--no-validate": "Lewati validasi (hanya untuk benchmark; berkas di luar paketnya tetap"
    " ditolak).",
}

TEXTS: dict[str, Texts] = {
    "publisher": Texts(
        "kpu-publisher: folder hasil KPU → paket data Frictionless → portal CKAN.",
        "Tahap: scan (apa yang ada) → build (paket data) → validate (pemeriksaan) → plan/sync"
        " (CKAN) → report (laporan). Kode keluar: 0 semua baik, 1 ada masalah pada data,"
        " 2 tidak dapat berjalan.",
        {
            "--config": "Folder konfigurasi (bawaan: $KPU_PUBLISHER_CONFIG, jika kosong ./config,"
            " jika tidak ada juga konfigurasi bawaan yang terpasang bersama alat ini).",
            "--lang": "Bahasa pesan dan bantuan: id (Bahasa Indonesia) atau en (Inggris)."
            " Bawaan: defaults.language di konfigurasi.",
            "--debug": "Tampilkan traceback untuk galat.",
            "--version": "Tampilkan versi lalu keluar.",
        },
        epilog="Bantuan tiap perintah: publisher PERINTAH --help; dalam bahasa Inggris:"
        " publisher --lang en PERINTAH --help.",
    ),
    "init": Texts(
        "Siapkan folder kerja kantor: konfigurasi yang bisa diubah dan folder Unit Kerja-nya.",
        "Menulis TARGET/config (konfigurasi bawaan), TARGET/datapackages/<kantor>/PL.01.8/"
        "<formulir>/ untuk setiap surat suara yang direkap kantor itu (DB1, DC1 atau DD1 sesuai"
        " tingkatnya), masing-masing dengan narasi untuk diisi, dan TARGET/BACA-SAYA.txt."
        " Berkas yang sudah ada tidak pernah ditimpa.",
        {
            "--office": "Kode wilayah kantor: 00 (KPU RI), provinsi (13) atau kab/kota (1303).",
            "--ballot": "Hanya folder surat suara ini (boleh diulang; bawaan: setiap surat suara"
            " yang direkap kantor itu).",
        },
    ),
    "scan": Texts(
        "Inventaris per kantor, tahapan dan jenis dokumen: lengkap atau belum, dan alasannya.",
        "Hanya membaca nama dan ukuran berkas. Kode keluar 0 (dengan --strict: 1 bila ada folder"
        " yang punya galat).",
        {"--strict": "Keluar dengan kode 1 bila ada folder yang punya galat (untuk CI)."},
    ),
    "build": Texts(
        "Tulis datapackage.json (dan CSV bersih dari tabel XLSX di _build/) di setiap folder.",
        "Folder yang tidak berubah dilewati. Kode keluar 1 bila ada folder yang tidak bisa"
        " dibangun.",
        {"--force": "Bangun ulang setiap folder, walaupun tidak berubah."},
    ),
    "validate": Texts(
        "Periksa paket data: Frictionless, konvensi, aturan pemilu, kode wilayah, data pribadi.",
        "Memeriksa paket data yang sudah dibangun. PATHS: satu pohon folder, satu folder paket"
        " atau satu datapackage.json (bawaan: datapackages).",
        {
            "--format": "text untuk dibaca orang; json, junit, github (anotasi + ringkasan job),"
            " markdown.",
            "--limit": "Jumlah masalah yang disimpan per berkas dan kode; sisanya hanya dihitung.",
            "--no-hash": "Lewati pemeriksaan sha256 setiap berkas.",
            "--changed-since": "Hanya paket yang berkasnya berubah sejak ref git ini (untuk pull"
            " request).",
            "--portal": "Periksa juga lisensi terhadap daftar lisensi portal (bawaan: bila"
            " CKAN_URL diisi).",
            "--no-cache": "Periksa lagi setiap paket, juga yang tidak berubah sejak pemeriksaan"
            " terakhir (_build/validation.json).",
            "--build": "Bangun dulu (folder yang tidak berubah dilewati): yang dijalankan CI dan"
            " hook pre-commit, agar pohon folder yang baru atau diubah diperiksa sesuai"
            " keadaannya sekarang.",
            "--portal-url": "Portal yang daftar lisensinya diperiksa (bawaan: $CKAN_URL, jika"
            " kosong portal.url).",
        },
    ),
    "plan": Texts(
        "Apa yang akan dilakukan `sync` di portal, per dataset, resource dan kolom.",
        "Tidak mengubah apa pun. Menjalankan pemeriksaan yang sama dengan sync (validasi, paket"
        " yang ditahan, token, pemeriksaan awal portal); kode keluar 1 bila ada paket yang akan"
        " ditahan, gagal atau bentrok.",
        _PORTAL,
    ),
    "sync": Texts(
        "Samakan portal dengan paket yang sudah dibangun: buat, perbarui, unggah, (hapus).",
        "Paket divalidasi dulu: yang tidak valid ditahan (kecuali dengan --publish-invalid), dan"
        " paket berisi data pribadi, atau berkas di luar foldernya, selalu ditahan.",
        {
            **_PORTAL,
            "--purge": "Dengan --prune: hapus permanen (purge), bukan hapus biasa yang masih bisa"
            " dipulihkan.",
            "--workers": "Jumlah pekerja paralel (portal.workers).",
            "--datastore": "Muat tabel ke DataStore portal (bisa di-query, ada pratinjau); aktif"
            " secara bawaan.",
            "--dry-run": "Sama dengan `publisher plan`: hanya menampilkan, tidak mengubah apa pun.",
        },
    ),
    "report": Texts(
        "Kemajuan per kantor dan provinsi, peringkat, dan selisih dengan rekap provinsi.",
        "Kode keluar 1 bila ada paket dalam laporan yang tidak valid, diblokir (data pribadi)"
        " atau tidak bisa dibangun (kecuali dengan --no-fail); 2 bila portal disebut"
        " (--portal-url atau $CKAN_URL) tetapi tidak bisa dibaca (bila hanya portal.url yang"
        " tidak menjawab: sebuah peringatan, dan laporan tanpa data portal).",
        {
            "--format": "text untuk dibaca orang, json/csv untuk program, html: dasbor (satu"
            " berkas yang bisa dibuka tanpa internet).",
            "--output": "Tulis ke berkas ini.",
            "--offline": "Jangan tanyakan ke portal apa yang sudah terbit.",
            "--portal-url": "Portal pembanding (bawaan: $CKAN_URL, jika kosong portal.url);"
            " portal itu harus menjawab.",
            "--no-fail": "Keluar dengan kode 0 walaupun ada paket tidak valid atau diblokir"
            " (untuk job pemantauan yang hanya perlu halamannya).",
        },
    ),
    "bundle": Texts(
        "Kemas paket siap unggah sebuah kantor kab/kota menjadi satu arsip untuk provinsinya.",
        "OFFICE: folder Unit Kerja kantor itu. Paket yang belum siap unggah ditinggalkan beserta"
        " alasannya; data pribadi tidak pernah dikemas. Kode keluar 1 bila ada yang"
        " ditinggalkan.",
        {
            "--output": "Arsip yang ditulis.",
            "--folder": "Hanya folder paket kantor ini (boleh diulang).",
            "--by": "Siapa yang membuat bundel (bawaan: user@host).",
        },
    ),
    "collect": Texts(
        "Periksa bundel kantor, lalu gabungkan ke pohon provinsi: utuh atau tidak sama sekali.",
        "Setiap hash diperiksa dan paketnya divalidasi ulang dengan konfigurasi ini; bundel yang"
        " diubah, terpotong, tidak aman atau dari kantor lain ditolak beserta alasannya (kode"
        " keluar 1). Setiap collect dicatat.",
        {"--province": "Provinsi pohon ini (bawaan: satu-satunya provinsi di dalamnya)."},
    ),
    "history": Texts(
        "Catatan setiap collect dan undo pada pohon provinsi: apa yang masuk, dari bundel mana.",
        options={"--office": "Hanya catatan kantor ini."},
    ),
    "undo": Texts(
        "Batalkan collect terakhir sebuah kantor: foldernya kembali seperti semula (tercatat).",
        options={"--office": "Kantor yang dimaksud (mis. 1303)."},
    ),
    "pull": Texts(
        "Dari portal kembali ke folder Unit Kerja / Kode Tahapan / Jenis Dokumen.",
        "Setiap folder berisi berkasnya, narasi dan datapackage.json, diperiksa dengan hash yang"
        " dicatat portal.\n\nSemua dataset yang diterbitkan kpu-publisher (atau --organization,"
        " atau --dataset); berkas yang sudah ada dengan isi lain tidak pernah ditimpa. Kode"
        " keluar 1 bila ada dataset yang tidak bisa diambil.",
        {
            "--organization": "Hanya dataset organisasi ini.",
            "--dataset": "Hanya dataset ini.",
            "--portal-url": "Portal yang dibaca (bawaan: $CKAN_URL, jika kosong portal.url).",
        },
    ),
}

HEADINGS = {"Options": "Opsi", "Commands": "Perintah", "Positional arguments": "Argumen"}
USAGE = "Penggunaan: "
METAVARS = {"[OPTIONS]": "[OPSI]", "COMMAND [ARGS]...": "PERINTAH [ARGUMEN]..."}
EXTRAS = {"default: ": "bawaan: ", "env var: ": "variabel lingkungan: ", "required": "wajib"}

_EARLY = "publisher.help.early"  # --lang and --config as typed, before click parses them
_LANG = "publisher.help.lang"  # the language chosen, once per run


def option_key(param: click.Parameter) -> str:
    """The name an option's Indonesian help is filed under: its first long name."""
    return next((o for o in param.opts if o.startswith("--")), param.opts[0])


def indonesian(command: click.Command, param: click.Parameter) -> str | None:
    """An option's help in Bahasa Indonesia, None when it has none."""
    texts = TEXTS.get(command.name or "")
    key = option_key(param)
    own = texts.options.get(key) if texts else None
    return own if own is not None else COMMON.get(key)


def help_language(ctx: click.Context) -> Lang:
    """`--lang` of this run, else `defaults.language` of its config, else id."""
    root = ctx.find_root()
    if _LANG not in root.meta:
        early: dict[str, str] = root.meta.get(_EARLY, {})
        chosen = root.params.get("lang") or early.get("--lang")
        if not chosen:
            chosen = configured_language(root.params.get("config_dir") or early.get("--config"))
        root.meta[_LANG] = "en" if chosen == "en" else "id"
    lang: Lang = root.meta[_LANG]
    return lang


def configured_language(config_dir: str | None) -> str:
    """`defaults.language` of the config a command would load, read alone: help shows even when
    another file of the config is broken, and without loading the region lists."""
    try:
        path = find_config_dir(config_dir) / "publisher.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return str(data["defaults"]["language"])
    except (PublisherError, OSError, yaml.YAMLError, KeyError, TypeError):
        return "id"


def early_options(args: list[str]) -> dict[str, str]:
    """`--lang X`, `--lang=X`, `--config DIR` as typed: `--help` is handled while click parses,
    before it has read the options that come with it (`publisher --lang en --help`)."""
    found: dict[str, str] = {}
    words = iter(args)
    for word in words:
        name, equals, value = word.partition("=")
        if name in ("--lang", "--config"):
            found[name] = value if equals else next(words, "")
        elif word == "--":
            break
    return found


class IndonesianFormatter(click.HelpFormatter):
    """click's formatter with its own words (Usage, Options, Commands) in Bahasa Indonesia."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, USAGE if prefix is None else prefix)

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        with super().section(HEADINGS.get(name, name)):
            yield


class HelpContext(click.Context):
    """A context whose help is written in the language of the run."""

    def make_formatter(self) -> click.HelpFormatter:
        if help_language(self) == "en":
            return super().make_formatter()
        return IndonesianFormatter(width=self.terminal_width, max_width=self.max_content_width)


class Command(click.Command):
    """A command whose help is in Bahasa Indonesia unless the run is in English."""

    context_class = HelpContext

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        if help_language(ctx) == "en":
            return pieces
        return [METAVARS.get(piece, piece) for piece in pieces]

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        texts = TEXTS.get(self.name or "")
        if help_language(ctx) == "en" or texts is None:
            super().format_help_text(ctx, formatter)
            return
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(f"{texts.summary}\n\n{texts.details}".strip())

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if help_language(ctx) == "en":
            super().format_options(ctx, formatter)
            return
        rows = [row for row in map(partial(option_row, self, ctx), self.get_params(ctx)) if row]
        if rows:
            with formatter.section("Options"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        texts = TEXTS.get(self.name or "")
        if help_language(ctx) == "en" or texts is None or not texts.epilog:
            super().format_epilog(ctx, formatter)
            return
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(texts.epilog)


def option_row(
    command: click.Command, ctx: click.Context, param: click.Parameter
) -> tuple[str, str] | None:
    """An option's line of help in Bahasa Indonesia: its names, its text, click's notes on it
    ([bawaan: text], [wajib], a range) in Indonesian too. English when it has no Indonesian."""
    record = None if isinstance(param, click.Argument) else param.get_help_record(ctx)
    text = indonesian(command, param)
    if record is None or text is None:
        return record
    names, english = record
    extras = english.removeprefix(param.help or "") if isinstance(param, click.Option) else ""
    for said, instead in EXTRAS.items():
        extras = extras.replace(said, instead)
    return names, text + extras


class Group(Command, click.Group):
    """The command group: its help, and the list of its commands, in the run's language."""

    command_class = Command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[_EARLY] = early_options(args)
        return super().parse_args(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if help_language(ctx) == "en":
            super().format_commands(ctx, formatter)
            return
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                texts = TEXTS.get(command.name or "")
                rows.append((name, texts.summary if texts else command.get_short_help_str()))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def show_usage_error(exc: click.UsageError) -> None:
    """A usage error (an unknown option, a missing argument) on stderr, framed in the run's
    language: the usage line, where to find help, and click's own reason (in English)."""
    ctx = exc.ctx
    no_args = isinstance(exc, click.exceptions.NoArgsIsHelpError)  # the whole help, as it is
    if ctx is None or no_args or help_language(ctx) == "en":
        exc.show()
    else:
        click.echo(ctx.get_usage(), err=True)
        click.echo(f"Coba '{ctx.command_path} --help' untuk bantuan.\n", err=True)
        click.echo(f"galat: {exc.format_message()}", err=True)
