"""The command line's own `--help` → docs/cli.md (a test fails when the two differ).

.venv/bin/python tools/cli_docs.py            # rewrite docs/cli.md
.venv/bin/python tools/cli_docs.py --check    # exit 1 when docs/cli.md is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import click

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "docs" / "cli.md"


def render() -> str:
    from publisher.cli import cli

    settings = {"terminal_width": 100, "max_content_width": 100, "resilient_parsing": True}
    group_ctx = cli.make_context("publisher", [], **settings)
    parts = [
        "# Command line",
        "",
        "Generated from `publisher --help` by `tools/cli_docs.py`; do not edit by hand",
        "(`tests/test_docs.py` fails when this page and the command line differ).",
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
    text = render()
    if args.check:
        same = TARGET.is_file() and TARGET.read_text(encoding="utf-8") == text
        print("docs/cli.md is up to date" if same else "docs/cli.md is out of date")
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"written: {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
