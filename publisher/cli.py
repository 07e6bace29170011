"""Command line → library calls → rendered results and an exit code (0 ok, 1 problems, 2 no run).

A thin façade: each command parses its options, calls one library function, renders the value it
returns and exits. No loops over datasets and no HTTP here. Every error goes through `main`, which
turns a `PublisherError` into a message on stderr and exit code 2, and shows a traceback only with
`--debug`.
"""

from __future__ import annotations

import itertools
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from publisher import __version__, cli_help, render, tasks
from publisher.config import Config, load_config
from publisher.errors import PublisherError
from publisher.problems import Bilingual, Lang
from publisher.progress import bar
from publisher.validate.render import FORMATS as VALIDATE_FORMATS

if TYPE_CHECKING:
    from publisher import report as report_lib
    from publisher import sync as sync_lib
    from publisher.collection import Collection

# Each command imports its stage when it runs: `publisher scan` need not load pyarrow, polars,
# openpyxl and httpx (a command starts in ~0.3 s instead of ~0.75 s).

EXIT_OK, EXIT_PROBLEMS, EXIT_COULD_NOT_RUN = 0, 1, 2


@dataclass
class Context:
    """What every command gets: options of the group, and the config loaded on first use."""

    config_dir: str | None
    lang_option: str | None
    debug: bool
    _config: Config | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_dir)
        return self._config

    @property
    def lang(self) -> Lang:
        chosen = self.lang_option or self.config.defaults.language
        return "en" if chosen == "en" else "id"

    def collection(self, root: Path) -> Collection:
        """The collection a command works on, opened once (InputError: no such folder)."""
        from publisher.collection import Collection

        return Collection.open(root, self.config)


pass_ctx = click.make_pass_decorator(Context)

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for programs (always parses; chatter goes to stderr).",
)


@click.group(
    "publisher",
    cls=cli_help.Group,  # help in Bahasa Indonesia, or English with --lang en (cli_help.TEXTS)
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--config",
    "config_dir",
    metavar="DIR",
    help="Config folder (default: $KPU_PUBLISHER_CONFIG, else ./config, else the default "
    "installed with the tool).",
)
@click.option(
    "--lang",
    type=click.Choice(["id", "en"]),
    help="Language of messages and help: id (Bahasa Indonesia) or en. Default: config "
    "defaults.language.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(__version__, prog_name="publisher")
@click.pass_context
def cli(ctx: click.Context, config_dir: str | None, lang: str | None, debug: bool) -> None:
    """kpu-publisher: KPU result folders → Frictionless data packages → a CKAN portal.

    Stages: scan (what is there) → build (data packages) → validate → plan/sync (CKAN) → report.
    Exit codes: 0 all good, 1 problems found in the data, 2 could not run.
    """
    ctx.obj = Context(config_dir=config_dir, lang_option=lang, debug=debug)
    _RUN["context"] = ctx.obj


_RUN: dict[str, Context] = {}  # this run's context, for the messages of `fail`


def _lang() -> Lang:
    """The language of this run's messages, even when the config could not be loaded."""
    ctx = _RUN.get("context")
    if ctx is None:
        return "id"
    if ctx.lang_option:
        return "en" if ctx.lang_option == "en" else "id"
    if ctx._config is not None:
        return ctx.lang
    return "id"


def emit(text: str) -> None:
    """Data to stdout (the only place commands write results)."""
    click.echo(text)


def fail(exc: BaseException, *, debug: bool, as_json: bool = False) -> NoReturn:
    if debug:
        traceback.print_exception(exc)
    lang = _lang()
    if as_json:  # `--format json` always gets a parsable answer on stdout, even this one
        known = isinstance(exc, PublisherError)
        error = {
            "kind": "could-not-run" if known else "internal-error",
            "type": type(exc).__name__,
            "message": exc.text(lang) if isinstance(exc, PublisherError) else str(exc),
        }
        click.echo(render.to_json({"error": error, "exit_code": EXIT_COULD_NOT_RUN}))
    if isinstance(exc, PublisherError):
        click.echo(f"{'error' if lang == 'en' else 'galat'}: {exc.text(lang)}", err=True)
    elif lang == "en":
        click.echo(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "  → run again with --debug and report it",
            err=True,
        )
    else:
        click.echo(
            f"galat internal: {type(exc).__name__}: {exc}\n"
            "  → jalankan lagi dengan --debug dan laporkan",
            err=True,
        )
    sys.exit(EXIT_COULD_NOT_RUN)


def main(argv: list[str] | None = None) -> Any:
    args = argv if argv is not None else sys.argv[1:]
    debug = "--debug" in args
    as_json = "--format=json" in args or any(
        a == "--format" and b == "json" for a, b in itertools.pairwise(args)
    )
    try:
        return cli.main(args=argv, prog_name="publisher", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        cli_help.show_usage_error(exc)
        sys.exit(EXIT_COULD_NOT_RUN)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_COULD_NOT_RUN)
    except click.exceptions.Abort:
        click.echo("aborted" if _lang() == "en" else "dibatalkan", err=True)
        sys.exit(EXIT_COULD_NOT_RUN)
    except Exception as exc:
        fail(exc, debug=debug, as_json=as_json)


# --- commands: each parses its options, calls one library function, renders, exits --------------


# --- scan / build (the folder contract) ----------------------------------------------------------

root_argument = click.argument("root", type=click.Path(path_type=Path), default="datapackages")
verbose_option = click.option("--verbose", "-v", is_flag=True, help="Show info notes too.")


@cli.command("init")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--office",
    "kode",
    required=True,
    metavar="KODE",
    help="The office's region code: 00 (KPU RI), a province (13) or a kab/kota (1303).",
)
@click.option(
    "--ballot",
    "ballots",
    multiple=True,
    type=click.Choice(["PPWP", "DPR", "DPD", "DPRD-PROV", "DPRD-KAB-KOTA"], case_sensitive=False),
    help="Only this ballot's folder (repeatable; default: every ballot the office recaps).",
)
@pass_ctx
def init_command(ctx: Context, target: Path, kode: str, ballots: tuple[str, ...]) -> None:
    """Start a working folder for an office: an editable config and its Unit Kerja folder.

    Writes TARGET/config (the default config), TARGET/datapackages/<office>/PL.01.8/<form>/ for
    each ballot the office recaps (DB1, DC1 or DD1 by its level), each with a narrative to fill
    in, and TARGET/BACA-SAYA.txt. Nothing that exists is overwritten.
    """
    from publisher import starter

    started = starter.init_office(target, kode, ctx.config, ballots)
    for path in (started.config, *started.narratives, started.readme):
        emit(str(path))


@cli.command("scan")
@root_argument
@format_option
@verbose_option
@click.option("--strict", is_flag=True, help="Exit 1 when a folder has an error (for CI).")
@pass_ctx
def scan_command(ctx: Context, root: Path, fmt: str, verbose: bool, strict: bool) -> None:
    """Inventory of a collection: files per office, stage and type; complete or not, and why.

    Reads names and sizes only. Exit 0 (with --strict: 1 when a folder has an error).
    """
    from publisher import scan as scan_lib

    result = scan_lib.scan(root, ctx.config)
    if fmt == "json":
        emit(render.to_json(result.to_dict(ctx.lang)))
    else:
        emit(scan_lib.render_text(result, ctx.lang, verbose=verbose))
    sys.exit(EXIT_PROBLEMS if strict and result.has_errors else EXIT_OK)


@cli.command("build")
@root_argument
@format_option
@verbose_option
@click.option("--force", is_flag=True, help="Rebuild every folder, even when unchanged.")
@pass_ctx
def build_command(ctx: Context, root: Path, fmt: str, verbose: bool, force: bool) -> None:
    """Write a datapackage.json (and clean CSVs of XLSX tables in _build/) in every folder.

    Unchanged folders are skipped. Exit 1 when some folder could not be built.
    """
    with bar("build" if ctx.lang == "en" else "membangun") as progress:
        result = tasks.build(ctx.collection(root), force=force, debug=ctx.debug, progress=progress)
    if fmt == "json":
        emit(render.to_json(result.to_dict(ctx.lang)))
    else:
        emit(render.build_text(result, ctx.lang, verbose=verbose))
    sys.exit(result.exit_code)


# --- validate ----------------------------------------------------------------------------------


@cli.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(VALIDATE_FORMATS),
    default="text",
    show_default=True,
    help="text for people; json, junit, github (annotations + job summary), markdown.",
)
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=1000,
    show_default=True,
    help="Problems kept per file and code; the rest are counted.",
)
@click.option("--no-hash", is_flag=True, help="Skip the sha256 check of each file.")
@click.option(
    "--changed-since",
    metavar="REF",
    help="Only packages with files changed since this git ref (pull requests).",
)
@click.option(
    "--portal/--no-portal",
    "ask_portal",
    default=None,
    help="Check licences against the portal's licence list too (default: when CKAN_URL is set).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Check every package again, even one unchanged since the last run"
    " (_build/validation.json).",
)
@click.option(
    "--build",
    "build_first",
    is_flag=True,
    help="Build first (unchanged folders are skipped): what CI and the pre-commit hook run, so"
    " that a fresh or edited tree is checked as it is now.",
)
@click.option(
    "--portal-url",
    metavar="URL",
    help="The portal whose licence list is checked (default: $CKAN_URL, else portal.url).",
)
@pass_ctx
def validate_command(
    ctx: Context,
    paths: tuple[Path, ...],
    fmt: str,
    limit: int,
    no_hash: bool,
    changed_since: str | None,
    ask_portal: bool | None,
    no_cache: bool,
    build_first: bool,
    portal_url: str | None,
) -> None:
    """Check built data packages: Frictionless checks, conventions, election rules, regions,
    personal data. PATHS: a tree, a package folder or a datapackage.json (default datapackages).
    """
    from publisher import validate as validate_lib

    options = validate_lib.Options(limit=limit, hashes=not no_hash, cache=not no_cache)
    with bar("validate" if ctx.lang == "en" else "memeriksa") as progress:
        done = tasks.validate(
            paths,
            ctx.config,
            options,
            build_first=build_first,
            changed_since=changed_since,
            ask_portal=ask_portal,
            portal_url=portal_url,
            progress=progress,
        )
    if done.licences_unchecked:
        click.echo(_licences_unchecked(done.licences_unchecked, ctx.lang), err=True)
    emit(validate_lib.render(done.report, fmt, ctx.lang))
    if fmt == "github":
        validate_lib.write_step_summary(done.report, ctx.lang)
    sys.exit(done.exit_code)


def _licences_unchecked(why: Bilingual, lang: Lang) -> str:
    if lang == "en":
        return f"warning: portal licences not checked ({why.en}); --no-portal to skip"
    return f"peringatan: lisensi portal tidak diperiksa ({why.id}); --no-portal untuk melewatinya"


# --- plan / sync (the portal) ----------------------------------------------------------------

portal_options = [
    click.argument("root", type=click.Path(path_type=Path), default="datapackages"),
    click.option("--prune", is_flag=True, help="Delete datasets whose folder is gone (ours only)."),
    click.option("--force", is_flag=True, help="Overwrite datasets edited on the portal."),
    click.option(
        "--portal-url",
        metavar="URL",
        help="The portal's base address (default: $CKAN_URL, else portal.url). The token file's"
        " token goes only to the address it was issued for.",
    ),
    click.option(
        "--publish-invalid",
        is_flag=True,
        help="Publish packages with validation errors too (never those with personal data or"
        " paths outside their folder).",
    ),
    click.option(
        "--no-validate",
        is_flag=True,
        help="Skip validation (benchmarks only; files outside their package are still refused).",
    ),
]


F = TypeVar("F", bound=Callable[..., Any])


def _with(options: list[Any]) -> Callable[[F], F]:
    def wrap(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return wrap


def _portal(options: dict[str, Any]) -> tasks.PortalOptions:
    return tasks.PortalOptions(
        url=options["portal_url"],
        force=options["force"],
        prune=options["prune"],
        publish_invalid=options["publish_invalid"],
        validate=not options["no_validate"],
    )


def _show_planned(ctx: Context, planned: tasks.Planned, fmt: str, verbose: bool) -> None:
    """The plan on stdout (text or JSON); on stderr, the data the portal would refuse and the
    note that an anonymous read misses private datasets."""
    if planned.anonymous:
        click.echo(
            "peringatan: tanpa token API, dataset privat tidak terlihat"
            if ctx.lang == "id"
            else "warning: without an API token private datasets are not seen",
            err=True,
        )
    if planned.refused:
        for refusal in planned.refused:
            said = refusal.text(ctx.lang)
            click.echo(f"{'galat' if ctx.lang == 'id' else 'error'}: {said}", err=True)
        click.echo(
            "tidak ada yang ditulis ke portal"
            if ctx.lang == "id"
            else "nothing was written to the portal",
            err=True,
        )
        return
    if fmt == "json":
        emit(render.to_json({"portal": planned.url, **planned.plan.to_dict(ctx.lang)}))
    else:
        for line in tasks.describe_plan(planned, ctx.lang, verbose=verbose):
            emit(line)


@cli.command("plan")
@_with(portal_options)
@format_option
@verbose_option
@pass_ctx
def plan_command(ctx: Context, /, root: Path, fmt: str, verbose: bool, **options: Any) -> None:
    """What `sync` would do to the portal, per dataset, resource and field. Changes nothing.

    Runs the same checks as sync (validation, held-back packages, the token, the preflight);
    exit 1 when a package would be held back, fail or conflict.
    """
    planned = tasks.plan(ctx.collection(root), _portal(options))
    _show_planned(ctx, planned, fmt, verbose)
    sys.exit(planned.exit_code)


@cli.command("sync")
@_with(portal_options)
@format_option
@click.option("--purge", is_flag=True, help="With --prune: purge instead of a soft delete.")
@click.option("--workers", type=click.IntRange(1, 32), help="Parallel workers (portal.workers).")
@click.option(
    "--datastore/--no-datastore",
    default=True,
    help="Load tables into the portal's DataStore (queryable, previewed); on by default.",
)
@click.option("--dry-run", is_flag=True, help="Same as `publisher plan`: show, change nothing.")
@pass_ctx
def sync_command(
    ctx: Context,
    /,
    root: Path,
    fmt: str,
    purge: bool,
    workers: int | None,
    datastore: bool,
    dry_run: bool,
    **options: Any,
) -> None:
    """Bring the portal in line with the built packages: create, update, upload, (prune).

    Packages are validated first: invalid ones are held back (unless --publish-invalid), and
    packages with personal data, or a path outside their folder, always are.
    """
    from publisher import sync as sync_lib

    apply = None if dry_run else tasks.ApplyOptions(workers, purge, datastore)
    progress = partial(_progress, lang=ctx.lang)
    done = tasks.sync(ctx.collection(root), _portal(options), apply, progress=progress)
    if done.report is None:
        _show_planned(ctx, done.planned, fmt, verbose=False)
    elif fmt == "json":
        emit(render.to_json({"portal": done.planned.url, **done.report.to_dict(ctx.lang)}))
    else:
        emit(sync_lib.summary(done.report, done.planned.url, ctx.lang))
    sys.exit(done.exit_code)


def _progress(total: int, *, lang: Lang) -> sync_lib.Progress:
    """One line per dataset on stderr, only when stderr is a terminal."""
    from publisher.sync import outcome_word

    done = [0]

    def show(result: sync_lib.DatasetResult) -> None:
        done[0] += 1
        if sys.stderr.isatty():
            said = outcome_word(result.outcome, lang)
            click.echo(f"\r[{done[0]}/{total}] {said} {result.name}\033[K", err=True, nl=False)
            if done[0] == total:
                click.echo("", err=True)

    return show


# --- report ------------------------------------------------------------------------------------


@cli.command("report")
@click.argument("root", type=click.Path(path_type=Path), default="datapackages")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv", "html"]),
    default="text",
    show_default=True,
    help="text for people, json/csv for programs, html: the dashboard (one offline file).",
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to this file.")
@click.option("--offline", is_flag=True, help="Do not ask the portal what is published.")
@click.option(
    "--portal-url",
    metavar="URL",
    help="The portal to compare with (default: $CKAN_URL, else portal.url); it must answer.",
)
@click.option(
    "--no-fail",
    is_flag=True,
    help="Exit 0 even when packages are invalid or blocked (monitoring jobs that want the page).",
)
@pass_ctx
def report_command(
    ctx: Context,
    root: Path,
    fmt: str,
    output: Path | None,
    offline: bool,
    portal_url: str | None,
    no_fail: bool,
) -> None:
    """Progress per office and province, the ranking, and the provinces' recap differences.

    Exit 1 when a package reported is invalid, blocked (personal data) or cannot be built
    (unless --no-fail); 2 when the portal was named (--portal-url or $CKAN_URL) and cannot be
    read (portal.url alone that does not answer: a warning, the report without it).
    """
    from publisher import report as report_lib

    collection = ctx.collection(root)
    with bar("report" if ctx.lang == "en" else "laporan") as progress:
        done = tasks.report(
            collection, offline=offline, lang=ctx.lang, portal_url=portal_url, progress=progress
        )
    if done.unread is not None:
        click.echo(report_lib.unread_text(done.unread, ctx.lang), err=True)
    text = _report_text(done.status, fmt, ctx.lang)
    if output:
        report_lib.write_atomic(output, text)
        click.echo(f"{output}", err=True)
    else:
        emit(text.rstrip("\n"))
    sys.exit(EXIT_OK if no_fail else done.exit_code)


def _report_text(status: report_lib.Status, fmt: str, lang: Lang) -> str:
    from publisher import report as report_lib

    if fmt == "json":
        return report_lib.render_json(status)
    if fmt == "csv":
        return report_lib.render_csv(status)
    if fmt == "html":
        from publisher import dashboard

        return dashboard.render(status, lang=lang)
    return report_lib.render_text(status, lang)


# --- province: bundle / collect / history / undo -----------------------------------------------

into_option = click.option(
    "--into",
    "into",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The province's collection tree (the folder holding its province folder).",
)


@cli.command("bundle")
@click.argument("office", type=click.Path(file_okay=False, path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), help="The archive to write.")
@click.option(
    "--folder",
    "folders",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Only this package folder of the office (repeatable).",
)
@click.option("--by", metavar="NAME", help="Who makes the bundle (default: user@host).")
@format_option
@pass_ctx
def bundle_command(
    ctx: Context,
    office: Path,
    output: Path | None,
    folders: tuple[Path, ...],
    by: str | None,
    fmt: str,
) -> None:
    """Pack a kab/kota office's ready packages into one archive for its province.

    OFFICE: the office's Unit Kerja folder. Packages that are not siap unggah are left out with
    their reason; personal data is never packed. Exit 1 when something was left out.
    """
    from publisher import province

    result = province.bundle(office, ctx.config, out=output, folders=folders, by=by)
    if fmt == "json":
        emit(render.to_json(result.to_dict(ctx.lang)))
    else:
        from publisher.province.render import bundle_text

        emit(bundle_text(result, ctx.lang))
    sys.exit(result.exit_code)


@cli.command("collect")
@click.argument("bundles", nargs=-1, required=True, type=click.Path(path_type=Path))
@into_option
@click.option("--province", "kode", metavar="KODE", help="The tree's province (default: its one).")
@format_option
@pass_ctx
def collect_command(
    ctx: Context, bundles: tuple[Path, ...], into: Path, kode: str | None, fmt: str
) -> None:
    """Verify offices' bundles and merge them into the province's tree, each all or nothing.

    Every hash is checked, the packages re-validated with this config; a tampered, truncated,
    unsafe or foreign-office bundle is refused with the reason (exit 1). Every collect is recorded.
    """
    from publisher import province

    result = province.collect(bundles, into, ctx.config, province=kode)
    if fmt == "json":
        emit(render.to_json(result.to_dict(ctx.lang)))
    else:
        from publisher.province.render import collect_text

        emit(collect_text(result, ctx.lang))
    sys.exit(result.exit_code)


@cli.command("history")
@click.argument("root", type=click.Path(file_okay=False, path_type=Path))
@click.option("--office", "kode", metavar="KODE", help="Only this office's entries.")
@format_option
@pass_ctx
def history_command(ctx: Context, root: Path, kode: str | None, fmt: str) -> None:
    """The record of every collect and undo on a province tree: what came in, from which bundle."""
    from publisher import province

    province.settled(root)  # an interrupted collect filed (or thrown away) first
    entries = province.entries(root, kode)
    if fmt == "json":
        emit(render.to_json({"into": str(root), "entries": entries}))
    else:
        from publisher.province.render import history_text

        emit(history_text(entries, ctx.lang))


@cli.command("undo")
@into_option
@click.option("--office", "kode", required=True, metavar="KODE", help="The office (e.g. 1303).")
@format_option
@pass_ctx
def undo_command(ctx: Context, into: Path, kode: str, fmt: str) -> None:
    """Undo the last collect of an office: its folder put back as it was (itself recorded)."""
    from publisher import province

    result = province.undo(into, kode)
    if fmt == "json":
        emit(render.to_json(result.to_dict(ctx.lang)))
    else:
        from publisher.province.render import undo_text

        emit(undo_text(result, ctx.lang))


@cli.command("pull")
@click.argument("dest", type=click.Path(path_type=Path), default="datapackages")
@click.option("--organization", metavar="NAME", help="Only this organisation's datasets.")
@click.option("--dataset", metavar="NAME", help="Only this dataset.")
@click.option(
    "--portal-url",
    metavar="URL",
    help="The portal to read (default: $CKAN_URL, else portal.url).",
)
@format_option
@pass_ctx
def pull_command(
    ctx: Context,
    dest: Path,
    organization: str | None,
    dataset: str | None,
    portal_url: str | None,
    fmt: str,
) -> None:
    """From the portal back to folders: Unit Kerja / Kode Tahapan / Jenis Dokumen, each with its
    files, narrative and datapackage.json, checked against the hashes the portal records.

    All datasets kpu-publisher published (or --organization, or --dataset); a file already there
    with other contents is never overwritten. Exit 1 when a dataset could not be pulled.
    """
    done = tasks.pull(dest, ctx.config, url=portal_url, organization=organization, dataset=dataset)
    if fmt == "json":
        emit(render.to_json(done.to_dict()))
    else:
        emit(tasks.describe_pull(done, ctx.lang))
    sys.exit(done.exit_code)
