"""The command line's own `--help` → docs/cli.md in English and docs/cli.id.md in Bahasa Indonesia
(a test fails when a page and the command line differ).

.venv/bin/python tools/cli_docs.py            # rewrite both pages
.venv/bin/python tools/cli_docs.py --check    # exit 1 when a page is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import click

REPO = Path(__file__).resolve().parents[1]
TARGETS = {"en": REPO / "docs" / "cli.md", "id": REPO / "docs" / "cli.id.md"}
HEADERS = {
    "en": [
        "# Command line",
        "",
        "Generated from `publisher --help` by `tools/cli_docs.py`; do not edit by hand",
        "(`tests/test_docs.py` fails when this page and the command line differ).",
    ],
    "id": [
        "# Baris perintah",
        "",
        "Dibuat dari `publisher --help` oleh `tools/cli_docs.py`; jangan diubah dengan tangan",
        "(`tests/test_docs.py` gagal bila halaman ini berbeda dari baris perintahnya). English:",
        "[cli.md](cli.md).",
    ],
}


def render(lang: str = "en") -> str:
    from publisher.cli import cli

    settings = {"terminal_width": 100, "max_content_width": 100, "resilient_parsing": True}
    group_ctx = cli.make_context("publisher", ["--lang", lang], **settings)
    parts = [
        *HEADERS[lang],
        "",
        "```",
        cli.get_help(group_ctx),
        "```",
    ]
    assert isinstance(cli, click.Group)
    for name in sorted(cli.list_commands(group_ctx)):
        command = cli.get_command(group_ctx, name)
        assert command is not None
        ctx = command.make_context(name, [], parent=group_ctx, **settings)
        parts += ["", f"## `publisher {name}`", "", "```", command.get_help(ctx), "```"]
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    stale = 0
    for lang, target in TARGETS.items():
        text, shown = render(lang), target.relative_to(REPO)
        if args.check:
            same = target.is_file() and target.read_text(encoding="utf-8") == text
            print(f"{shown} is up to date" if same else f"{shown} is out of date")
            stale += not same
        else:
            target.write_text(text, encoding="utf-8")
            print(f"written: {shown}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
