"""Command line → library calls → rendered results and an exit code (0 ok, 1 problems, 2 no run).

A thin façade: each command parses its options, calls one library function, renders the value it
returns and exits. No loops over datasets and no HTTP here. Every error goes through `main`, which
turns a `PublisherError` into a message on stderr and exit code 2, and shows a traceback only with
`--debug`.
"""

from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass
from typing import Any, NoReturn

import click

from publisher import __version__
from publisher.config import Config, load_config
from publisher.errors import PublisherError
from publisher.problems import Lang

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


pass_ctx = click.make_pass_decorator(Context)

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for programs (always parses; chatter goes to stderr).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--config",
    "config_dir",
    metavar="DIR",
    help="Config folder (default: $KPU_PUBLISHER_CONFIG, else ./config).",
)
@click.option(
    "--lang",
    type=click.Choice(["id", "en"]),
    help="Language of messages: id (Bahasa Indonesia) or en. Default: config defaults.language.",
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


def emit(text: str) -> None:
    """Data to stdout (the only place commands write results)."""
    click.echo(text)


def fail(exc: BaseException, *, debug: bool) -> NoReturn:
    if debug:
        traceback.print_exception(exc)
    if isinstance(exc, PublisherError):
        click.echo(f"error: {exc}", err=True)
    else:
        click.echo(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "  → run again with --debug and report it",
            err=True,
        )
    sys.exit(EXIT_COULD_NOT_RUN)


def main(argv: list[str] | None = None) -> Any:
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        return cli.main(args=argv, prog_name="publisher", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_COULD_NOT_RUN)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_COULD_NOT_RUN)
    except Exception as exc:
        fail(exc, debug=debug)


# --- commands: each parses its options, calls one library function, renders, exits --------------
